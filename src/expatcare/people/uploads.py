"""Decide what an uploaded file really is from its first bytes, not from what the client says.

Only a handful of formats are accepted (documents are scans or PDFs); the declared file name
extension must agree with the sniffed format so that a text file named ``.pdf`` is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from expatcare.core.errors import ServiceError
from expatcare.people.errors import PeopleErrorCode

SNIFF_BYTES = 32
CHUNK_SIZE = 64 * 1024


@dataclass(frozen=True, slots=True)
class FileType:
    mime: str
    extensions: frozenset[str]
    label: str


PDF = FileType("application/pdf", frozenset({"pdf"}), "PDF")
PNG = FileType("image/png", frozenset({"png"}), "PNG")
JPEG = FileType("image/jpeg", frozenset({"jpg", "jpeg"}), "JPEG")
WEBP = FileType("image/webp", frozenset({"webp"}), "WebP")
HEIC = FileType("image/heic", frozenset({"heic", "heif"}), "HEIC")
ACCEPTED_TYPES = (PDF, PNG, JPEG, WEBP, HEIC)
HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})


def sniff(head: bytes) -> FileType | None:
    """The accepted type whose signature ``head`` starts with, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return HEIC
    return None


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def accepted_extensions() -> list[str]:
    return sorted(ext for file_type in ACCEPTED_TYPES for ext in file_type.extensions)


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    file_type: FileType
    size: int
    sha256: str
    extension: str


def check_upload(stream: IO[bytes], *, name: str, max_bytes: int) -> CheckedUpload:
    """Size, sniffed type, extension agreement and checksum; raises ``ServiceError`` if refused.

    The stream is read once in chunks (never loaded whole) and rewound for storing.
    """
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    file_type = sniff(head)
    digest = hashlib.sha256(head)
    size = len(head)
    while chunk := stream.read(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            break
        digest.update(chunk)
    stream.seek(0)
    if size > max_bytes:
        raise ServiceError(
            _("The file is too large: at most %(size)s MB are allowed.")
            % {"size": f"{max_bytes / (1024 * 1024):.0f}"},
            field="file",
            code=PeopleErrorCode.FILE_TOO_LARGE,
        )
    if size == 0:
        raise ServiceError(_("The file is empty."), field="file", code=PeopleErrorCode.FILE_EMPTY)
    if file_type is None:
        raise ServiceError(
            _("This kind of file is not accepted. Upload a PDF, PNG, JPEG, WebP or HEIC file."),
            field="file",
            code=PeopleErrorCode.FILE_TYPE,
        )
    extension = extension_of(name)
    if extension not in file_type.extensions:
        raise ServiceError(
            _("The file name does not match its content: this file is a %(type)s.")
            % {"type": file_type.label},
            field="file",
            code=PeopleErrorCode.FILE_TYPE_MISMATCH,
        )
    return CheckedUpload(
        file_type=file_type, size=size, sha256=digest.hexdigest(), extension=extension
    )
