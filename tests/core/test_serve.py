"""What ``expatcare serve`` does before it hands over to gunicorn."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management.base import OutputWrapper

from expatcare.accounts.models import Organization
from expatcare.demo.logins import DEMO_LOGINS, PASSWORD_FILE_NAME
from expatcare.demo.management.commands.serve import gunicorn_argv, prepare
from expatcare.people.models import Person
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path, monkeypatch):
    # prepare() may set the site address in the environment: undo it after each test.
    monkeypatch.setenv("EXPATCARE_SITE_URL", "")
    settings.EXPATCARE_SITE_URL = "http://127.0.0.1:8000"
    settings.VAR_DIR = tmp_path
    settings.EXPATCARE_DEMO_PASSWORD = ""
    return tmp_path


def run_prepare() -> tuple[str, object]:
    out = StringIO()
    prepared = prepare(
        stdout=OutputWrapper(out), host="127.0.0.1", port=8123, migrate=False, collectstatic=False
    )
    return out.getvalue(), prepared


def test_empty_database_gets_the_demo_and_prints_url_logins_and_password(var_dir) -> None:
    output, prepared = run_prepare()
    assert prepared.demo_loaded  # type: ignore[attr-defined]
    assert Person.objects.count() == 25
    assert "http://127.0.0.1:8123/" in output
    for login in DEMO_LOGINS:
        assert login.email in output
    password = (var_dir / PASSWORD_FILE_NAME).read_text().strip()
    assert f"Password: {password}" in output


def test_second_run_keeps_the_data_and_prints_the_same_password(var_dir) -> None:
    first, _ = run_prepare()
    second, prepared = run_prepare()
    assert not prepared.demo_loaded  # type: ignore[attr-defined]
    assert Person.objects.count() == 25
    password = (var_dir / PASSWORD_FILE_NAME).read_text().strip()
    assert f"Password: {password}" in first
    assert f"Password: {password}" in second


def test_existing_organisation_means_no_demo_is_loaded() -> None:
    OrganizationFactory(name="Real Customer GmbH", slug="real-customer")
    output, prepared = run_prepare()
    assert not prepared.demo_loaded  # type: ignore[attr-defined]
    assert list(Organization.objects.values_list("slug", flat=True)) == ["real-customer"]
    assert Person.objects.count() == 0
    assert "http://127.0.0.1:8123/" in output
    assert "hr@demo.example" not in output


def test_gunicorn_command_line() -> None:
    argv = gunicorn_argv(host="127.0.0.1", port=8000, workers=3)
    assert argv[1:4] == ["-m", "gunicorn", "expatcare.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8000"
    assert argv[argv.index("--workers") + 1] == "3"
    assert "--access-logfile" not in argv
    assert gunicorn_argv(host="::1", port=80, workers=1)[5] == "[::1]:80"


def test_links_default_to_the_port_the_server_runs_on() -> None:
    """Exports, feeds and invitation e-mails build links from EXPATCARE_SITE_URL."""
    from expatcare.accounts.services import invitation_accept_url

    run_prepare()
    assert os.environ["EXPATCARE_SITE_URL"] == "http://127.0.0.1:8123"
    assert invitation_accept_url("abc").startswith("http://127.0.0.1:8123/org/invitations/")


def test_an_explicit_site_url_is_kept(monkeypatch, settings) -> None:
    monkeypatch.setenv("EXPATCARE_SITE_URL", "https://hr.example.com")
    settings.EXPATCARE_SITE_URL = "https://hr.example.com"
    run_prepare()
    assert os.environ["EXPATCARE_SITE_URL"] == "https://hr.example.com"
