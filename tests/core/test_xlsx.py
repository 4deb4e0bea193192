"""The streamed workbook, read back by an independent reader (openpyxl)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from expatcare.core.xlsx import column_letters, sheet_title, stream_workbook


def _read(chunks: Iterator[bytes]):
    data = b"".join(chunks)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    return load_workbook(io.BytesIO(data)).active


def test_values_come_back_with_their_types() -> None:
    rows = [
        ["Ana <Silva> & Co", 42, dt.date(2026, 3, 1), None, Decimal("12.50"), True],
        ["  indented ", -7, dt.date(1999, 12, 31), "", 0.25, False],
    ]
    sheet = _read(stream_workbook("Duties", ["Name", "Id", "Due", "Empty", "Amount", "Flag"], rows))
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Name", "Id", "Due", "Empty", "Amount", "Flag")
    assert values[1] == ("Ana <Silva> & Co", 42, dt.datetime(2026, 3, 1), None, 12.5, True)
    assert values[2] == ("  indented ", -7, dt.datetime(1999, 12, 31), None, 0.25, False)
    assert sheet["C2"].number_format == "mm-dd-yy"  # openpyxl's name of built-in format 14
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "Duties"


def test_characters_xml_cannot_carry_are_dropped_not_fatal() -> None:
    sheet = _read(stream_workbook("T", ["Note"], [["bell\x07 and\x00 null\x1f"]]))
    assert sheet["A2"].value == "bell and null"


def test_a_datetime_is_refused_because_its_zone_is_the_callers_decision() -> None:
    with pytest.raises(TypeError, match="time zone"):
        b"".join(stream_workbook("T", ["When"], [[dt.datetime(2026, 1, 1, 12)]]))


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="zip"):
        b"".join(stream_workbook("T", ["A", "B"], [["only one"]]))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Pflichten", "Pflichten"),
        ("a/b:c*d?e[f]g\\h", "a b c d e f g h"),
        ("x" * 40, "x" * 31),
        ("", "Sheet1"),
    ],
)
def test_sheet_titles_are_made_acceptable(title: str, expected: str) -> None:
    assert sheet_title(title) == expected


def test_column_letters() -> None:
    assert [column_letters(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_bytes_leave_before_the_rows_are_read_and_keep_coming() -> None:
    """The point of streaming: the first chunk needs no row, later chunks follow the reading."""
    consumed = 0

    def rows() -> Iterator[list[object]]:
        nonlocal consumed
        for number in range(30_000):
            consumed += 1
            yield [f"person {number}", number, dt.date(2026, 1, 1) + dt.timedelta(number % 365)]

    chunks = stream_workbook("Big", ["Name", "Number", "Due"], rows())
    first = next(chunks)
    assert first.startswith(b"PK") and consumed == 0
    rest = []
    consumed_at_chunk = []
    for chunk in chunks:
        rest.append(chunk)
        consumed_at_chunk.append(consumed)
    assert len(rest) > 3
    assert consumed_at_chunk[0] < 30_000  # a chunk left while rows were still unread
    sheet = _read(iter([first, *rest]))
    assert sheet.max_row == 30_001
    assert sheet["A30001"].value == "person 29999"
    assert sheet["B30001"].value == 29_999
