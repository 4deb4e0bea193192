"""Typed readers for environment variables.

Settings are configured only through the environment so that one code base serves the demo,
the tests and production; nothing here reads Django settings, so it is safe at import time.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def writable_directory(path: Path, *, variable: str) -> Path:
    """``path``, created if missing; a clear configuration error when that is impossible.

    Without it the first component to touch the directory (SQLite, the huey queue) fails with
    "unable to open database file" deep inside a traceback that names neither the directory
    nor the variable that chose it.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{variable}={path} cannot be used: the directory does not exist and cannot be "
            f"created ({exc.strerror}). Create it or point {variable} at a writable directory."
        ) from exc
    if not os.access(path, os.W_OK | os.X_OK):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{variable}={path} is not writable by this user. "
            f"Point {variable} at a writable directory."
        )
    return path


def secret_key_from_file(path: Path) -> str:
    """Return a persistent secret key for the embedded demo, generating it on first use.

    The demo must survive restarts without logging everybody out, yet no secret may live in
    the repository; a file under ``var/`` (git-ignored) satisfies both.
    """
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def email_settings_from_url(url: str) -> dict[str, object]:
    """Translate ``EMAIL_URL`` (``smtp://user:pass@host:port?tls=1``) into Django settings."""
    parsed = urlparse(url)
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    scheme = parsed.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme not in {"smtp", "smtps"}:
        raise ValueError(f"EMAIL_URL: unsupported scheme {scheme!r} (use smtp, smtps, console)")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", "0") in {"1", "true", "yes"},
        "EMAIL_TIMEOUT": 10,
    }
