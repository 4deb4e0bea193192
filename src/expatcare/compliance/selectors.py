"""Reads of the compliance app, scoped through the actor, with a query count that does not
grow with the number of people or duties (aggregates in SQL, one page of rows at a time)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Case, CharField, Count, F, Min, Q, QuerySet, Value, When

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership, User
from expatcare.accounts.roles import Role
from expatcare.compliance.labels import known_duty_codes
from expatcare.compliance.leadtimes import DUE_SOON_DAYS, LeadTimes, lead_times_from
from expatcare.compliance.models import (
    PENDING_STATUSES,
    ComplianceSettings,
    Duty,
    DutyStatus,
    Finding,
    ReminderKind,
    Severity,
)
from expatcare.compliance.policies import visible_duties, visible_findings
from expatcare.people.models import Person
from expatcare.people.policies import visible_people

OWNER_CHOICES = ("employer", "employee", "me")
STATE_CHOICES = ("pending", "overdue", "due_soon", "open", "done", "not_applicable", "all")
LIGHTS = ("red", "amber", "green")
FINDINGS_ON_DASHBOARD = 50


@dataclass(frozen=True, slots=True)
class DutyFilters:
    person: int | None = None
    owner: str = ""
    code: str = ""
    state: str = "pending"
    due_after: dt.date | None = None
    due_before: dt.date | None = None


def with_effective_status(duties: QuerySet[Duty], today: dt.date) -> QuerySet[Duty]:
    """``effective_status``: a pending duty past its due date is overdue, whatever is stored.

    The stored status catches up daily (``duties_flag_overdue``); reads never depend on it.
    """
    return duties.annotate(
        effective_status=Case(
            When(status__in=PENDING_STATUSES, due__lt=today, then=Value(DutyStatus.OVERDUE)),
            When(status__in=PENDING_STATUSES, then=Value(DutyStatus.OPEN)),
            default=F("status"),
            output_field=CharField(),
        )
    )


def _state_filter(state: str, today: dt.date) -> Q:
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    pending = Q(pending=True)
    return {
        "pending": pending,
        "overdue": pending & Q(due__lt=today),
        "due_soon": pending & Q(due__gte=today, due__lte=soon),
        "open": pending & (Q(due__gte=today) | Q(due__isnull=True)),
        "done": Q(status=DutyStatus.DONE),
        "not_applicable": Q(status=DutyStatus.NOT_APPLICABLE),
    }.get(state, Q())


def _filtered_duties(*, actor: Actor, filters: DutyFilters, today: dt.date) -> QuerySet[Duty]:
    duties = visible_duties(actor)
    if filters.person is not None:
        duties = duties.filter(person_id=filters.person)
    if filters.owner == "me":
        duties = duties.filter(responsible_user=actor.user)
    elif filters.owner in OWNER_CHOICES:
        duties = duties.filter(responsible=filters.owner)
    if filters.code:
        duties = duties.filter(code=filters.code)
    duties = duties.filter(_state_filter(filters.state, today))
    if filters.due_after is not None:
        duties = duties.filter(due__gte=filters.due_after)
    if filters.due_before is not None:
        duties = duties.filter(due__lte=filters.due_before)
    return duties


def duty_list(*, actor: Actor, filters: DutyFilters, today: dt.date) -> QuerySet[Duty]:
    """Filtered duties, soonest first (undated last), person and owner joined in."""
    duties = _filtered_duties(actor=actor, filters=filters, today=today)
    # Plain (due, id) order follows an index (for pending duties the partial one, per kind
    # the one on kind and due); undated duties come first on SQLite, last on PostgreSQL,
    # which is acceptable for the rare manual duty without a date.
    return with_effective_status(
        duties.select_related("person", "responsible_user").order_by("due", "pk"), today
    )


def duty_count(*, actor: Actor, filters: DutyFilters, today: dt.date, limit: int) -> int:
    """How many duties the filters match, counted up to ``limit``.

    Counting every done duty of a large tenant ("all" since the tenant started) reads the
    whole index range; a page that says "10,000+" reads at most ``limit`` entries of it.
    """
    duties = _filtered_duties(actor=actor, filters=filters, today=today)
    return duties.order_by().values("pk")[:limit].count()


def _compliance_people(actor: Actor) -> QuerySet[Person]:
    """People whose duties the actor sees: the tenant for staff, the own record for employees."""
    if actor.is_provider:
        return Person.objects.none()
    return visible_people(actor)


@dataclass
class LightCounts:
    red: int
    amber: int
    green: int
    total: int


def traffic_light_counts(*, actor: Actor, today: dt.date) -> LightCounts:
    """People with an overdue duty (red), with one due within 14 days (amber), the rest green.

    A person's light is decided by their earliest pending due date, so one grouped query over
    the pending rows due within 14 days (an index range) gives both counts; plus the head count.
    """
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    firsts = (
        visible_duties(actor)
        .filter(pending=True, due__lte=soon)
        .order_by()
        .values("person_id")
        .annotate(first_due=Min("due"))
    )
    counts = firsts.aggregate(
        red=Count("person_id", filter=Q(first_due__lt=today)),
        amber=Count("person_id", filter=Q(first_due__gte=today)),
    )
    red, amber = int(counts["red"] or 0), int(counts["amber"] or 0)
    total = _compliance_people(actor).count()
    return LightCounts(red=red, amber=amber, green=max(total - red - amber, 0), total=total)


@dataclass
class PersonLight:
    person: Person
    light: str
    overdue: int
    due_soon: int


def people_with_lights(*, actor: Actor, today: dt.date, light: str = "") -> QuerySet[Person]:
    """People ordered by name, optionally only those of one light; lights come per page."""
    duties = visible_duties(actor).order_by()
    overdue_people = duties.filter(_state_filter("overdue", today)).values("person_id")
    soon_people = duties.filter(_state_filter("due_soon", today)).values("person_id")
    people = _compliance_people(actor).order_by("last_name", "first_name", "pk")
    if light == "red":
        people = people.filter(pk__in=overdue_people)
    elif light == "amber":
        people = people.filter(pk__in=soon_people).exclude(pk__in=overdue_people)
    elif light == "green":
        people = people.exclude(pk__in=overdue_people).exclude(pk__in=soon_people)
    return people.only("pk", "first_name", "last_name", "status", "organization_id")


def lights_for_page(*, actor: Actor, people: list[Person], today: dt.date) -> list[PersonLight]:
    """The light of each person on one page, in one aggregate query."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    rows = (
        visible_duties(actor)
        .filter(pending=True, person_id__in=[p.pk for p in people])
        .order_by()
        .values("person_id")
        .annotate(
            overdue=Count("pk", filter=Q(due__lt=today)),
            due_soon=Count("pk", filter=Q(due__gte=today, due__lte=soon)),
        )
    )
    stats: dict[int, dict[str, Any]] = {row["person_id"]: dict(row) for row in rows}
    lights = []
    for person in people:
        row: dict[str, Any] = stats.get(person.pk, {})
        overdue = int(row.get("overdue", 0) or 0)
        due_soon = int(row.get("due_soon", 0) or 0)
        light = "red" if overdue else "amber" if due_soon else "green"
        lights.append(PersonLight(person, light, overdue, due_soon))
    return lights


