"""Command line for the rules engine: ``assess FILE|-`` and ``pension FILE|-``.

The project's console script delegates here. Exit codes: 0 success, 2 invalid input (the
message names the field, e.g. ``job.annual_gross_salary_eur: must not be negative``), 1 for
internal problems. Streams are parameters so tests run the CLI in-process.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any, Literal, cast

from expatcare.rules.errors import InputError
from expatcare.rules.limits import loads

__all__ = ["main"]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2


class _UsageError(Exception):
    """Wrong arguments on the command line: reported like input errors, with exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors instead of calling sys.exit."""

    def error(self, message: str) -> Any:
        raise _UsageError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="expatcare", description="Legal rules engine of expatcare.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, text in (
        ("assess", "residence pathways, social security, duties (see docs/contracts.md)"),
        ("pension", "company pension limits, vesting and leaving (see docs/contracts.md)"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("file", help="case JSON file, or - for standard input")
        command.add_argument("--format", choices=("json", "text"), default="json")
        command.add_argument("--lang", choices=("de", "en"), default="en")
    return parser


def _read(file: str, stdin: IO[str]) -> Mapping[str, Any]:
    if file == "-":
        text = stdin.read()
        name = "<stdin>"
    else:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError("input", f"cannot read {file}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise InputError("input", f"{file} is not UTF-8 text") from None
        name = file
    data = loads(text, source=name)
    if not isinstance(data, dict):
        raise InputError("input", "expected a JSON object at the top level")
    return data


def _assess(data: Mapping[str, Any], fmt: str, lang: Literal["de", "en"]) -> str:
    from expatcare.rules.io import assess_json
    from expatcare.rules.report import render_assessment_text

    result = assess_json(data)
    if fmt == "text":
        return render_assessment_text(result, lang)
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def _pension(data: Mapping[str, Any], fmt: str, lang: Literal["de", "en"]) -> str:
    # Imported lazily: the pension calculator is a separate module and assess must not need it.
    pension = importlib.import_module("expatcare.rules.pension")
    evaluate = cast(Callable[[Mapping[str, Any]], dict[str, Any]], pension.evaluate_json)
    result = evaluate(data)
    if fmt == "text":
        render = cast(Callable[[dict[str, Any], str], str], pension.render_text)
        return render(result, lang)
    return json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n"


def main(
    argv: list[str] | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except _UsageError as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_INPUT
    lang = cast(Literal["de", "en"], args.lang)
    try:
        data = _read(args.file, stdin)
        if args.command == "assess":
            output = _assess(data, args.format, lang)
        else:
            output = _pension(data, args.format, lang)
    except InputError as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_INPUT
    except ImportError as exc:
        stderr.write(f"error: the {args.command} calculator is not available ({exc})\n")
        return EXIT_INTERNAL
    stdout.write(output)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
