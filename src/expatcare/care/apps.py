from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "expatcare.care"
    label = "care"
    verbose_name = _("Care")

    def ready(self) -> None:
        """Name the care audit actions for the trail (``audit`` never imports ``care``)."""
        from expatcare.audit.labels import register_actions
        from expatcare.care.audit_actions import CareAuditAction

        register_actions(CareAuditAction)