@dataclass(frozen=True, slots=True)
class KindCount:
    code: str
    pending: int
    overdue: int
    due_soon: int


def counts_per_kind(*, actor: Actor, today: dt.date) -> list[KindCount]:
    """Per duty code: pending, overdue and due soon, grouped in SQL over the pending rows only
    (done duties accumulate for ever; the index on organisation, pending, code, due covers it
    and yields the groups in order)."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    rows = (
        visible_duties(actor)
        .filter(pending=True)
        .order_by()
        .values("code")
        .annotate(
            pending=Count("pk"),
            overdue=Count("pk", filter=Q(due__lt=today)),
            due_soon=Count("pk", filter=Q(due__gte=today, due__lte=soon)),
        )
        .order_by("code")
    )
    return [
        KindCount(
            code=row["code"],
            pending=row["pending"],
            overdue=row["overdue"],
            due_soon=row["due_soon"],
        )
        for row in rows
    ]


def duty_codes(*, actor: Actor) -> list[str]:
    return list(visible_duties(actor).order_by("code").values_list("code", flat=True).distinct())


def filter_codes(kinds: list[KindCount]) -> list[str]:
    """The kinds offered by the dashboard's filter: every kind the rules and the document
    register know, and any other kind with open duties.

    ``duty_codes`` reads the code of every duty the tenant ever had (done ones included);
    the known kinds cost no query and also cover kinds whose duties are all done.
    """
    return sorted(set(known_duty_codes()) | {kind.code for kind in kinds})


def active_findings(*, actor: Actor, person_id: int | None = None) -> QuerySet[Finding]:
    """Active warnings and errors, errors first; information notes stay on the person's page.

    The order is that of the index ``compliance_finding_order`` ("error" sorts before
    "warning"), so the dashboard reads its first rows from the index instead of sorting every
    active finding of the tenant.
    """
    findings = visible_findings(actor).filter(
        active=True, severity__in=(Severity.ERROR, Severity.WARNING)
    )
    if person_id is not None:
        findings = findings.filter(person_id=person_id)
    return findings.select_related("person").order_by("severity", "person_id", "code")


# Reminders ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    duty: Duty
    kind: str
    bucket: str


def reminder_bucket(due: dt.date, today: dt.date, leads: tuple[int, ...]) -> tuple[str, str] | None:
    """``(kind, bucket)`` of the reminder a duty due on ``due`` gets today, or None.

    A duty gets one reminder per lead it crosses (e.g. 30, 14 and 3 days ahead), and one per
    calendar week while it is overdue. The due date is part of the bucket, so a moved due
    date is reminded afresh.
    """
    days_left = (due - today).days
    if days_left < 0:
        year, week, _weekday = today.isocalendar()
        return ReminderKind.OVERDUE, f"{due.isoformat()}/w{year}-{week:02d}"
    crossed = [lead for lead in leads if days_left <= lead]
    if not crossed:
        return None
    return ReminderKind.UPCOMING, f"{due.isoformat()}/d{min(crossed)}"


def _teams(organization_ids: set[int]) -> dict[int, list[User]]:
    """Who gets the HR team's reminders: the HR users, else the owners, of each organisation."""
    by_org: dict[int, dict[str, list[User]]] = defaultdict(lambda: defaultdict(list))
    memberships = Membership.objects.filter(
        organization_id__in=organization_ids,
        role__in=(Role.HR, Role.OWNER),
        user__is_active=True,
    ).select_related("user")
    for membership in memberships.order_by("user_id"):
        by_org[membership.organization_id][membership.role].append(membership.user)
    return {org: roles.get(Role.HR) or roles.get(Role.OWNER) or [] for org, roles in by_org.items()}


