"""The adapter is the only place that turns a person record into engine facts."""

from __future__ import annotations

import datetime as dt

import pytest

from expatcare.engine.facts import person_case_facts, person_pension_facts
from expatcare.people.models import PersonLanguage
from tests.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    PersonFactory,
    QualificationFactory,
)

pytestmark = pytest.mark.django_db


def test_person_with_two_nationalities_languages_and_qualifications():
    person = PersonFactory(nationalities=["IN", "NP"], residence_country="IN")
    PersonLanguage.objects.create(
        organization=person.organization, person=person, language="en", level="native"
    )
    PersonLanguage.objects.create(
        organization=person.organization, person=person, language="de", level="A2"
    )
    QualificationFactory(person=person, kind="vocational", completed_year=2009, training_years=3)
    QualificationFactory(
        person=person,
        kind="academic",
        completed_year=2015,
        recognition="comparable",
        training_years=4,
        state_recognised_abroad=True,
    )

    facts = person_case_facts(person, as_of=dt.date(2026, 3, 1))

    assert facts["as_of"] == "2026-03-01"
    assert facts["person"]["nationalities"] == ["IN", "NP"]
    assert facts["person"]["birth_date"] == "1990-05-17"
    assert facts["person"]["residence_country"] == "IN"
    assert facts["person"]["english_level"] == "C2"  # native speakers count as C2
    assert facts["person"]["german_level"] == "A2"
    assert facts["person"]["qualification"] == {
        "kind": "academic",
        "recognition": "comparable",
        "completed_year": 2015,
        "state_recognised_abroad": True,
        "training_years": 4,
        "experience_years_last_5": None,
        "experience_years_last_7": None,
        "shortage_occupation": None,
    }
    job = facts["job"]
    assert job["work_country"] == "DE"
    assert job["state"] == "BY"
    assert job["start_date"] == "2026-01-01"
    assert job["annual_gross_salary_eur"] == "52000.00"
    assert job["weekly_hours"] == 40
    assert job["posting"] is None


def test_missing_values_are_null_not_guessed():
    person = PersonFactory(
        nationalities=[],
        birth_date=None,
        annual_salary_eur=None,
        weekly_hours=None,
        start_date=None,
        work_state="",
    )

    facts = person_case_facts(person, as_of=dt.date(2026, 3, 1))

    assert facts["person"]["nationalities"] == []
    assert facts["person"]["birth_date"] is None
    assert facts["person"]["residence_country"] is None
    assert facts["person"]["qualification"] is None
    assert facts["person"]["german_level"] is None
    assert facts["person"]["english_level"] is None
    assert facts["job"]["state"] is None
    assert facts["job"]["annual_gross_salary_eur"] is None
    assert facts["job"]["weekly_hours"] is None
    assert facts["job"]["isco08"] is None
    assert facts["job"]["end_date"] is None
    assert facts["person"]["permit_valid_until"] is None


def test_current_residence_permit_gives_its_expiry():
    """PERMIT_RENEWAL needs the expiry; only the current version of a permit counts."""
    person = PersonFactory()
    permit = DocumentFactory(person=person, kind="residence_permit")
    DocumentVersionFactory(
        document=permit, version=1, is_current=False, valid_until=dt.date(2025, 1, 31)
    )
    DocumentVersionFactory(document=permit, version=2, valid_until=dt.date(2028, 5, 31))
    passport = DocumentFactory(person=person, kind="passport")
    DocumentVersionFactory(document=passport, valid_until=dt.date(2035, 1, 1))

    facts = person_case_facts(person, as_of=dt.date(2026, 3, 1))

    assert facts["person"]["permit_valid_until"] == "2028-05-31"


def test_facts_of_a_record_are_accepted_by_the_engine():
    """The adapter's output is valid §5a input once the job facts are complete."""
    from expatcare.engine.facts import run_assessment

    person = PersonFactory(nationalities=["IN"], residence_country="IN")
    QualificationFactory(person=person, completed_year=2015, training_years=4)

    facts = person_case_facts(
        person,
        as_of=dt.date(2026, 3, 1),
        job_overrides={
            "start_date": "2026-06-01",
            "isco08": "2512",
            "industry": "manufacturing",
            "regulated_profession": False,
            "employer_bound_by_collective_agreement": False,
            "research_hosting_agreement": False,
        },
    )
    result = run_assessment(facts)

    assert result.recommended == "DE_BLUE_CARD"


def test_engine_refusal_names_the_field():
    from expatcare.core.errors import ServiceError
    from expatcare.engine.facts import run_pension

    with pytest.raises(ServiceError) as refused:
        run_pension({"as_of": "2026-03-01", "person": {}, "plan": {}})

    assert refused.value.field is not None
    assert refused.value.field.startswith("person.")


def test_pending_recognition_is_not_yet_assessed_for_the_engine():
    person = PersonFactory()
    QualificationFactory(person=person, recognition="pending")

    facts = person_case_facts(person, as_of=dt.date(2026, 3, 1))

    assert facts["person"]["qualification"]["recognition"] == "not_assessed"


def test_job_overrides_complete_what_the_record_lacks():
    person = PersonFactory()

    facts = person_case_facts(
        person,
        as_of=dt.date(2026, 3, 1),
        job_overrides={"isco08": "2512", "industry": "it", "annual_gross_salary_eur": "60000"},
    )

    assert facts["job"]["isco08"] == "2512"
    assert facts["job"]["industry"] == "it"
    assert facts["job"]["annual_gross_salary_eur"] == "60000"


def test_pension_facts_of_a_person():
    person = PersonFactory(nationalities=["BR"])

    assert person_pension_facts(person) == {
        "birth_date": "1990-05-17",
        "nationalities": ["BR"],
        "annual_gross_salary_eur": "52000.00",
    }
