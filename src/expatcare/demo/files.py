"""Placeholder files of the demo: documents that open in any viewer without shipping binaries."""

from __future__ import annotations

# A minimal, valid one-page PDF: enough for viewers and content sniffing, a few hundred bytes.
_PDF_TEMPLATE = (
    "%PDF-1.4\n"
    "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    "4 0 obj<</Length {length}>>stream\n{stream}\nendstream endobj\n"
    "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n"
)


def tiny_pdf(text: str) -> bytes:
    """A placeholder document that opens in any PDF viewer and shows ``text``."""
    safe = "".join(ch for ch in text if ch.isascii() and ch not in "()\\")
    stream = f"BT /F1 18 Tf 72 760 Td ({safe}) Tj ET"
    return _PDF_TEMPLATE.format(length=len(stream), stream=stream).encode("ascii")
