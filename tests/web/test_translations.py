"""The German catalogue is complete, compiled from its current text, and actually used.

Staff pages must exist in German and English in full (DESIGN §2), so an untranslated or
fuzzy message is a bug, and a .mo that lags behind its .po silently shows stale German.
The .mo is committed so that a checkout runs without the gettext tools; these tests are
what keeps the two in step (``scripts/update-translations`` rebuilds both).
"""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from expatcare.accounts.roles import Role
from tests.conftest import Tenant

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO_FILE = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po"
MO_FILE = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.mo"
PACKAGE_DIR = LOCALE_DIR.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}|<[^>]+>")


def _catalog() -> Catalog:
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="de")


def _messages() -> list[Message]:
    return [message for message in _catalog() if message.id]


def _strings(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _ids(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


class TestGermanCatalogue:
    def test_every_message_is_translated_and_none_is_fuzzy(self) -> None:
        messages = _messages()
        assert len(messages) > 500, "the catalogue looks truncated"
        untranslated = [m.id for m in messages if not all(s.strip() for s in _strings(m))]
        fuzzy = [m.id for m in messages if m.fuzzy]
        assert untranslated == [], f"untranslated German messages: {untranslated}"
        assert fuzzy == [], f"fuzzy German messages (check, then drop the flag): {fuzzy}"

    def test_translations_keep_placeholders_and_markup(self) -> None:
        """A lost ``%(name)s`` or ``<strong>`` breaks formatting or the page at run time."""
        broken = []
        for message in _messages():
            expected = sorted(PLACEHOLDER.findall(_ids(message)[-1]))
            for translated in _strings(message):
                if sorted(PLACEHOLDER.findall(translated)) != expected:
                    broken.append((message.id, translated))
        assert broken == []

    def test_the_compiled_catalogue_matches_the_po_file(self) -> None:
        with MO_FILE.open("rb") as handle:
            # _catalog is the only way to list a .mo's entries; stable since Python 2.
            compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        expected: dict[object, str] = {}
        for message in _messages():
            if isinstance(message.id, tuple):
                for index, text in enumerate(_strings(message)):
                    expected[(message.id[0], index)] = text
            else:
                expected[message.id] = message.string
        compiled = {key: value for key, value in compiled.items() if key != ""}
        stale = sorted(str(key) for key in expected.keys() ^ compiled.keys())
        changed = sorted(
            str(key) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key]
        )
        assert (stale, changed) == ([], []), "run scripts/update-translations and commit the .mo"

    @pytest.mark.skipif(
        shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
        reason="the gettext tools are not installed",
    )
    def test_the_catalogue_holds_every_string_of_the_code(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A string added to a template or module without a German translation fails here.

        makemessages runs on a copy of the package, so the working tree is never touched.
        """
        source = tmp_path / "expatcare"
        shutil.copytree(
            PACKAGE_DIR,
            source,
            ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc", "migrations"),
        )
        monkeypatch.chdir(source)
        with override_settings(LOCALE_PATHS=[str(tmp_path / "locale")]):
            call_command("makemessages", locale=["de"], ignore_patterns=["locale"], verbosity=0)
        with (tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po").open("rb") as handle:
            extracted = {message.id for message in read_po(handle) if message.id}
        known = {message.id for message in _messages()}
        missing = sorted(str(msgid) for msgid in extracted - known)
        assert missing == [], (
            f"not in the German catalogue, run scripts/update-translations: {missing}"
        )


def _client_in(client, language: str):
    """The language switch's cookie: it outranks the profile language and the browser's."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


class TestGermanPages:
    def test_dashboard_speaks_german(self, client_for, tenant: Tenant) -> None:
        response = _client_in(client_for(Role.HR), "de").get(
            "/people/dashboard/", HTTP_ACCEPT_LANGUAGE="de"
        )

        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="de"' in html
        for german in ("Übersicht", "Personen nach Status", "Personen insgesamt", "Abmelden"):
            assert german in html
        for english in ("People by status", "People in total", "Log out", "Skip to content"):
            assert english not in html

    def test_people_list_speaks_german(self, client_for, tenant: Tenant) -> None:
        response = _client_in(client_for(Role.HR), "de").get("/people/", HTTP_ACCEPT_LANGUAGE="de")

        assert response.status_code == 200
        html = response.content.decode()
        for german in ("Mitarbeitende", "Person hinzufügen", "Filter anwenden", "Nachname"):
            assert german in html
        assert "3 Personen" in html
        for english in ("Add a person", "Apply filters", "Last name", "3 people"):
            assert english not in html

    def test_english_stays_available(self, client_for, tenant: Tenant) -> None:
        response = _client_in(client_for(Role.HR), "en").get("/people/", HTTP_ACCEPT_LANGUAGE="en")

        html = response.content.decode()
        assert "Add a person" in html
        assert "Person hinzufügen" not in html
