"""Date inputs hold ISO values in every language (issue 10, defect 2).

``<input type="date">`` only accepts ``YYYY-MM-DD``; Django's own ``DateInput`` writes the
active language's format (``04.12.2026`` in German), which the browser drops, so the field
showed up empty and "Mark as done" failed with "This field is required". Every form of the
product is found by walking the form classes, so a form added later is checked too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

import expatcare
from expatcare.core.widgets import IsoDateInput

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DAY = dt.date(2026, 12, 4)


def _product_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(expatcare.__path__, "expatcare."):
        if module.name.endswith(".forms") or ".forms." in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("expatcare."):
                found.append(sub)
    return found


def _date_fields() -> list[tuple[str, forms.Field]]:
    return [
        (f"{form.__module__}.{form.__name__}.{name}", field)
        for form in _product_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.DateField) or isinstance(field.widget, forms.DateInput)
    ]


def test_the_product_has_date_fields_to_check() -> None:
    """Guards the walk itself: an empty list would make the checks below vacuous."""
    names = [name for name, _field in _date_fields()]
    assert len(names) >= 10, names
    assert any(name.endswith("DutyDoneForm.done_on") for name in names), names


def test_every_date_field_uses_the_iso_widget() -> None:
    wrong = [name for name, field in _date_fields() if not isinstance(field.widget, IsoDateInput)]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_date_inputs_render_iso_in_every_language(language: str) -> None:
    with translation.override(language):
        for name, field in _date_fields():
            html = field.widget.render("d", DAY)
            assert 'type="date"' in html, name
            assert re.search(r'value="2026-12-04"', html), (name, html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bound_form_keeps_the_submitted_iso_value(language: str) -> None:
    from expatcare.compliance.forms import DutyDoneForm

    with translation.override(language):
        form = DutyDoneForm(data={"done_on": "2026-12-04"})
        assert 'value="2026-12-04"' in str(form["done_on"])
        assert form.is_valid() or "done_on" not in form.errors
