"""Field encryption at rest with rotatable keys (Fernet, AES-128-CBC + HMAC-SHA256).

Keys come from ``FIELD_ENCRYPTION_KEYS`` (comma-separated Fernet keys, newest first). New values
are always encrypted with the first key; every listed key can still decrypt, so rotating is:
put a new key in front, run ``expatcare rotate_field_keys`` (which re-encrypts every column of
``ENCRYPTED_COLUMNS`` with ``rotate_ciphertext``), then drop the old key. Without the
setting a key is derived from ``SECRET_KEY`` so that development and the demo work out of the box;
production settings require explicit keys, because a secret-key rotation must not make stored
values unreadable.
"""

from __future__ import annotations

import base64
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_DERIVATION_LABEL = b"expatcare field encryption v1:"

# Every column that holds ``encrypt_text`` output, as (app label.Model, field). Key rotation
# re-encrypts exactly these; a test fails when a model has an ``*_encrypted`` field not listed.
ENCRYPTED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("compliance.CalendarFeed", "token_encrypted"),
    ("care.Enrolment", "subject_encrypted"),
    ("care.EnrolmentComment", "body_encrypted"),
    ("accounts.OutboxMessage", "body_encrypted"),
)


class DecryptionError(Exception):
    """A stored value cannot be decrypted with any configured key."""


def derived_key(secret: str) -> bytes:
    """A Fernet key derived from a secret, for set-ups without explicit field keys."""
    digest = hashlib.sha256(_DERIVATION_LABEL + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest)


@functools.cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold url-safe base64 Fernet keys of 32 bytes."
        ) from exc


def _fernet() -> MultiFernet:
    keys = tuple(getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) or ())
    if not keys:
        keys = (derived_key(settings.SECRET_KEY).decode(),)
    return _fernet_for(keys)


def encrypt_text(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt_text(ciphertext: str) -> str:
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("no configured key decrypts this value") from exc


def rotate_ciphertext(ciphertext: str) -> str:
    """The same value encrypted with the current (first) key."""
    try:
        return _fernet().rotate(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("no configured key decrypts this value") from exc
