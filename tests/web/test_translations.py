"""The German catalogue is complete, compiled from its current text, and actually used.

Staff pages must exist in German and English in full (docs/architecture.md, Languages), so an
untranslated or fuzzy message is a bug, and a .mo that lags behind its .po silently shows stale
German. The .mo is committed so that a checkout runs without the gettext tools; these tests
are what keeps the two in step (``scripts/update-translations`` rebuilds both).
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
from django.utils.translation import to_language

from expatcare.accounts.roles import Role
from tests.conftest import Tenant
from tests.factories import make_case

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
    string = message.string
    return tuple(string) if isinstance(string, tuple | list) else (str(string or ""),)


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (str(message.id),)


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
            # gettext keys an entry with a context as "context\x04msgid".
            prefix = f"{message.context}\x04" if message.context else ""
            if isinstance(message.id, tuple):
                for index, text in enumerate(_strings(message)):
                    expected[(prefix + _ids(message)[0], index)] = text
            else:
                expected[prefix + _ids(message)[0]] = _strings(message)[0]
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


# --- the employee portal in further languages ----------------------------------------------

PORTAL_LIST = LOCALE_DIR / "portal_messages.txt"
# Every catalogue besides German is a portal language: adding one is a matter of its files.
PORTAL_LANGUAGES = sorted(
    path.parent.parent.name
    for path in LOCALE_DIR.glob("*/LC_MESSAGES/django.po")
    if path.parent.parent.name not in settings.STAFF_LANGUAGES
)


def _portal_msgids() -> list[str | tuple[str, str]]:
    """One msgid a line, escaped as in the .po; a plural entry is ``msgid|msgid_plural``."""
    entries: list[str | tuple[str, str]] = []
    for line in PORTAL_LIST.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text = line.encode("latin-1", "backslashreplace").decode("unicode_escape")
        singular, bar, plural = text.partition("|")
        entries.append((singular, plural) if bar else text)
    return entries


def _portal_catalog(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=language)


class TestPortalCatalogues:
    """Employees and candidates read their pages in these languages too.

    See docs/architecture.md, Languages.
    """

    def test_there_are_portal_languages(self) -> None:
        assert {"es", "pt_BR", "tr", "ar", "uk", "hi"} <= set(PORTAL_LANGUAGES)

    def test_the_portal_list_names_messages_of_the_code(self) -> None:
        entries = _portal_msgids()
        assert len(entries) > 300, "the portal list looks truncated"
        assert len(set(entries)) == len(entries), "the portal list repeats a message"
        known = {message.id for message in _messages()}
        unknown = [entry for entry in entries if entry not in known]
        assert unknown == [], f"not messages of the code (any more): {unknown}"

    @pytest.mark.parametrize("language", PORTAL_LANGUAGES)
    def test_every_portal_message_is_translated(self, language: str) -> None:
        catalog = _portal_catalog(language)
        problems = []
        for entry in _portal_msgids():
            singular = entry[0] if isinstance(entry, tuple) else entry
            message = catalog.get(singular)
            if message is None:
                problems.append(("missing", entry))
            elif isinstance(entry, tuple) and message.id != entry:
                problems.append(("not a plural entry", entry))
            elif message.fuzzy:
                problems.append(("fuzzy", entry))
            elif not all(text.strip() for text in _strings(message)):
                problems.append(("empty", entry))
        assert problems == [], f"{language}: portal messages to translate: {problems}"

    @pytest.mark.parametrize("language", PORTAL_LANGUAGES)
    def test_translations_keep_placeholders_markup_and_plural_forms(self, language: str) -> None:
        catalog = _portal_catalog(language)
        assert not catalog.fuzzy, f"{language}: the header is fuzzy, so its plural rule is lost"
        broken = []
        for message in catalog:
            if not message.id or not any(_strings(message)):
                continue
            expected = sorted(PLACEHOLDER.findall(_ids(message)[-1]))
            for translated in _strings(message):
                if sorted(PLACEHOLDER.findall(translated)) != expected:
                    broken.append((message.id, translated))
            if isinstance(message.id, tuple) and len(_strings(message)) != catalog.num_plurals:
                broken.append((message.id, "plural forms"))
        assert broken == []

    @pytest.mark.parametrize("language", PORTAL_LANGUAGES)
    def test_the_compiled_catalogue_matches_the_po_file(self, language: str) -> None:
        mo_file = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
        with mo_file.open("rb") as handle:
            # _catalog is the only way to list a .mo's entries; stable since Python 2.
            compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        expected: dict[object, str] = {}
        for message in _portal_catalog(language):
            if not message.id or message.fuzzy or not all(_strings(message)):
                continue
            prefix = f"{message.context}\x04" if message.context else ""
            if isinstance(message.id, tuple):
                for index, text in enumerate(_strings(message)):
                    expected[(prefix + _ids(message)[0], index)] = text
            else:
                expected[prefix + _ids(message)[0]] = _strings(message)[0]
        compiled = {key: value for key, value in compiled.items() if key != ""}
        assert compiled == expected, "run scripts/update-translations and commit the .mo"


# Words that must appear on the employee's pages; German would show through if a message
# were missing, since Django falls back to LANGUAGE_CODE.
PORTAL_WORDS = {
    "ar": {
        "record": ("بياناتي", "البيانات الشخصية", "الأسرة", "المستندات", "تسجيل الخروج"),
        "case": ("معاملتي", "المسار الزمني", "الخطوة الحالية", "قائمة المستندات", "جهات الاتصال"),
        "care": ("رعايتي", "وحداتي", "مستنداتي", "ما يمكنك التسجيل فيه بنفسك"),
    },
    "uk": {
        "record": ("Мої дані", "Особисті дані", "Родина", "Документи", "Вийти"),
        "case": ("Моя справа", "Хронологія", "Поточний етап", "Перелік документів", "Контакти"),
        "care": (
            "Моя підтримка",
            "Мої модулі",
            "Мої документи",
            "На що ви можете записатися самостійно",
        ),
    },
    "hi": {
        "record": ("मेरा रिकॉर्ड", "व्यक्तिगत जानकारी", "परिवार", "दस्तावेज़", "लॉग आउट करें"),
        "case": ("मेरा मामला", "समयरेखा", "वर्तमान चरण", "दस्तावेज़ चेकलिस्ट", "संपर्क"),
        "care": ("मेरी देखभाल", "मेरे मॉड्यूल", "मेरे दस्तावेज़", "जिनमें आप स्वयं नामांकन कर सकते हैं"),
    },
    "es": {
        "record": ("Mis datos", "Datos personales", "Familia", "Documentos", "Cerrar sesión"),
        "case": ("Mi expediente", "Cronología", "Paso actual", "Lista de documentos", "Contactos"),
        "care": (
            "Mi asistencia",
            "Mis módulos",
            "Mis documentos",
            "En qué puede inscribirse usted mismo",
        ),
    },
    "pt_BR": {
        "record": ("Meus dados", "Dados pessoais", "Família", "Documentos", "Sair"),
        "case": (
            "Meu processo",
            "Linha do tempo",
            "Etapa atual",
            "Lista de documentos",
            "Contatos",
        ),
        "care": (
            "Minha assistência",
            "Meus módulos",
            "Meus documentos",
            "No que você pode se inscrever sozinho",
        ),
    },
    "tr": {
        "record": ("Bilgilerim", "Kişisel bilgiler", "Aile", "Belgeler", "Çıkış yap"),
        "case": (
            "Dosyam",
            "Zaman çizelgesi",
            "Mevcut adım",
            "Belge kontrol listesi",
            "İletişim kişileri",
        ),
        "care": (
            "Bakım hizmetlerim",
            "Modüllerim",
            "Belgelerim",
            "Kendiniz kaydolabileceğiniz hizmetler",
        ),
    },
}


class TestPortalPages:
    @pytest.mark.parametrize("language", sorted(PORTAL_WORDS))
    def test_the_employee_reads_their_record_and_case(
        self, language: str, client_for, tenant: Tenant
    ) -> None:
        make_case(tenant.employee_person)
        code = to_language(language)  # pt_BR is "pt-br" to Django's language cookie and <html>
        client = _client_in(client_for(Role.EMPLOYEE), code)

        pages = (
            ("record", "/people/me/"),
            ("case", "/eligibility/my-case/"),
            ("care", "/care/mine/"),
        )
        for page, url in pages:
            response = client.get(url)
            assert response.status_code == 200
            html = response.content.decode()
            direction = "rtl" if language == "ar" else "ltr"
            assert f'<html lang="{code}" dir="{direction}"' in html
            missing = [word for word in PORTAL_WORDS[language][page] if word not in html]
            assert missing == [], f"{language} {url}: {missing}"
            for german in (
                "Meine Daten",
                "Mein Verfahren",
                "Abmelden",
                "Zeitleiste",
                "Meine Module",
            ):
                assert german not in html
