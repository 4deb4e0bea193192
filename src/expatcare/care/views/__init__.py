"""Pages of the care app, one module per area; display values in ``care.presenters``."""
