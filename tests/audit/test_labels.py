"""Every audit action has a readable, translated name; the person page shows it.

The action codes are written by the services as literals (or a record's prefix plus
``.create``/``.update``/``.delete``); the test reads them from the source, so a new action
without a name fails here instead of showing its raw code to HR.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import expatcare
from expatcare.accounts.roles import Role
from expatcare.audit.labels import (
    ACTION_ENUMS,
    ACTIONS,
    action_label,
    field_label,
    recompute_reason,
)
from expatcare.audit.models import AuditEntry
from expatcare.audit.services import audit_record
from expatcare.compliance.labels import duty_label, finding_label
from expatcare.people import services
from tests.conftest import Tenant

PACKAGE_DIR = Path(expatcare.__file__).resolve().parent


def _constants(node: ast.expr) -> list[str]:
    """The strings an ``action=`` argument can take: a literal, a member of a registered
    action enum (``CareAuditAction.MODULE_CREATE``) or a choice of two."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ACTION_ENUMS
    ):
        return [ACTION_ENUMS[node.value.id][node.attr].value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    raise AssertionError(f"an audit action the test cannot read: {ast.unparse(node)}")


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _actions_in(tree: ast.Module) -> set[str]:
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    audited = [call for call in calls if _callee(call) == "audit_record"]
    # Prefixes of f"{record.action}.create": the ``action=`` of the record objects of the module.
    prefixes = [
        text
        for call in calls
        if _callee(call) not in {"audit_record", "add_argument"}
        for keyword in call.keywords
        if keyword.arg == "action" and not isinstance(keyword.value, ast.Name)
        for text in _constants(keyword.value)
    ]
    actions: set[str] = set()
    enums_used = {
        node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id in ACTION_ENUMS
    }
    for call in audited:
        value = next(k.value for k in call.keywords if k.arg == "action")
        if isinstance(value, ast.Name) and enums_used:
            continue  # typed as the module's action enum, whose every member is named
        if isinstance(value, ast.JoinedStr):
            *head, tail = value.values
            assert len(head) == 1 and isinstance(head[0], ast.FormattedValue), ast.unparse(value)
            suffix = _constants(tail)[0]
            assert prefixes, f"no record prefixes for {ast.unparse(value)}"
            actions.update(prefix + suffix for prefix in prefixes)
        else:
            actions.update(_constants(value))
    return actions


def written_actions() -> set[str]:
    actions: set[str] = set()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if "migrations" in path.parts or path.parent.name == "audit":
            continue
        source = path.read_text(encoding="utf-8")
        if "audit_record(" in source:
            actions |= _actions_in(ast.parse(source, filename=str(path)))
    return actions


class TestActionNames:
    def test_the_scan_finds_the_known_kinds_of_action(self) -> None:
        actions = written_actions()
        assert {
            "person.update",
            "family_member.create",
            "qualification.delete",
            "document.upload",
            "document.renew",
            "compliance.calendar_feed_created",
            "milestone.update",
        } <= actions

    def test_every_action_written_by_a_service_has_a_name(self) -> None:
        unnamed = sorted(written_actions() - ACTIONS.keys())
        assert unnamed == [], f"add these actions to expatcare.audit.labels.ACTIONS: {unnamed}"

    def test_names_are_translated_to_german(self) -> None:
        with translation.override("en"):
            english = {code: str(name) for code, name in ACTIONS.items()}
        with translation.override("de"):
            german = {code: str(name) for code, name in ACTIONS.items()}
        assert [code for code in ACTIONS if german[code] == english[code]] == []

    def test_an_unknown_action_shows_its_code(self) -> None:
        assert action_label("something.new") == "something.new"
        with translation.override("de"):
            assert action_label("person.update") == "Person geändert"


class TestFieldNames:
    def test_a_model_field_shows_its_verbose_name(self) -> None:
        with translation.override("en"):
            assert field_label("people.person", "weekly_hours") == "Weekly hours"

    def test_an_entry_lists_its_changes_with_their_names(self) -> None:
        entry = AuditEntry(object_type="people.person", changes={"weekly_hours": [30, 40]})
        with translation.override("en"):
            assert entry.labelled_changes == [("weekly_hours", "Weekly hours", [30, 40])]

    def test_unknown_fields_and_objects_keep_their_name(self) -> None:
        assert field_label("people.person", "no_such_field") == "no_such_field"
        assert field_label("nowhere.nothing", "weekly_hours") == "weekly_hours"
        assert field_label("", "weekly_hours") == "weekly_hours"


def test_the_person_page_shows_the_german_name_with_the_code_kept(
    tenant: Tenant, client_for
) -> None:
    person = tenant.other_person
    services.person_update(actor=tenant.actor(Role.HR), person=person, changes={"weekly_hours": 30})
    audit_record(
        actor=tenant.actor(Role.HR), action="legacy.action", obj=person, person_id=person.pk
    )
    user = tenant.users[Role.HR]
    user.language = ""  # no profile language: the browser's Accept-Language decides
    user.save(update_fields=["language"])

    response = client_for(Role.HR).get(
        reverse("people:detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert AuditEntry.objects.filter(person_id=person.pk, action="person.update").exists()
    assert '<span title="person.update">Person geändert</span>' in html
    assert "Person changed" not in html
    assert '<span title="legacy.action">legacy.action</span>' in html


def test_the_trail_names_fields_and_what_a_recomputation_did(tenant: Tenant, client_for) -> None:
    from expatcare.compliance.services import duties_recompute_for_person

    hr = tenant.actor(Role.HR)
    person = tenant.other_person
    duties_recompute_for_person(actor=hr, person=person, reason="initial")
    services.person_update(
        actor=hr, person=person, changes={"start_date": "2026-09-01", "weekly_hours": 30}
    )
    user = tenant.users[Role.HR]
    user.language = "de"
    user.save(update_fields=["language"])

    html = client_for(Role.HR).get(reverse("people:detail", args=[person.pk])).content.decode()

    with translation.override("de"):
        hours = field_label("people.person", "weekly_hours")
    assert hours != "weekly_hours"
    trail = html.split('class="audit-trail"', 1)[1]
    assert f"<li>{hours}: 40.0 → 30.0</li>" in trail
    # The recomputation names the duty whose due date moved, with both dates.
    assert (
        "<li>Fälligkeit verschoben: Anmeldung zur Sozialversicherung (DEÜV): "
        "2026-02-12 → 2026-10-13</li>"
    ) in trail
    assert f"<li>Anlass: Geändert: Beginn, {hours}</li>" in trail
    assert "DEUEV_REGISTRATION" not in trail


def test_raised_findings_are_named_and_repeats_counted(tenant: Tenant, client_for) -> None:
    """Seven unverified values used in one assessment read as one name with its count."""
    person = tenant.other_person
    audit_record(
        actor=None,
        organization_id=person.organization_id,
        action="compliance.duties_recompute",
        obj=person,
        person_id=person.pk,
        changes={
            "created": ["DEUEV_REGISTRATION"],
            "findings_raised": ["UNVERIFIED_PARAMETER"] * 7 + ["PERMIT_EXPIRED"],
        },
    )

    html = client_for(Role.HR).get(reverse("people:detail", args=[person.pk])).content.decode()

    trail = html.split('class="audit-trail"', 1)[1]
    unverified = finding_label("UNVERIFIED_PARAMETER")
    assert unverified != "UNVERIFIED_PARAMETER"
    assert f"Findings raised: {unverified} (7×), {finding_label('PERMIT_EXPIRED')}" in trail
    assert f"Duties added: {duty_label('DEUEV_REGISTRATION')}" in trail
    assert "UNVERIFIED_PARAMETER" not in trail


@pytest.mark.parametrize(
    ("reason", "german"),
    [
        ("demo data", "Demodaten geladen"),
        ("permit expiry", "Ein Ausweis- oder Aufenthaltsdokument ist abgelaufen"),
        ("re-check 2027", "Jährliche Neuprüfung nach den Regeln von 2027"),
        ("changed: start_date", "Geändert: Beginn"),
        ("something new", "something new"),
    ],
)
def test_recompute_reasons_are_told_in_the_readers_language(reason: str, german: str) -> None:
    with translation.override("de"):
        assert recompute_reason(reason) == german
