"""The Python form renderer writes exactly what Django's form templates write.

``core.form_renderer.FormRenderer`` replaces the templates of fields, labels, error lists,
inputs and selects by Python (the eligibility page spent most of its server time in them).
Every form of the product is rendered with its initial values and with errors (in German, so
labels and messages are translated), through Django's template renderer and through ours: the
markup must be identical.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import django
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation

import expatcare
from expatcare.core import form_renderer
from expatcare.core.form_renderer import FormRenderer

DJANGO_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


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
            if sub.__module__.startswith("expatcare.") and not sub.__name__.startswith("_"):
                found.append(sub)
    return found


def _build(cls: type[forms.BaseForm], renderer: Any, data: dict[str, Any] | None) -> Any:
    try:
        form = cls(data) if data is not None else cls()
    except TypeError:  # a form that needs more than data (an actor, an instance)
        return None
    form.renderer = renderer
    return form


def _markup(form: forms.BaseForm) -> str:
    return "\n".join([str(form.non_field_errors())] + [field.as_field_group() for field in form])


DATA_SETS: dict[str, dict[str, Any] | None] = {
    "unbound": None,
    "junk": {"as_of": "31.02.", "nationalities": "XX, <b>", "q": "<script>", "page": "x&y"},
}


@pytest.mark.django_db
def test_every_product_form_renders_as_the_templates_do() -> None:
    compared: list[str] = []
    with translation.override("de"):
        for cls in _product_forms():
            for label, data in DATA_SETS.items():
                ours = _build(cls, FormRenderer(), data)
                theirs = _build(cls, DjangoTemplates(), data)
                if ours is None or theirs is None:
                    continue
                assert _markup(ours) == _markup(theirs), (cls.__name__, label)
                compared.append(f"{cls.__name__}/{label}")
    # Guards the walk: the eligibility form and a good share of the product's forms were seen.
    assert "EligibilityForm/junk" in compared
    assert len({name.split("/")[0] for name in compared}) >= 15, compared


def test_odd_values_render_as_the_templates_do() -> None:
    class Odd(forms.Form):
        choice = forms.ChoiceField(
            choices=[("", "—"), ("x&y", "A <b>"), ("G", [("g1", 'G "1"'), ("g2", 2)])],
            initial="g2",
            help_text="<em>help</em>",
        )
        many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two")], initial=[2])
        flagged = forms.TypedChoiceField(
            choices=[(1, "one")],
            coerce=int,
            widget=forms.Select(attrs={"data-x": 'q"', "disabled": True, "hidden": False}),
        )
        radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
        text = forms.CharField(initial="<i>", widget=forms.Textarea, label="")
        number = forms.DecimalField(initial="1234.5")
        check = forms.BooleanField(initial=True)

    with translation.override("ar"):
        for data in (None, {"number": "x", "choice": "nope"}):
            ours = Odd(data, renderer=FormRenderer())
            theirs = Odd(data, renderer=DjangoTemplates())
            assert _markup(ours) == _markup(theirs)
            assert ours.render() == theirs.render()


def test_django_templates_still_read_as_the_renderer_assumes() -> None:
    """After a Django upgrade: the input widgets still only include ``input.html``."""
    widgets = DJANGO_TEMPLATES / "django" / "forms" / "widgets"
    include = '{% include "django/forms/widgets/input.html" %}'
    only_input = {
        f"django/forms/widgets/{path.name}"
        for path in widgets.glob("*.html")
        if path.read_text().strip() == include
    }
    assert only_input == form_renderer.INPUT_TEMPLATES
