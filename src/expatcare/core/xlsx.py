"""A streamed one-sheet XLSX workbook: bytes leave while rows are still being read.

openpyxl builds a cell object per value and can only save a finished workbook, so an export of
every duty of a large tenant (about 700,000 cells) took longer than a worker may spend on a
request, and nothing reached the browser until the end. A one-sheet table needs very little of
the format: the sheet is written as XML text straight into a ZIP entry that is compressed and
sent chunk by chunk (``zipfile`` writes data descriptors when it cannot seek), with text as
inline strings and dates as serial numbers in the built-in short-date format, which every
spreadsheet program shows as a date.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FLUSH_BYTES = 256 * 1024
EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_SHEET_TITLE = 31
# Characters XML 1.0 cannot carry at all; a spreadsheet program refuses the file if one slips in.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006"
_RELATION_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PART_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _relationships(*targets: tuple[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="rId{number}" Type="{_RELATION_TYPE}/{kind}" Target="{target}"/>'
        for number, (kind, target) in enumerate(targets, start=1)
    )
    namespace = f"{_PACKAGE_NS}/relationships"
    return f'{_XML_DECLARATION}<Relationships xmlns="{namespace}">{items}</Relationships>'


_CONTENT_TYPES = (
    f'{_XML_DECLARATION}<Types xmlns="{_PACKAGE_NS}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_PART_TYPE}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_PART_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_PART_TYPE}.styles+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = _relationships(("officeDocument", "xl/workbook.xml"))
_WORKBOOK_RELS = _relationships(("worksheet", "worksheets/sheet1.xml"), ("styles", "styles.xml"))
# Style 0 is the default; style 1 shows a serial number as a date (built-in format 14); style 2
# is the bold header row.
_STYLES = (
    f'{_XML_DECLARATION}<styleSheet xmlns="{_MAIN_NS}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_HEAD = (
    f'{_XML_DECLARATION}<worksheet xmlns="{_MAIN_NS}">'
    # The header row stays in view while scrolling.
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews><sheetData>"
)
_SHEET_TAIL = "</sheetData></worksheet>"
DATE_STYLE = 1
HEADER_STYLE = 2


def column_letters(index: int) -> str:
    """``0`` → ``A``, ``25`` → ``Z``, ``26`` → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_title(title: str) -> str:
    """A title the format accepts: at most 31 characters and none of ``[]:*?/\\``."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", _ILLEGAL_XML.sub("", title)).strip() or "Sheet1"
    return cleaned[:MAX_SHEET_TITLE]


def _text_cell(ref: str, text: str, style: int = 0) -> str:
    text = _ILLEGAL_XML.sub("", text)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _cell(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, dt.datetime):
        raise TypeError("datetimes need a time zone decision; pass a date or text")
    if isinstance(value, dt.date):
        serial = (value - EXCEL_EPOCH).days
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{serial}</v></c>'
    return _text_cell(ref, str(value))


class _Sink:
    """The file object ``zipfile`` writes to: it keeps the bytes until they are taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        """Nothing to do: the bytes are handed on by ``take``."""

    def close(self) -> None:
        """Nothing to release: the bytes live in memory until taken."""

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def stream_workbook(
    title: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Iterator[bytes]:
    """The bytes of an XLSX file with one sheet: a bold, frozen header row, then ``rows``.

    Values may be text, numbers, booleans, dates or ``None`` (an empty cell). The caller
    neutralises formula-like text: inline strings are never evaluated, but a user may copy them.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _PACKAGE_RELS)
        zf.writestr(
            "xl/workbook.xml",
            f'{_XML_DECLARATION}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_RELATION_TYPE}">'
            f'<sheets><sheet name={quoteattr(sheet_title(title))} sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        yield sink.take()
        letters = [column_letters(i) for i in range(len(header))]
        with zf.open("xl/worksheets/sheet1.xml", mode="w", force_zip64=True) as sheet:
            head_cells = "".join(
                _text_cell(f"{letter}1", str(name), HEADER_STYLE)
                for letter, name in zip(letters, header, strict=True)
            )
            pending = [_SHEET_HEAD, f'<row r="1">{head_cells}</row>']
            pending_chars = 0
            for number, row in enumerate(rows, start=2):
                cells = "".join(
                    _cell(f"{letter}{number}", value)
                    for letter, value in zip(letters, row, strict=True)
                )
                line = f'<row r="{number}">{cells}</row>'
                pending.append(line)
                pending_chars += len(line)
                if pending_chars >= FLUSH_BYTES:
                    sheet.write("".join(pending).encode())
                    pending.clear()
                    pending_chars = 0
                    if sink.size:
                        yield sink.take()
            pending.append(_SHEET_TAIL)
            sheet.write("".join(pending).encode())
    yield sink.take()


FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas in text that came from users (CSV injection): such
    text gets a leading apostrophe; ``None`` becomes an empty cell."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return "" if value is None else value
