"""What the people app offers higher apps: a reaction to a changed person.

Compliance subscribes in ``ComplianceConfig.ready()`` to recompute duties; the people services
send the event after their write, inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from expatcare.accounts.actor import Actor
from expatcare.core.hooks import Hook
from expatcare.people.models import Person


@dataclass(frozen=True, slots=True)
class PersonChanged:
    """A person was created or changed.

    ``changed_fields`` holds Person field names and, for related rows, ``nationalities``,
    ``languages``, ``qualifications``, ``documents`` (or ``permit_documents``).
    """

    actor: Actor | None
    person: Person
    changed_fields: frozenset[str]


person_changed: Hook[PersonChanged, object] = Hook("people.person_changed")


def send_person_changed(*, actor: Actor | None, person: Person, changed_fields: set[str]) -> None:
    """Tell the subscribers; called by the services after the write, in its transaction."""
    person_changed.send(
        PersonChanged(actor=actor, person=person, changed_fields=frozenset(changed_fields))
    )


# --- uploads by another organisation ---------------------------------------------------------
#
# A provider works for a tenant's people without being its member: the care app lets the
# provider of an insurance module upload that enrolment's certificate. The people app cannot
# know of care (layers), so it asks the subscribers whether such a grant exists; every answer
# must be ``True`` for a specific, checked reason, and no subscriber means no grant.


@dataclass(frozen=True, slots=True)
class DocumentUploadGrantRequest:
    actor: Actor
    person: Person
    kind: str


document_upload_grants: Hook[DocumentUploadGrantRequest, bool] = Hook(
    "people.document_upload_grants"
)


def upload_granted(*, actor: Actor, person: Person, kind: str) -> bool:
    """Whether a subscriber grants an actor outside the tenant this upload."""
    request = DocumentUploadGrantRequest(actor=actor, person=person, kind=kind)
    return any(answer is True for answer in document_upload_grants.send(request))


# --- the person page as the hub of the person ---------------------------------------------------
#
# The people app renders the record, family, qualifications and documents itself. Every other
# app that holds something about a person (cases and eligibility, duties, and later care,
# messages, onboarding and pension) adds a section by subscribing to ``person_page_sections`` in
# its ``AppConfig.ready()``. A section answers for what the actor may see (``None`` hides it),
# brings its own template and context, and may raise items to the top of the page: the next
# steps and what is overdue. Each subscriber reads a fixed number of queries, so the page's
# count stays constant in the person's rows.


@dataclass(frozen=True, slots=True)
class PersonPageRequest:
    actor: Actor
    person: Person
    today: dt.date
    is_own: bool


@dataclass(frozen=True, slots=True)
class PersonPageItem:
    """One line at the top of the person page: what, by when, and where to act on it."""

    text: str
    url: str = ""
    due: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PersonPageSection:
    """A section of the person page contributed by another app.

    ``key`` is the anchor (``#section-<key>``) other pages link to; ``order`` places it among
    the built-in ones (record 10, family 20, qualifications 25, documents 30; cases 40,
    duties 50, then care 60, messages 70, onboarding 80, pension 90 by convention).
    """

    key: str
    title: str
    order: int
    template: str
    context: Mapping[str, object] = field(default_factory=dict)
    next_steps: tuple[PersonPageItem, ...] = ()
    overdue: tuple[PersonPageItem, ...] = ()
    count: int | None = None


person_page_sections: Hook[PersonPageRequest, PersonPageSection | None] = Hook(
    "people.person_page_sections"
)


def collect_person_page_sections(request: PersonPageRequest) -> list[PersonPageSection]:
    """The sections the subscribers offer for this reader, in page order."""
    answers = [section for section in person_page_sections.send(request) if section is not None]
    return sorted(answers, key=lambda section: (section.order, section.key))


# --- the HR home: what to do today -----------------------------------------------------------
#
# The home (``people:dashboard``) opens with what needs doing: the duties that are overdue or due
# this week (compliance), the open cases by step (mobility), the documents that expire soon
# (people itself); the head counts follow below. Apps above people add their block through
# ``home_sections`` in ``AppConfig.ready()``; a block answers for what the actor may see
# (``None`` hides it) and reads a fixed number of queries, whatever the number of rows.


@dataclass(frozen=True, slots=True)
class HomeRequest:
    actor: Actor
    today: dt.date


@dataclass(frozen=True, slots=True)
class HomeSection:
    """A block of the home: ``order`` places it (duties 10, cases 20, documents 30)."""

    key: str
    title: str
    order: int
    template: str
    context: Mapping[str, object] = field(default_factory=dict)


home_sections: Hook[HomeRequest, HomeSection | None] = Hook("people.home_sections")


def collect_home_sections(request: HomeRequest) -> list[HomeSection]:
    """The blocks the subscribers offer for this reader, in page order."""
    answers = [section for section in home_sections.send(request) if section is not None]
    return sorted(answers, key=lambda section: (section.order, section.key))
