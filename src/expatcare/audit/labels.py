"""Readable names for the audit trail's action codes and changed fields.

The codes stay the stored, stable identifiers (filters, exports and the API use them); the
names are translatable UI text declared beside each app's codes (``<app>/actions.py``). A
stored code no app declares any more is shown as is, so an old entry never breaks a page.
"""

from __future__ import annotations

from functools import lru_cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from expatcare.audit.actions import all_actions


def action_label(action: str) -> str:
    """The translated name of an action, or the raw code while it has none."""
    known = all_actions().get(action)
    return str(known.label) if known is not None else action


# Names of recorded keys that are not fields of the model (a person's ``nationalities`` and
# ``languages`` live in rows of their own), registered by the app that records them.
_FIELD_LABELS: dict[tuple[str, str], Promise | str] = {}


def register_field_label(object_type: str, name: str, label: Promise | str) -> None:
    _FIELD_LABELS[(object_type, name)] = label


def field_label(object_type: str, name: str) -> str:
    """The verbose name of a changed field of ``object_type`` (``app_label.model``).

    Only the model's metadata is read, no query, and once per field: a trail page names the
    same few fields many times. A field the model no longer has (or an entry without an
    object) keeps its stored name.
    """
    registered = _FIELD_LABELS.get((object_type, name))
    verbose = registered if registered is not None else _verbose_name(object_type, name)
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
