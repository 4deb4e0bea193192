"""Page-number pagination with absolute next/previous links, counted in one SQL query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

M = TypeVar("M", bound=Model)


@dataclass(frozen=True, slots=True)
class Page(Generic[M]):
    count: int
    next: str | None
    previous: str | None
    rows: list[M]


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, queryset: QuerySet[M], *, page: int, page_size: int) -> Page[M]:
    """One page of ``queryset``; a page past the end is empty rather than an error."""
    count = queryset.count()
    offset = (page - 1) * page_size
    rows = list(queryset[offset : offset + page_size]) if offset < count else []
    has_next = offset + page_size < count
    return Page(
        count=count,
        next=_page_url(request, page + 1) if has_next else None,
        previous=_page_url(request, min(page - 1, max(1, -(-count // page_size))))
        if page > 1
        else None,
        rows=rows,
    )
