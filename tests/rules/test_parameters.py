"""Parameter files: strict schema, dated coverage, and a loader that refuses bad data."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from expatcare.rules.engine import DEFAULT_ROOT, Citation, load_parameters, money
from expatcare.rules.errors import OutOfRange, ParameterFileError, ParameterMissing
from expatcare.rules.messages import TEMPLATES

#: Parameters of provisions that took effect inside the covered window, each with the flag that
#: tells the rules whether the provision exists on a date (OpenFisca's dated-formula idea).
LATER_PROVISIONS = {
    "de.residence.opportunity_card_min_points": "de.residence.opportunity_card_in_force",
    "de.residence.opportunity_card_points": "de.residence.opportunity_card_in_force",
    "de.residence.opportunity_card_languages": "de.residence.opportunity_card_in_force",
    "de.residence.opportunity_card_max_weekly_hours": "de.residence.opportunity_card_in_force",
    "de.residence.recognition_partnership_min_german": (
        "de.residence.recognition_partnership_in_force"
    ),
    "de.pension.small_amount_settlement.consent_pension_share": (
        "de.pension.small_amount_settlement.consent_route_in_force"
    ),
    "de.pension.small_amount_settlement.consent_capital_factor": (
        "de.pension.small_amount_settlement.consent_route_in_force"
    ),
}
STABLE_NAMES = ("de.social_security.bbg_pension", "de.social_security.bezugsgroesse")


def test_every_file_loads_under_the_strict_schema() -> None:
    parameters = load_parameters(DEFAULT_ROOT)  # uncached: validates every file again
    assert len(parameters.names) >= 60
    files = [p for p in DEFAULT_ROOT.rglob("*.yaml") if p.name != "coverage.yaml"]
    assert len(files) == len(parameters.names)


@pytest.mark.parametrize("day", [date(2024, 1, 1), date(2025, 1, 1), date(2026, 1, 1)])
def test_every_parameter_resolves_on_new_year(day: date) -> None:
    parameters = load_parameters()
    snapshot = parameters.at(day)
    for name in parameters.names:
        if name in snapshot:
            parameter = snapshot[name]
            assert parameter.valid_from <= day
            assert parameter.reference.href.startswith("https://")
            continue
        flag = LATER_PROVISIONS.get(name)
        assert flag is not None, f"{name} does not resolve on {day}"
        assert snapshot.value(flag) is False, f"{name} missing although {flag} is true"


def test_money_parameters_are_decimals() -> None:
    parameters = load_parameters()
    snapshot = parameters.at(date(2026, 1, 1))
    for name in parameters.names:
        if name in snapshot and snapshot[name].unit.startswith("EUR"):
            assert isinstance(snapshot.value(name), Decimal), name


def test_unverified_values_say_what_to_check() -> None:
    parameters = load_parameters()
    for name in parameters.names:
        for _, parameter in parameters.history(name):
            if parameter is not None and not parameter.verified:
                assert parameter.open_question, name
                assert parameter.open_question_message in TEMPLATES, name
                assert parameter.searched, name


def test_known_values() -> None:
    snapshot = load_parameters().at(date(2026, 3, 1))
    assert snapshot.value("de.residence.blue_card_salary_standard") == Decimal("50700")
    assert snapshot.value("de.residence.blue_card_salary_reduced") == Decimal("45934.20")
    assert snapshot.value("de.employment.minimum_wage_hourly") == Decimal("13.90")
    assert snapshot.value("de.social_security.jaeg") == Decimal("77400")
    assert snapshot.value("de.obligations.deuev_registration_weeks") == 6
    older = load_parameters().at(date(2024, 7, 1))
    assert older.value("de.social_security.bbg_pension") == Decimal("90600")
    assert older.value("de.residence.western_balkans_quota") == 50000


def test_derived_thresholds_match_the_pension_ceiling() -> None:
    parameters = load_parameters()
    for year in (2024, 2025, 2026):
        snapshot = parameters.at(date(year, 6, 1))
        bbg = snapshot.value("de.social_security.bbg_pension")
        assert snapshot.value("de.residence.blue_card_salary_standard") == bbg * Decimal("0.5")
        assert snapshot.value("de.residence.blue_card_salary_reduced") == bbg * Decimal("0.453")
        assert snapshot.value("de.residence.age_45_salary_threshold") == bbg * Decimal("0.55")
        assert snapshot.value("de.residence.experience_salary_threshold") == bbg * Decimal("0.45")


def test_stable_names_for_the_pension_calculator() -> None:
    snapshot = load_parameters().at(date(2025, 1, 1))
    for name in STABLE_NAMES:
        assert snapshot[name].unit == "EUR/year"


def test_sofortmeldung_list_changed_on_1_january_2026() -> None:
    parameters = load_parameters()
    before = set(parameters.at(date(2025, 12, 31)).value("de.obligations.sofortmeldung_industries"))
    after = set(parameters.at(date(2026, 1, 1)).value("de.obligations.sofortmeldung_industries"))
    assert after - before == {"hairdressing_cosmetics"}
    assert before - after == {"forestry", "butchers_trade"}


@pytest.mark.parametrize("day", [date(2023, 12, 31), date(2027, 1, 1), date(2027, 3, 1)])
def test_dates_outside_the_window_are_refused(day: date) -> None:
    with pytest.raises(OutOfRange) as raised:
        load_parameters().at(day)
    assert raised.value.field == "as_of"
    assert "known: 2024-01-01..2026-12-31" in str(raised.value)


def test_snapshot_is_cached_per_date_and_missing_names_raise() -> None:
    parameters = load_parameters()
    assert parameters.at(date(2026, 2, 1)) is parameters.at(date(2026, 2, 1))
    with pytest.raises(ParameterMissing):
        parameters.at(date(2026, 2, 1))["de.nothing.here"]


def test_ruleset_version_changes_with_the_files(tmp_path: Path) -> None:
    root = _root(tmp_path, VALID)
    first = load_parameters(root).ruleset_version
    (root / "de" / "t" / "x.yaml").write_text(VALID.replace('"100"', '"101"'), encoding="utf-8")
    assert load_parameters(root).ruleset_version != first


def test_money_helper() -> None:
    assert money("1.005") == Decimal("1.01")
    assert money(7) == Decimal("7.00")
    assert money(Decimal("2.344")) == Decimal("2.34")
    with pytest.raises(TypeError):
        money(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a decimal"):
        money("abc")


# --------------------------------------------------------------------------- bad files

COVERAGE = "description: test\nknown_from: 2024-01-01\nknown_until: 2026-12-31\n"
VALID = textwrap.dedent(
    """\
    description: A test value
    description_de: Ein Testwert
    unit: EUR/year
    values:
      2024-01-01:
        value: "100"
        reference: {title: T, href: "https://example.org/x", legal_basis: "§ 1 X"}
        last_reviewed_on: 2026-01-01
        verified: true
    """
)

NO_REFERENCE = "".join(line for line in VALID.splitlines(keepends=True) if "reference" not in line)


def _root(tmp_path: Path, body: str, name: str = "x.yaml") -> Path:
    root = tmp_path / "parameters"
    (root / "de" / "t").mkdir(parents=True)
    (root / "coverage.yaml").write_text(COVERAGE, encoding="utf-8")
    (root / "de" / "t" / name).write_text(body, encoding="utf-8")
    return root


def test_valid_file_loads(tmp_path: Path) -> None:
    parameters = load_parameters(_root(tmp_path, VALID))
    parameter = parameters.at(date(2025, 1, 1))["de.t.x"]
    assert parameter.value == Decimal("100")
    assert parameter.reference == Citation("T", "https://example.org/x", "§ 1 X")


UNVERIFIED = (
    "verified: false\n    open_question: Q\n    open_question_message: question.x\n"
    "    searched: [a]"
)


def test_unverified_entries_carry_question_message_and_searched_sources(tmp_path: Path) -> None:
    body = VALID.replace("verified: true", UNVERIFIED)
    (parameter,) = [p for _, p in load_parameters(_root(tmp_path, body)).history("de.t.x")]
    assert parameter is not None
    assert (parameter.open_question, parameter.open_question_message) == ("Q", "question.x")
    assert parameter.searched == ("a",)


def test_verified_entries_name_what_they_were_checked_against(tmp_path: Path) -> None:
    body = VALID.replace("verified: true", "verified: true\n    verified_against: [gh:x@1:a.md]")
    (parameter,) = [p for _, p in load_parameters(_root(tmp_path, body)).history("de.t.x")]
    assert parameter is not None and parameter.verified_against == ("gh:x@1:a.md",)


def test_only_unresolved_questions_stay_unverified() -> None:
    """The legal verification of 2026-12-04 left one question open (and one date rests on a
    single source): every other dated value is verified."""
    unverified = {
        (name, parameter.valid_from.isoformat())
        for name in load_parameters().names
        for _, parameter in load_parameters().history(name)
        if parameter is not None and not parameter.verified
    }
    assert unverified == {
        ("de.pension.totalisation.tca_pension_states", "2024-01-01"),
        ("de.social_security.telework_framework_signatories", "2024-05-01"),
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (VALID + "extra: 1\n", "unknown top-level key"),
        (VALID.replace("unit: EUR/year\n", ""), "missing top-level key"),
        (VALID.replace('value: "100"', "value: 100.5"), "float"),
        (VALID.replace('value: "100"', "value: 100"), "money must be a quoted decimal string"),
        (VALID.replace('value: "100"', 'value: "abc"'), "not a decimal number"),
        (NO_REFERENCE, "missing key(s) ['reference']"),
        (VALID.replace('legal_basis: "§ 1 X"', 'legal_basis: ""'), "non-empty string"),
        (VALID.replace("https://example.org/x", "example.org/x"), "http(s) URL"),
        (VALID.replace("  2024-01-01:", "  someday:"), "ISO date"),
        (VALID.replace("verified: true", "verified: false"), "open_question"),
        (
            VALID.replace("verified: true", "verified: false\n    open_question: Which year?"),
            "['open_question_message', 'searched']",
        ),
        (
            VALID.replace("verified: true", UNVERIFIED.replace("question.x", "x")),
            "expected question.<code>",
        ),
        (VALID.replace("verified: true", UNVERIFIED.replace("[a]", "[]")), "at least one source"),
        (VALID.replace("verified: true", "verified: true\n    open_question: Q"), "cannot have"),
        (VALID.replace("verified: true", "verified: true\n    verified_against: 3"), "list of"),
        (VALID.replace("verified: true", "verified: true\n    colour: red"), "unknown key"),
        (VALID + "  2025-01-01: null\n  2025-01-01: null\n", "duplicate key"),
        ("values: [1, 2]\n", "missing top-level key"),
        ("- just a list\n", "expected a mapping"),
        ("key: [unclosed\n", "invalid YAML"),
    ],
)
def test_loader_rejects_bad_files(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ParameterFileError) as raised:
        load_parameters(_root(tmp_path, body))
    assert message in str(raised.value)
    assert "x.yaml" in str(raised.value)


def test_loader_rejects_null_first_entry_and_missing_coverage(tmp_path: Path) -> None:
    body = VALID.replace("  2024-01-01:\n", "  2023-01-01: null\n  2024-01-01:\n")
    with pytest.raises(ParameterFileError, match="first dated entry"):
        load_parameters(_root(tmp_path, body))
    root = tmp_path / "empty"
    root.mkdir()
    with pytest.raises(ParameterFileError, match="coverage"):
        load_parameters(root)


def test_null_ends_a_period(tmp_path: Path) -> None:
    parameters = load_parameters(_root(tmp_path, VALID + "  2025-01-01: null\n"))
    assert "de.t.x" in parameters.at(date(2024, 6, 1))
    assert "de.t.x" not in parameters.at(date(2025, 6, 1))


def test_yml_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParameterFileError, match=r"\.yaml extension"):
        load_parameters(_root(tmp_path, VALID, name="x.yml"))
