"""Fixtures for case tests: an assessed engineer and a case started from the assessment."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from expatcare.accounts.roles import Role
from expatcare.engine.facts import run_assessment
from expatcare.engine.results import Assessment
from expatcare.mobility import services
from expatcare.mobility.models import Case
from expatcare.people.assignments import assignment_create
from expatcare.rules.examples import ASSESSMENT_EXAMPLE
from tests.conftest import Tenant

START = dt.date(2026, 3, 2)

# The §5a example: an Indian engineer with a comparable degree, 52,000 EUR in Bavaria.
FACTS = copy.deepcopy(ASSESSMENT_EXAMPLE)


@pytest.fixture
def assessment() -> Assessment:
    return run_assessment(FACTS)


def start_case(tenant: Tenant, person, assessment, pathway="DE_BLUE_CARD", goal="entry") -> Case:
    return services.case_start_from_assessment(
        actor=tenant.actor(Role.HR),
        person=person,
        assessment=assessment,
        goal=goal,
        pathway_code=pathway,
        today=START,
    )


@pytest.fixture
def case(tenant: Tenant, assessment) -> Case:
    """A Blue Card case of the employee (who has a login) in the accelerated procedure."""
    return start_case(tenant, tenant.employee_person, assessment)


@pytest.fixture
def assigned_case(tenant: Tenant, assessment) -> Case:
    """The assigned person's case, with the tenant's provider assigned to the case itself
    (an assignment to the person alone does not show their case)."""
    case = start_case(tenant, tenant.assigned_person, assessment)
    assignment_create(
        actor=tenant.actor(Role.HR),
        person=tenant.assigned_person,
        provider_id=tenant.provider.pk,
        service="Immigration law",
        fields=["name", "email"],
        case_id=case.pk,
    )
    return case


@pytest.fixture
def other_case(tenant: Tenant, assessment) -> Case:
    return start_case(tenant, tenant.other_person, assessment)
