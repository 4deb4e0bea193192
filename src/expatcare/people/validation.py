"""Validation rules of the people domain, shared by services (authoritative) and forms.

Each function raises ``ServiceError`` naming the field, with a translated message, and
returns the cleaned value.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from expatcare.core import dates
from expatcare.core.errors import ServiceError
from expatcare.core.language_names import language_codes
from expatcare.core.timezones import is_canonical_time_zone
from expatcare.people.choices import CEFRLevel

OLDEST_AGE_YEARS = 100
YOUNGEST_WORKER_AGE_YEARS = 14
MAX_WEEKLY_HOURS = Decimal(60)
MIN_WEEKLY_HOURS = Decimal(1)
MAX_SALARY = Decimal("9999999999.99")


def clean_country(value: Any, *, field: str, required: bool = False) -> str:
    code = str(value or "").strip().upper()
    if not code:
        if required:
            raise ServiceError(_("Choose a country."), field=field)
        return ""
    if len(code) != 2 or code not in countries:
        raise ServiceError(
            _("“%(code)s” is not a valid country code (ISO 3166-1 alpha-2, e.g. IN, BR, DE).")
            % {"code": code[:10]},
            field=field,
        )
    return code


def clean_nationalities(values: Any, *, field: str = "nationalities") -> list[str]:
    if isinstance(values, str):
        values = [part for part in values.replace(";", ",").split(",") if part.strip()]
    codes: list[str] = []
    for value in values or []:
        code = clean_country(value, field=field)
        if code and code not in codes:
            codes.append(code)
    if not codes:
        raise ServiceError(_("Enter at least one nationality."), field=field)
    return codes


# The plausible window of each date field of the people domain (see ``core.dates``).
DATE_WINDOWS: dict[str, dates.DateWindow] = {
    "start_date": dates.PAST_OR_NEAR_FUTURE,
    "end_date": dates.PAST_OR_NEAR_FUTURE,
    "move_in_date": dates.PAST_OR_NEAR_FUTURE,
    "valid_from": dates.DOCUMENT_VALIDITY,
    "valid_until": dates.DOCUMENT_VALIDITY,
}


def clean_date(value: Any, *, field: str) -> dt.date | None:
    """A date within the field's plausible window; the message states the window."""
    return dates.clean_date(
        value, field=field, window=DATE_WINDOWS.get(field, dates.PAST_OR_NEAR_FUTURE)
    )


def clean_birth_date(
    value: Any, *, field: str = "birth_date", today: dt.date | None = None
) -> dt.date | None:
    birth_date = dates.parse_date(value, field=field)  # its own window below
    if birth_date is None:
        return None
    today = today or timezone.localdate()
    if birth_date > today:
        raise ServiceError(_("The date of birth cannot be in the future."), field=field)
    if birth_date.year < today.year - OLDEST_AGE_YEARS:
        raise ServiceError(
            _("The date of birth is more than %(years)s years ago; please check it.")
            % {"years": OLDEST_AGE_YEARS},
            field=field,
        )
    return birth_date


def clean_person_birth_date(value: Any, *, today: dt.date | None = None) -> dt.date | None:
    """A person of the workforce is at least of working age."""
    birth_date = clean_birth_date(value, today=today)
    today = today or timezone.localdate()
    if birth_date is not None and birth_date.year > today.year - YOUNGEST_WORKER_AGE_YEARS:
        raise ServiceError(
            _("The person would be younger than %(years)s years; please check the date of birth.")
            % {"years": YOUNGEST_WORKER_AGE_YEARS},
            field="birth_date",
        )
    return birth_date


