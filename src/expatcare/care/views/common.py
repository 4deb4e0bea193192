"""What the care pages share: one page of a list, counted with a bound."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest

from expatcare.core.pagination import CountedPaginator, bounded_count, page_number


@dataclass(frozen=True, slots=True)
class ListPage:
    page: Page[Any]
    count_is_exact: bool
    page_range: list[Any]
    filter_query: str

    def context(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "count_is_exact": self.count_is_exact,
            "page_range": self.page_range,
            "filter_query": self.filter_query,
        }


def list_page(request: HttpRequest, rows: QuerySet[Any], *, query: dict[str, str]) -> ListPage:
    """The requested page of ``rows``; ``query`` (filters and sort) is kept in page links."""
    requested = request.GET.get("page")
    size = settings.EXPATCARE_PAGE_SIZE
    count = bounded_count(rows, page=page_number(requested), page_size=size)
    paginator = CountedPaginator(rows, size, count=count.value)
    page = paginator.get_page(requested)
    return ListPage(
        page=page,
        count_is_exact=count.exact,
        page_range=list(paginator.get_elided_page_range(page.number, on_each_side=2)),
        filter_query=urlencode({k: v for k, v in query.items() if v}),
    )
