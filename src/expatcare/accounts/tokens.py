"""Secret tokens: generated once, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

ACCESS_TOKEN_PREFIX = "ec_"
# Characters of a personal access token kept in clear so its owner can recognise it.
ACCESS_TOKEN_VISIBLE_CHARS = 10


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def new_access_token() -> str:
    return ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)
