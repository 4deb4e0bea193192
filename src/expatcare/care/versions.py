"""Version keys of cached care figures (the cost report), moved on by the services that write.

A cached report is stored under a key that contains the tenant's care version and the
catalog's; moving either on makes old entries unreachable, so nothing has to be deleted.
Services call ``enrolments_changed`` (an enrolment or package of the tenant) or
``catalog_changed`` (module names and providers shown in every tenant's report) in their
transaction; the bump repeats after the commit, so a report computed meanwhile from the old
state is not reused.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

TENANT_KEY = "care:version:{organization_id}"
CATALOG_KEY = "care:catalog-version"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def _bump_now_and_after_commit(key: str) -> None:
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def enrolments_changed(organization_id: int) -> None:
    _bump_now_and_after_commit(TENANT_KEY.format(organization_id=organization_id))


def catalog_changed() -> None:
    _bump_now_and_after_commit(CATALOG_KEY)


def cost_version(organization_id: int) -> str:
    """The generation of the tenant's care figures: its own and the catalog's (one read)."""
    tenant_key = TENANT_KEY.format(organization_id=organization_id)
    found = cache.get_many([tenant_key, CATALOG_KEY])
    return f"{found.get(tenant_key, 1)}.{found.get(CATALOG_KEY, 1)}"
