"""The JSON output: shared parts are read-only, so no caller can change another's result."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from expatcare.rules.examples import ASSESSMENT_EXAMPLE
from expatcare.rules.io import assess_json


def test_shared_parts_refuse_changes_and_copies_are_plain() -> None:
    first = assess_json(ASSESSMENT_EXAMPLE)
    second = assess_json(ASSESSMENT_EXAMPLE)
    assert first == second
    pathway = first["pathways"][0]
    with pytest.raises(TypeError, match="read-only"):
        pathway["status"] = "eligible"
    with pytest.raises(TypeError, match="read-only"):
        pathway["requirements"].append({})
    with pytest.raises(TypeError, match="read-only"):
        pathway["requirements"][0]["message"]["params"].clear()
    mine = copy.deepcopy(first)
    mine["pathways"][0]["status"] = "changed"
    mine["pathways"][0]["requirements"].clear()
    assert assess_json(ASSESSMENT_EXAMPLE) == second
    assert type(mine["pathways"][0]) is dict
    # The top level is the caller's own; JSON and pickle see ordinary dicts and lists.
    first["pathways"].clear()
    assert assess_json(ASSESSMENT_EXAMPLE)["pathways"]
    assert json.loads(json.dumps(second)) == second
    assert pickle.loads(pickle.dumps(second)) == second
