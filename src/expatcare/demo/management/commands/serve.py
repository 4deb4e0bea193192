"""``expatcare serve``: prepare the database and static files, then run gunicorn.

The first run migrates, collects static files and loads the demo tenant; later runs find
everything in place, keep the data and start in a second or two.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser, OutputWrapper
from django.db import connections

from expatcare.accounts.models import Organization
from expatcare.demo.logins import (
    DemoPassword,
    known_demo_password,
    login_lines,
    resolve_demo_password,
)
from expatcare.demo.tenant import build_demo_tenant, demo_tenant_exists

STATIC_STAMP = ".expatcare-static-sources"


@dataclass(frozen=True)
class Prepared:
    url: str
    demo_loaded: bool
    password: DemoPassword | None


def prepare(
    *,
    stdout: OutputWrapper,
    host: str,
    port: int,
    migrate: bool = True,
    collectstatic: bool = True,
) -> Prepared:
    """Everything ``serve`` does before the web server starts; callable without gunicorn."""
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
    if collectstatic:
        collect_static_if_changed()
    demo_loaded = False
    password: DemoPassword | None
    if not Organization.objects.exists():
        password = resolve_demo_password()
        result = build_demo_tenant(password=password.value)
        demo_loaded = result.created
        stdout.write(f"Loaded the demo tenant {result.organization.name} ({result.people} people).")
    else:
        password = known_demo_password()
    url_host = f"[{host}]" if ":" in host else host
    url = f"http://{url_host}:{port}/"
    default_site_url(url)
    stdout.write(f"expatcare runs on {url}")
    if demo_tenant_exists():
        for line in login_lines(password):
            stdout.write(line)
    return Prepared(url=url, demo_loaded=demo_loaded, password=password)


def default_site_url(url: str) -> None:
    """Links in exports, calendar feeds and e-mails point at the port this server runs on.

    Without an explicit ``EXPATCARE_SITE_URL`` the settings fall back to port 8000, so ``PORT=8160
    make run`` used to hand out links to a server that is not there. The environment carries
    the address on to the gunicorn workers, which read the settings afresh.
    """
    if os.environ.get("EXPATCARE_SITE_URL"):
        return
    os.environ["EXPATCARE_SITE_URL"] = url.rstrip("/")
    settings.EXPATCARE_SITE_URL = url.rstrip("/")


def static_sources_fingerprint() -> str:
    """A hash of every static source file's path, size and modification time."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    entries: list[str] = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def collect_static_if_changed() -> bool:
    """Run ``collectstatic`` only when a source changed: compressing takes seconds.

    The folder is cleared first: WhiteNoise serves (and keeps in every worker's memory) every
    file it finds there, so a file no source provides any more must not stay behind.
    """
    stamp = Path(settings.STATIC_ROOT) / STATIC_STAMP
    fingerprint = static_sources_fingerprint()
    if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0, clear=True)
    stamp.write_text(fingerprint + "\n", encoding="utf-8")
    return True


def gunicorn_argv(*, host: str, port: int, workers: int) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "expatcare.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]


def consumer_argv() -> list[str]:
    return [sys.executable, "-m", "expatcare.cli", "run_huey", "--workers", "1"]


class Command(BaseCommand):
    help = "Migrate, collect static files, load the demo tenant if empty, then run gunicorn."
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-consumer",
            action="store_true",
            help="Do not start the task consumer (run `expatcare run_huey` apart).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"]
        prepare(stdout=self.stdout, host=host, port=port)
        argv = gunicorn_argv(host=host, port=port, workers=options["workers"])
        # The workers import the same settings this command ran with.
        os.environ["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
        connections.close_all()
        if not options["no_consumer"]:
            # Outbox mail and reminders are sent by the task consumer: without one an invitation
            # would wait forever. It runs beside gunicorn, in the same process group.
            subprocess.Popen(consumer_argv())  # noqa: S603
        self.stdout.flush()
        sys.stderr.flush()
        os.execv(argv[0], argv)  # noqa: S606  # replaces this process by gunicorn
