"""What the care list pages share: one page of rows with the links that keep filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest

from expatcare.core.pagination import list_page as core_list_page
from expatcare.core.pagination import page_range


@dataclass(frozen=True, slots=True)
class ListPage:
    page: Page[Any]
    filter_query: str

    def context(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "count_is_exact": getattr(self.page.paginator, "count_is_exact", True),
            "page_range": page_range(self.page),
            "filter_query": self.filter_query,
        }


def list_page(request: HttpRequest, rows: QuerySet[Any], *, query: dict[str, str]) -> ListPage:
    """The requested page of ``rows``, counted with a bound (``core.pagination``); ``query``
    (filters and sort) is kept in the page links."""
    page = core_list_page(
        rows, requested=request.GET.get("page"), per_page=settings.EXPATCARE_PAGE_SIZE
    )
    return ListPage(page=page, filter_query=urlencode({k: v for k, v in query.items() if v}))
