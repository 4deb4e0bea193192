"""The employee's own care ("My care"): what I and my family have, how to reach each provider,
my insurance certificates and what I may enrol in myself.

Everything is read in a fixed number of queries and prepared for display in one pass, in the
reader's language and time zone (money is not shown: the employer pays, and prices are the
employer's business).

Confidential enrolments (psychosocial support) hold nobody in clear: the employee's own are
found by opening the sealed subjects of the tenant's current confidential enrolments, one
query and a decryption each. They are few by nature (the anchors say 3-4 % of a staff use an
EAP), which is why no lookup column that could tell a database reader who they are exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.roles import Role
from expatcare.care import confidential, policies
from expatcare.care.choices import OPEN_STATUSES, CareCategory, EnrolmentStatus
from expatcare.care.models import CareModule, Enrolment, PackageItem
from expatcare.care.service_hours import ServiceHours, service_hours
from expatcare.core.formatting import language_name, short_date_formatter
from expatcare.people.choices import DocumentKind, FamilyRelation
from expatcare.people.models import DocumentVersion, FamilyMember
from expatcare.people.policies import own_person_id


@dataclass(frozen=True, slots=True)
class MyEnrolment:
    who: str  # "You", or a family member's first name and relation
    status: str
    status_label: str
    start: str
    end: str
    reference: str


@dataclass(slots=True)
class MyModule:
    name: str
    description: str
    category: str
    provider: str
    phone: str
    email: str
    hours: ServiceHours | None
    hours_note: str
    languages: list[str]
    confidential: bool
    enrolments: list[MyEnrolment] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MyDocument:
    title: str
    who: str
    valid_until: str
    expired: bool
    url: str


@dataclass(frozen=True, slots=True)
class Requestable:
    module_id: int
    name: str
    description: str
    provider: str
    category: str


@dataclass(frozen=True, slots=True)
class MyCare:
    has_record: bool
    modules: list[MyModule]
    documents: list[MyDocument]
    requestable: list[Requestable]


def _current(today: dt.date) -> Q:
    """Requested, confirmed, active, or ended but still running until its end date."""
    return Q(status__in=OPEN_STATUSES) | Q(status=EnrolmentStatus.ENDED, end_date__gte=today)


def sealed_candidates(actor: Actor, *, today: dt.date) -> QuerySet[Enrolment]:
    """The tenant's current confidential enrolments, among which an employee's own are found
    by opening each subject; nothing for anybody else (nobody else may open them)."""
    if actor.role != Role.EMPLOYEE:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        organization_id=actor.organization_id, confidential=True
    ).filter(_current(today))


def own_subject(sealed: str, person_id: int) -> confidential.Subject | None:
    """The opened subject of a confidential enrolment if it is the person's, else None."""
    subject = confidential.unseal(sealed)
    return subject if subject.person_id == person_id else None


def own_confidential_enrolments(
    actor: Actor, person_id: int, *, today: dt.date
) -> list[tuple[Enrolment, confidential.Subject]]:
    """The employee's own current confidential enrolments with their opened subjects."""
    sealed = sealed_candidates(actor, today=today).select_related("module").order_by("id")
    found = []
    for enrolment in sealed:
        subject = own_subject(enrolment.subject_encrypted, person_id)
        if subject is not None:
            found.append((enrolment, subject))
    return found


def requestable_modules(actor: Actor, *, held: set[int]) -> QuerySet[CareModule]:
    """Confidential modules the employer offers in an active package, for the employee to
    enrol in themself (nobody at the employer learns who does); ``held`` are left out."""
    offered = PackageItem.objects.filter(
        organization_id=actor.organization_id, package__is_active=True
    ).values("module_id")
    return (
        policies.visible_modules(actor)
        .filter(pk__in=offered, confidential=True, is_active=True, covers_employee=True)
        .exclude(pk__in=held)
        .order_by("name_en", "id")
    )


def _who(member: FamilyMember | None) -> str:
    if member is None:
        return _("You")
    return f"{member.first_name} ({FamilyRelation(member.relation).label})"


def own_care(actor: Actor, *, today: dt.date, now: dt.datetime, reader_zone: str) -> MyCare:
    """Everything "My care" shows, in six queries whatever the employee holds."""
    person_id = own_person_id(actor)
    if person_id is None:
        return MyCare(has_record=False, modules=[], documents=[], requestable=[])
    language = get_language() or "en"
    format_date = short_date_formatter()
    statuses = dict(EnrolmentStatus.choices)
    categories = dict(CareCategory.choices)
    clear = list(
        policies.visible_enrolments(actor)
        .filter(person_id=person_id)
        .filter(_current(today))
        .select_related("module", "family_member")
        .order_by("module__name_en", "module_id", "family_member_id", "id")
    )
    sealed = own_confidential_enrolments(actor, person_id, today=today)
    members = {m.pk: m for m in FamilyMember.objects.filter(person_id=person_id)}
    modules: dict[int, MyModule] = {}
    rows: list[tuple[Enrolment, FamilyMember | None, str]] = [
        (e, e.family_member, e.provider_reference) for e in clear
    ] + [
        (e, members.get(s.family_member_id) if s.family_member_id else None, s.provider_reference)
        for e, s in sealed
    ]
    for enrolment, member, reference in rows:
        module = enrolment.module
        card = modules.get(module.pk)
        if card is None:
            card = modules[module.pk] = MyModule(
                name=module.name_in(language),
                description=module.description_in(language),
                category=str(categories.get(module.category, module.category)),
                provider=module.provider_name,
                phone=module.contact_phone,
                email=module.contact_email,
                hours=service_hours(
                    days=module.service_days,
                    opens=module.service_opens,
                    closes=module.service_closes,
                    zone=module.service_time_zone,
                    reader_zone=reader_zone,
                    language=language,
                    now=now,
                ),
                hours_note=module.service_hours,
                languages=[language_name(code) for code in module.delivery_languages],
                confidential=module.confidential,
            )
        card.enrolments.append(
            MyEnrolment(
                who=_who(member),
                status=enrolment.status,
                status_label=str(statuses.get(enrolment.status, enrolment.status)),
                start=format_date(enrolment.start_date),
                end=format_date(enrolment.end_date) if enrolment.end_date else "",
                reference=reference,
            )
        )
    held = {e.module_id for e, s in sealed if s.family_member_id is None}
    download = reverse("people:document_download", args=[0]).removesuffix("0/download/")
    versions = (
        DocumentVersion.objects.filter(
            organization_id=actor.organization_id,
            is_current=True,
            document__person_id=person_id,
            document__kind=DocumentKind.INSURANCE_CERTIFICATE,
        )
        .select_related("document")
        .order_by("document__family_member_id", "-valid_until", "id")
    )
    documents = [
        MyDocument(
            title=str(version.document),
            who=_who(members.get(version.document.family_member_id or 0)),
            valid_until=format_date(version.valid_until) if version.valid_until else "",
            expired=version.valid_until is not None and version.valid_until < today,
            url=f"{download}{version.pk}/download/" if version.file else "",
        )
        for version in versions
    ]
    requestable = [
        Requestable(
            module_id=module.pk,
            name=module.name_in(language),
            description=module.description_in(language),
            provider=module.provider_name,
            category=str(categories.get(module.category, module.category)),
        )
        for module in requestable_modules(actor, held=held)
    ]
    return MyCare(
        has_record=True,
        modules=sorted(modules.values(), key=lambda m: m.name.casefold()),
        documents=documents,
        requestable=requestable,
    )
