"""Compare the assess (§5a) or pension (§5b) output of two versions of the engine, case by case.

A refactoring of the rules package must not change what the engine decides. This tool runs the
engine of two git refs (or the working tree, ``WORKTREE``) over every assess scenario and N
deterministic generated cases and reports every difference in pathways, statuses, due dates,
legal bases, sources, amounts and texts. It ignores what is allowed to differ: the ``message``
fields, the ``trace`` and the ``ruleset_version`` (a hash of the parameter files), and keys that
only the newer output has (contracts may grow); those additions are counted, not compared.

Each ref is extracted with ``git archive`` into a temporary directory and run in its own
process with ``PYTHONPATH=<dir>/src``, so the two versions never share a module. The first pass
only exchanges a digest per case; cases whose digests differ are run again in both versions and
diffed field by field.

Run::

    .venv/bin/python tests/rules/compare_outputs.py 3088c18 WORKTREE [--cases 20000]
    .venv/bin/python tests/rules/compare_outputs.py 3088c18 WORKTREE --contract pension

Exit status 0 when the compared fields are identical, 1 when something differs.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import runpy
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_ROOT = ROOT / "tests" / "rules" / "scenarios"
WORKTREE = "WORKTREE"
#: Keys never compared: free to change between versions.
IGNORED_KEYS = frozenset({"message", "trace", "ruleset_version"})
SEED = 20261204

# Runs inside the version under test: reads cases (JSON lines) on stdin and writes the output of
# each, without its trace, as one line. Uses only ``assess_json`` and the pension package's
# ``evaluate_json``, which every version has.
WORKER = r"""
import json, sys
from expatcare.rules.errors import InputError
from expatcare.rules.io import assess_json
from expatcare.rules.pension import evaluate_json
engine = evaluate_json if sys.argv[1] == "pension" else assess_json
for line in sys.stdin:
    try:
        out = dict(engine(json.loads(line)))
        out.pop("trace", None)
    except InputError as error:
        out = {"error": f"{error.field}: {error}"}
    sys.stdout.write(json.dumps(out, sort_keys=True, ensure_ascii=False) + "\n")
"""


def _strip(value: Any) -> Any:
    """The output without the ignored keys (recursively)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in IGNORED_KEYS}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def extract(ref: str, into: Path) -> Path:
    """The ``src`` directory of ``ref`` (the working tree itself for ``WORKTREE``)."""
    if ref == WORKTREE:
        return ROOT / "src"
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref, "src"],
        check=True,
        capture_output=True,
    ).stdout
    target = into / ref.replace("/", "_")
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "src"


def run(src: Path, cases_file: Path, out_file: Path, contract: str = "assess") -> None:
    """Write the outputs of the engine under ``src`` for the cases in ``cases_file``."""
    with cases_file.open("rb") as stdin, out_file.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-c", WORKER, contract],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"engine under {src} failed:\n{done.stderr.decode()[-4000:]}")


def digest(output: dict[str, Any]) -> str:
    stripped = json.dumps(_strip(output), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(stripped.encode()).hexdigest()


def diff(old: Any, new: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, description) of each difference; keys only ``new`` has are additions."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if key in IGNORED_KEYS:
                continue
            where = f"{path}.{key}" if path else key
            if key not in new:
                yield where, "removed"
            else:
                yield from diff(old[key], new[key], where)
        return
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new) or (
            old
            and all(isinstance(i, dict) and "code" in i for i in old + new)
            and [i["code"] for i in old] != [i["code"] for i in new]
        ):
            yield path, f"list differs: {_codes(old)} -> {_codes(new)}"
            return
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            label = a.get("code", index) if isinstance(a, dict) else index
            yield from diff(a, b, f"{path}[{label}]")
        return
    if old != new:
        yield path, f"{old!r} -> {new!r}"


def _codes(items: list[Any]) -> Any:
    if all(isinstance(i, dict) and "code" in i for i in items):
        return [i["code"] for i in items]
    return len(items)


def additions(old: Any, new: Any, path: str = "") -> Iterator[str]:
    """Keys present only in ``new`` (generic paths, list positions dropped)."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in new:
            if key in IGNORED_KEYS:
                continue
            where = f"{path}.{key}" if path else key
            if key not in old:
                yield where
            else:
                yield from additions(old[key], new[key], where)
    elif isinstance(old, list) and isinstance(new, list):
        for a, b in zip(old, new, strict=False):
            yield from additions(a, b, f"{path}[]")


def category(path: str) -> str:
    """The kind of field a difference is in, for the summary.

    Codes stay (``obligations[PERMIT_RENEWAL].due``), list positions go (``trace.value``).
    """
    return re.sub(r"\[\d+\]", "", path) or "<root>"


def scenario_cases(contract: str = "assess") -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted((SCENARIO_ROOT / contract).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append((f"scenario {path.stem}", _plain(data["input"])))
    return cases


def _plain(value: Any) -> Any:
    """YAML dates as ISO strings, as the JSON contract has them."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def generated_cases(count: int) -> list[tuple[str, dict[str, Any]]]:
    """``count`` cases from the benchmark's generators, half adversarial, half population."""
    # A script, not a module of a package: load its functions by path.
    bench = runpy.run_path(str(ROOT / "tests" / "bench" / "bench_rules.py"))
    rng = random.Random(SEED)
    out = []
    for number in range(count):
        if number % 2:
            case = bench["generate_population_case"](rng, date(2026, 3, 1))
        else:
            case = bench["generate_case"](rng)
        out.append((f"generated #{number}", case))
    return out


