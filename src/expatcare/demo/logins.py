"""The demo logins and their password: given, configured, or generated once and kept.

Split from the demo tenant so that ``serve`` can print the logins without loading the seed
data, and so that the password rules (never printed unless generated here) sit in one place.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

from expatcare.accounts.roles import Role

PASSWORD_FILE_NAME = "demo_password"


class DemoLogin(NamedTuple):
    email: str
    role: Role
    full_name: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("owner@demo.example", Role.OWNER, "Katrin Huber"),
    DemoLogin("hr@demo.example", Role.HR, "Stefan Maier"),
    DemoLogin("manager@demo.example", Role.MANAGER, "Andreas Bauer"),
    DemoLogin("employee@demo.example", Role.EMPLOYEE, "Priya Nair"),
    DemoLogin("provider@demo.example", Role.PROVIDER_ADMIN, "Julia Hofmann"),
    DemoLogin("agent@demo.example", Role.PROVIDER_AGENT, "Lukas Wagner"),
    DemoLogin("auditor@demo.example", Role.AUDITOR, "Monika Schmid"),
)


# --------------------------------------------------------------------------- passwords


@dataclass(frozen=True)
class DemoPassword:
    value: str
    generated: bool


def password_file() -> Path:
    return Path(settings.VAR_DIR) / PASSWORD_FILE_NAME


def stored_demo_password() -> str | None:
    path = password_file()
    if path.exists():
        return path.read_text(encoding="utf-8").strip() or None
    return None


def resolve_demo_password(explicit: str | None = None) -> DemoPassword:
    """``--password``, else ``EXPATCARE_DEMO_PASSWORD``, else one generated once and kept.

    A generated password lives in ``var/demo_password`` (mode 600) so that ``serve`` and
    ``demo`` print the same one on every run and nobody has to reset the demo logins.
    """
    if explicit:
        return DemoPassword(explicit, generated=False)
    configured: str = getattr(settings, "EXPATCARE_DEMO_PASSWORD", "") or ""
    if configured:
        return DemoPassword(configured, generated=False)
    stored = stored_demo_password()
    if stored:
        return DemoPassword(stored, generated=True)
    value = secrets.token_urlsafe(12)
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(value + "\n", encoding="utf-8")
    return DemoPassword(value, generated=True)


def known_demo_password() -> DemoPassword | None:
    """The password of existing demo logins, when this installation can know it."""
    configured: str = getattr(settings, "EXPATCARE_DEMO_PASSWORD", "") or ""
    if configured:
        return DemoPassword(configured, generated=False)
    stored = stored_demo_password()
    return DemoPassword(stored, generated=True) if stored else None


def login_lines(password: DemoPassword | None) -> list[str]:
    """The demo logins for the console; the password only if it was generated here."""
    lines = ["Demo logins:"]
    lines.extend(f"  {login.email:<24} {login.role.label}" for login in DEMO_LOGINS)
    if password is None:
        lines.append("Password: the one given when the demo tenant was created.")
    elif password.generated:
        lines.append(f"Password: {password.value}   (kept in var/{PASSWORD_FILE_NAME})")
    else:
        lines.append("Password: the value of --password or EXPATCARE_DEMO_PASSWORD.")
    return lines
