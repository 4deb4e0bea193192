from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "expatcare.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        """Answer the accounts app's invitation hooks (accounts never imports people); say how
        the people entries of the audit trail read."""
        from expatcare.accounts import hooks
        from expatcare.people import actions, audit_display, invitations  # noqa: F401

        audit_display.register()
        hooks.invitation_subject.subscribe(invitations.invitation_subject)
        hooks.invitation_accepted.subscribe(invitations.person_link_user)
        hooks.invitable_people.subscribe(invitations.invitable_people)
