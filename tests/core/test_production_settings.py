"""The production settings pass Django's deployment checks and refuse to start without secrets."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from cryptography.fernet import Fernet


def _check(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A clean environment, as a deployment has: nothing the test run itself sets (database,
    # secrets, or DJANGO_ALLOW_ASYNC_UNSAFE from the browser tests) may leak into the check.
    kept = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "EXPATCARE_VAR_DIR")
    env = {key: os.environ[key] for key in kept if key in os.environ}
    env |= {"DJANGO_SETTINGS_MODULE": "expatcare.settings.production", **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "expatcare.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_without_warnings() -> None:
    result = _check(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "expatcare.example",
            "EMAIL_URL": "smtp://mailer:secret@mail.expatcare.example:587?tls=1",
            "EXPATCARE_SITE_URL": "https://expatcare.example",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secrets_stop_the_start() -> None:
    no_key = _check({"ALLOWED_HOSTS": "expatcare.example"})
    assert no_key.returncode != 0 and "SECRET_KEY must be set" in no_key.stderr
    no_field_keys = _check(
        {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "expatcare.example"}
    )
    assert no_field_keys.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must be set" in no_field_keys.stderr
    secrets_only = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "expatcare.example",
    }
    for console in ({}, {"EMAIL_URL": "console://"}):
        no_mail = _check(secrets_only | console)
        assert no_mail.returncode != 0 and "EMAIL_URL must name an SMTP server" in no_mail.stderr


def test_production_needs_the_public_address() -> None:
    """Development falls back to the local port; production must name its real address."""
    result = _check(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "expatcare.example",
            "EMAIL_URL": "smtp://mailer:secret@mail.expatcare.example:587?tls=1",
        }
    )
    assert result.returncode != 0 and "EXPATCARE_SITE_URL must be set" in result.stderr
