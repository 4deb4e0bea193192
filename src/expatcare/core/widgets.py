"""Form widgets shared by every app.

Browsers only accept ISO dates (``YYYY-MM-DD``) in ``<input type="date">`` and show the
date in the user's own locale themselves. Django's ``DateInput`` renders its value in the
active language's first input format instead (``04.12.2026`` in German), which the browser
rejects: the field comes up empty and a required date then fails validation. Every date
input therefore uses :class:`IsoDateInput`; ``tests/web/test_date_inputs.py`` checks that no
form declares another date widget.
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """A native date picker whose value is always ISO, whatever the active language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)
