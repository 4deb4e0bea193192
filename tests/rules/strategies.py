"""Hypothesis strategies for §5a input, covering every pathway, posting and telework branch."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from expatcare.rules import model
from expatcare.rules.countries import GERMAN_STATES

COUNTRIES = [
    "IN",
    "TR",
    "BR",
    "PH",
    "VN",
    "TN",
    "MA",
    "RS",
    "AL",
    "XK",
    "BA",
    "ME",
    "MK",
    "US",
    "CA",
    "JP",
    "CN",
    "UA",
    "EG",
    "ZA",
    "KR",
    "AU",
    "PL",
    "FR",
    "AT",
    "IT",
    "ES",
    "RO",
    "HU",
    "NL",
    "GB",
    "CH",
    "NO",
    "DE",
    "UY",
    "IL",
    "CL",
]
# The engine's own enumerations, in a stable order (hypothesis shrinks and replays by index).
STATES = [*sorted(GERMAN_STATES), None]
LEVELS = [None, *model.CEFR_LEVELS]
# Sorted: hypothesis needs a stable order to shrink and replay examples.
INDUSTRIES = sorted(model.INDUSTRIES)
TITLES = [
    None,
    "settlement_permit",
    "permanent_eu",
    "family_reunification",
    "student",
    "blue_card",
    "skilled_worker",
    "opportunity_card",
    "asylum_related",
    "other",
]
ISCO = [
    None,
    "2512",
    "2511",
    "25",
    "133",
    "1330",
    "2144",
    "2221",
    "2211",
    "2411",
    "3221",
    "5120",
    "7411",
    "8322",
    "9112",
    "2310",
    "2131",
]
WINDOW_START = date(2024, 1, 1)
WINDOW_DAYS = 1096


def days_after(base: date, low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: (base + timedelta(days=n)).isoformat())


@st.composite
def salaries(draw: st.DrawFn) -> str | int:
    cents = draw(st.integers(0, 20_000_000))
    as_string = f"{cents // 100}.{cents % 100:02d}"
    return as_string if draw(st.booleans()) else cents // 100


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    as_of = WINDOW_START + timedelta(days=draw(st.integers(0, WINDOW_DAYS - 1)))
    start = as_of + timedelta(days=draw(st.integers(-200, 400)))
    birth = date(draw(st.integers(1950, 2006)), draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    nationalities = draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3))
    job: dict[str, Any] = {
        "work_country": draw(st.sampled_from(["DE"] * 6 + COUNTRIES)),
        "state": draw(st.sampled_from(STATES)),
        "start_date": start.isoformat(),
        "annual_gross_salary_eur": draw(salaries()),
        "weekly_hours": draw(st.sampled_from([40, 38.5, 35, 30, 20, 15, 10, 1, 80])),
        "isco08": draw(st.sampled_from(ISCO)),
        "regulated_profession": draw(st.booleans()),
        "employer_bound_by_collective_agreement": draw(st.booleans()),
        "industry": draw(st.sampled_from(INDUSTRIES)),
        "research_hosting_agreement": draw(st.booleans()),
        "intra_corporate_transfer": draw(
            st.none()
            | st.fixed_dictionaries(
                {
                    "months_with_group": st.integers(0, 120),
                    "planned_months": st.integers(1, 60),
                    "role": st.sampled_from(["manager", "specialist", "trainee"]),
                }
            )
        ),
        "posting": None,
        "telework_abroad": None,
    }
    extra = draw(st.sampled_from(["none", "none", "posting", "telework"]))
    if extra == "posting":
        origin = draw(st.sampled_from(COUNTRIES))
        host = draw(st.sampled_from([c for c in COUNTRIES if c != origin]))
        job["posting"] = {
            "from_country": origin,
            "to_country": host,
            "start_date": draw(days_after(start, 0, 500)),
            "months": draw(st.integers(1, 120)),
        }
    elif extra == "telework":
        job["telework_abroad"] = {
            "country": draw(st.sampled_from(COUNTRIES)),
            "share_percent": draw(st.sampled_from([0, 10, 24.99, 25, 30, 49.5, 50, 75, 100])),
        }
    if draw(st.booleans()):
        job["end_date"] = draw(days_after(start, 0, 1500))
    if draw(st.integers(0, 4)) == 0:
        job["ended_early_on"] = draw(days_after(start, 0, 700))
    person: dict[str, Any] = {
        "nationalities": nationalities,
        "birth_date": birth.isoformat(),
        "residence_country": draw(st.sampled_from(COUNTRIES)),
        "german_residence_title": draw(st.sampled_from(TITLES)),
        "move_in_date": draw(st.none() | days_after(start, -90, 90)),
        "permit_valid_until": draw(st.none() | days_after(as_of, -400, 2000)),
        "qualification": {
            "kind": draw(st.sampled_from(["academic", "vocational", "none"])),
            "recognition": draw(
                st.sampled_from(["full", "partial", "comparable", "none", "not_assessed"])
            ),
            "completed_year": draw(st.none() | st.integers(1970, as_of.year)),
            "state_recognised_abroad": draw(st.booleans()),
            "training_years": draw(st.none() | st.integers(0, 6)),
            "experience_years_last_5": draw(st.integers(0, 5)),
            "experience_years_last_7": draw(st.integers(0, 7)),
            "shortage_occupation": draw(st.booleans()),
        },
        "it_experience_years_last_7": draw(st.sampled_from([0, 1, 2, 2.5, 3, 5, 7])),
        "german_level": draw(st.sampled_from(LEVELS)),
        "english_level": draw(st.sampled_from(LEVELS)),
        "stay_in_germany_months_last_5": draw(st.integers(0, 60)),
        "spouse_eligible_for_opportunity_card": draw(st.booleans()),
    }
    return {"as_of": as_of.isoformat(), "person": person, "job": job}
