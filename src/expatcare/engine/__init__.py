"""The one door between the Django apps and the rules engine (``expatcare.rules``)."""
