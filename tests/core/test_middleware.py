"""Server timing, the health probe and the benchmark's reference page."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse

from expatcare.core.middleware import ServerTimingMiddleware
from expatcare.demo.bench_views import bare_people
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


def test_reference_page_is_not_routed_by_the_product_urls(monkeypatch) -> None:
    """Only the benchmark's settings route the page; no environment variable brings it back."""
    monkeypatch.setenv("EXPATCARE_BENCH_REFERENCE", "1")
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")
    assert Client().get("/bench/bare/").status_code in {302, 404}


@override_settings(ROOT_URLCONF="expatcare.demo.bench_urls")
def test_benchmark_urls_route_the_reference_page_beside_the_product() -> None:
    assert reverse("bench_bare") == "/bench/bare/"
    assert reverse("health") == "/health/"


def test_reference_page_renders_fifty_rows() -> None:
    for index in range(55):
        PersonFactory(last_name=f"Row{index:02d}", nationalities=[])
    response = bare_people(RequestFactory().get("/bench/bare/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<tr><td>") == 50
    assert "Row49" in body
    assert "Row50" not in body
