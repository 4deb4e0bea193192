"""Texts that come from data or from allauth reach the catalogues and show translated.

Milestone notes live in YAML and allauth's pages in allauth's own catalogues, which lack some
portal languages (Hindi); without these checks such texts show in English or, through
Django's fallback to LANGUAGE_CODE, in German to a reader who chose another language.
"""

from __future__ import annotations

import ast
from pathlib import Path

import allauth
import django
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation import to_language

import expatcare.web.allauth_messages as allauth_messages
import expatcare.web.password_messages as password_messages
from expatcare.accounts.roles import Role
from expatcare.mobility.milestone_templates import NOTES_MODULE, notes, notes_module_source
from tests.conftest import Tenant
from tests.factories import make_case
from tests.web.test_translations import _portal_msgids

ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
DJANGO_AUTH_CATALOGUE = Path(django.__file__).parent / "contrib" / "auth" / "locale" / "de"
DJANGO_AUTH_CATALOGUE = DJANGO_AUTH_CATALOGUE / "LC_MESSAGES" / "django.po"


def _listed_msgids(module_file: str | None = None) -> list[str | tuple[str, str]]:
    """The messages written in a module of borrowed messages, read from its source."""
    source = Path(module_file or allauth_messages.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    found: list[str | tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            strings = [text for text in texts if isinstance(text, str)]
            if node.func.id == "gettext_noop":
                found.append(strings[0])
            elif node.func.id == "ngettext_lazy":
                found.append((strings[0], strings[1]))
    return found


class TestMilestoneNotes:
    def test_the_notes_module_is_current(self) -> None:
        assert NOTES_MODULE.read_text(encoding="utf-8") == notes_module_source(), (
            "run python -m expatcare.mobility.milestone_templates (or scripts/update-translations)"
        )

    def test_every_note_is_a_portal_message(self) -> None:
        """The candidate reads the timeline, so its notes are checked in every portal language."""
        listed = set(_portal_msgids())
        assert notes(), "the templates have no notes any more"
        assert [note for note in notes() if note not in listed] == []

    @pytest.mark.parametrize(
        ("language", "note"),
        [
            ("de", "Der Arbeitgeber stellt den Antrag im Namen der Fachkraft."),
            ("es", "el empleador presenta la solicitud en nombre del empleado."),
            ("hi", "नियोक्ता कर्मचारी की ओर से आवेदन करता है।"),
        ],
    )
    def test_the_candidate_reads_the_notes_in_their_language(
        self, language: str, note: str, client_for, tenant: Tenant
    ) -> None:
        make_case(tenant.employee_person, pathway="DE_BLUE_CARD")
        client = client_for(Role.EMPLOYEE)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = to_language(language)

        html = client.get(reverse("mobility:my_case")).content.decode()

        assert note in html
        assert "the employer applies in the employee&#x27;s name" not in html
        # A time limit's note is shown next to its legal basis, translated as well.
        if language == "de":
            assert "Die Zustimmung gilt als erteilt" in html


class TestAllauthMessages:
    def test_the_messages_are_allauths_own(self) -> None:
        """A message allauth reworded after an upgrade would no longer be found at run time."""
        with ALLAUTH_CATALOGUE.open("rb") as handle:
            theirs = {message.id for message in read_po(handle) if message.id}
        listed = _listed_msgids()
        assert len(listed) > 100
        assert [msgid for msgid in listed if msgid not in theirs] == []

    def test_the_password_messages_are_djangos_own(self) -> None:
        with DJANGO_AUTH_CATALOGUE.open("rb") as handle:
            theirs = {message.id for message in read_po(handle) if message.id}
        listed = _listed_msgids(password_messages.__file__)
        assert listed
        assert [msgid for msgid in listed if msgid not in theirs] == []

    def test_they_are_portal_messages(self) -> None:
        listed = set(_portal_msgids())
        borrowed = _listed_msgids() + _listed_msgids(password_messages.__file__)
        assert [msgid for msgid in borrowed if msgid not in listed] == []

    def test_the_password_rules_speak_hindi(self, client_for, tenant: Tenant) -> None:
        """Django's own Hindi catalogue lacks them: German showed through before."""
        client = client_for(Role.EMPLOYEE)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"

        html = client.get(reverse("account_change_password")).content.decode()

        assert "आपका पासवर्ड पूरी तरह अंकों से बना नहीं होना चाहिए।" in html
        assert "Das Passwort" not in html

    @pytest.mark.parametrize(
        ("language", "words", "german"),
        [
            ("hi", ("मेरा पासवर्ड रीसेट करें", "हमसे संपर्क करें"), "Passwort zurücksetzen"),
            ("es", ("Restablecer mi contraseña",), "Passwort zurücksetzen"),
            ("de", ("Passwort vergessen?", "Geben Sie unten Ihre E-Mail-Adresse ein"), "Gib deine"),
        ],
    )
    def test_the_password_reset_page_speaks_the_language(
        self, language: str, words: tuple[str, ...], german: str, db: None
    ) -> None:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = to_language(language)

        html = client.get(reverse("account_reset_password")).content.decode()

        assert [word for word in words if word not in html] == []
        assert german not in html

    def test_the_logout_page_speaks_hindi(self, client_for, tenant: Tenant) -> None:
        client = client_for(Role.EMPLOYEE)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"

        html = client.get(reverse("account_logout")).content.decode()

        assert "क्या आप वाकई लॉग आउट करना चाहते हैं?" in html
        assert "Abmelden" not in html
