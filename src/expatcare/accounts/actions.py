"""The audit actions the accounts services record (see ``expatcare.audit.actions``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from expatcare.audit.actions import AuditAction


class AccountsAction(AuditAction):
    USER_CREATE = "user.create", _("User account created")
    USER_UPDATE_PROFILE = "user.update_profile", _("Profile changed")
    INVITATION_CREATE = "invitation.create", _("Invitation sent")
    INVITATION_ACCEPT = "invitation.accept", _("Invitation accepted")
    INVITATION_REVOKE = "invitation.revoke", _("Invitation revoked")
    INVITATION_EXPIRE = "invitation.expire", _("Invitation expired")
    MEMBERSHIP_CREATE = "membership.create", _("Access granted")
    MEMBERSHIP_CHANGE_ROLE = "membership.change_role", _("Role changed")
    MEMBERSHIP_REMOVE = "membership.remove", _("Access removed")
    ORGANIZATION_UPDATE = "organization.update", _("Organisation changed")
    TOKEN_CREATE = "token.create", _("Access token created")
    TOKEN_REVOKE = "token.revoke", _("Access token revoked")
