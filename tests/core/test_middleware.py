"""Server timing, the health probe and the benchmark's reference page."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from expatcare.core.bench_views import bare_people, reference_enabled
from expatcare.core.middleware import ServerTimingMiddleware
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
TIMING = re.compile(r"^app;dur=\d+\.\d{2}$")


def test_health_answers_200_with_server_timing() -> None:
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert TIMING.match(response.headers["Server-Timing"])


def test_pages_behind_login_carry_the_header_too() -> None:
    response = Client().get("/org/")
    assert TIMING.match(response.headers["Server-Timing"])


def test_existing_server_timing_entries_are_kept() -> None:
    def view(request):
        response = HttpResponse("ok")
        response.headers["Server-Timing"] = "db;dur=1.5"
        return response

    response = ServerTimingMiddleware(view)(RequestFactory().get("/"))
    first, second = response.headers["Server-Timing"].split(", ")
    assert first == "db;dur=1.5"
    assert TIMING.match(second)


def test_reference_page_is_not_routed_without_the_benchmark_variable(monkeypatch) -> None:
    monkeypatch.delenv("EXPATCARE_BENCH_REFERENCE", raising=False)
    assert not reference_enabled()
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")
    assert Client().get("/bench/bare/").status_code in {302, 404}


def test_reference_page_renders_fifty_rows(monkeypatch) -> None:
    monkeypatch.setenv("EXPATCARE_BENCH_REFERENCE", "1")
    assert reference_enabled()
    for index in range(55):
        PersonFactory(last_name=f"Row{index:02d}", nationalities=[])
    response = bare_people(RequestFactory().get("/bench/bare/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<tr><td>") == 50
    assert "Row49" in body
    assert "Row50" not in body
