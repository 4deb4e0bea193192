"""The memo cannot serve stale results: keys are checked against what the rules read.

Two checks per memoised rule function (each pathway, social security):

* every case field the function reads, recorded while it runs, is declared for it
  (``PATHWAY_READS``, ``SOCIAL_SECURITY_READS``): a rule that starts reading a new fact fails
  here until the fact is declared;
* changing one field of a case at a time, the result may only change when the memo key
  changes: a declared fact the key forgets fails here.

``test_properties.py`` adds memo transparency over whole generated cases.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from expatcare.rules.model import PATHWAY_CODES, Case
from expatcare.rules.residence.memo_keys import EVALUATOR_OF, PATHWAY_READS, memo_keys
from expatcare.rules.social_security import (
    SOCIAL_SECURITY_READS,
    _determine,
    social_security_key,
)
from tests.rules.memo_recording import (
    context,
    covered,
    evaluate,
    get,
    leaf_paths,
    reads,
    replace,
    sample_cases,
)

CASES = sample_cases(240)


@pytest.mark.parametrize("code", PATHWAY_CODES)
def test_each_pathway_reads_only_declared_facts(code: str) -> None:
    declared = PATHWAY_READS[code]
    for case in CASES:
        _, read = reads(EVALUATOR_OF[code], case)
        undeclared = sorted(path for path in read if not covered(path, declared))
        assert not undeclared, f"{code} reads {undeclared}: declare them and key on them"


def test_social_security_reads_only_declared_facts() -> None:
    for case in CASES:
        _, read = reads(_determine, case)
        undeclared = sorted(path for path in read if not covered(path, SOCIAL_SECURITY_READS))
        assert not undeclared, f"social security reads {undeclared}"


def _variants(count: int, seed: int) -> list[tuple[Case, str, Case]]:
    """(case, field, the case with that field taken from another case), same parameter period."""
    rng = random.Random(seed)
    out = []
    for case in CASES[:count]:
        for path in leaf_paths(case):
            other = rng.choice(CASES)
            value = get(other, path)
            if value == get(case, path):
                continue
            changed = replace(case, path, value)
            if context(changed)._period is context(case)._period:
                out.append((case, path, changed))
    return out


VARIANTS = _variants(60, 7)


def test_enough_variants_to_mean_something() -> None:
    assert len(VARIANTS) > 1000


def test_a_pathway_result_changes_only_with_its_memo_key() -> None:
    stale: list[str] = []
    for case, path, changed in VARIANTS:
        keys, evaluators = memo_keys(context(case))
        new_keys, new_evaluators = memo_keys(context(changed))
        for index, code in enumerate(PATHWAY_CODES):
            if keys[index] != new_keys[index]:
                continue
            if evaluate(evaluators[index], case) != evaluate(new_evaluators[index], changed):
                stale.append(f"{code}: key ignores {path}")
    assert not sorted(set(stale))


def test_social_security_changes_only_with_its_memo_key() -> None:
    stale = [
        path
        for case, path, changed in VARIANTS
        if social_security_key(context(case)) == social_security_key(context(changed))
        and evaluate(_determine, case) != evaluate(_determine, changed)
    ]
    assert not sorted(set(stale))


def test_an_undeclared_read_is_caught() -> None:
    """The recorder sees a read the declaration lacks (the check is not vacuous)."""

    def reads_documents(ctx: object) -> object:
        return ctx.person.documents  # type: ignore[attr-defined]

    function: Callable[..., object] = reads_documents
    _, read = reads(function, CASES[0])
    assert "person.documents" in read
    assert not covered("person.documents", PATHWAY_READS["DE_BLUE_CARD"])