def generated_pension_cases(count: int) -> list[tuple[str, dict[str, Any]]]:
    """``count`` pension cases spread over ages, salaries, vehicles, contributions and exits."""
    rng = random.Random(SEED)
    vehicles = [
        "direktversicherung",
        "pensionskasse",
        "pensionsfonds",
        "unterstuetzungskasse",
        "direktzusage",
    ]
    countries = ["IN", "TR", "US", "FR", "PL", "MA", "BR", "CH", "UA", "DE", "JP", "RS"]
    out = []
    for number in range(count):
        as_of = date(rng.randint(2024, 2026), rng.randint(1, 12), rng.randint(1, 28))
        birth = date(as_of.year - rng.randint(18, 64), rng.randint(1, 12), rng.randint(1, 28))
        start = date(
            rng.randint(max(birth.year + 17, as_of.year - 15), as_of.year + 1),
            rng.randint(1, 12),
            1,
        )
        salary = rng.choice([18000, 36000, 60000, 95000, 140000]) + rng.randint(0, 999)
        case: dict[str, Any] = {
            "as_of": as_of.isoformat(),
            "person": {
                "birth_date": birth.isoformat(),
                "nationalities": rng.sample(countries, rng.randint(1, 2)),
                "annual_gross_salary_eur": f"{salary}.{rng.randint(0, 99):02d}",
            },
            "plan": {
                "vehicle": rng.choice(vehicles),
                "commitment_start": start.isoformat(),
                "employer_contribution_monthly_eur": str(rng.choice([0, 50, 100, 250, 600])),
                "deferred_compensation_monthly_eur": str(rng.choice([0, 100, 200, 400, 800])),
                "assumed_annual_return": rng.choice(["0", "0.01", "0.02", "0.035", "-0.01"]),
                "retirement_age": rng.randint(63, 69),
            },
        }
        if rng.random() < 0.7:
            leaving = date(start.year + rng.randint(0, 8), rng.randint(1, 12), 28)
            case["leaving"] = {"date": leaving.isoformat(), "to_country": rng.choice(countries)}
        out.append((f"generated #{number}", case))
    return out


def compare(
    old_ref: str, new_ref: str, count: int, show: int = 20, contract: str = "assess"
) -> tuple[int, Counter[str], Counter[str], list[str]]:
    """(cases, differences per field kind, additions per key, sample lines)."""
    generate = generated_pension_cases if contract == "pension" else generated_cases
    cases = scenario_cases(contract) + generate(count)
    differences: Counter[str] = Counter()
    added: Counter[str] = Counter()
    samples: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cases_file = work / "cases.jsonl"
        cases_file.write_text("".join(json.dumps(case) + "\n" for _, case in cases))
        # The two versions run one after the other: the machine's other cores are not ours.
        run(extract(old_ref, work), cases_file, work / "old.jsonl", contract)
        run(extract(new_ref, work), cases_file, work / "new.jsonl", contract)
        with (work / "old.jsonl").open() as old_lines, (work / "new.jsonl").open() as new_lines:
            for (label, _), old_line, new_line in zip(cases, old_lines, new_lines, strict=True):
                old, new = json.loads(old_line), json.loads(new_line)
                added.update(set(additions(old, new)))
                if digest(old) == digest(_prune(old, new)):
                    continue
                for where, what in diff(old, new):
                    differences[category(where)] += 1
                    if len(samples) < show:
                        samples.append(f"{label}: {where}: {what}")
    return len(cases), differences, added, samples


def _prune(old: Any, new: Any) -> Any:
    """``new`` without the keys ``old`` does not have (additions are not differences)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: _prune(old[k], v) for k, v in new.items() if k in old}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [_prune(a, b) for a, b in zip(old, new, strict=True)]
    return new


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="git ref of the reference version (or WORKTREE)")
    parser.add_argument("new", help="git ref of the version under test (or WORKTREE)")
    parser.add_argument("--cases", type=int, default=20_000, help="generated cases (20,000)")
    parser.add_argument("--show", type=int, default=20, help="differences to print (20)")
    parser.add_argument("--contract", choices=("assess", "pension"), default="assess")
    args = parser.parse_args(argv)
    total, differences, added, samples = compare(
        args.old, args.new, args.cases, args.show, args.contract
    )
    print(
        f"compared {args.contract} of {args.old} with {args.new}: {total:,} cases "
        f"({total - args.cases} scenarios + {args.cases:,} generated)"
    )
    print(f"differences: {sum(differences.values()):,}")
    for kind, number in sorted(differences.items()):
        print(f"  {kind}: {number:,}")
    for line in samples:
        print(f"  e.g. {line}")
    if added:
        print("keys only in the newer output (not compared):")
        for key, number in sorted(added.items()):
            print(f"  {key}: in {number:,} cases")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
