"""The "Care" section of the person page (``people.hooks.person_page_sections``).

Subscribed in ``CareConfig.ready()``. One query whatever the number of enrolments: the
enrolments with their module's names and provider; covered family members come from the
family the person page has already loaded.

Who sees what follows the care policies: owners, HR and auditors every enrolment of the person
that is not confidential, with its monthly cost; a manager those of a report, without costs;
the employee on their own page their own, confidential ones included (found by opening the
sealed subjects, as "My care" does), without costs. A confidential enrolment holds nobody in
clear, so no staff query can return it: it is neither listed nor counted for them. Providers
never get here: their person page is a page of its own with the declared fields only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from expatcare.care import costs, policies
from expatcare.care.choices import EnrolmentStatus, PriceModel
from expatcare.care.models import Enrolment
from expatcare.care.my_care import own_subject, sealed_candidates
from expatcare.core.formatting import short_date_formatter
from expatcare.people.choices import FamilyRelation
from expatcare.people.hooks import PersonPageRequest, PersonPageSection
from expatcare.people.models import FamilyMember
from expatcare.people.policies import can_see_family

SECTION_ORDER = 60
# A person holds a handful of enrolments; past this many the section links to the care page.
ENROLMENTS_ON_PAGE = 50

ROW_FIELDS = (
    "id",
    "module__name_en",
    "module__name_de",
    "module__provider_name",
    "family_member_id",
    "status",
    "start_date",
    "end_date",
    "price_model",
    "unit_price",
    "currency",
    "vat_rate",
    "sessions_per_month",
    "confidential",
    "subject_encrypted",
)


@dataclass(frozen=True, slots=True)
class CareRow:
    """One enrolment as the section shows it; ``cost`` is None where the reader sees none."""

    module: str
    provider: str
    member: str
    status: str
    status_label: str
    start: str
    end: str
    url: str
    confidential: bool
    cost: Decimal | None
    currency: str
    one_off: bool
    sort_key: tuple[dt.date, int]


def monthly_cost(row: Mapping[str, Any], month: dt.date) -> Decimal:
    """What a month the enrolment runs throughout costs, VAT included (a one-off: its price),
    by the arithmetic of the cost report."""
    charge = costs.Charge(
        price_model=str(row["price_model"]),
        unit_price=row["unit_price"],
        vat_rate=row["vat_rate"],
        start=month,
        end=None,
        sessions_per_month=int(row["sessions_per_month"]),
    )
    return costs.charge_in_month(charge, month).figure().gross


def _rows(request: PersonPageRequest) -> QuerySet[Enrolment]:
    """The one query: the visible enrolments of the person, and on the employee's own page
    the tenant's current sealed ones, of which only theirs are kept after opening them."""
    actor, person = request.actor, request.person
    shown = policies.visible_enrolments(actor).filter(person_id=person.pk)
    if request.is_own:
        shown = shown | sealed_candidates(actor, today=request.today)
    else:
        shown = shown.order_by("-start_date", "-id")[: ENROLMENTS_ON_PAGE + 1]
    return shown


def care_section(request: PersonPageRequest) -> PersonPageSection | None:
    actor, person = request.actor, request.person
    if not policies.can_see_person_enrolments(actor, person):
        return None
    german = (get_language() or "").startswith("de")
    format_date = short_date_formatter()
    statuses = dict(EnrolmentStatus.choices)
    relations = dict(FamilyRelation.choices)
    family: dict[int, FamilyMember] = {m.pk: m for m in person.family_members.all()}
    see_costs = policies.can_see_costs(actor)
    # A manager without HR's grant sees how a report's family is covered, not their names.
    show_family_names = can_see_family(actor, person)
    month = costs.month_start(request.today)
    detail = reverse("care:enrolment_detail", args=[0]).removesuffix("0/")
    rows: list[CareRow] = []
    for row in _rows(request).values(*ROW_FIELDS):
        member_id = row["family_member_id"]
        if row["confidential"]:
            subject = own_subject(row["subject_encrypted"], person.pk)
            if subject is None:
                continue
            member_id = subject.family_member_id
        member = family.get(member_id) if member_id else None
        if member is None:
            who = _("You") if request.is_own else _("Employee")
        else:
            relation = str(relations.get(member.relation, member.relation))
            who = f"{member.first_name} ({relation})" if show_family_names else relation
        rows.append(
            CareRow(
                module=row["module__name_de"]
                if german and row["module__name_de"]
                else row["module__name_en"],
                provider=row["module__provider_name"],
                member=who,
                status=row["status"],
                status_label=str(statuses.get(row["status"], row["status"])),
                start=format_date(row["start_date"]),
                end=format_date(row["end_date"]) if row["end_date"] else "",
                url="" if request.is_own else f"{detail}{row['id']}/",
                confidential=row["confidential"],
                cost=monthly_cost(row, month) if see_costs else None,
                currency=row["currency"],
                one_off=row["price_model"] == PriceModel.ONE_OFF,
                sort_key=(row["start_date"], row["id"]),
            )
        )
    rows.sort(key=lambda r: r.sort_key, reverse=True)
    has_more = len(rows) > ENROLMENTS_ON_PAGE
    rows = rows[:ENROLMENTS_ON_PAGE]
    return PersonPageSection(
        key="care",
        title=_("Care"),
        order=SECTION_ORDER,
        template="care/_person_section.html",
        context={
            "rows": rows,
            "has_more": has_more,
            "show_costs": see_costs,
            "is_own": request.is_own,
            "all_url": reverse("care:my_care")
            if request.is_own
            else reverse("care:person_care", args=[person.pk]),
        },
        count=None if has_more else len(rows),
    )
