"""What a web worker imports before its first request stays within the memory budget.

A gunicorn worker runs ``django.setup()`` and imports the URL configuration, which imports the
views of every page. A library imported there stays in every worker's memory
(docs/architecture.md, Performance budgets: 120 MB per worker), so libraries needed only on a
rare path are imported where that path uses them. The probe runs in a fresh interpreter: the
test process has imported half the world already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from expatcare.settings.optional_imports import import_without

# Library -> the rare path that imports it where it needs it.
RARE_PATH_LIBRARIES = {
    "icalendar": "the calendar feed (compliance.feeds)",
    "dateutil": "icalendar's time zones, with the feed",
    "openpyxl": "only the tests read workbooks back",
    "holidays": "holidays outside the shipped table (rules.holidays_de)",
}
# Without REDIS_URL and on SQLite no client library of another service is needed.
SERVICE_CLIENTS = {
    "redis": "the Redis cache and queue, with REDIS_URL only",
    "psycopg": "Django's PostgreSQL backend, with a postgres DATABASE_URL only",
}

PROBE = """
import json
import sys
from importlib import import_module

import django

django.setup()
from django.conf import settings

import_module(settings.ROOT_URLCONF)
import huey.storage

print(json.dumps({"modules": sorted(sys.modules), "huey_redis": huey.storage.Redis is not None}))
"""


def _worker_imports(tmp_path: Path, **extra_env: str) -> dict[str, object]:
    kept = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH")
    env = {key: os.environ[key] for key in kept if key in os.environ}
    env |= {
        "DJANGO_SETTINGS_MODULE": "expatcare.settings.dev",
        "EXPATCARE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        **extra_env,
    }
    result = subprocess.run(  # this interpreter, a fixed script
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def _top_level(modules: object) -> set[str]:
    assert isinstance(modules, list)
    return {str(name).partition(".")[0] for name in modules}


def test_a_worker_on_sqlite_imports_no_rare_path_library_and_no_service_client(
    tmp_path: Path,
) -> None:
    imported = _top_level(_worker_imports(tmp_path)["modules"])
    assert "expatcare" in imported and "django" in imported  # the probe did import the app
    unexpected = {
        name: why
        for name, why in (RARE_PATH_LIBRARIES | SERVICE_CLIENTS).items()
        if name in imported
    }
    assert unexpected == {}, "import these where their path needs them"


def test_with_redis_the_queue_still_gets_its_client(tmp_path: Path) -> None:
    # Nothing connects on import: the port need not answer.
    answer = _worker_imports(tmp_path, REDIS_URL="redis://127.0.0.1:9/0")
    assert "redis" in _top_level(answer["modules"])
    assert answer["huey_redis"] is True


def test_import_without_hides_only_during_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lean_probe_optional.py").write_text("VALUE = 1\n")
    (tmp_path / "lean_probe_user.py").write_text(
        "try:\n"
        "    import lean_probe_optional\n"
        "except ImportError:\n"
        "    lean_probe_optional = None\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("lean_probe_optional", "lean_probe_user"):
        monkeypatch.delitem(sys.modules, name, raising=False)

    import_without("lean_probe_user", hidden=("lean_probe_optional",))

    assert sys.modules["lean_probe_user"].lean_probe_optional is None
    assert "lean_probe_optional" not in sys.modules  # visible again, not imported
    import lean_probe_optional  # type: ignore[import-not-found]

    assert lean_probe_optional.VALUE == 1
    monkeypatch.delitem(sys.modules, "lean_probe_user")
    monkeypatch.delitem(sys.modules, "lean_probe_optional")


def test_import_without_leaves_an_imported_package_visible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lean_probe_needed.py").write_text("VALUE = 2\n")
    (tmp_path / "lean_probe_consumer.py").write_text(
        "try:\n    import lean_probe_needed\nexcept ImportError:\n    lean_probe_needed = None\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import lean_probe_needed  # type: ignore[import-not-found]  # the configuration's own

    try:
        import_without("lean_probe_consumer", hidden=("lean_probe_needed",))
        assert sys.modules["lean_probe_consumer"].lean_probe_needed is lean_probe_needed
    finally:
        sys.modules.pop("lean_probe_consumer", None)
        sys.modules.pop("lean_probe_needed", None)
