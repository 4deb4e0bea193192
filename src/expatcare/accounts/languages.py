"""Which language a new account starts in: the pages of its role must exist in it."""

from __future__ import annotations

from django.conf import settings

from expatcare.accounts.roles import Role


def languages_for_role(role: str) -> set[str]:
    """Staff pages exist in the staff languages only; the employee portal in all of them."""
    if role == Role.EMPLOYEE:
        return {code for code, _name in settings.LANGUAGES}
    return set(settings.STAFF_LANGUAGES)


def account_language(role: str, *candidates: str) -> str:
    """The first candidate the role's pages exist in; else English, the common fallback."""
    allowed = languages_for_role(role)
    for candidate in candidates:
        code = (candidate or "").lower().replace("_", "-")
        for allowed_code in allowed:
            if code == allowed_code.lower() or code.split("-")[0] == allowed_code.lower():
                return allowed_code
    return "en" if "en" in allowed else sorted(allowed)[0]
