"""Log filters: a refused request is a fact worth one line, not a stack trace.

Django logs every 403 raised as ``PermissionDenied`` on ``django.request`` with the exception
attached, so each refusal printed a full traceback, burying real errors in the server log.
"""

from __future__ import annotations

import logging


class OneLineForbidden(logging.Filter):
    """Keep the "Forbidden (Permission denied): /path" line of a 403, drop its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
