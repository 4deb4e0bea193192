"""Serve single files out of npm packages as static files.

``STATICFILES_DIRS`` can only expose whole folders; the icon package ships about two thousand
SVG files and a font next to the one sprite the pages use, Pico some 240 themes and variants
next to the one stylesheet, htmx every build and extension next to the one script, and axe-core
its translations. Collecting (and compressing) all of them would slow every ``collectstatic``,
and WhiteNoise keeps an entry with headers for every collected file in each worker's memory
(some 1,200 files, about 2.5 MB of every worker). This finder exposes just the named files.
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
    "vendor/pico": ("@picocss/pico/css", ("pico.min.css",)),
    "vendor/htmx": ("htmx.org/dist", ("htmx.min.js",)),
    "vendor/axe": ("axe-core", ("axe.min.js", "LICENSE")),
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
