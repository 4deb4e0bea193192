"""What care a person probably needs, from what expatcare knows, each with its reason.

Suggestions are computed, not stored: only HR's decision is (``SuggestionDecision``), with a
digest of the facts the suggestion rests on, so a dismissed suggestion returns when those facts
change. Where a rule of law stands behind one (proof of health insurance for a residence
title), the legal basis comes from the rules engine through ``engine.care``; the other reasons
are the employer's good practice and say so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from expatcare.care.choices import OPEN_STATUSES, CareCategory
from expatcare.care.models import CareModule, Enrolment, SuggestionDecision
from expatcare.engine.care import health_cover_basis
from expatcare.people.choices import FamilyRelation, PersonStatus
from expatcare.people.models import Person

# Statuses of people who are not yet insured in Germany through their employment.
NOT_YET_EMPLOYED = frozenset({PersonStatus.CANDIDATE, PersonStatus.OFFER, PersonStatus.HIRED})
BELOW_B1 = frozenset({"A1", "A2"})
AUTHORITY_HELP_DAYS = 92  # "the first three months after the move"


@dataclass(frozen=True, slots=True)
class Suggestion:
    code: str  # the category suggested; one suggestion per category
    category: str
    reason: str
    legal_basis: str = ""
    source: str = ""
    minimum_cover_eur: Decimal | None = None
    facts_digest: str = ""
    module: CareModule | None = None  # the first available module of the category


def _digest(code: str, facts: object) -> str:
    text = json.dumps([code, facts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _candidates(person: Person, today: dt.date) -> list[Suggestion]:
    nationalities = sorted(str(n.country) for n in person.nationalities.all())
    german = next((lang.level for lang in person.languages.all() if lang.language == "de"), "")
    family = [m for m in person.family_members.all() if m.joins_in_germany]
    children = [m for m in family if m.relation == FamilyRelation.CHILD]
    found: list[Suggestion] = []

    abroad = str(person.work_country) != "DE"
    not_yet = person.status in NOT_YET_EMPLOYED or (
        person.start_date is not None and person.start_date > today
    )
    if abroad or not_yet or family:
        basis = health_cover_basis(
            as_of=today, nationalities=nationalities, statutory_insured=not (abroad or not_yet)
        )
        facts = [nationalities, abroad, not_yet, len(family)]
        if basis is None or basis.proof_required or (family and basis.code != "free_movement"):
            if abroad:
                reason = _("Works abroad: health insurance cover is not statutory in Germany.")
            elif not_yet:
                reason = _(
                    "Health insurance cover is needed from the visa application until statutory "
                    "insurance begins with the employment."
                )
            else:
                reason = _(
                    "Family members who move too need cover until they are insured in Germany."
                )
            found.append(
                Suggestion(
                    code=CareCategory.HEALTH_INSURANCE,
                    category=CareCategory.HEALTH_INSURANCE,
                    reason=reason,
                    legal_basis=basis.legal_basis if basis else "",
                    source=basis.source if basis else "",
                    minimum_cover_eur=basis.minimum_cover_eur if basis else None,
                    facts_digest=_digest(CareCategory.HEALTH_INSURANCE, facts),
                )
            )
    if german == "" or german in BELOW_B1:
        found.append(
            Suggestion(
                code=CareCategory.LANGUAGE_COURSE,
                category=CareCategory.LANGUAGE_COURSE,
                reason=_("German is below B1."),
                facts_digest=_digest(CareCategory.LANGUAGE_COURSE, german),
            )
        )
    if children:
        found.append(
            Suggestion(
                code=CareCategory.FAMILY_ASSISTANCE,
                category=CareCategory.FAMILY_ASSISTANCE,
                reason=_("Children move too: school and child care search."),
                facts_digest=_digest(CareCategory.FAMILY_ASSISTANCE, len(children)),
            )
        )
    move = person.move_in_date
    if move is None or (move - today).days > -AUTHORITY_HELP_DAYS:
        found.append(
            Suggestion(
                code=CareCategory.AUTHORITY_HELP,
                category=CareCategory.AUTHORITY_HELP,
                reason=_("The first three months after the move: registration and authorities."),
                facts_digest=_digest(CareCategory.AUTHORITY_HELP, move),
            )
        )
    for category, reason in (
        (CareCategory.PSYCHOSOCIAL_SUPPORT, _("Psychosocial support helps everyone abroad.")),
        (CareCategory.HELP_DESK, _("A help desk in their language helps everyone abroad.")),
    ):
        found.append(
            Suggestion(
                code=category,
                category=category,
                reason=reason,
                facts_digest=_digest(category, ""),
            )
        )
    return found


def person_suggestions(
    *, modules: list[CareModule], person: Person, today: dt.date
) -> list[Suggestion]:
    """Open suggestions for ``person``: not covered by an open enrolment, not decided on the
    same facts. ``modules`` are the available modules the actor may see (one query)."""
    held = set(
        Enrolment.objects.filter(person=person, status__in=OPEN_STATUSES).values_list(
            "module__category", flat=True
        )
    )
    decided = {d.code: d.facts_digest for d in SuggestionDecision.objects.filter(person=person)}
    first: dict[str, CareModule] = {}
    for module in modules:
        if module.core_module_id is None:
            first.setdefault(module.category, module)
    result = []
    for suggestion in _candidates(person, today):
        if suggestion.category in held or decided.get(suggestion.code) == suggestion.facts_digest:
            continue
        result.append(
            Suggestion(
                **{
                    **{name: getattr(suggestion, name) for name in Suggestion.__slots__},
                    "module": first.get(suggestion.category),
                }
            )
        )
    return result
