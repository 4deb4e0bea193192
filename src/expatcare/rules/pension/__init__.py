"""Cross-border company pension (bAV) calculator: the `expatcare pension` contract.

The contract (input, output, codes) is specified in docs/contracts.md.

For an employee of a German employer with a company pension, this answers what HR and an
international hire ask: what are this year's tax- and contribution-free limits, how much must the
employer add to deferred compensation, what is vested, what might the plan be worth at
retirement, and what happens to it (and to the statutory pension) when the person leaves
Germany.

Layers, so each can be tested on its own:

* ``calculate(case)`` (``calculation``) is the typed core: a pure function of a ``PensionCase``
  and the parameters in force on ``case.as_of``. Every law-stating element carries its legal
  basis and source, and every parameter used is recorded in the trace. The rules live in one
  module per question: ``limits``, ``subsidy``, ``vesting``, ``projection``, ``leaving`` (with
  ``statutory`` for the statutory pension abroad).
* ``evaluate_json(data)`` (``io``) strictly parses the §5b JSON (unknown keys, bad dates, unknown
  enums and negative amounts are ``InputError``s naming the dotted field) and returns the §5b
  output.
* ``render_text(result, lang)`` (``text``) turns that output into a readable report in German or
  English.

Money is ``Decimal`` throughout and leaves as strings with two decimals.
"""

from __future__ import annotations

from expatcare.rules.pension.calculation import calculate
from expatcare.rules.pension.io import evaluate_json, parse_case, result_to_json
from expatcare.rules.pension.text import render_text

__all__ = [
    "calculate",
    "evaluate_json",
    "parse_case",
    "render_text",
    "result_to_json",
]
