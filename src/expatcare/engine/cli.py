"""``expatcare assess`` and ``expatcare pension``: the rules engine's command line.

Importing this module loads no Django: the console script runs these commands without
settings or a database.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str]) -> int:
    from expatcare.rules.cli import main as rules_main

    exit_code: int = rules_main(list(argv))
    return exit_code
