"""The layers contract in ``pyproject.toml`` covers every package, in plain words.

``lint-imports`` (``make contracts``) enforces the import direction; its layers contract is
``exhaustive``, so it also refuses a package it does not know. This test says the same before
anything is imported, naming the package and what to do, and keeps the contract honest: no
ignored imports, the planned apps declared in their layer, the feature apps independent.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import expatcare

PACKAGE_DIR = Path(expatcare.__file__).resolve().parent
PYPROJECT = PACKAGE_DIR.parents[1] / "pyproject.toml"
# Not code of a layer: the pure rules library has contracts of its own, locale holds catalogues.
OUTSIDE_THE_LAYERS = frozenset({"rules", "locale"})
FEATURE_APPS = ("care", "recruiting", "onboarding", "messaging", "wellbeing")


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _layers_contract() -> dict[str, Any]:
    (contract,) = [c for c in _contracts() if c["type"] == "layers"]
    return contract


def _layers() -> list[list[str]]:
    """Each layer as its package names, highest first; ``(name)`` marks a planned package."""
    return [
        [name.strip() for name in re.split(r"[|:]", layer)]
        for layer in _layers_contract()["layers"]
    ]


def _declared() -> set[str]:
    return {name.strip("()") for layer in _layers() for name in layer}


def _packages() -> set[str]:
    """The top-level packages and modules of ``expatcare`` (``cli.py`` counts as ``cli``)."""
    names = {
        path.name
        for path in PACKAGE_DIR.iterdir()
        if path.is_dir() and (path / "__init__.py").exists()
    }
    names |= {
        path.stem for path in PACKAGE_DIR.glob("*.py") if path.stem not in {"__init__", "__main__"}
    }
    return names - OUTSIDE_THE_LAYERS


def test_every_package_has_its_place_in_the_layers() -> None:
    missing = sorted(_packages() - _declared())
    assert missing == [], (
        f"{', '.join(missing)}: not in the layers contract of pyproject.toml; put each in the "
        "layer it belongs to (docs/architecture.md, 'How to add an app')"
    )


def test_the_scan_sees_the_packages() -> None:
    assert {"core", "people", "engine", "care", "api", "demo", "cli", "urls"} <= _packages()


def test_a_package_stands_in_one_layer_only() -> None:
    names = [name.strip("()") for layer in _layers() for name in layer]
    assert len(names) == len(set(names))


def test_lint_imports_refuses_an_unknown_package() -> None:
    contract = _layers_contract()
    assert contract["exhaustive"] is True
    assert set(contract.get("exhaustive_ignores", [])) <= OUTSIDE_THE_LAYERS


def test_no_contract_ignores_an_import() -> None:
    assert [c["name"] for c in _contracts() if c.get("ignore_imports")] == []


def test_feature_apps_share_one_layer_and_are_independent() -> None:
    (layer,) = [layer for layer in _layers() if "care" in layer]
    assert [name.strip("()") for name in layer] == list(FEATURE_APPS)
    # Siblings joined by "|" may not import each other; ":" would allow it.
    (raw,) = [raw for raw in _layers_contract()["layers"] if "care" in raw]
    assert ":" not in raw


def test_the_rules_package_is_imported_through_the_engine_door_only() -> None:
    door = [c for c in _contracts() if c.get("forbidden_modules") == ["expatcare.rules"]]
    assert len(door) == 1
    importers = {module.removeprefix("expatcare.") for module in door[0]["source_modules"]}
    assert importers == _declared() - {"engine"} - {
        name.strip("()") for layer in _layers() for name in layer if name.startswith("(")
    }
