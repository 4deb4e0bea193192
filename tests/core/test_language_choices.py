"""``LanguageChoices``: a list that follows the reader's language, built once per language."""

from __future__ import annotations

import copy

from django import forms
from django.utils import translation
from django.utils.translation import gettext

from expatcare.core.fields import COUNTRY_NAME_CHOICES, LanguageChoices


def test_the_list_follows_the_active_language_and_is_built_once_per_language() -> None:
    calls: list[str] = []

    def build() -> list[tuple[str, str]]:
        calls.append(translation.get_language() or "")
        return [("yes", gettext("Yes")), ("no", gettext("No"))]

    choices = LanguageChoices(build)
    with translation.override("de"):
        assert list(choices) == [("yes", "Ja"), ("no", "Nein")]
        assert list(choices) == [("yes", "Ja"), ("no", "Nein")]
    with translation.override("en"):
        assert list(choices) == [("yes", "Yes"), ("no", "No")]
    with translation.override("de"):
        assert choices[1] == ("no", "Nein")
    assert calls == ["de", "en"]


def test_groups_are_normalised_as_django_does() -> None:
    choices = LanguageChoices(lambda: {"Group": {"a": "A"}, "b": "B"})
    assert list(choices) == [("Group", [("a", "A")]), ("b", "B")]


def test_forms_share_the_list_and_a_field_can_still_replace_its_own() -> None:
    class Form(forms.Form):
        country = forms.ChoiceField(choices=COUNTRY_NAME_CHOICES)

    def field(form: Form) -> forms.ChoiceField:
        found = form.fields["country"]
        assert isinstance(found, forms.ChoiceField)
        return found

    first, second = Form(), Form()
    assert field(first).choices is field(second).choices
    assert copy.deepcopy(COUNTRY_NAME_CHOICES) is COUNTRY_NAME_CHOICES
    field(first).choices = [("DE", "Deutschland")]
    shared = field(second).choices
    assert isinstance(shared, LanguageChoices)
    assert len(list(shared)) > 200
    with translation.override("de"):
        assert ("DE", "Deutschland") in list(shared)
        form = Form({"country": "DE"})
        assert form.is_valid(), form.errors
        assert not Form({"country": "XX"}).is_valid()
