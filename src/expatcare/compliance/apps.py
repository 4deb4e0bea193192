from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "expatcare.compliance"
    label = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        """Follow the lower apps through their hooks (no signals, no upward imports)."""
        from expatcare.audit.presenters import change_presenters
        from expatcare.compliance import home_section, hooks, person_section, presenters
        from expatcare.compliance.actions import ComplianceAction
        from expatcare.compliance.messages import OWN_MESSAGES
        from expatcare.engine.messages import register_templates
        from expatcare.mobility.hooks import own_duties
        from expatcare.people.hooks import home_sections, person_changed, person_page_sections

        register_templates(OWN_MESSAGES)
        person_changed.subscribe(hooks.recompute_on_person_changed)
        person_page_sections.subscribe(person_section.duty_section)
        home_sections.subscribe(home_section.duties_home_section)
        own_duties.subscribe(hooks.own_pending_duties)
        change_presenters.register(ComplianceAction.DUTIES_RECOMPUTE, presenters.recompute_rows)
