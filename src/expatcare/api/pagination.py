"""Page-number pagination with absolute next/previous links, counted in one SQL query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

M = TypeVar("M", bound=Model)
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Page(Generic[R]):
    count: int
    next: str | None
    previous: str | None
    rows: list[R]


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate_with(
    request: HttpRequest,
    queryset: QuerySet[M],
    *,
    page: int,
    page_size: int,
    load: Callable[[QuerySet[M]], list[R]],
) -> Page[R]:
    """One page of ``queryset`` loaded by ``load`` (e.g. as plain values, not instances).

    A page past the end is empty rather than an error, and costs no row query.
    """
    count = queryset.count()
    offset = (page - 1) * page_size
    rows = load(queryset[offset : offset + page_size]) if offset < count else []
    has_next = offset + page_size < count
    return Page(
        count=count,
        next=_page_url(request, page + 1) if has_next else None,
        previous=_page_url(request, min(page - 1, max(1, -(-count // page_size))))
        if page > 1
        else None,
        rows=rows,
    )


def paginate(request: HttpRequest, queryset: QuerySet[M], *, page: int, page_size: int) -> Page[M]:
    """One page of ``queryset`` as model instances; a page past the end is empty."""
    return paginate_with(request, queryset, page=page, page_size=page_size, load=list)


def page_body(page: Page[Any]) -> dict[str, Any]:
    """The ``count``/``next``/``previous``/``results`` envelope of every list operation."""
    return {"count": page.count, "next": page.next, "previous": page.previous, "results": page.rows}
