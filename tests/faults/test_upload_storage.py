"""Upload storage unusable for real (not mocked): a clear message, no row pointing at no file.

Root ignores permission bits, so the failures are ones root meets too: the media root under a
regular file (ENOTDIR, as a missing or read-only mount gives) and a file-size limit reached while
writing (EFBIG, the process-level equivalent of a full disk).
"""

from __future__ import annotations

import contextlib
import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.core.errors import ServiceError
from expatcare.people import services
from expatcare.people.models import Document, DocumentVersion
from tests.conftest import Tenant

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

PDF = b"%PDF-1.4\n" + b"0" * 64 * 1024 + b"\n%%EOF\n"


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes past ``limit`` bytes fail with EFBIG (the signal that would kill us is ignored)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def _upload(tenant: Tenant) -> None:
    services.document_upload(
        actor=tenant.actor(Role.HR),
        person=tenant.other_person,
        kind="passport",
        uploaded_file=SimpleUploadedFile("passport.pdf", PDF, content_type="application/pdf"),
    )


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []


@pytest.mark.parametrize("fault", ["not-a-directory", "file-size-limit"])
def test_storage_failure_is_a_message_and_leaves_nothing(
    tenant: Tenant, tmp_path: Path, fault: str
) -> None:
    if fault == "not-a-directory":
        blocker = tmp_path / "blocker"
        blocker.write_text("a file where the media directory should be")
        root, limit = blocker / "media", None
    else:
        root, limit = tmp_path / "media", 4096
    before = (Document.objects.count(), DocumentVersion.objects.count())
    limits = file_size_limit(limit) if limit is not None else contextlib.nullcontext()
    with (
        override_settings(MEDIA_ROOT=root, PRIVATE_MEDIA_ROOT=root),
        translation.override("en"),
        pytest.raises(ServiceError, match="could not be stored"),
        limits,
    ):
        _upload(tenant)
    assert (Document.objects.count(), DocumentVersion.objects.count()) == before
    assert [p for p in _files(root) if p.stat().st_size] == []  # no half-written file kept