def clean_decimal(value: Any, *, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise ServiceError(_("Enter a number."), field=field)
    return number


def clean_salary(value: Any, *, field: str = "annual_salary_eur") -> Decimal | None:
    salary = clean_decimal(value, field=field)
    if salary is None:
        return None
    if salary < 0:
        raise ServiceError(_("The salary cannot be negative."), field=field)
    if salary > MAX_SALARY:
        raise ServiceError(_("The salary is too large."), field=field)
    return salary.quantize(Decimal("0.01"))


def clean_weekly_hours(value: Any, *, field: str = "weekly_hours") -> Decimal | None:
    hours = clean_decimal(value, field=field)
    if hours is None:
        return None
    if not MIN_WEEKLY_HOURS <= hours <= MAX_WEEKLY_HOURS:
        raise ServiceError(
            _("Weekly hours must be between %(min)s and %(max)s.")
            % {"min": MIN_WEEKLY_HOURS, "max": MAX_WEEKLY_HOURS},
            field=field,
        )
    return hours.quantize(Decimal("0.1"))


def clean_telework_share(value: Any, *, field: str = "telework_share_percent") -> int | None:
    """1..99 % of the working time from home abroad (100 % would be work abroad, not telework)."""
    if value in (None, ""):
        return None
    try:
        share = int(str(value).strip())
    except ValueError:
        raise ServiceError(_("Enter a whole number of per cent."), field=field) from None
    if not 1 <= share <= 99:
        raise ServiceError(_("The telework share must be between 1 and 99 %."), field=field)
    return share


def check_date_order(
    start: dt.date | None,
    end: dt.date | None,
    *,
    field: str,
    message: str | None = None,
) -> None:
    if start is not None and end is not None and end < start:
        raise ServiceError(
            message or _("The end date cannot be before the start date."), field=field
        )


def clean_choice(value: Any, choices: Any, *, field: str, required: bool = True) -> str:
    text = str(value or "").strip()
    if not text and not required:
        return ""
    if text not in choices.values:
        raise ServiceError(_("Choose one of the offered values."), field=field)
    return text


def clean_required_text(value: Any, *, field: str, max_length: int) -> str:
    text = str(value or "").strip()
    if not text:
        raise ServiceError(_("This field is required."), field=field)
    if len(text) > max_length:
        raise ServiceError(
            _("At most %(n)s characters are allowed.") % {"n": max_length}, field=field
        )
    return text


def clean_text(value: Any, *, field: str, max_length: int | None = None) -> str:
    text = str(value or "").strip()
    if max_length is not None and len(text) > max_length:
        raise ServiceError(
            _("At most %(n)s characters are allowed.") % {"n": max_length}, field=field
        )
    return text


def clean_time_zone(value: Any, *, field: str = "time_zone", default: str = "") -> str:
    """A canonical IANA zone (``Europe/Berlin``); aliases and invented names are refused."""
    name = str(value or "").strip() or default
    if name and not is_canonical_time_zone(name):
        raise ServiceError(
            _("“%(zone)s” is not a time zone; choose a zone such as Europe/Berlin or Asia/Kolkata.")
            % {"zone": name[:64]},
            field=field,
        )
    return name


@functools.cache
def clean_language_code(value: Any, *, field: str = "languages") -> str:
    code = str(value or "").strip().lower()
    if code not in language_codes():
        raise ServiceError(
            _("“%(code)s” is not a valid language code (ISO 639-1, e.g. de, en, hi).")
            % {"code": code[:10]},
            field=field,
        )
    return code


def clean_cefr_level(value: Any, *, field: str = "languages") -> str:
    level = str(value or "").strip()
    if level.lower() == CEFRLevel.NATIVE:
        return str(CEFRLevel.NATIVE)
    level = level.upper()
    if level not in CEFRLevel.values:
        raise ServiceError(
            _("Choose a language level from A1 to C2, or native."),
            field=field,
        )
    return level


def clean_languages(values: Any, *, field: str = "languages") -> list[tuple[str, str]]:
    """``[("de", "B1"), ...]`` from pairs or ``{"language": ..., "level": ...}`` mappings."""
    cleaned: dict[str, str] = {}
    for item in values or []:
        if isinstance(item, dict):
            code, level = item.get("language"), item.get("level")
        else:
            code, level = item
        cleaned[clean_language_code(code, field=field)] = clean_cefr_level(level, field=field)
    return sorted(cleaned.items())


def clean_year(
    value: Any, *, field: str, earliest: int = 1940, latest: int | None = None
) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ServiceError(_("Enter a year."), field=field) from None
    latest = latest or timezone.localdate().year + 5
    if not earliest <= year <= latest:
        raise ServiceError(
            _("Enter a year between %(first)s and %(last)s.") % {"first": earliest, "last": latest},
            field=field,
        )
    return year