@dataclass
class _Digest:
    user: User
    items: list[PlannedReminder] = field(default_factory=list)


def reminder_plan(*, today: dt.date) -> dict[int, tuple[User, list[PlannedReminder]]]:
    """Every reminder due today, grouped per recipient (across all tenants)."""
    leads: dict[int, LeadTimes] = {
        row.organization_id: lead_times_from(row) for row in ComplianceSettings.objects.all()
    }
    default = lead_times_from(None)
    horizon = max(
        [max(x.reminder_lead_days) for x in [default, *leads.values()] if x.reminder_lead_days]
    )
    duties = list(
        Duty.objects.filter(
            status__in=PENDING_STATUSES, due__isnull=False, due__lte=today + dt.timedelta(horizon)
        )
        .select_related("person", "responsible_user")
        .order_by("due", "pk")
    )
    teams = _teams({d.organization_id for d in duties if d.responsible_user_id is None})
    digests: dict[int, _Digest] = {}
    for duty in duties:
        if duty.due is None:  # excluded by the filter; narrows the type
            continue
        org_leads = leads.get(duty.organization_id, default).reminder_lead_days
        planned = reminder_bucket(duty.due, today, org_leads)
        if planned is None:
            continue
        user = duty.responsible_user
        recipients = (
            [user] if user is not None and user.is_active else teams.get(duty.organization_id, [])
        )
        for recipient in recipients:
            if not recipient.email:
                continue
            digest = digests.setdefault(recipient.pk, _Digest(recipient))
            digest.items.append(PlannedReminder(duty, planned[0], planned[1]))
    return {pk: (d.user, d.items) for pk, d in digests.items()}


