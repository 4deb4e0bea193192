"""Engine texts name dates and fields as a reader knows them (issue 10, defect 7).

A duty moved off a weekend or holiday once said "(see moved_from)": the moved-from date is now
a parameter shown in the reader's date format. A finding about a missing fact once said
"job.start_date: is required (ISO date YYYY-MM-DD)": it now names the field by the label the
person form gives it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation
from django.utils.formats import date_format

from expatcare.compliance.messages import ASSESSMENT_MISSING_FACT
from expatcare.engine.contracts import assess_json
from expatcare.engine.messages import render_message, render_message_html

SCENARIO = (
    Path(__file__).resolve().parents[1]
    / "rules"
    / "scenarios"
    / "assess"
    / "deadline_saturday_moves_to_monday.yaml"
)


def _moved_obligation() -> dict[str, Any]:
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    result = assess_json(data["input"])
    moved = [o for o in result["obligations"] if o.get("moved_from")]
    assert moved, "the scenario moves at least one deadline"
    found: dict[str, Any] = moved[0]
    return found


@pytest.mark.parametrize("language", ["de", "en", "uk"])
def test_a_moved_duty_shows_the_planned_date_not_the_key(language: str) -> None:
    obligation = _moved_obligation()
    planned = dt.date.fromisoformat(str(obligation["moved_from"]))
    message = obligation["message"]
    with translation.override(language):
        text = render_message(message)
        html = str(render_message_html(message))
        shown = str(date_format(planned, "SHORT_DATE_FORMAT"))
    assert "moved_from" not in text and "moved_from" not in html
    assert planned.isoformat() not in text
    assert shown in text and shown in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Der geplante Termin fällt auf einen Samstag oder Sonntag (06.03.2027)"),
        ("en", "The planned date falls on a Saturday or Sunday (03/06/2027)"),
    ],
)
def test_a_renewal_moved_earlier_shows_the_planned_date(language: str, expected: str) -> None:
    message = {
        "code": "obligation.renewal_moved_earlier.weekend",
        "params": {
            "duty": {"code": "obligation.passport_renewal", "params": {"weeks": "12"}},
            "moved_from": "2027-03-06",
        },
    }
    with translation.override(language):
        text = render_message(message)
    assert "moved_from" not in text
    assert expected in text


@pytest.mark.parametrize(
    ("language", "label"),
    [("de", "Beginn"), ("en", "Start date")],
)
def test_a_missing_fact_is_named_by_its_label(language: str, label: str) -> None:
    message = {"code": ASSESSMENT_MISSING_FACT, "params": {"fact": "job.start_date"}}
    with translation.override(language):
        text = render_message(message)
    assert "job.start_date" not in text and "ISO" not in text
    assert f": {label} (" in text


def test_an_unknown_fact_path_is_shown_as_the_engine_wrote_it() -> None:
    message = {"code": ASSESSMENT_MISSING_FACT, "params": {"fact": "job.something_new"}}
    with translation.override("de"):
        assert "job.something_new" in render_message(message)
