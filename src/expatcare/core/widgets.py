"""Form widgets shared by every app.

Browsers only accept ISO dates (``YYYY-MM-DD``) in ``<input type="date">`` and show the
date in the user's own locale themselves. Django's ``DateInput`` renders its value in the
active language's first input format instead (``04.12.2026`` in German), which the browser
rejects: the field comes up empty and a required date then fails validation. Every date
input therefore uses :class:`IsoDateInput`; ``tests/web/test_date_inputs.py`` checks that no
form declares another date widget.

Long fixed lists (countries, occupations, languages, time zones) use :class:`ListSelect`,
whose options ``FormRenderer`` writes once per list and language instead of on every page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer, get_default_renderer
from django.utils.safestring import SafeString, mark_safe

from expatcare.core.form_renderer import OPTION_TEMPLATE, FormRenderer, render_list_select

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """A native date picker whose value is always ISO, whatever the active language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class ListSelect(forms.Select):
    """One value from a long, fixed list (countries, occupations, languages, time zones) that
    ``FormRenderer`` writes from its cached option markup; any other renderer gets Django's
    own rendering, so the two can be compared (tests/web/test_form_renderer.py)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        renderer = renderer or get_default_renderer()
        if not isinstance(renderer, FormRenderer) or self.option_template_name != OPTION_TEMPLATE:
            return super().render(name, value, attrs, renderer)
        # ``Widget.get_context``: name, formatted values and attributes, without the options.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        markup = render_list_select(
            widget, list(self.choices), multiple=self.allow_multiple_selected
        )
        return mark_safe(markup)  # noqa: S308  # every value is escaped above


class ListSelectMultiple(ListSelect, forms.SelectMultiple):
    """Several values from a long, fixed list."""