def duties_for_feed(
    *, user: User, organization_id: int, reports_of: int | None = None
) -> QuerySet[Duty]:
    """The pending, dated duties a user answers for: assigned to them, or to their HR team.

    ``reports_of`` (a manager's membership) keeps only the duties of that manager's reports.
    """
    assigned = Q(responsible_user=user)
    team = _teams({organization_id}).get(organization_id, [])
    if any(member.pk == user.pk for member in team):
        assigned |= Q(responsible_user__isnull=True)
    if reports_of is not None:
        assigned &= Q(person__manager_id=reports_of)
    return (
        Duty.objects.filter(
            assigned,
            organization_id=organization_id,
            status__in=PENDING_STATUSES,
            due__isnull=False,
        )
        .select_related("person")
        .order_by("due", "pk")
    )


# Dashboard aggregates ----------------------------------------------------------------------

AGGREGATE_CACHE_SECONDS = 300


def _version_key(organization_id: int) -> str:
    return f"compliance:dashboard-version:{organization_id}"


def bump_dashboard_version(organization_id: int) -> None:
    """Called after every write to duties: cached aggregates of the tenant become stale."""
    key = _version_key(organization_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


@dataclass(frozen=True)
class DashboardAggregates:
    lights: LightCounts
    kinds: list[KindCount]
    codes: list[str]

    def duty_count(self, filters: DutyFilters) -> int | None:
        """The length of the duty list from the counts per kind, when the filters are only a
        state the counts hold (pending, overdue, due soon) and a kind; else None."""
        figures: dict[str, Callable[[KindCount], int]] = {
            "pending": lambda kind: kind.pending,
            "overdue": lambda kind: kind.overdue,
            "due_soon": lambda kind: kind.due_soon,
        }
        figure = figures.get(filters.state)
        if figure is None or filters != DutyFilters(code=filters.code, state=filters.state):
            return None
        return sum(
            figure(kind) for kind in self.kinds if not filters.code or kind.code == filters.code
        )

    def people_count(self, light: str) -> int:
        """The length of the people list for a light filter ("" for everyone)."""
        lights = self.lights
        return {"red": lights.red, "amber": lights.amber, "green": lights.green}.get(
            light, lights.total
        )


def dashboard_aggregates(*, actor: Actor, today: dt.date) -> DashboardAggregates:
    """The tenant-wide figures of the dashboard, cached per tenant until the next write.

    They scan every pending duty of the tenant, which at 10,000 people is most of the page's
    time; the duty list and the people page are always read fresh. Employees' figures cover
    one person and are not cached.
    """

    def compute() -> DashboardAggregates:
        kinds = counts_per_kind(actor=actor, today=today)
        return DashboardAggregates(
            lights=traffic_light_counts(actor=actor, today=today),
            kinds=kinds,
            codes=filter_codes(kinds),
        )

    if not actor.sees_whole_tenant:
        return compute()
    version = cache.get_or_set(_version_key(actor.organization_id), 1, None)
    key = f"compliance:dashboard:{actor.organization_id}:{version}:{today.isoformat()}"
    cached = cache.get(key)
    if isinstance(cached, DashboardAggregates):
        return cached
    fresh = compute()
    cache.set(key, fresh, AGGREGATE_CACHE_SECONDS)
    return fresh
