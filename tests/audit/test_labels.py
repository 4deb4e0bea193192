"""Every audit action has a readable, translated name; the person page shows it.

The actions are the members of each app's ``AuditAction`` enumeration, which ``audit_record``
requires; the test reads the enumerations (and checks that no service passes a bare string),
so a new action without a name cannot be written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import expatcare
from expatcare.accounts.actions import AccountsAction
from expatcare.accounts.roles import Role
from expatcare.audit.actions import AuditAction, all_actions
from expatcare.audit.labels import action_label, field_label, recompute_reason
from expatcare.audit.models import AuditEntry
from expatcare.audit.services import audit_record
from expatcare.compliance.actions import ComplianceAction
from expatcare.compliance.labels import duty_label, finding_label
from expatcare.mobility.actions import MobilityAction
from expatcare.people import services
from expatcare.people.actions import PeopleAction
from tests.conftest import Tenant

PACKAGE_DIR = Path(expatcare.__file__).resolve().parent


def _action_arguments(tree: ast.Module) -> list[ast.expr]:
    return [
        keyword.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "audit_record"
        for keyword in node.keywords
        if keyword.arg == "action"
    ]


class TestActionNames:
    def test_every_app_declares_its_actions(self) -> None:
        kinds = set(AuditAction.__subclasses__())
        assert {PeopleAction, MobilityAction, ComplianceAction, AccountsAction} <= kinds
        assert all_actions()["person.update"] is PeopleAction.PERSON_UPDATE

    def test_no_service_records_a_bare_string(self) -> None:
        bare = []
        for path in sorted(PACKAGE_DIR.rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            if "audit_record(" not in source:
                continue
            for value in _action_arguments(ast.parse(source, filename=str(path))):
                if isinstance(value, ast.Constant | ast.JoinedStr | ast.BinOp):
                    bare.append(f"{path.relative_to(PACKAGE_DIR)}: {ast.unparse(value)}")
        assert bare == [], f"record a member of the app's AuditAction instead: {bare}"

    @pytest.mark.parametrize("action", sorted(all_actions().values()), ids=str)
    def test_every_action_is_named_in_english_and_german(self, action: AuditAction) -> None:
        with translation.override("en"):
            english = action_label(action.value)
        with translation.override("de"):
            german = action_label(action.value)
        assert english != action.value
        assert german not in {english, action.value}

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
    # An entry whose action no app declares any more (written before a rename).
    AuditEntry.objects.create(
        organization_id=person.organization_id,
        action="legacy.action",
        object_type="people.person",
        object_id=str(person.pk),
        person_id=person.pk,
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
    from expatcare.compliance.recompute import duties_recompute_for_person

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
    assert f"<li>{hours}: 40,0 → 30,0</li>" in trail
    # The recomputation names the duty whose due date moved, with both dates in the locale.
    assert (
        "<li>Fälligkeit verschoben: Anmeldung zur Sozialversicherung (DEÜV): "
        "12.02.2026 → 13.10.2026</li>"
    ) in trail
    assert f"<li>Anlass: Geändert: Beginn, {hours}</li>" in trail
    assert "DEUEV_REGISTRATION" not in trail


def test_raised_findings_are_named_and_repeats_counted(tenant: Tenant, client_for) -> None:
    """Seven unverified values used in one assessment read as one name with its count."""
    person = tenant.other_person
    audit_record(
        actor=None,
        organization_id=person.organization_id,
        action=ComplianceAction.DUTIES_RECOMPUTE,
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
