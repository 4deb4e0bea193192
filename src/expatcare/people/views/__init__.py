"""Pages of the people app, one module per area; display values in ``people.presenters``."""
