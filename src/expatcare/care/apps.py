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
        from expatcare.care.services.certificates import provider_may_upload_certificate
        from expatcare.people.hooks import document_upload_grants

        # A provider files the certificate of its own insurance enrolment in the register.
        document_upload_grants.subscribe(provider_may_upload_certificate)

        register_field_label("care.packagetemplate", "enrolments", _("Enrolments requested"))
