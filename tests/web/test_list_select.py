"""``ListSelect`` writes what Django's select templates write, from option markup it keeps.

The renderer writes the options of a long list once per list and language and only marks the
chosen values; every case below renders through Django's own templates too and must agree
character for character (the product's forms are compared in test_form_renderer.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.translation import gettext_lazy

from expatcare.core.form_renderer import FormRenderer, _options_markup
from expatcare.core.widgets import ListSelect, ListSelectMultiple

CHOICES: list[tuple[Any, Any]] = [
    (None, "—"),
    ("DE", "Germany"),
    ("x&y", 'A <b>"quoted"</b>'),
    ("FR", gettext_lazy("France")),
    ("G", [("g1", "G 1"), ("DE", "Germany again"), (None, "none in a group")]),
    ("", [("e1", "unnamed group")]),
    (3, 3),
    ("DE", "Germany, twice"),
]


DJANGO_WIDGET: dict[type[forms.Select], type[forms.Select]] = {
    ListSelect: forms.Select,
    ListSelectMultiple: forms.SelectMultiple,
}


def _pair(widget_class: type[forms.Select], **kwargs: Any) -> tuple[Any, Any]:
    class Ours(forms.Form):
        field = forms.MultipleChoiceField(
            choices=CHOICES, required=False, widget=widget_class(attrs={"data-x": 'q"'})
        )

    class Theirs(forms.Form):
        field = forms.MultipleChoiceField(
            choices=CHOICES,
            required=False,
            widget=DJANGO_WIDGET[widget_class](attrs={"data-x": 'q"'}),
        )

    return Ours(renderer=FormRenderer(), **kwargs), Theirs(renderer=DjangoTemplates(), **kwargs)


VALUES: list[Any] = [None, "", "DE", "de", "3", 3, "missing", ["DE", "FR"], ["FR", "DE"], ["g1"]]


@pytest.mark.parametrize("widget_class", [ListSelect, ListSelectMultiple])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_list_renders_as_the_templates_do(widget_class: type[forms.Select], value: Any) -> None:
    with translation.override("de"):
        ours, theirs = _pair(widget_class, initial={"field": value})
        assert str(ours["field"]) == str(theirs["field"])


@pytest.mark.parametrize("widget_class", [ListSelect, ListSelectMultiple])
def test_bound_values_and_errors_render_as_the_templates_do(
    widget_class: type[forms.Select],
) -> None:
    with translation.override("ar"):
        ours, theirs = _pair(widget_class, data={"field": ["DE", "<script>"]})
        assert not ours.is_valid() and not theirs.is_valid()
        assert ours["field"].as_field_group() == theirs["field"].as_field_group()


def test_a_single_select_marks_only_the_first_chosen_option() -> None:
    ours, _theirs = _pair(ListSelect, initial={"field": "DE"})
    assert str(ours["field"]).count(" selected") == 1


def test_the_options_are_written_once_per_list_and_language() -> None:
    _options_markup.cache_clear()
    for language in ("de", "de", "en", "de"):
        with translation.override(language):
            ours, _theirs = _pair(ListSelect, initial={"field": "FR"})
            str(ours["field"])
    info = _options_markup.cache_info()
    # "France" is lazy: the German and the English list are two lists, each written once.
    assert (info.misses, info.hits) == (2, 2)


def test_the_product_uses_it_for_long_lists() -> None:
    from expatcare.accounts.forms import ProfileForm
    from expatcare.mobility.forms import EligibilityForm

    form = EligibilityForm()
    for name in ("work_country", "residence_country", "posting_to_country", "nationalities"):
        assert isinstance(form.fields[name].widget, ListSelect), name
    assert isinstance(form.fields["isco08"].widget, ListSelect)
    assert isinstance(ProfileForm.base_fields["time_zone"].widget, ListSelect)
