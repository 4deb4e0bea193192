"""A service the product depends on is away: 503 with Retry-After, misses, a health report.

These simulate the outage inside one process (a cursor that fails, a Redis port nobody
listens on); ``tests/faults`` stops real servers under load.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, override_settings
from huey.contrib.djhuey import HUEY
from redis.exceptions import ConnectionError as RedisConnectionError

from expatcare.accounts.roles import Role
from expatcare.core.cache import ForgivingRedisCache
from expatcare.web import views as web_views
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A loopback port nothing listens on (bound once, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cut_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on every new cursor fails as PostgreSQL's does while it restarts."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused: the database system is shutting down")

    monkeypatch.setattr(connection, "cursor", refuse)


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    cut_database(monkeypatch)
    yield
    monkeypatch.undo()


def assert_unavailable(response: Any, *, json: bool) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(web_views.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "Traceback" not in body and "OperationalError" not in body
    if json:
        assert response.json()["code"] == "service_unavailable"
        assert response.json()["detail"]
    else:
        assert response["Content-Type"].startswith("text/html")
        assert "<h1>" in body


def test_pages_answer_503_when_the_database_is_down_before_the_view(
    tenant: Tenant, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session and the membership are read in middleware: the outage is met there."""
    client = client_for(Role.HR)
    client.raise_request_exception = False
    cut_database(monkeypatch)
    assert_unavailable(client.get("/people/"), json=False)
    assert_unavailable(client.post("/people/new/", {"first_name": "A"}), json=False)


def test_api_answers_503_problem_when_the_database_is_down(
    tenant: Tenant, bearer_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = bearer_for(Role.HR)
    client.raise_request_exception = False
    cut_database(monkeypatch)
    assert_unavailable(client.get("/api/v1/people"), json=True)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_connection_lost_inside_the_view_is_503(
    tenant: Tenant, client_for, bearer_for, monkeypatch: pytest.MonkeyPatch, error: type
) -> None:
    from expatcare.people import selectors

    def lost(**kwargs: Any) -> Any:
        raise error("server closed the connection unexpectedly")

    page, api = client_for(Role.HR), bearer_for(Role.HR)
    monkeypatch.setattr(selectors, "person_list", lost)
    page.raise_request_exception = api.raise_request_exception = False
    assert_unavailable(page.get("/people/"), json=False)
    assert_unavailable(api.get("/api/v1/people"), json=True)


def test_other_errors_stay_500_without_a_traceback(
    tenant: Tenant, client_for, bearer_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    from expatcare.people import selectors

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    page, api = client_for(Role.HR), bearer_for(Role.HR)
    monkeypatch.setattr(selectors, "person_list", broken)
    page.raise_request_exception = api.raise_request_exception = False
    answer = page.get("/people/")
    assert answer.status_code == 500 and "Retry-After" not in answer
    assert "RuntimeError" not in answer.content.decode()
    answer = api.get("/api/v1/people")
    assert answer.status_code == 500 and answer.json() == {"detail": "Serverfehler."}


def test_health_reports_each_service() -> None:
    answer = Client().get("/health/")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "cache": "ok", "queue": "ok"}


def test_health_is_503_while_the_database_is_down(database_down: None) -> None:
    answer = Client().get("/health/")
    assert answer.status_code == 503
    assert answer["Retry-After"] == str(web_views.RETRY_AFTER_SECONDS)
    assert answer.json()["status"] == "unavailable"
    assert answer.json()["database"] == "unreachable"


def test_health_is_degraded_while_redis_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    location = f"redis://127.0.0.1:{closed_port()}/0"
    backend = {"BACKEND": "expatcare.core.cache.ForgivingRedisCache", "LOCATION": location}

    def queue_down() -> int:
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(HUEY, "pending_count", queue_down)
    with override_settings(CACHES={"default": backend}):
        answer = Client().get("/health/")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "unreachable",
        "queue": "unreachable",
    }


def test_forgiving_cache_misses_while_redis_is_unreachable(
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = ForgivingRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 1}}
    )
    with caplog.at_level(logging.ERROR, logger="expatcare.cache"):
        assert cache.get("figures", "missed") == "missed"
        cache.set("figures", 1)
        assert cache.get_or_set("version", 1, None) == 1
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("a", 1) is False
        assert cache.delete("a") is False
        with pytest.raises(ValueError, match="unreachable"):
            cache.incr("version")
    assert cache.is_down
    # One line for the outage, not one per call.
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
    assert "cache unreachable" in caplog.records[0].message
    with pytest.raises(RedisConnectionError):
        cache.ping()


def test_the_api_document_declares_503_with_retry_after_everywhere() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    operations = [
        operation
        for methods in document["paths"].values()
        for operation in methods.values()
        if isinstance(operation, dict) and "responses" in operation
    ]
    assert operations
    for operation in operations:
        declared = operation["responses"]["503"]
        assert "Retry-After" in declared["headers"], operation["operationId"]
