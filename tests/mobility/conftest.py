"""Fixtures for case tests: an assessed engineer and a case started from the assessment."""

from __future__ import annotations

import datetime as dt

import pytest

from expatcare.accounts.roles import Role
from expatcare.mobility import services
from expatcare.mobility.models import Case
from expatcare.mobility.rules_adapter import run_assessment
from tests.conftest import Tenant

START = dt.date(2026, 3, 2)

# The §5a example: an Indian engineer with a comparable degree, 52,000 EUR in Bavaria.
FACTS = {
    "as_of": "2026-03-01",
    "person": {
        "nationalities": ["IN"],
        "birth_date": "1991-04-02",
        "residence_country": "IN",
        "german_residence_title": None,
        "move_in_date": None,
        "qualification": {
            "kind": "academic",
            "recognition": "comparable",
            "completed_year": 2015,
            "state_recognised_abroad": True,
            "training_years": 4,
            "experience_years_last_5": 3,
            "experience_years_last_7": 5,
            "shortage_occupation": False,
        },
        "it_experience_years_last_7": 0,
        "german_level": "A2",
        "english_level": "B2",
        "stay_in_germany_months_last_5": 0,
        "spouse_eligible_for_opportunity_card": False,
    },
    "job": {
        "work_country": "DE",
        "state": "BY",
        "start_date": "2026-06-01",
        "annual_gross_salary_eur": "52000",
        "weekly_hours": 40,
        "isco08": "2512",
        "regulated_profession": False,
        "employer_bound_by_collective_agreement": False,
        "industry": "manufacturing",
        "intra_corporate_transfer": None,
        "research_hosting_agreement": False,
        "posting": None,
        "telework_abroad": None,
    },
}


@pytest.fixture
def assessment() -> dict:
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
    return start_case(tenant, tenant.assigned_person, assessment)


@pytest.fixture
def other_case(tenant: Tenant, assessment) -> Case:
    return start_case(tenant, tenant.other_person, assessment)
