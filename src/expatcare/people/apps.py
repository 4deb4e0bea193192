from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "expatcare.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        """Answer the accounts app's invitation hooks (accounts never imports people)."""
        from expatcare.accounts import hooks
        from expatcare.people import actions, invitations  # noqa: F401 - declares the actions

        hooks.invitation_subject.subscribe(invitations.invitation_subject)
        hooks.invitation_accepted.subscribe(invitations.person_link_user)
        hooks.invitable_people.subscribe(invitations.invitable_people)
