"""Django's form templates for fields, labels, errors, inputs and selects, written in Python.

Django renders every part of a form through a template: a field group includes a label
template, an error-list template and a widget template, and a select renders one template per
option. On the eligibility form (about forty fields, five country lists of some 250 options)
that took about three quarters of the page's server time. :class:`FormRenderer` writes these
few templates directly and hands every other template to Django unchanged.

The markup is the templates' own, character for character: ``tests/web/test_form_renderer.py``
renders every form of the project, empty and with errors, through both renderers and compares
them, and checks that Django's templates still read as this module assumes.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.safestring import SafeData, mark_safe

FIELD_TEMPLATE = "django/forms/field.html"
LABEL_TEMPLATE = "django/forms/label.html"
ERRORS_TEMPLATE = "django/forms/errors/list/default.html"
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
INPUT_TEMPLATE = "django/forms/widgets/input.html"
# Widget templates that consist of ``{% include "django/forms/widgets/input.html" %}`` only.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


def _escape(value: Any) -> str:
    """``conditional_escape`` without its lazy-string wrapper (a select escapes hundreds of
    labels): safe strings pass, anything else is escaped as Django's ``escape`` does."""
    if isinstance(value, SafeData):
        return str(value)
    html_method = getattr(value, "__html__", None)
    if html_method is not None:
        return str(html_method())
    return html.escape(str(value))


def _shown(value: Any) -> str:
    """``{{ value }}``: numbers and dates localized, then escaped."""
    return _escape(value if isinstance(value, str) else localize(value))


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: ``str`` of the value, escaped unless it was safe."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


def _resolved(value: Any) -> Any:
    """A variable as the template language resolves it: callables are called."""
    if callable(value) and not getattr(value, "do_not_call_in_templates", False):
        return value()
    return value


def _attrs(attrs: dict[str, Any] | None) -> str:
    """``django/forms/widgets/attrs.html``: ``True`` is a bare name, ``False`` is left out."""
    parts: list[str] = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_shown(name)}")
        else:
            parts.append(f' {_shown(name)}="{_formatted(value)}"')
    return "".join(parts)


def render_input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown_value = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
        f"{shown_value}{_attrs(widget['attrs'])}>"
    )


def render_select(widget: dict[str, Any]) -> str:
    out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            out.append(
                f'\n  <option value="{_formatted(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_shown(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


# --- long lists ------------------------------------------------------------------------------

#: Distinct option lists kept (a list per language and kind: countries, occupations, time
#: zones, languages); one of about 250 countries is some 15 kB of markup.
LIST_MARKUP_CACHE_SIZE = 32


def _frozen(choices: Sequence[Any]) -> tuple[Any, ...]:
    """The choices as a hashable key; a group's members become a tuple too."""
    return tuple(
        (value, tuple(label) if isinstance(label, list) else label) for value, label in choices
    )


@lru_cache(maxsize=LIST_MARKUP_CACHE_SIZE)
def _options_markup(choices: tuple[Any, ...]) -> tuple[str, dict[str, tuple[int, ...]]]:
    """The options of ``render_select`` for these choices with none selected, and for each
    value where its options' opening tags end (where `` selected`` goes), in document order.

    Mirrors ``ChoiceWidget.optgroups``: a top-level ``None`` value is ``""``, a list or tuple
    label makes a group, and a group is only framed by ``<optgroup>`` when it has a name.
    """
    parts: list[str] = []
    length = 0
    marks: dict[str, list[int]] = {}
    for option_value, option_label in choices:
        if option_value is None:
            option_value = ""
        if isinstance(option_label, (list, tuple)):
            group_name, members = option_value, option_label
        else:
            group_name, members = None, ((option_value, option_label),)
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
            length += len(parts[-1])
        for value, label in members:
            parts.append(f'\n  <option value="{_formatted(value)}"')
            length += len(parts[-1])
            marks.setdefault(str(value), []).append(length)
            parts.append(f">{_shown(label)}</option>\n")
            length += len(parts[-1])
        if group_name:
            parts.append("\n  </optgroup>")
            length += len(parts[-1])
    return "".join(parts), {value: tuple(at) for value, at in marks.items()}


def render_list_select(widget: dict[str, Any], choices: Sequence[Any], *, multiple: bool) -> str:
    """``render_select`` for a list whose markup is the same on every page in a language:
    written once, then the chosen values are marked. Django builds a dict per option and the
    select escapes every label on every render; with five country lists and the occupations
    that was a third of the eligibility page."""
    options, marks = _options_markup(_frozen(choices))
    chosen = [value for value in widget["value"] if value in marks]
    if multiple:
        # Every option whose value is chosen, as ``optgroups`` marks them for a multiple select.
        positions = sorted({at for value in chosen for at in marks[value]})
    else:
        # A single select marks only the first option, in list order, whose value is chosen.
        positions = [min(marks[value][0] for value in chosen)] if chosen else []
    pieces = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    start = 0
    for at in positions:
        pieces += [options[start:at], " selected"]
        start = at
    pieces += [options[start:], "\n</select>"]
    return "".join(pieces)


def render_label(context: dict[str, Any]) -> str:
    label = _shown(context["label"])
    if not context["use_tag"]:
        return label
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def render_field(context: dict[str, Any]) -> str:
    field = context["field"]
    if field.use_fieldset:
        described = field.aria_describedby
        described_attr = f' aria-describedby="{_shown(described)}"' if described else ""
        legend = _shown(field.legend_tag()) if _resolved(field.label) else ""
        head = f"<fieldset{described_attr}>\n  {legend}"
    else:
        head = _shown(field.label_tag()) if _resolved(field.label) else ""
    help_text = _resolved(field.help_text)
    if help_text:
        auto_id = field.auto_id
        id_attr = f' id="{_shown(auto_id)}_helptext"' if auto_id else ""
        help_text = f'<div class="helptext"{id_attr}>{help_text}</div>'
    else:
        help_text = ""
    tail = "</fieldset>" if field.use_fieldset else ""
    text = f"\n  {head}\n\n{help_text}\n{_shown(field.errors)}\n{_shown(field)}{tail}\n"
    return text.strip()


def _plain_select(context: dict[str, Any]) -> bool:
    return all(
        option.get("template_name") == OPTION_TEMPLATE
        for _name, options, _index in context["widget"]["optgroups"]
        for option in options
    )


class FormRenderer(DjangoTemplates):
    """Django's template renderer with the commonest form templates written in Python."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        writer: Callable[[dict[str, Any]], str] | None = None
        if template_name == FIELD_TEMPLATE:
            writer = render_field
        elif template_name == LABEL_TEMPLATE:
            writer = render_label
        elif template_name == ERRORS_TEMPLATE and not context.get("errors"):
            return ""
        elif template_name in INPUT_TEMPLATES or template_name == INPUT_TEMPLATE:
            writer = lambda c: render_input(c["widget"])  # noqa: E731
        elif template_name == SELECT_TEMPLATE and _plain_select(context):
            writer = lambda c: render_select(c["widget"])  # noqa: E731
        if writer is None:
            return super().render(template_name, context, request)
        return mark_safe(writer(context))  # noqa: S308  # every value is escaped above
