from django.apps import AppConfig


class MobilityConfig(AppConfig):
    name = "expatcare.mobility"
    label = "mobility"

    def ready(self) -> None:
        """Declare the app's audit actions, so the trail names them from the first request."""
        from expatcare.mobility import actions  # noqa: F401
