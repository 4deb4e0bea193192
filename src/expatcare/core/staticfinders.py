"""Serve single files out of npm packages as static files.

``STATICFILES_DIRS`` can only expose whole folders; the icon package ships about two thousand
SVG files and a font next to the one sprite the pages use, and collecting (and compressing)
all of them would slow every ``collectstatic``. This finder exposes just the named files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# Public path prefix -> (package folder under node_modules, files taken from it).
NODE_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "vendor/lucide": ("lucide-static", ("sprite.svg", "LICENSE")),
}


class NodeFileFinder(BaseFinder):
    """Finds the files listed in :data:`NODE_FILES` inside ``settings.NODE_MODULES_DIR``."""

    def _storages(self) -> Iterator[tuple[str, FileSystemStorage, tuple[str, ...]]]:
        root = Path(settings.NODE_MODULES_DIR)
        for prefix, (package, names) in NODE_FILES.items():
            location = root / package
            if location.is_dir():
                storage = FileSystemStorage(location=str(location))
                storage.prefix = prefix  # type: ignore[attr-defined]  # read by collectstatic
                yield prefix, storage, names

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    # The stubs declare overloads; Django's own finders use this single signature too.
    def find(  # type: ignore[override]
        self, path: str, find_all: bool = False, **kwargs: Any
    ) -> str | list[str]:
        matches: list[str] = []
        for prefix, storage, names in self._storages():
            name = path.removeprefix(prefix + "/")
            if name != path and name in names and storage.exists(name):
                if not find_all:
                    return storage.path(name)
                matches.append(storage.path(name))
        return matches

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for _prefix, storage, names in self._storages():
            for name in names:
                if storage.exists(name):
                    yield name, storage
