"""Schemathesis against a live server: the API does what its OpenAPI document says (issue 12).

A live test server (pytest-django's ``live_server``, real HTTP on loopback) is fuzzed from its
own ``/api/v1/openapi.json`` with every check schemathesis has (server errors, response schema
conformance, status codes and content types the document declares, negative data rejected,
positive data accepted, ...) in every phase (examples, coverage, fuzzing, stateful), once with an
HR token and once with an employee token. Operations are read from the document, so a new
operation is fuzzed without any change here. Marked ``fuzz``: it runs in ``make test`` after
the parallel suite, on its own (``pytest -m fuzz``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from expatcare.accounts.models import PersonalAccessToken
from expatcare.accounts.roles import Role
from expatcare.accounts.tokens import new_access_token, token_hash
from tests.conftest import build_tenant
from tests.factories import make_case

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

# Examples per operation and phase; with the coverage phase this gives well over 1,000 cases
# per token in about a minute on one core (SCHEMATHESIS_MAX_EXAMPLES raises it locally).
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "40"))
MIN_CASES_PER_TOKEN = 1_000
PHASES = "examples,coverage,fuzzing,stateful"
CONFIG = Path(__file__).with_name("schemathesis.toml")


def _token(user, organization) -> str:
    raw = new_access_token()
    PersonalAccessToken.objects.create(
        user=user,
        organization=organization,
        name="fuzz",
        prefix=raw[:10],
        token_hash=token_hash(raw),
    )
    return raw


def _schemathesis() -> str:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
    return found


@pytest.mark.parametrize("role", [Role.HR, Role.EMPLOYEE])
def test_the_api_keeps_its_document(live_server, tmp_path: Path, role: Role) -> None:
    executable = _schemathesis()
    tenant = build_tenant("fuzz")
    for person in (tenant.employee_person, tenant.assigned_person, tenant.other_person):
        make_case(person)
    token = _token(tenant.users[role], tenant.organization)
    report = tmp_path / "report.json"
    command = [
        executable,
        "--config-file",
        str(CONFIG),
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--phases",
        PHASES,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--workers",
        "1",
        "--seed",
        "20261205",
        "--generation-deterministic",
        "--request-timeout",
        "30",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--no-color",
    ]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-20000:]
    generated = re.search(r"(\d+) generated", output)
    assert generated is not None, output[-3000:]
    cases = int(generated.group(1))
    print(f"{role}: {cases} cases in {time.monotonic() - started:.0f} s")
    assert cases >= MIN_CASES_PER_TOKEN, output[-3000:]
