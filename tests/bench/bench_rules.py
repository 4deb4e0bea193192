"""Benchmark of the rules engine: assessments per second on one core.

Run: ``PYTHONPATH=src python tests/bench/bench_rules.py [N]`` (default 100,000 assessments over a
varied, reproducible set of generated cases). Budget (DESIGN §7): >= 20,000 assessments per
second on one core; 100,000 people re-evaluated in <= 10 s.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from typing import Any

NATIONALITIES = [
    "IN",
    "IN",
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
    "US",
    "CA",
    "JP",
    "CN",
    "UA",
    "EG",
    "NG",
    "CO",
    "MX",
    "PL",
    "FR",
    "IT",
    "ES",
    "RO",
    "GB",
    "CH",
    "KR",
]
STATES = ["BY", "BW", "BE", "NW", "HE", "HH", "SN", "TH", "NI", "RP", "SL", "ST", "MV", "BB"]
INDUSTRIES = [
    "manufacturing",
    "construction",
    "hospitality",
    "it",
    "health_care",
    "other",
    "freight_transport_logistics",
    "building_cleaning",
    "hairdressing_cosmetics",
    "security_services",
    "meat_industry",
]
ISCO = [
    "2512",
    "2511",
    "2142",
    "2221",
    "3221",
    "7411",
    "7126",
    "5120",
    "1330",
    "2310",
    "8322",
    None,
]
LEVELS = [None, "A1", "A2", "B1", "B2", "C1", "C2"]
TITLES = [None] * 12 + [
    "settlement_permit",
    "blue_card",
    "skilled_worker",
    "student",
    "family_reunification",
    "opportunity_card",
]
POSTING_COUNTRIES = ["FR", "AT", "PL", "IN", "US", "CN", "TR", "RS", "JP", "BR", "ZA", "AE"]


def generate_case(rng: random.Random) -> dict[str, Any]:
    """One plausible §5a input; the mix covers every pathway and most obligations."""
    as_of = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1096))
    start = as_of + timedelta(days=rng.randrange(0, 180))
    kind = rng.choice(["academic", "academic", "vocational", "vocational", "none"])
    nationality = rng.choice(NATIONALITIES)
    nationalities = (
        [nationality] if rng.random() < 0.9 else [nationality, rng.choice(NATIONALITIES)]
    )
    salary = rng.choice([rng.randrange(18000, 120000), rng.randrange(40000, 60000)])
    job: dict[str, Any] = {
        "work_country": "DE" if rng.random() < 0.93 else rng.choice(["IN", "PL", "ES", "US"]),
        "state": rng.choice(STATES),
        "start_date": start.isoformat(),
        "annual_gross_salary_eur": str(salary) if rng.random() < 0.7 else salary,
        "weekly_hours": rng.choice([40, 40, 38.5, 35, 30, 20, 18]),
        "isco08": rng.choice(ISCO),
        "regulated_profession": rng.random() < 0.15,
        "employer_bound_by_collective_agreement": rng.random() < 0.3,
        "industry": rng.choice(INDUSTRIES),
        "intra_corporate_transfer": None,
        "research_hosting_agreement": rng.random() < 0.03,
        "posting": None,
        "telework_abroad": None,
    }
    roll = rng.random()
    if roll < 0.05:
        job["intra_corporate_transfer"] = {
            "months_with_group": rng.randrange(0, 60),
            "planned_months": rng.randrange(1, 48),
            "role": rng.choice(["manager", "specialist", "trainee"]),
        }
    elif roll < 0.12:
        other = rng.choice(POSTING_COUNTRIES)
        origin, host = ("DE", other) if rng.random() < 0.6 else (other, "DE")
        job["posting"] = {
            "from_country": origin,
            "to_country": host,
            "start_date": (start + timedelta(days=rng.randrange(0, 400))).isoformat(),
            "months": rng.randrange(1, 72),
        }
    elif roll < 0.18:
        job["telework_abroad"] = {
            "country": rng.choice(["PL", "FR", "AT", "NL", "CZ", "IN", "HU", "IT"]),
            "share_percent": rng.choice([10, 20, 25, 30, 40, 49, 50, 60]),
        }
    if rng.random() < 0.1:
        job["end_date"] = (start + timedelta(days=rng.randrange(30, 900))).isoformat()
    if rng.random() < 0.05:
        job["ended_early_on"] = (start + timedelta(days=rng.randrange(0, 300))).isoformat()
    title = rng.choice(TITLES)
    person: dict[str, Any] = {
        "nationalities": nationalities,
        "birth_date": date(
            rng.randrange(1960, 2004), rng.randrange(1, 13), rng.randrange(1, 29)
        ).isoformat(),
        "residence_country": nationalities[0] if rng.random() < 0.8 else "DE",
        "german_residence_title": title,
        "move_in_date": (start - timedelta(days=rng.randrange(0, 60))).isoformat()
        if rng.random() < 0.6
        else None,
        "permit_valid_until": (as_of + timedelta(days=rng.randrange(-30, 1500))).isoformat()
        if title is not None and rng.random() < 0.7
        else None,
        "qualification": {
            "kind": kind,
            "recognition": rng.choice(["full", "partial", "comparable", "none", "not_assessed"]),
            "completed_year": rng.randrange(1985, as_of.year + 1),
            "state_recognised_abroad": rng.random() < 0.8,
            "training_years": rng.choice([1, 2, 3, 4, 5]),
            "experience_years_last_5": rng.randrange(0, 6),
            "experience_years_last_7": rng.randrange(0, 8),
            "shortage_occupation": rng.random() < 0.3,
        },
        "it_experience_years_last_7": rng.randrange(0, 8),
        "german_level": rng.choice(LEVELS),
        "english_level": rng.choice(LEVELS),
        "stay_in_germany_months_last_5": rng.choice([0, 0, 3, 6, 12]),
        "spouse_eligible_for_opportunity_card": rng.random() < 0.2,
    }
    return {"as_of": as_of.isoformat(), "person": person, "job": job}


def main(argv: list[str]) -> int:
    from expatcare.rules.assessment import assess
    from expatcare.rules.engine import load_parameters
    from expatcare.rules.io import assessment_to_dict, parse_case

    total = int(argv[0]) if argv else 100_000
    rng = random.Random(20260301)
    distinct = total
    raw = [generate_case(rng) for _ in range(distinct)]
    started = time.process_time()
    cases = [parse_case(data) for data in raw]
    parse_seconds = time.process_time() - started
    load_parameters()  # loading the YAML files is a one-off per process, not per assessment
    workload = cases
    started = time.process_time()
    for case in workload:
        assess(case)
    cold = time.process_time() - started  # includes filling the per-period memo
    started = time.process_time()
    for case in workload:
        assess(case)
    warm = time.process_time() - started
    sample = workload[: min(total, 20_000)]
    started = time.process_time()
    for case in sample:
        assessment_to_dict(assess(case))
    with_json = (time.process_time() - started) / len(sample)
    print(f"cases: {total:,} assessments over {distinct:,} distinct generated cases")
    print(f"parse_case:                 {distinct / parse_seconds:10,.0f} cases/s")
    print(
        f"assess, first pass:         {total / cold:10,.0f} assessments/s "
        f"({cold:.2f} s for {total:,})"
    )
    print(
        f"assess, second pass:        {total / warm:10,.0f} assessments/s "
        f"({warm:.2f} s for {total:,})"
    )
    print(f"assess + assessment_to_dict:{1 / with_json:10,.0f} per s")
    print("budget: >= 20,000 assessments/s; 100,000 in <= 10 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
