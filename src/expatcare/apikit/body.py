"""Request bodies of the API read within limits: size first, then nesting, then JSON parsing.

A body of a thousand nested arrays made the JSON parser exhaust Python's recursion limit (a
server error on the rules endpoints); a body of any size was read into memory. The limits are
checked before parsing: the declared length (``APIRequestLimitsMiddleware`` answers 413 before
the body is read), the bytes actually read, and the nesting depth found by a scan that skips
strings without building anything. Every refusal is an ``RequestRejected``: 413 for size, 422 with
a field error on ``body`` otherwise, the shape of every other refused input.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser

# The largest JSON body an operation accepts (the engine's worked examples are ~1 kB; a person
# with every list filled stays under 20 kB). Uploads go through pages, not the API.
MAX_BODY_BYTES = 1_048_576
# Deepest nesting of arrays and objects (the contracts nest four levels).
MAX_JSON_DEPTH = 32

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class RequestRejected(Exception):  # noqa: N818 - reads as a state, like Http404
    """A body or query refused before or while parsing; ``status`` is 413 or 422."""

    def __init__(
        self, status: int, message: str, code: str, loc: tuple[str, ...] = ("body",)
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.loc = loc


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (strings skipped), without parsing.

    Regular expressions drop strings and everything but brackets, so the loop visits brackets
    only; a malformed document yields some number and fails to parse afterwards.
    """
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def too_large() -> RequestRejected:
    return RequestRejected(
        413,
        _("The request body is larger than %(n)s bytes.") % {"n": MAX_BODY_BYTES},
        "body_too_large",
    )


def load_json(body: bytes) -> Any:
    """Parse a request body within the limits, or raise ``RequestRejected``."""
    if len(body) > MAX_BODY_BYTES:
        raise too_large()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestRejected(
            422, _("The request body is not UTF-8 text."), "json_invalid"
        ) from None
    if json_depth(text) > MAX_JSON_DEPTH:
        raise RequestRejected(
            422,
            _("The request body is nested more than %(n)s levels deep.") % {"n": MAX_JSON_DEPTH},
            "json_too_deep",
        )
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise RequestRejected(
            422, _("The request body is not valid JSON."), "json_invalid"
        ) from None


class LimitedJSONParser(Parser):
    """ninja's JSON parser with the limits above (ninja wraps its errors; see apikit.errors).

    A query parameter that is not a list may be given once: ``page_size=10&page_size=500``
    used to take the last value silently, so a proxy and the server could read different pages.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        return load_json(request.body)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key in data:
            if key not in list_fields and len(data.getlist(key)) > 1:
                raise RequestRejected(
                    422,
                    _("Give this parameter once."),
                    "repeated_parameter",
                    loc=("query", key),
                )
        return super().parse_querydict(data, list_fields, request)
