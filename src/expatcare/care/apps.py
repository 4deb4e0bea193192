from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "expatcare.care"
    label = "care"
    verbose_name = _("Care")

    def ready(self) -> None:
        """Declare the care audit actions (``audit`` finds them without importing ``care``) and
        name the key a package assignment records beside the package's fields."""
        from expatcare.audit.labels import register_field_label
        from expatcare.care import actions  # noqa: F401 - declares the actions

        register_field_label("care.packagetemplate", "enrolments", _("Enrolments requested"))
