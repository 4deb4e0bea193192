"""Money and dates read the same way on every page: the reader's locale, one format each.

Issue 10, defect 15: German pages showed "62000,00 EUR" and "161470.75 EUR", and one case page
mixed 04.12.2026, 2026-12-04 and "4. Dezember 2026". Two guards:

* a scan of every template: a date is formatted by ``|ldate`` / ``|ldatetime`` (the locale's
  one short format), never by ``|date:`` with a format of its own, except the ISO value a
  ``datetime`` attribute or a date input needs; no ``|floatformat`` for amounts;
* the pages themselves, rendered with the demo tenant in German, English and (for the
  employee's portal) Arabic and Turkish: the text a person reads holds no ISO date, no long-form
  date, no amount without thousands separators and no "EUR" beside an amount.

Machine-readable outputs are not pages and keep ISO dates and plain decimals on purpose: the
CSV/XLSX exports, the ICS feed and the API (``tests/compliance/test_exports.py`` and the API
tests check those).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import expatcare
from expatcare.accounts.models import User
from expatcare.accounts.roles import Role
from expatcare.care.models import Enrolment
from expatcare.compliance.models import Duty
from expatcare.demo.logins import DEMO_LOGINS
from expatcare.demo.tenant import build_demo_tenant
from expatcare.mobility.models import Case
from expatcare.people.models import Person

SOURCE = Path(expatcare.__file__).resolve().parent
TEMPLATES = sorted(SOURCE.rglob("templates/**/*.html"))

# ``|date:'Y-m-d'`` is the one format a template may name: the ISO value of a ``datetime``
# attribute or of a date input, which machines read.
DATE_FILTER = re.compile(r"\|\s*(date|time)\s*:\s*(['\"])([^'\"]*)\2")
ISO_ATTRIBUTE = re.compile(r"(datetime|value)=\"\{\{[^}]*\|\s*date\s*:\s*'Y-m-d'\s*\}\}\"")

# What a reader must never see.
ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
LONG_DATE = re.compile(
    r"\b\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
    r"November|Dezember) \d{4}\b|\b(January|February|March|April|May|June|July|August|"
    r"September|October|November|December) \d{1,2}, \d{4}\b"
)
CURRENCY_WORD = re.compile(r"\d\s?EUR\b|\bEUR\s?\d")
UNGROUPED_AMOUNT = re.compile(r"(?<![\d.,])\d{4,}[.,]\d\d(?![\d.,])")
LOCALE_DATE = {"de": r"\b\d\d\.\d\d\.\d{4}\b", "en": r"\b\d\d/\d\d/\d{4}\b"}
LOCALE_MONEY = {"de": r"\d\.\d{3},\d\d\s€", "en": r"€\d{1,3},\d{3}\.\d\d"}


class _ReadableText(HTMLParser):
    """The text of ``<main>`` a person reads: no attributes, scripts, codes or the "details
    for experts" disclosures (which show codes and rule values on purpose)."""

    SKIPPED = {"script", "style", "code", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []
        self._in_main = False

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._in_main = True
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        self._stack.append((tag, tag in self.SKIPPED or "expert-details" in classes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main = False
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._skipping():
            self.parts.append(data)


def readable_text(html: str) -> str:
    parser = _ReadableText()
    parser.feed(html)
    # Whitespace (the no-break space between an amount and "€" included) becomes one space.
    return " ".join(" ".join(parser.parts).split())


def formatting_problems(text: str) -> list[str]:
    problems = []
    for name, pattern in (
        ("ISO date", ISO_DATE),
        ("long date", LONG_DATE),
        ("EUR beside an amount", CURRENCY_WORD),
        ("amount without separators", UNGROUPED_AMOUNT),
    ):
        problems += [f"{name}: {match.group(0)!r}" for match in pattern.finditer(text)]
    return problems


# --- the templates ---------------------------------------------------------------------------


def test_the_scan_sees_the_templates() -> None:
    names = {path.name for path in TEMPLATES}
    assert {"detail.html", "dashboard.html", "_audit_entries.html", "my_case.html"} <= names


def test_no_template_formats_a_date_itself() -> None:
    """``|date:"SHORT_DATE_FORMAT"``, ``|date:"j. F Y"`` and the like bypass the one format of
    the locale (and ``{{ day }}`` alone gives the long "4. Dezember 2026"); ``|ldate`` is the
    way. Only the ISO value of a ``datetime`` or ``value`` attribute may name its format."""
    found = []
    for path in TEMPLATES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            allowed = len(ISO_ATTRIBUTE.findall(line))
            formats = DATE_FILTER.findall(line)
            if len(formats) > allowed or any(fmt != "Y-m-d" for _f, _q, fmt in formats):
                found.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()[:120]}")
    assert found == []


def test_no_template_rounds_an_amount_itself() -> None:
    found = [
        f"{path.relative_to(SOURCE)}: {match.group(0)}"
        for path in TEMPLATES
        for match in re.finditer(r"\|\s*floatformat[^}]*", path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_text_checks_catch_what_the_issue_saw() -> None:
    """The checks below would have failed on the pages the issue describes."""
    seen = readable_text(
        "<main><p>62000,00 EUR · 161470.75 EUR</p><p>04.12.2026, 2026-12-04 und "
        "4. Dezember 2026</p><time datetime='2026-12-04'>04.12.2026</time>"
        "<details class='expert-details'>2026-12-04 = 50700.00</details></main>"
    )
    problems = formatting_problems(seen)
    assert len(problems) == 6, problems
    assert not formatting_problems(readable_text("<main><p>62.000,00\xa0€, 04.12.2026</p></main>"))


# --- the pages -------------------------------------------------------------------------------


def _client(user: User, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _staff_pages() -> list[str]:
    """Pages with dates and money: a person with a salary, documents, family and a case; the
    case, a duty that is done and one that moved, the lists, the care costs and the trail."""
    person = (
        Person.objects.filter(annual_salary_eur__isnull=False, cases__isnull=False)
        .order_by("pk")
        .first()
    )
    assert person is not None
    case = Case.objects.filter(person=person).first() or Case.objects.order_by("pk").first()
    assert case is not None
    done = Duty.objects.filter(status="done").order_by("pk").first()
    pending = Duty.objects.filter(status__in=["open", "overdue"]).order_by("due").first()
    enrolment = Enrolment.objects.order_by("pk").first()
    assert done is not None and pending is not None and enrolment is not None
    return [
        reverse("people:list"),
        reverse("people:dashboard"),
        reverse("people:detail", args=[person.pk]),
        reverse("people:audit", args=[person.pk]),
        reverse("mobility:case_list"),
        reverse("mobility:case_detail", args=[case.pk]),
        reverse("compliance:dashboard"),
        reverse("compliance:duty_detail", args=[done.pk]),
        reverse("compliance:duty_detail", args=[pending.pk]),
        reverse("care:enrolment_list"),
        reverse("care:enrolment_detail", args=[enrolment.pk]),
        reverse("care:module_list"),
        reverse("care:package_list"),
        reverse("care:cost_report"),
        reverse("care:person_care", args=[person.pk]),
    ]


PORTAL_PAGES = ["people:me", "mobility:my_case", "compliance:dashboard"]


@pytest.mark.django_db
def test_pages_show_money_and_dates_in_the_readers_locale() -> None:
    build_demo_tenant(password="demo-password-for-formatting-tests")
    users = {login.role: User.objects.get(email=login.email) for login in DEMO_LOGINS}
    hr = users[Role.HR]
    employee = users[Role.EMPLOYEE]
    problems: list[str] = []
    for language in ("de", "en"):
        client = _client(hr, language)
        texts = []
        for url in _staff_pages():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            text = readable_text(response.content.decode())
            texts.append(text)
            problems += [f"{language} {url}: {problem}" for problem in formatting_problems(text)]
        # The pages do show dates and amounts, in the locale's one format.
        everything = " ".join(texts)
        assert len(re.findall(LOCALE_DATE[language], everything)) >= 20, language
        assert re.search(LOCALE_MONEY[language], everything), language
    for language in ("de", "en", "ar", "tr"):
        client = _client(employee, language)
        for name in PORTAL_PAGES:
            response = client.get(reverse(name), follow=True)
            assert response.status_code == 200, (name, response.status_code)
            text = readable_text(response.content.decode())
            problems += [f"{language} {name}: {problem}" for problem in formatting_problems(text)]
    assert problems == [], "\n".join(problems)
