"""The comparison tool itself: what it reports as a difference and what it leaves alone."""

from __future__ import annotations

from tests.rules.compare_outputs import _prune, additions, category, diff, digest

OLD = {
    "ruleset_version": "0.1.0+aaa",
    "obligations": [{"code": "PERMIT_RENEWAL", "due": "2026-01-03", "legal_basis": "§ 81"}],
    "trace": [{"parameter": "x", "value": "1"}],
}


def test_differences_name_the_field_and_the_code() -> None:
    new = {
        "ruleset_version": "0.1.0+bbb",
        "obligations": [{"code": "PERMIT_RENEWAL", "due": "2026-01-02", "legal_basis": "§ 81"}],
        "trace": [],
    }
    found = list(diff(OLD, new))
    assert found == [("obligations[PERMIT_RENEWAL].due", "'2026-01-03' -> '2026-01-02'")]
    assert category(found[0][0]) == "obligations[PERMIT_RENEWAL].due"
    assert category("trace[3].value") == "trace.value"


def test_new_keys_and_messages_are_additions_not_differences() -> None:
    new = {
        "ruleset_version": "0.1.0+aaa",
        "obligations": [
            {
                "code": "PERMIT_RENEWAL",
                "due": "2026-01-03",
                "legal_basis": "§ 81",
                "message": {"code": "obligation.permit_renewal", "params": {}},
                "parameters": [],
            }
        ],
        "trace": [{"parameter": "x", "value": "1"}],
    }
    assert list(diff(OLD, new)) == []
    assert digest(OLD) == digest(_prune(OLD, new))
    assert set(additions(OLD, new)) == {"obligations[].parameters"}


def test_a_different_list_of_codes_is_one_difference() -> None:
    new = {**OLD, "obligations": []}
    assert list(diff(OLD, new)) == [("obligations", "list differs: ['PERMIT_RENEWAL'] -> []")]
