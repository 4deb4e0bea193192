"""Dates from outside checked once: a plausible window per field, stated in the message.

A date field of a form or the API used to take anything up to 9999-12-31; the first deadline
computed from such a date overflowed (a server error), and forms and the API disagreed about
what they accepted. Services call ``clean_date`` (authoritative, for pages and the API alike)
and forms use ``WindowedDateField`` with the same window, so both refuse the same dates with the
same sentence. Every window lies inside what the rules engine computes with (1900-2199), which
the engine checks on its own side for its JSON contracts and the CLI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from expatcare.core.errors import ServiceError
from expatcare.core.widgets import IsoDateInput

# The engine's window (``rules.limits``); no field may reach beyond it.
ENGINE_FIRST_DATE = dt.date(1900, 1, 1)
ENGINE_LAST_DATE = dt.date(2199, 12, 31)


@dataclass(frozen=True, slots=True)
class DateWindow:
    """Years before and after today that a date of some kind may plausibly be."""

    years_back: int
    years_ahead: int

    def bounds(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        today = today or timezone.localdate()
        first = dt.date(max(today.year - self.years_back, ENGINE_FIRST_DATE.year), 1, 1)
        last = dt.date(min(today.year + self.years_ahead, ENGINE_LAST_DATE.year), 12, 31)
        return first, last


# Windows by kind of date; apps pick one per field.
PAST_OR_NEAR_FUTURE = DateWindow(years_back=100, years_ahead=10)  # start, move-in, end dates
DOCUMENT_VALIDITY = DateWindow(years_back=50, years_ahead=50)  # passports, permits, degrees
EVENT = DateWindow(years_back=20, years_ahead=10)  # milestones, duties done, filters
NEAR_FUTURE = DateWindow(years_back=0, years_ahead=5)  # token expiry


def out_of_window_message(first: dt.date, last: dt.date) -> str:
    return _("Enter a date between %(first)s and %(last)s.") % {
        "first": formats.date_format(first, "SHORT_DATE_FORMAT"),
        "last": formats.date_format(last, "SHORT_DATE_FORMAT"),
    }


def parse_date(value: Any, *, field: str) -> dt.date | None:
    """An ISO date (or a date) from a form or JSON value; None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ServiceError(_("Enter a valid date (YYYY-MM-DD)."), field=field) from None


def check_window(
    value: dt.date, *, field: str, window: DateWindow, today: dt.date | None = None
) -> dt.date:
    first, last = window.bounds(today)
    if not first <= value <= last:
        raise ServiceError(out_of_window_message(first, last), field=field)
    return value


def clean_date(
    value: Any, *, field: str, window: DateWindow, today: dt.date | None = None
) -> dt.date | None:
    """Parse and check a date: None when empty, ``ServiceError`` naming ``field`` otherwise."""
    parsed = parse_date(value, field=field)
    if parsed is None:
        return None
    return check_window(parsed, field=field, window=window, today=today)


class WindowedDateField(forms.DateField):
    """A form's date field refusing what the services refuse, with the same message."""

    widget = IsoDateInput  # browsers drop a localised value from <input type="date">

    def __init__(self, *, window: DateWindow, **kwargs: Any) -> None:
        self.window = window
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, dt.date):
            first, last = self.window.bounds()
            if not first <= value <= last:
                raise forms.ValidationError(out_of_window_message(first, last), code="window")
