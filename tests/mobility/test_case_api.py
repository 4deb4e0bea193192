"""Case API: list, read and milestone PATCH, with the same scoping as people."""

from __future__ import annotations

import json

import pytest

from expatcare.accounts.roles import Role

pytestmark = pytest.mark.django_db
BASE = "/api/v1"


def _patch(client, case, milestone, body):
    return client.patch(
        f"{BASE}/cases/{case.pk}/milestones/{milestone.pk}",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_list_is_scoped_like_people(bearer_for, case, assigned_case, other_case):
    def ids(role):
        rows = bearer_for(role).get(f"{BASE}/cases").json()["results"]
        return {row["id"] for row in rows}

    assert ids(Role.HR) == {case.pk, assigned_case.pk, other_case.pk}
    assert ids(Role.EMPLOYEE) == {case.pk}
    assert ids(Role.PROVIDER_AGENT) == {assigned_case.pk}


def test_read_has_milestones_with_legal_limits(bearer_for, case):
    body = bearer_for(Role.HR).get(f"{BASE}/cases/{case.pk}").json()
    assert body["pathway_code"] == "DE_BLUE_CARD"
    assert body["current_milestone"] == "power_of_attorney"
    by_code = {m["code"]: m for m in body["milestones"]}
    assert by_code["visa_appointment"]["legal_basis"] == "§ 31a Abs. 1 AufenthV"
    assert by_code["power_of_attorney"]["state"] == "current"
    assert {item["code"] for item in body["checklist"]} >= {"passport"}


def test_provider_reads_an_assigned_case_without_checklist(bearer_for, assigned_case, case):
    client = bearer_for(Role.PROVIDER_ADMIN)
    body = client.get(f"{BASE}/cases/{assigned_case.pk}").json()
    assert body["checklist"] == [] and body["ruleset_version"] == ""
    assert client.get(f"{BASE}/cases/{case.pk}").status_code == 404


def test_other_tenant_gets_404(bearer_for, other_tenant, case):
    assert bearer_for(Role.HR, of=other_tenant).get(f"{BASE}/cases/{case.pk}").status_code == 404


def test_patch_milestone(bearer_for, case):
    milestone = case.milestones.get(code="procedure_fee")
    response = _patch(bearer_for(Role.HR), case, milestone, {"status": "done", "notes": "Paid"})
    assert response.status_code == 200, response.content
    by_code = {m["code"]: m for m in response.json()["milestones"]}
    assert by_code["procedure_fee"]["status"] == "done"
    assert by_code["procedure_fee"]["notes"] == "Paid"
    assert by_code["ba_approval"]["expected_on"] is not None


def test_patch_refusals(bearer_for, case, other_case):
    milestone = case.milestones.get(code="entry")
    # Not the manager's report: not even found.
    assert _patch(bearer_for(Role.MANAGER), case, milestone, {"notes": "x"}).status_code == 404
    assert _patch(bearer_for(Role.EMPLOYEE), case, milestone, {"notes": "x"}).status_code == 403
    assert _patch(bearer_for(Role.HR), other_case, milestone, {"notes": "x"}).status_code == 404
    unknown = _patch(bearer_for(Role.HR), case, milestone, {"expected_on": "2026-01-01"})
    assert unknown.status_code == 422
    bad = _patch(bearer_for(Role.HR), case, milestone, {"status": "finished"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "status"]
