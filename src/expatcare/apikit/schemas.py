"""Error bodies every operation may answer, in the shape of ninja's validation errors."""

from __future__ import annotations

from ninja import Schema


class Problem(Schema):
    detail: str


class FieldProblem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class FieldProblems(Schema):
    detail: list[FieldProblem]
