from django.apps import AppConfig


class MobilityConfig(AppConfig):
    name = "expatcare.mobility"
    label = "mobility"

    def ready(self) -> None:
        """Declare the audit actions; add the case and eligibility section to the person page."""
        from expatcare.mobility import (
            actions,  # noqa: F401
            person_section,
        )
        from expatcare.people.hooks import person_page_sections

        person_page_sections.subscribe(person_section.case_section)
