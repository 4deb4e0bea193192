"""The worked examples of the ``assess`` and ``pension`` contracts (docs/contracts.md).

One copy serves the API documentation (request examples), the tests and anyone reading the
contract: an Indian engineer with a comparable degree at 52,000 EUR in Bavaria, and a
Direktversicherung of someone who moves back to India. Callers get the dicts as they are and
must copy before changing them.
"""

from __future__ import annotations

from typing import Any

ASSESSMENT_EXAMPLE: dict[str, Any] = {
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


PENSION_EXAMPLE: dict[str, Any] = {
    "as_of": "2026-03-01",
    "person": {
        "birth_date": "1990-01-15",
        "nationalities": ["IN"],
        "annual_gross_salary_eur": "60000",
    },
    "plan": {
        "vehicle": "direktversicherung",
        "commitment_start": "2024-01-01",
        "employer_contribution_monthly_eur": "100",
        "deferred_compensation_monthly_eur": "200",
        "assumed_annual_return": "0.02",
        "retirement_age": 67,
    },
    "leaving": {"date": "2026-06-30", "to_country": "IN"},
}
