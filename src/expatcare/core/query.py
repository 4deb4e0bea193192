"""Query-string parameters of list pages: a value a list cannot use is refused, not guessed.

A page number or filter value that cannot be used (``?page=<20 digits>``, ``?person=abc``,
``?state=bogus``) used to be clamped or dropped silently, so the page showed something other
than what the address asked for. The API answers such a request with 422 naming the
parameter; pages now do the same (``InvalidQuery``, answered by
``core.middleware.QueryParameterMiddleware`` with a page naming the parameter and a link to
the list without it).

A valid page number past the end of a list (page 9 of 3, typically an old link after rows went
away) redirects to the last page (``PastLastPage``): the address then says which page is shown.
The API answers the same request with an empty page whose ``previous`` link is the last page,
because a client walking ``next`` links must never see rows twice.
"""

from __future__ import annotations

from typing import Any

from django import forms


class InvalidQuery(Exception):  # noqa: N818 - reads as a state, like Http404
    """A query-string parameter of a page that cannot be used: 422 naming it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


class PastLastPage(Exception):  # noqa: N818 - reads as a state, like Http404
    """A valid page number beyond the list's last page: redirect to ``last``."""

    def __init__(self, parameter: str, last: int) -> None:
        super().__init__(f"{parameter}: past the last page ({last})")
        self.parameter = parameter
        self.last = last


def require_valid(form: forms.Form) -> dict[str, Any]:
    """The cleaned data of a bound filter form; ``InvalidQuery`` for its first refused field.

    An unbound form (no query string) is valid and yields no data.
    """
    if not form.is_bound:
        return {}
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise InvalidQuery(name, str(errors[0]))
    return dict(form.cleaned_data)
