from django.apps import AppConfig


class MobilityConfig(AppConfig):
    name = "expatcare.mobility"
    label = "mobility"

    def ready(self) -> None:
        """Declare the audit actions and how they read; add the case and eligibility section to
        the person page."""
        from expatcare.mobility import (
            actions,  # noqa: F401
            audit_display,
            home_section,
            person_section,
        )
        from expatcare.people.hooks import home_sections, person_page_sections

        audit_display.register()
        person_page_sections.subscribe(person_section.case_section)
        home_sections.subscribe(home_section.cases_home_section)
