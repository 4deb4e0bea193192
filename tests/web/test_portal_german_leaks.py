"""No German shows through on the employee's portal pages in the other portal languages.

Django falls back to the German catalogue (``LANGUAGE_CODE``) for a message the reader's
catalogue lacks, so an untranslated portal string reads as German on an Arabic page (issue
10, defect 5: "Verfahren …" and "Pflicht: …" among Arabic next steps). The demo employee's
pages are rendered in every portal language but German and English, and no German
translation that differs from its English source may appear in the text.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

from expatcare.accounts.models import User
from expatcare.accounts.roles import Role
from expatcare.demo.logins import DEMO_LOGINS
from expatcare.demo.tenant import build_demo_tenant
from tests.web.test_formatting import readable_text

LANGUAGES = ["es", "pt-br", "tr", "ar", "uk", "hi"]
PAGES = ["people:me", "mobility:my_case", "compliance:dashboard"]


def _german_only_texts() -> list[str]:
    """German translations that read differently from their English source and are long
    enough not to be a name or a code shared by both languages."""
    catalogue = trans_real.translation("de")._catalog  # type: ignore[attr-defined]
    found = set()
    for key, german in catalogue.items():
        source = key[0] if isinstance(key, tuple) else key
        text = str(german)
        if not isinstance(source, str) or "%" in text or "{" in text or "<" in text:
            continue
        if len(text) >= 8 and text != source and re.search(r"[a-zäöüß]{4}", text):
            found.add(text)
    return sorted(found, key=len, reverse=True)


@pytest.mark.django_db
def test_portal_pages_show_no_german_in_other_languages() -> None:
    build_demo_tenant(password="demo-password-for-leak-tests")
    login = next(login for login in DEMO_LOGINS if login.role == Role.EMPLOYEE)
    client = Client()
    client.force_login(User.objects.get(email=login.email))
    german = _german_only_texts()
    assert len(german) > 500
    leaks = []
    for language in LANGUAGES:
        client.cookies["django_language"] = language
        for name in PAGES:
            response = client.get(reverse(name), follow=True)
            assert response.status_code == 200, name
            text = readable_text(response.content.decode())
            leaks += [f"{language} {name}: {phrase!r}" for phrase in german if phrase in text]
    assert leaks == [], "\n".join(leaks)
