"""The ``expatcare`` console script.

``assess`` and ``pension`` run the pure rules engine without starting Django, so they are
fast and usable in pipelines. Every other sub-command is a Django management command
(``expatcare migrate``, ``expatcare demo``, ``expatcare serve``, ``expatcare remind`` ...).
"""

from __future__ import annotations

import os
import sys

RULES_COMMANDS = {"assess", "pension"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in RULES_COMMANDS:
        from expatcare.engine.cli import main as engine_main

        return engine_main(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expatcare.settings.dev")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load the settings to report errors plainly
    except ImproperlyConfigured as error:
        # A configuration mistake is the operator's to fix: say what, without a traceback.
        print(f"expatcare: configuration error: {error}", file=sys.stderr)
        return 2
    execute_from_command_line(["expatcare", *args] if args else ["expatcare", "help"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
