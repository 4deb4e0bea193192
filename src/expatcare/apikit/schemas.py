"""Shared pieces of request and response schemas: error bodies, ids and page parameters.

Ids and page numbers are bounded by ``core.bounds`` (the database's integer range), so a filter
or page beyond it is a 422 naming the parameter instead of an overflow in the database driver.
Path ids use the ``{id:...}`` converter instead: an id out of range is simply not found (404).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field
from pydantic.json_schema import SkipJsonSchema

from expatcare.apikit.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from expatcare.core.bounds import ID_BOUNDS, PAGE_BOUNDS

Id = Annotated[int, Field(**ID_BOUNDS)]
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_only(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (or a date): pydantic alone would read ``0`` as 1970-01-01."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("Enter a date as YYYY-MM-DD.")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]
# For PATCH fields that may be left out but not set to null: ``name: str | NotNull = None``.
# The document then shows the field as non-nullable, which is what the services enforce.
NotNull = SkipJsonSchema[None]
PageNumber = Annotated[int, Field(**PAGE_BOUNDS, description="Page number, from 1.")]
PageSize = Annotated[
    int, Field(ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page, at most {MAX_PAGE_SIZE}.")
]


class PageQuery(Schema):
    """The page parameters of every list operation."""

    page: PageNumber = 1
    page_size: PageSize = DEFAULT_PAGE_SIZE


class Problem(Schema):
    detail: str


class FieldProblem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class FieldProblems(Schema):
    detail: list[FieldProblem]
