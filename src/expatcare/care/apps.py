from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "expatcare.care"
    label = "care"
    verbose_name = _("Care")

    def ready(self) -> None:
        """Declare the care audit actions (``audit`` finds them without importing ``care``),
        name the key a package assignment records beside the package's fields, and add the
        care section to the person page."""
        from expatcare.audit.labels import register_field_label
        from expatcare.care import actions  # noqa: F401 - declares the actions
        from expatcare.care.person_section import care_section
        from expatcare.care.services.certificates import provider_may_upload_certificate
        from expatcare.people.hooks import document_upload_grants, person_page_sections

        # A provider files the certificate of its own insurance enrolment in the register.
        document_upload_grants.subscribe(provider_may_upload_certificate)
        # The person page lists the person's enrolments as far as the reader may see them.
        person_page_sections.subscribe(care_section)

        register_field_label("care.packagetemplate", "enrolments", _("Enrolments requested"))
