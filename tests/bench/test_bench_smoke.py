"""The web benchmark's helpers on synthetic data; the benchmark itself runs via ``make bench``."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).with_name("bench_web.py")
_SPEC = importlib.util.spec_from_file_location("bench_web", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
bench_web = importlib.util.module_from_spec(_SPEC)
sys.modules.setdefault("bench_web", bench_web)
_SPEC.loader.exec_module(bench_web)


def test_percentile_interpolates_between_ranks():
    values = [float(v) for v in range(1, 101)]
    assert bench_web.percentile(values, 50) == pytest.approx(50.5)
    assert bench_web.percentile(values, 95) == pytest.approx(95.05)
    assert bench_web.percentile([7.0], 95) == 7.0
    assert math.isnan(bench_web.percentile([], 50))
    assert bench_web.percentile([3.0, 1.0, 2.0], 0) == 1.0


def test_server_timing_header_is_parsed():
    assert bench_web.parse_server_timing("app;dur=12.34") == pytest.approx(12.34)
    assert bench_web.parse_server_timing("db;dur=1, app;dur=3.5") == pytest.approx(3.5)
    assert bench_web.parse_server_timing("db;dur=1") is None
    assert bench_web.parse_server_timing(None) is None


def _page_result(key, values):
    page = next(p for p in bench_web.PAGES if p.key == key)
    result = bench_web.PageResult(page)
    result.server_ms = list(values)
    result.client_ms = [v + 1 for v in values]
    return result


def _run(
    size, *, list_ms, rss_mb=90, api_rps=500.0, html_rps=300.0, demo_s=30.0, compliance_ms=10.0
):
    run = bench_web.RunResult(database="sqlite", size=size, demo_seconds=demo_s)
    run.pages = {
        "bare": _page_result("bare", [4.0] * 20),
        "dashboard": _page_result("dashboard", [10.0] * 20),
        "compliance": _page_result("compliance", [compliance_ms] * 20),
        "people_list": _page_result("people_list", [list_ms] * 20),
        "person": _page_result("person", [8.0] * 20),
        "api_list": bench_web.PageResult(next(p for p in bench_web.PAGES if p.key == "api_list")),
    }
    run.pages["api_list"].problem = "missing"
    run.throughput = {"bare": 400.0, "api_list": None, "people_list": html_rps}
    run.rss_kb = [rss_mb * 1024, 80 * 1024]
    return run


def test_budgets_pass_fail_and_missing():
    small = _run(10_000, list_ms=12.0)
    large = _run(100_000, list_ms=30.0, rss_mb=130, demo_s=400.0)
    verdicts = {b.name: b.verdict for b in bench_web.evaluate_budgets([small, large])}
    assert verdicts["sqlite 10,000: people_list server p95"] == "PASS"
    assert verdicts["sqlite 10,000: dashboard server p95"] == "PASS"
    assert verdicts["sqlite 10,000: compliance server p95"] == "PASS"
    assert verdicts["sqlite 10,000: api_list server p95"] == "MISSING"
    assert verdicts["sqlite 10,000: demo --people"] == "PASS"
    assert verdicts["sqlite 10,000: people_list throughput"] == "PASS"
    assert verdicts["sqlite 10,000: api_list throughput"] == "MISSING"
    # 30 ms against 12 ms is 2.5x: beyond the allowed 1.5x.
    assert verdicts["sqlite 100,000: people_list p95 vs 10,000"] == "FAIL"
    assert verdicts["sqlite 100,000: person p95 vs 10,000"] == "PASS"
    assert verdicts["sqlite 100,000: worker RSS"] == "FAIL"
    assert verdicts["sqlite 100,000: demo --people"] == "PASS"


def test_compliance_dashboard_has_the_dashboard_budget():
    """The compliance dashboard is measured and held to 40 ms at p95, like the dashboard."""
    assert any(p.key == "compliance" and p.path == "/compliance/" for p in bench_web.PAGES)
    slow = _run(10_000, list_ms=12.0, compliance_ms=41.0)
    fast = _run(10_000, list_ms=12.0, compliance_ms=39.0)
    name = "sqlite 10,000: compliance server p95"
    assert {b.name: b.verdict for b in bench_web.evaluate_budgets([slow])}[name] == "FAIL"
    assert {b.name: b.verdict for b in bench_web.evaluate_budgets([fast])}[name] == "PASS"
    large = _run(100_000, list_ms=12.0, compliance_ms=20.0)
    scaled = {b.name: b.verdict for b in bench_web.evaluate_budgets([fast, large])}
    assert scaled["sqlite 100,000: compliance p95 vs 10,000"] == "PASS"  # 20 against 39 ms


def test_reports_print_every_page_and_budget():
    run = _run(10_000, list_ms=12.0)
    text = bench_web.report_run(run)
    assert "bare Django, 50 rows (reference)" in text
    assert "MISSING" in text
    assert "3.0x" in text  # 12 ms against the 4 ms bare page
    budgets = bench_web.evaluate_budgets([run])
    table = bench_web.report_budgets(budgets)
    assert len(table.strip().splitlines()) == len(budgets) + 1  # header and one line each
    assert "PASS" in table and "MISSING" in table


def test_quick_mode_is_small():
    args = bench_web.parse_args(["--quick"])
    assert args.size_list == [1000]
    assert args.database_list == ["sqlite"]
    assert args.requests == 50
    with pytest.raises(SystemExit):
        bench_web.parse_args(["--databases", "oracle"])


def test_care_and_eligibility_pages_have_their_budgets():
    """Issues 13 and 10: the provider's enrolment list is requested as the provider and held
    to 25 ms; the cost report and the pre-filled eligibility check to 40 ms."""
    pages = {p.key: p for p in bench_web.PAGES}
    assert pages["care_provider"].role == "provider"
    assert pages["eligibility"].path == "/eligibility/?person={id}"
    run = _run(10_000, list_ms=12.0)
    run.pages["care_provider"] = _page_result("care_provider", [26.0] * 20)
    run.pages["eligibility"] = _page_result("eligibility", [39.0] * 20)
    run.pages["care_costs"] = _page_result("care_costs", [41.0] * 20)
    verdicts = {b.name: b.verdict for b in bench_web.evaluate_budgets([run])}
    assert verdicts["sqlite 10,000: care_provider server p95"] == "FAIL"
    assert verdicts["sqlite 10,000: eligibility server p95"] == "PASS"
    assert verdicts["sqlite 10,000: care_costs server p95"] == "FAIL"


def test_a_page_without_its_login_is_missing_not_failed():
    page = next(p for p in bench_web.PAGES if p.role == "provider")
    result = bench_web.start_page(None, page, [1, 2])
    assert result.problem == "no provider login"
    assert not result.ok
