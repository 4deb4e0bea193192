"""Field encryption: round trip, key rotation, and a clear error for a foreign key."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from expatcare.core.crypto import (
    DecryptionError,
    decrypt_text,
    derived_key,
    encrypt_text,
    rotate_ciphertext,
)

OLD = derived_key("old").decode()
NEW = derived_key("new").decode()


def test_round_trip_is_randomised() -> None:
    first, second = encrypt_text("secret"), encrypt_text("secret")
    assert first != second and "secret" not in first
    assert decrypt_text(first) == decrypt_text(second) == "secret"


def test_rotation_re_encrypts_with_the_newest_key() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        stored = encrypt_text("passport 123")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        rotated = rotate_ciphertext(stored)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        assert decrypt_text(rotated) == "passport 123"
        with pytest.raises(DecryptionError):
            decrypt_text(stored)


def test_a_malformed_key_is_a_configuration_error() -> None:
    malformed = override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"])
    with malformed, pytest.raises(ImproperlyConfigured):
        encrypt_text("x")
