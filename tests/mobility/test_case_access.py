"""Who sees which case: staff the tenant, employees their own, providers assigned people only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from expatcare.accounts.roles import Role
from expatcare.mobility.models import Case, Milestone
from expatcare.mobility.policies import access_case, access_checklist_item, access_milestone
from expatcare.mobility.selectors import case_list, case_view
from expatcare.people import services as people_services
from tests.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    FamilyMemberFactory,
    PersonFactory,
)
from tests.mobility.conftest import start_case

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _visible_ids(tenant, role) -> set[int]:
    return {c.pk for c in case_list(actor=tenant.actor(role), status="", today=TODAY)}


def test_visibility_per_role(tenant, case, assigned_case, other_case):
    everything = {case.pk, assigned_case.pk, other_case.pk}
    for role in (Role.OWNER, Role.HR, Role.AUDITOR):
        assert _visible_ids(tenant, role) == everything
    assert _visible_ids(tenant, Role.MANAGER) == {assigned_case.pk}  # their report's only
    assert _visible_ids(tenant, Role.EMPLOYEE) == {case.pk}
    assert _visible_ids(tenant, Role.PROVIDER_ADMIN) == {assigned_case.pk}
    assert _visible_ids(tenant, Role.PROVIDER_AGENT) == {assigned_case.pk}


def test_access_across_tenants_is_not_found(tenant, other_tenant, case):
    milestone = case.milestones.first()
    assert milestone is not None
    for role in Role:
        with pytest.raises(Http404):
            access_case(other_tenant.actor(role), case.pk)
        with pytest.raises(Http404):
            access_milestone(other_tenant.actor(role), milestone.pk)


def test_provider_cannot_load_unassigned_cases_or_any_checklist(tenant, case, assigned_case):
    provider = tenant.actor(Role.PROVIDER_AGENT)
    with pytest.raises(Http404):
        access_case(provider, case.pk)
    assert access_case(provider, assigned_case.pk) == assigned_case
    item = assigned_case.checklist.first()
    with pytest.raises(Http404):
        access_checklist_item(provider, item.pk, case_id=assigned_case.pk)
    view = case_view(actor=provider, case=assigned_case, today=TODAY)
    assert view.checklist == [] and view.steps


def test_milestone_must_belong_to_the_case_in_the_url(tenant, case, other_case):
    milestone = other_case.milestones.first()
    with pytest.raises(Http404):
        access_milestone(tenant.actor(Role.HR), milestone.pk, case_id=case.pk)


def test_checklist_ticks_itself_when_a_document_of_that_kind_is_uploaded(tenant, case):
    """No stored flag: the tick is derived from the person's current documents."""
    hr = tenant.actor(Role.HR)

    def present() -> dict[str, bool]:
        view = case_view(actor=hr, case=case, today=TODAY)
        return {entry.item.code: entry.present for entry in view.checklist}

    assert present()["passport"] is False
    people_services.document_upload(
        actor=hr,
        person=case.person,
        kind="passport",
        uploaded_file=ContentFile(PDF, name="passport.pdf"),
    )
    assert present()["passport"] is True
    assert present()["employment_contract"] is False


def test_only_the_persons_own_current_documents_count(tenant, case):
    """A spouse's passport or an outdated version does not tick the person's passport."""
    spouse = FamilyMemberFactory(person=case.person)
    DocumentVersionFactory(
        document=DocumentFactory(person=case.person, kind="passport", family_member=spouse)
    )
    DocumentVersionFactory(
        document=DocumentFactory(person=case.person, kind="passport"), is_current=False
    )
    view = case_view(actor=tenant.actor(Role.HR), case=case, today=TODAY)
    assert {e.item.code: e.present for e in view.checklist}["passport"] is False


def _make_cases(tenant, assessment, n: int) -> None:
    for _ in range(n):
        person = PersonFactory(organization=tenant.organization)
        start_case(tenant, person, assessment)


def _list_queries(actor) -> int:
    with CaptureQueriesContext(connection) as queries:
        rows = list(case_list(actor=actor, today=TODAY)[:50])
        for case in rows:
            [m.code for m in case.milestones.all()]
            case.person.full_name  # noqa: B018
    return len(queries)


def test_case_list_query_count_does_not_grow_with_cases(tenant, assessment):
    actor = tenant.actor(Role.HR)
    _make_cases(tenant, assessment, 10)
    small = _list_queries(actor)
    _make_cases(tenant, assessment, 190)
    assert Case.objects.count() == 200
    assert Milestone.objects.count() > 1000
    assert _list_queries(actor) == small


def test_case_view_query_count_is_fixed(tenant, case):
    actor = tenant.actor(Role.HR)
    with CaptureQueriesContext(connection) as queries:
        view = case_view(actor=actor, case=case, today=TODAY)
        for step in view.steps:
            list(step.milestone.documents.all())
    assert len(queries) <= 6


def test_a_person_assignment_does_not_show_the_persons_case(tenant, assessment):
    """The immigration case is the business of a provider assigned to it, not of every
    provider that serves the person (a relocation agency)."""
    case = start_case(tenant, tenant.assigned_person, assessment)
    provider = tenant.actor(Role.PROVIDER_AGENT)
    assert _visible_ids(tenant, Role.PROVIDER_AGENT) == set()
    with pytest.raises(Http404):
        access_case(provider, case.pk)
