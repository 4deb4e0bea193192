"""The version key of a tenant's cached people figures, moved on by the services that write.

Cached figures are stored under a key that contains the tenant's version; moving the version on
makes the old entries unreachable, so nothing has to be deleted. The services that create or
change people call ``people_figures_changed`` in their transaction (not a model signal: the
design has no signals, and a write that should not move the figures, such as a salary read,
then costs nothing).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

PEOPLE_FIGURES_VERSION_KEY = "people:figures-version:{organization_id}"


def people_figures_version(organization_id: int) -> int:
    """The generation of the tenant's people figures; it moves on with every change."""
    version = cache.get_or_set(
        PEOPLE_FIGURES_VERSION_KEY.format(organization_id=organization_id), 1, None
    )
    return int(version or 1)


def _bump(organization_id: int) -> None:
    key = PEOPLE_FIGURES_VERSION_KEY.format(organization_id=organization_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def people_figures_changed(organization_id: int) -> None:
    """Move the figures on now (for this transaction's own reads) and again after the commit,
    so that figures another request computed meanwhile from the old state are not reused."""
    _bump(organization_id)
    transaction.on_commit(lambda: _bump(organization_id))
