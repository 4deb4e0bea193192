"""Demo cases: built for the demo tenant at different milestones, some overdue, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from expatcare.demo.cases import DEMO_CASES, build_demo_cases
from expatcare.demo.tenant import build_demo_tenant
from expatcare.mobility.models import Case
from expatcare.mobility.selectors import current_milestone, is_overdue

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 4)


def test_demo_cases_at_different_milestones_some_overdue():
    result = build_demo_tenant(password="demo-password-123", today=TODAY)
    assert result.cases == len(DEMO_CASES)  # the demo tenant comes with its cases
    cases = list(Case.objects.filter(organization=result.organization).select_related("person"))
    assert len(cases) == len(DEMO_CASES)
    overdue = {
        case.person.last_name
        for case in cases
        for milestone in case.milestones.all()
        if is_overdue(milestone, TODAY)
    }
    assert {"Kaya", "Trabelsi", "Carter"} <= overdue
    assert "Hassan" not in overdue
    currents = {m.code for case in cases if (m := current_milestone(case)) is not None}
    assert len(currents) >= 4
    priya = next(case for case in cases if case.person.first_name == "Priya")
    assert priya.person.user is not None  # the demo employee login sees this case
    milestone = current_milestone(priya)
    assert milestone is not None and milestone.code == "residence_registration"
    ahmed = next(case for case in cases if case.person.last_name == "Hassan")
    assert ahmed.family_members.count() == 1
    assert build_demo_cases(result.organization, today=TODAY) == 0
