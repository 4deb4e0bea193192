"""allauth adapter: nobody signs up on their own; accounts come from invitations."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

INVITATION_SESSION_KEY = "expatcare_invitation_id"


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return INVITATION_SESSION_KEY in request.session
