"""System checks for configuration that would otherwise fail only at first use.

Registered in ``CoreConfig.ready``; they run with every management command that checks
(``check``, ``check --deploy``, ``migrate``, ``serve``), so a wrong key is reported when the
service is deployed, not when the first calendar link is opened weeks later.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import CheckMessage, Error


def check_field_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for position, key in enumerate(getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) or (), 1):
        try:
            Fernet(str(key).encode())
        except ValueError:
            errors.append(
                Error(
                    f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key.",
                    hint=(
                        "Each key is 32 bytes in url-safe base64 (44 characters), e.g. from "
                        '`python -c "from cryptography.fernet import Fernet; '
                        'print(Fernet.generate_key().decode())"`.'
                    ),
                    id="expatcare.E001",
                )
            )
    return errors
