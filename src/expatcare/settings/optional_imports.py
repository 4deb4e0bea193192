"""Import a library while some of its optional dependencies look absent to it.

A web worker's memory is budgeted (docs/architecture.md, Performance budgets), and huey's
storage module imports every backend it might use at the top: ``redis`` and ``psycopg``, some
18 MB together in every worker, even with the SQLite queue that needs neither. Hiding the
packages that this process has not imported yet (``sys.modules[name] = None`` makes an import
raise ``ImportError``, which huey expects for a missing backend) keeps them out; the packages
are visible again as soon as the import is done, so Django's PostgreSQL backend and the Redis
cache import them as usual when the configuration asks for them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable


def import_without(module: str, hidden: Iterable[str]) -> None:
    """Import ``module`` (once per process) with the not yet imported ``hidden`` packages
    looking absent; a package already imported stays visible, as the configuration needs it.
    """
    if module in sys.modules:
        return
    blocked = [name for name in hidden if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "absent"
    try:
        importlib.import_module(module)
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
