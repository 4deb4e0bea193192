"""Template context every page needs: who acts, and the staff languages for the switch."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from expatcare.accounts.http import request_actor


def actor(request: HttpRequest) -> dict[str, Any]:
    return {
        "actor": request_actor(request),
        "staff_languages": settings.STAFF_LANGUAGES,
    }
