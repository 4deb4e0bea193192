"""Rules about the shape of the code that no linter states for us.

Views and API operations load rows through the policies (``access_*``: ``Http404`` for a row
of another tenant), never with ``Model.objects.get(...)``, which would answer another tenant's
id and raise ``DoesNotExist`` (a 500) for a missing one.
"""

from __future__ import annotations

from pathlib import Path

import expatcare

PACKAGE_DIR = Path(expatcare.__file__).resolve().parent


def _is_view_or_api_module(path: Path) -> bool:
    relative = path.relative_to(PACKAGE_DIR)
    names = {part.removesuffix(".py") for part in relative.parts}
    stem = path.stem
    return bool(names & {"views", "api"}) or stem.endswith("_views") or stem in {"feeds", "exports"}


def view_and_api_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if "migrations" not in path.parts and _is_view_or_api_module(path)
    ]


def test_the_scan_sees_the_views_and_api_modules() -> None:
    found = {str(path.relative_to(PACKAGE_DIR)) for path in view_and_api_modules()}
    assert {
        "people/views/person.py",
        "compliance/views.py",
        "compliance/api.py",
        "mobility/case_views.py",
        "api/people.py",
    } <= found


def test_views_and_api_never_load_a_row_with_objects_get() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE_DIR)}:{number}"
        for path in view_and_api_modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ".objects.get(" in line
    ]
    assert offenders == [], f"load rows through a policy's access_* function: {offenders}"
