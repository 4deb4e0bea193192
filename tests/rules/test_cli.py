"""The command line: JSON and text output, exit codes, lazy pension import."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from expatcare.rules.cli import main

CASE = {
    "as_of": "2026-03-01",
    "person": {
        "nationalities": ["IN"],
        "birth_date": "1991-04-02",
        "qualification": {"kind": "academic", "recognition": "comparable"},
    },
    "job": {
        "state": "BY",
        "start_date": "2026-06-01",
        "annual_gross_salary_eur": "52000",
        "weekly_hours": 40,
    },
}


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_assess_json_from_file(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    code, out, err = _run(["assess", str(path)])
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["recommended"] == "DE_BLUE_CARD"


def test_assess_from_stdin_keeps_decimals_exact() -> None:
    text = json.dumps(CASE).replace('"52000"', "52000.10")
    code, out, _ = _run(["assess", "-"], stdin=text)
    assert code == 0
    assert json.loads(out)["recommended"] == "DE_BLUE_CARD"


@pytest.mark.parametrize(("lang", "heading"), [("en", "Assessment"), ("de", "Prüfergebnis")])
def test_assess_text_report(lang: str, heading: str) -> None:
    code, out, _ = _run(["assess", "-", "--format", "text", "--lang", lang], stdin=json.dumps(CASE))
    assert code == 0
    assert out.startswith(heading)
    assert "DEUEV_REGISTRATION" in out and "2026-07-13" in out


@pytest.mark.parametrize(
    ("argv", "stdin", "expected"),
    [
        (["assess", "-"], "{not json", "malformed JSON"),
        (["assess", "-"], "[1, 2]", "JSON object"),
        (["assess", "/nonexistent/case.json"], "", "cannot read"),
        (["assess"], "", "error:"),
        (["assess", "-", "--format", "pdf"], "", "error:"),
        (["frobnicate", "-"], "", "error:"),
    ],
)
def test_bad_invocations_exit_2(argv: list[str], stdin: str, expected: str) -> None:
    code, out, err = _run(argv, stdin)
    assert code == 2 and out == ""
    assert expected in err


def test_pension_is_imported_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "expatcare.rules.pension", None)
    code, _, err = _run(["pension", "-"], stdin="{}")
    assert code == 1 and "not available" in err
    code, out, _ = _run(["assess", "-"], stdin=json.dumps(CASE))
    assert code == 0 and out


def test_pension_command_delegates(monkeypatch: pytest.MonkeyPatch) -> None:
    class Fake:
        @staticmethod
        def evaluate_json(data: dict[str, object]) -> dict[str, object]:
            return {"year": 2026, "echo": sorted(data)}

        @staticmethod
        def render_text(result: dict[str, object], lang: str) -> str:
            return f"{lang}: {result['year']}\n"

    monkeypatch.setitem(sys.modules, "expatcare.rules.pension", Fake)
    code, out, _ = _run(["pension", "-"], stdin='{"as_of": "2026-03-01"}')
    assert code == 0 and json.loads(out) == {"year": 2026, "echo": ["as_of"]}
    code, out, _ = _run(["pension", "-", "--format", "text", "--lang", "de"], stdin="{}")
    assert out == "de: 2026\n"
