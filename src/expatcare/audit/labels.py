"""Readable names for the audit trail's action codes and changed fields.

The codes stay the stored, stable identifiers (filters, exports and the API use them); the
names here are translatable UI text. A code that has no name yet is shown as is, so a new
action never breaks a page; a test keeps every action the services write named here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    # people
    "person.create": _("Person created"),
    "person.update": _("Person changed"),
    "person.salary_read": _("Salary viewed"),
    "person.link_user": _("User account linked to the person"),
    "family_member.create": _("Family member added"),
    "family_member.update": _("Family member changed"),
    "family_member.delete": _("Family member removed"),
    "qualification.create": _("Qualification added"),
    "qualification.update": _("Qualification changed"),
    "qualification.delete": _("Qualification removed"),
    "document.upload": _("Document uploaded"),
    "document.renew": _("New version of a document uploaded"),
    "document.download": _("Document downloaded"),
    # cases
    "case.start": _("Case started"),
    "case.close": _("Case closed"),
    "case.attach_family_member": _("Family member added to the case"),
    "case.document_upload": _("Case document uploaded"),
    "milestone.update": _("Milestone changed"),
    "milestone.attach_document": _("Document attached to a milestone"),
    # compliance
    "compliance.duties_recompute": _("Duties recomputed"),
    "compliance.recheck_flagged": _("Flagged for a new check"),
    "compliance.duty_done": _("Duty marked as done"),
    "compliance.duty_status": _("Duty status changed"),
    "compliance.calendar_feed_created": _("Calendar link created"),
    "compliance.calendar_feed_revoked": _("Calendar link revoked"),
    # accounts
    "user.create": _("User account created"),
    "user.update_profile": _("Profile changed"),
    "invitation.create": _("Invitation sent"),
    "invitation.accept": _("Invitation accepted"),
    "invitation.revoke": _("Invitation revoked"),
    "invitation.expire": _("Invitation expired"),
    "membership.create": _("Access granted"),
    "membership.change_role": _("Role changed"),
    "membership.remove": _("Access removed"),
    "organization.update": _("Organisation changed"),
    "token.create": _("Access token created"),
    "token.revoke": _("Access token revoked"),
}


# Enums of action codes registered by apps above ``audit`` (``AppConfig.ready()``), by class
# name; the audit-label test reads ``action=SomeEnum.MEMBER`` in services through this.
ACTION_ENUMS: dict[str, type[models.TextChoices]] = {}


def register_actions(actions: type[models.TextChoices]) -> None:
    """Name every member of an app's audit-action enum (its label) for the trail.

    New apps declare their actions as a ``TextChoices`` enum (``<app>/audit_actions.py``) and
    register it here instead of adding strings to ``ACTIONS``, which would need ``audit`` to
    know the apps above it.
    """
    ACTION_ENUMS[actions.__name__] = actions
    for member in actions:
        ACTIONS[member.value] = cast(Promise, member.label)  # the lazy label, typed as str


def action_label(action: str) -> str:
    """The translated name of an action, or the raw code while it has none."""
    known = ACTIONS.get(action)
    return str(known) if known is not None else action


def field_label(object_type: str, name: str) -> str:
    """The verbose name of a changed field of ``object_type`` (``app_label.model``).

    Only the model's metadata is read, no query, and once per field: a trail page names the
    same few fields many times. A field the model no longer has (or an entry without an
    object) keeps its stored name.
    """
    verbose = _verbose_name(object_type, name)
    if verbose is None:
        return name
    text = str(verbose)
    return text[:1].upper() + text[1:] if text else name


@lru_cache(maxsize=512)
def _verbose_name(object_type: str, name: str) -> Promise | str | None:
    """The lazy verbose name, translated only when shown, so one cache serves all languages."""
    if "." not in object_type:
        return None
    try:
        model = apps.get_model(object_type)
        verbose: Promise | str = model._meta.get_field(name).verbose_name
    except (LookupError, ValueError, FieldDoesNotExist, AttributeError):
        return None
    return verbose


# What a duty recomputation records (``compliance.duties_recompute``), by key.
RECOMPUTE_KEYS: dict[str, Promise] = {
    "reason": _("Reason"),
    "due": _("Due date moved"),
    "created": _("Duties added"),
    "withdrawn": _("Duties withdrawn"),
    "findings_raised": _("Findings raised"),
    "findings_cleared": _("Findings cleared"),
}


def recompute_label(key: str) -> str:
    label = RECOMPUTE_KEYS.get(key)
    return str(label) if label is not None else key


# Why duties were recomputed, as the services record it; "changed: a, b" names person fields.
RECOMPUTE_REASONS: dict[str, Promise] = {
    "demo data": _("Demo data loaded"),
    "permit expiry": _("A permit ran out"),
    "initial": _("First assessment"),
}


def recompute_reason(reason: str) -> str:
    """A recorded reason in the reader's language; an unknown reason is shown as recorded."""
    if reason.startswith("changed: "):
        fields = reason.removeprefix("changed: ").split(", ")
        named = ", ".join(field_label("people.person", field) for field in fields)
        return str(_("Changed: %(fields)s")) % {"fields": named}
    if reason.startswith("re-check ") and reason.removeprefix("re-check ").isdigit():
        return str(_("Yearly re-check under the rules of %(year)s")) % {
            "year": reason.removeprefix("re-check ")
        }
    label = RECOMPUTE_REASONS.get(reason)
    return str(label) if label is not None else reason
