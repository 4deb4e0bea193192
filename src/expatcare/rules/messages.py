"""Messages, not sentences: every text of the engine is a code with parameters.

A requirement, obligation or finding carries ``message = Message(code, params)``; the English
and German sentences of the JSON contract (``detail``/``detail_de``, ``explanation``/
``explanation_de``) are rendered from the one table ``tables/messages.yaml`` (code -> ``en``,
``de`` templates with ``{name}`` placeholders). Other front ends render the same codes in their
own languages: ``gettext_catalogue()`` lists code and English template for a generator that
writes a gettext-extractable module, so a translator sees exactly the engine's sentences.

Parameters are strings (amounts as decimal strings, dates ISO, counts as digits, codes as they
are) or, where one sentence quotes another, a nested ``Message``: render the nested one first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from string import Formatter
from types import MappingProxyType
from typing import Any, Union

from expatcare.rules.builders import builder
from expatcare.rules.engine import read_strict_yaml
from expatcare.rules.errors import ParameterFileError

__all__ = [
    "LANGUAGES",
    "MESSAGES_FILE",
    "TEMPLATES",
    "Message",
    "Template",
    "Text",
    "ValueFormat",
    "formatted_text",
    "gettext_catalogue",
    "placeholders",
    "render",
    "text",
    "unique_text",
]

MESSAGES_FILE = Path(__file__).parent / "tables" / "messages.yaml"
LANGUAGES: tuple[str, ...] = ("en", "de")
_CODE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

ParamValue = Union[str, "Message"]


@dataclass(frozen=True, slots=True)
class Message:
    """A message code and its parameters, in the order the template names them."""

    code: str
    params: tuple[tuple[str, ParamValue], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "params": {
                name: value.as_json() if isinstance(value, Message) else value
                for name, value in self.params
            },
        }


@dataclass(frozen=True, slots=True)
class Template:
    en: str
    de: str


@dataclass(frozen=True, slots=True)
class Text:
    """A message with its English and German rendering, as the JSON contract needs both."""

    message: Message
    en: str
    de: str


def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` placeholders of a template."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name is not None)


def _check_template(path: Path, code: str, language: str, template: object) -> str:
    if not isinstance(template, str) or not template.strip():
        raise ParameterFileError(f"{path}: {code}.{language}: expected a non-empty string")
    for _, name, spec, conversion in Formatter().parse(template):
        if name is not None and (not _NAME.match(name) or spec or conversion):
            raise ParameterFileError(
                f"{path}: {code}.{language}: placeholders are plain {{name}}, got {{{name}}}"
            )
    return template


def _load(path: Path) -> dict[str, Template]:
    data = read_strict_yaml(path)
    if not isinstance(data, dict) or not data:
        raise ParameterFileError(f"{path}: expected a non-empty mapping of message codes")
    table: dict[str, Template] = {}
    for code, entry in data.items():
        if not isinstance(code, str) or not _CODE.match(code):
            raise ParameterFileError(f"{path}: {code!r}: codes are dotted lower_snake_case")
        if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
            raise ParameterFileError(f"{path}: {code}: expected exactly {list(LANGUAGES)}")
        en = _check_template(path, code, "en", entry["en"])
        de = _check_template(path, code, "de", entry["de"])
        if extra := placeholders(de) - placeholders(en):
            raise ParameterFileError(
                f"{path}: {code}.de: placeholders {sorted(extra)} are not in the English text"
            )
        table[code] = Template(en, de)
    return table


TEMPLATES: MappingProxyType[str, Template] = MappingProxyType(_load(MESSAGES_FILE))


def _param(value: object) -> ParamValue:
    cls = value.__class__
    if cls is int or cls is Decimal:
        return str(value)
    if isinstance(value, Text):
        return value.message
    if isinstance(value, str | Message):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"message parameters are strings, numbers, dates or texts, got {value!r}")


#: Formats one parameter for a language: (name, value, language) -> the text to insert.
ValueFormat = Callable[[str, str, str], str]


def render(message: Message, language: str, value_format: ValueFormat | None = None) -> str:
    """The message in ``language`` (``en`` or ``de``), nested messages rendered first.

    Parameters are inserted as they are (decimal strings, ISO dates), unless ``value_format``
    formats them for the language (the pension texts write amounts as 1,234.56 / 1.234,56).
    """
    template = TEMPLATES[message.code]
    pattern = template.en if language == "en" else template.de
    values: dict[str, str] = {}
    for name, value in message.params:
        if isinstance(value, Message):
            values[name] = render(value, language, value_format)
        elif value_format is None:
            values[name] = value
        else:
            values[name] = value_format(name, value, language)
    return pattern.format_map(values)


#: Rendered texts by (code, parameters): a population of cases shares few distinct sentences.
_TEXTS: dict[tuple[str, tuple[tuple[str, ParamValue], ...]], Text] = {}
_TEXTS_LIMIT = 100_000
_CONSTANT_TEXTS: dict[str, Text] = {}
#: Frozen dataclass constructors without one ``object.__setattr__`` per field: a sentence with
#: a salary or a date in it is new in almost every case.
_new_message = builder(Message)
_new_text_object = builder(Text)


def _rendered(message: Message) -> tuple[str, str]:
    """English and German of a nested message, taken from the cache when it was rendered.

    A quoted sentence (a requirement in a finding, a duty whose deadline moved) has nearly
    always been rendered already; its cached ``Text`` holds exactly what ``render`` returns.
    """
    params = message.params
    known = _TEXTS.get((message.code, params)) if params else _CONSTANT_TEXTS.get(message.code)
    if known is None:
        return render(message, "en"), render(message, "de")
    return known.en, known.de


def _new_text(code: str, values: tuple[tuple[str, ParamValue], ...]) -> Text:
    template = TEMPLATES.get(code)
    if template is None:
        raise KeyError(f"message {code!r} is not in {MESSAGES_FILE.name}")
    message = _new_message(code, values)
    en: dict[str, str] = {}
    de: dict[str, str] = {}
    for name, value in values:
        if isinstance(value, Message):
            en[name], de[name] = _rendered(value)
        else:
            en[name] = de[name] = value
    return _new_text_object(message, template.en.format_map(en), template.de.format_map(de))


def text(code: str, **params: object) -> Text:
    """The message ``code`` with ``params``, rendered in English and German.

    Parameters are turned into strings first (``_param``), so equal numbers written
    differently (``40`` and ``40.0``) stay different sentences.
    """
    if not params:
        found = _CONSTANT_TEXTS.get(code)
        if found is None:
            found = _CONSTANT_TEXTS[code] = _new_text(code, ())
        return found
    values = tuple(
        [
            (name, value if value.__class__ is str else _param(value))
            for name, value in params.items()
        ]
    )
    key = (code, values)
    found = _TEXTS.get(key)
    if found is None:
        found = _new_text(code, values)
        if len(_TEXTS) >= _TEXTS_LIMIT:
            _TEXTS.clear()
        _TEXTS[key] = found
    return found


def unique_text(code: str, **params: object) -> Text:
    """Like ``text``, for a sentence that names a value of its own case (a salary).

    Such a sentence is almost never met again, so it is rendered without a cache lookup and
    kept out of the cache, which it would only fill (and the garbage collector would walk).
    """
    return _new_text(code, tuple([(name, _param(value)) for name, value in params.items()]))


def formatted_text(code: str, value_format: ValueFormat, **params: object) -> Text:
    """Like ``text``, but the English and German sentences format each plain parameter with
    ``value_format`` (the message keeps the plain values). Not cached: few callers."""
    if code not in TEMPLATES:
        raise KeyError(f"message {code!r} is not in {MESSAGES_FILE.name}")
    message = Message(code, tuple((name, _param(value)) for name, value in params.items()))
    return Text(message, render(message, "en", value_format), render(message, "de", value_format))


def gettext_catalogue() -> list[tuple[str, str]]:
    """(code, English template) of every message, sorted by code, for a gettext generator."""
    return sorted((code, template.en) for code, template in TEMPLATES.items())
