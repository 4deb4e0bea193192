"""Benchmark of the rules engine: assessments per second on one core.

Run: ``PYTHONPATH=src python tests/bench/bench_rules.py [N]``. Two mixes of N (default 100,000)
distinct generated cases, each assessed once in a fresh order, timed in CPU seconds of this
process (the machine is shared; wall time would measure the neighbours):

* population mix: one tenant's staff re-evaluated on one date (the nightly re-evaluation);
* uniform mix: every fact drawn independently over the whole parameter window (worst case for
  the per-period memo).

A second run over the population shows the steady state of a long-running worker. Budget
(docs/architecture.md, Performance budgets): >= 20,000 assessments per second on one core;
100,000 people in <= 10 s.
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


def _weighted(rng: random.Random, table: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def generate_population_case(rng: random.Random, as_of: date) -> dict[str, Any]:
    """A plausible employee of an SME tenant, re-evaluated on one date.

    Facts cluster as in real staff data (start dates on the 1st or 15th, salaries in steps of
    500 EUR, a few dominant nationalities and occupations), unlike ``generate_case``, which
    draws every fact independently and uniformly (the adversarial mix).
    """
    start = date(rng.randrange(2023, 2027), rng.randrange(1, 13), rng.choice([1, 1, 15]))
    nationality = _weighted(
        rng,
        [
            ("IN", 25),
            ("TR", 8),
            ("BR", 6),
            ("PH", 6),
            ("VN", 5),
            ("TN", 4),
            ("MA", 4),
            ("RS", 4),
            ("XK", 3),
            ("AL", 3),
            ("EG", 4),
            ("CO", 3),
            ("CN", 4),
            ("US", 3),
            ("UA", 4),
            ("PL", 5),
            ("RO", 5),
            ("IT", 3),
            ("ES", 3),
            ("GB", 2),
        ],
    )
    kind = _weighted(rng, [("academic", 45), ("vocational", 40), ("none", 15)])
    isco = {
        "academic": ["2512", "2511", "2144", "2142", "2221", "2211", "2411", "2310", "1330"],
        "vocational": ["7411", "7212", "7233", "3221", "5120", "7126", "8322"],
        "none": ["9112", "5120", "8322", "9329", "2512"],
    }[kind]
    title = _weighted(
        rng,
        [
            (None, 70),
            ("blue_card", 8),
            ("skilled_worker", 8),
            ("settlement_permit", 6),
            ("family_reunification", 4),
            ("student", 2),
            ("opportunity_card", 2),
        ],
    )
    job: dict[str, Any] = {
        "work_country": "DE" if rng.random() < 0.97 else rng.choice(["IN", "PL", "ES"]),
        "state": _weighted(
            rng,
            [
                ("BY", 18),
                ("BW", 15),
                ("NW", 20),
                ("HE", 9),
                ("NI", 9),
                ("BE", 7),
                ("HH", 5),
                ("SN", 5),
                ("RP", 4),
                ("TH", 3),
                ("ST", 2),
                ("SH", 3),
            ],
        ),
        "start_date": start.isoformat(),
        "annual_gross_salary_eur": str(rng.randrange(50, 240) * 500),
        "weekly_hours": _weighted(rng, [(40, 70), (38.5, 10), (35, 8), (30, 7), (20, 5)]),
        "isco08": rng.choice(isco),
        "regulated_profession": rng.random() < 0.12,
        "employer_bound_by_collective_agreement": rng.random() < 0.3,
        "industry": _weighted(
            rng,
            [
                ("manufacturing", 30),
                ("it", 15),
                ("health_care", 15),
                ("construction", 10),
                ("hospitality", 10),
                ("freight_transport_logistics", 8),
                ("other", 12),
            ],
        ),
        "intra_corporate_transfer": None,
        "research_hosting_agreement": rng.random() < 0.02,
        "posting": None,
        "telework_abroad": None,
    }
    roll = rng.random()
    if roll < 0.03:
        job["intra_corporate_transfer"] = {
            "months_with_group": rng.choice([6, 12, 24, 36]),
            "planned_months": rng.choice([12, 18, 24, 36]),
            "role": rng.choice(["manager", "specialist", "specialist"]),
        }
    elif roll < 0.08:
        job["posting"] = {
            "from_country": "DE",
            "to_country": rng.choice(["FR", "AT", "IN", "US", "CN", "PL"]),
            "start_date": date(start.year + 1, start.month, 1).isoformat(),
            "months": rng.choice([6, 12, 18, 24, 36]),
        }
    elif roll < 0.13:
        job["telework_abroad"] = {
            "country": rng.choice(["PL", "FR", "AT", "NL", "CZ"]),
            "share_percent": rng.choice([20, 30, 40, 60]),
        }
    if rng.random() < 0.1:
        job["end_date"] = _month_end(start.year + rng.randrange(1, 3), start.month).isoformat()
    if rng.random() < 0.03:
        job["ended_early_on"] = (start + timedelta(days=rng.randrange(30, 300))).isoformat()
    person: dict[str, Any] = {
        "nationalities": [nationality],
        "birth_date": date(
            rng.randrange(1965, 2002), rng.randrange(1, 13), rng.randrange(1, 29)
        ).isoformat(),
        "residence_country": nationality if title is None else "DE",
        "german_residence_title": title,
        "move_in_date": (start - timedelta(days=rng.randrange(0, 21))).isoformat()
        if rng.random() < 0.7
        else None,
        "permit_valid_until": _month_end(
            as_of.year + rng.randrange(0, 4), rng.randrange(1, 13)
        ).isoformat()
        if title not in (None, "settlement_permit")
        else None,
        "qualification": {
            "kind": kind,
            "recognition": _weighted(
                rng,
                [
                    ("comparable", 30),
                    ("full", 25),
                    ("not_assessed", 25),
                    ("partial", 15),
                    ("none", 5),
                ],
            ),
            "completed_year": rng.randrange(2000, as_of.year + 1),
            "state_recognised_abroad": rng.random() < 0.9,
            "training_years": rng.choice([2, 3, 3, 4]),
            "experience_years_last_5": rng.randrange(0, 6),
            "experience_years_last_7": rng.randrange(0, 8),
            "shortage_occupation": rng.random() < 0.4,
        },
        "it_experience_years_last_7": rng.choice([0, 0, 2, 3, 5]),
        "german_level": _weighted(
            rng, [(None, 10), ("A1", 20), ("A2", 25), ("B1", 25), ("B2", 15), ("C1", 5)]
        ),
        "english_level": _weighted(
            rng, [(None, 10), ("A2", 10), ("B1", 25), ("B2", 35), ("C1", 20)]
        ),
        "stay_in_germany_months_last_5": rng.choice([0, 0, 0, 6, 12]),
        "spouse_eligible_for_opportunity_card": rng.random() < 0.15,
    }
    return {"as_of": as_of.isoformat(), "person": person, "job": job}


def _measure(label: str, raw: list[dict[str, Any]]) -> float:
    from expatcare.rules.assessment import assess
    from expatcare.rules.io import assessment_to_dict, parse_case

    cases = [parse_case(data) for data in raw]
    started = time.process_time()
    for case in cases:
        assess(case)
    seconds = time.process_time() - started
    sample = cases[:20_000]
    started = time.process_time()
    for case in sample:
        assessment_to_dict(assess(case))
    with_json = (time.process_time() - started) / len(sample)
    print(f"{label}:")
    print(
        f"  assess:                   {len(cases) / seconds:10,.0f} assessments/s "
        f"({seconds:.2f} s for {len(cases):,})"
    )
    print(f"  assess + assessment_to_dict (warm): {1 / with_json:10,.0f} per s")
    return len(cases) / seconds


def main(argv: list[str]) -> int:
    from expatcare.rules.engine import load_parameters
    from expatcare.rules.io import parse_case

    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    total = int(argv[0]) if argv else 100_000
    load_parameters()  # loading the YAML files is a one-off per process, not per assessment
    rng = random.Random(20260301)
    population = [generate_population_case(rng, date(2026, 3, 1)) for _ in range(total)]
    uniform = [generate_case(rng) for _ in range(total)]
    started = time.process_time()
    for data in uniform[:20_000]:
        parse_case(data)
    parse_rate = min(total, 20_000) / (time.process_time() - started)
    print(f"one core, CPU time; {total:,} distinct generated cases per mix, each assessed once")
    print(f"parse_case: {parse_rate:,.0f} cases/s")
    calibration = time.process_time()
    counter = 0
    for number in range(2_000_000):
        counter += number
    print(f"calibration: 2,000,000 loop additions in {time.process_time() - calibration:.2f} s")
    first = _measure("population mix (one tenant re-evaluated on 2026-03-01)", population)
    again = _measure("population mix again (steady state, memo warm)", population)
    worst = _measure("uniform mix (every fact independent, as_of anywhere 2024-2026)", uniform)
    print("budget: >= 20,000 assessments/s on one core; 100,000 in <= 10 s")
    for label, rate in (("population", first), ("steady state", again), ("uniform", worst)):
        verdict = "meets" if rate >= 20_000 else "misses"
        print(
            f"  {label}: {rate:,.0f}/s {verdict} the 20,000/s budget; 100,000 take "
            f"{100_000 / rate:.1f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
