"""Stored duties and findings explain themselves in the reader's language.

They keep the engine's message (code, parameters), the dated parameters they were computed
from and the full legal basis; every reader gets the sentence in their own language; the old
English/German sentence columns are converted by a migration.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.test import RequestFactory
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.compliance import api
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.models import Duty, Finding
from expatcare.compliance.recompute import RecomputeResult, assessment_wants, findings_flag_recheck
from expatcare.engine.contracts import ASSESSMENT_EXAMPLE, assess_json
from expatcare.engine.legacy_messages import message_from_text
from expatcare.engine.messages import render_message
from expatcare.engine.results import Assessment
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


class TestWants:
    def test_the_full_legal_basis_is_kept(self) -> None:
        result = json.loads(json.dumps(assess_json(ASSESSMENT_EXAMPLE)))
        long_basis = "§ 28a Abs. 1 SGB IV; " * 40
        result["obligations"][0]["legal_basis"] = long_basis
        duties, _findings = assessment_wants(Assessment.from_json(result), dt.date(2026, 3, 1))
        assert duties[0].legal_basis == long_basis and len(long_basis) > 300

    def test_message_and_parameters_come_from_the_engine(self) -> None:
        result = assess_json(ASSESSMENT_EXAMPLE)
        duties, findings = assessment_wants(Assessment.from_json(result), dt.date(2026, 3, 1))
        for want, item in zip(duties, result["obligations"], strict=True):
            assert {"code": want.message_code, "params": want.message_params} == item["message"]
            assert want.parameters == item["parameters"]
        for finding, item in zip(findings, result["findings"], strict=True):
            assert finding.message_code == item["message"]["code"]


class TestApi:
    def test_obligations_carry_english_explanation_message_and_parameters(
        self, tenant: Tenant
    ) -> None:
        parameter = {
            "name": "de.obligations.deuev_registration_weeks",
            "value": 6,
            "valid_from": "2024-01-01",
            "source": "https://www.gesetze-im-internet.de/de_v/__6.html",
        }
        make_duty(tenant.other_person, "DEUEV_REGISTRATION", berlin_today(), parameters=[parameter])
        request = RequestFactory().get("/api/v1/obligations", HTTP_ACCEPT_LANGUAGE="de")
        request.auth = tenant.actor(Role.HR)  # type: ignore[attr-defined]  # set by ninja's auth
        filters = api.ObligationFilters.model_validate({})
        (item,) = api.obligation_list(request, filters)["results"]
        assert item.explanation.startswith("Register the employee with the health insurance fund")
        assert item.message.code == "obligation.deuev_registration"
        assert item.message.params == {"weeks": "6"}
        assert [p.name for p in item.parameters] == [parameter["name"]]


class TestRecheckFinding:
    def test_the_products_own_note_renders_in_german_and_english(self, tenant: Tenant) -> None:
        result = RecomputeResult(person_id=tenant.other_person.pk, created=["PASSPORT_RENEWAL"])
        finding = findings_flag_recheck(person=tenant.other_person, result=result, year=2027)
        assert finding is not None
        assert render_message(finding.message, language="en").startswith("Re-check for 2027:")
        assert render_message(finding.message, language="de").startswith("Neuprüfung 2027:")


class TestMigration:
    """The data step of 0004 reads old sentences back into messages."""

    def _convert(self) -> None:
        module = import_module("expatcare.compliance.migrations.0004_messages_not_sentences")
        module._convert(_Apps(), None)

    def test_old_english_sentences_become_messages(self) -> None:
        result = assess_json(ASSESSMENT_EXAMPLE)
        for item in result["obligations"] + result["findings"]:
            english = item.get("explanation") or item.get("detail")
            prefix = "obligation." if "explanation" in item else "finding."
            assert message_from_text(english, prefix=prefix) == item["message"]

    def test_a_sentence_no_template_matches_is_kept_as_it_was(self) -> None:
        message = message_from_text("Written by hand.", "Von Hand geschrieben.")
        assert render_message(message, language="de") == "Von Hand geschrieben."
        assert render_message(message, language="ar") == "Written by hand."

    def test_rows_are_converted(self, tenant: Tenant) -> None:
        duty = make_duty(
            tenant.other_person,
            "DEUEV_REGISTRATION",
            berlin_today(),
            message_code="",
            message_params={},
            trace={"parameters": [{"name": "x", "value": 1, "valid_from": "2024-01-01"}]},
        )
        _OLD_TEXT[("duty", duty.pk)] = (
            "Register the employee with the health insurance fund with the first payroll run, "
            "at the latest 6 weeks after the start of employment. Without a social-insurance "
            "number, request one through the same report (§ 28a Abs. 3a SGB IV).",
            "",
        )
        self._convert()
        duty.refresh_from_db()
        assert duty.message == {"code": "obligation.deuev_registration", "params": {"weeks": "6"}}
        assert duty.parameters == [{"name": "x", "value": 1, "valid_from": "2024-01-01"}]


# The old columns are gone from the current models: the migration's ``apps`` is imitated by
# managers whose rows still answer ``explanation``/``detail`` from this table.
_OLD_TEXT: dict[tuple[str, int], tuple[str, str]] = {}


class _OldRows:
    def __init__(self, model: type[Duty] | type[Finding]) -> None:
        self.model = model

    def all(self) -> _OldRows:
        return self

    def iterator(self, chunk_size: int) -> Iterator[Duty | Finding]:
        kind = "duty" if self.model is Duty else "finding"
        names = ("explanation", "explanation_de") if kind == "duty" else ("detail", "detail_de")
        for row in self.model.objects.all().iterator(chunk_size=chunk_size):
            english, german = _OLD_TEXT.get((kind, row.pk), ("", ""))
            setattr(row, names[0], english)
            setattr(row, names[1], german)
            yield row

    def bulk_update(self, rows: list[Duty | Finding], fields: list[str], size: int) -> None:
        self.model.objects.bulk_update(rows, fields, size)  # type: ignore[arg-type]


class _Apps:
    def get_model(self, app_label: str, name: str) -> object:
        model = global_apps.get_model(app_label, name)
        return type(f"Old{name}", (), {"objects": _OldRows(model)})


class TestMyCase:
    """Issue 10, defect 5: the employee's own duties, named right, overdue marked, translated."""

    def _page(self, client_for, language: str) -> str:
        client = client_for(Role.EMPLOYEE)
        client.cookies["django_language"] = language
        return str(client.get(reverse("mobility:my_case")).content.decode())

    def test_only_the_employees_own_duties_are_listed(self, tenant: Tenant, client_for) -> None:
        person = tenant.employee_person
        make_duty(person, "DEUEV_REGISTRATION", berlin_today() + dt.timedelta(days=10))
        make_duty(
            person,
            "RESIDENCE_REGISTRATION",
            berlin_today() + dt.timedelta(days=5),
            responsible="employee",
            message_code="obligation.residence_registration",
            message_params={"weeks": "2"},
        )
        html = self._page(client_for, "en")
        assert "Register the residence" in html
        assert "Register with social insurance (DEÜV)" not in html

    def test_a_passport_renewal_is_named_so_and_overdue_is_marked(
        self, tenant: Tenant, client_for
    ) -> None:
        make_duty(
            tenant.employee_person,
            "PASSPORT_RENEWAL",
            berlin_today() - dt.timedelta(days=3),
            responsible="employee",
            origin_key="passport:2027-03-01",
            message_code="obligation.passport_renewal",
            message_params={"weeks": "26"},
        )
        html = self._page(client_for, "en")
        duties = html.split('id="duties-heading"', 1)[1]
        assert "Renew the passport" in duties
        assert "Renew the residence permit" not in duties
        assert "my-duty-overdue" in duties and "Overdue" in duties

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            ("ar", "سجّل العنوان الجديد لدى مكتب تسجيل السكان"),
            ("uk", "Зареєструйте нову адресу в реєстраційному відомстві"),
            ("tr", "Yeni adresi taşınmadan itibaren"),
        ],
    )
    def test_the_explanation_is_in_the_portal_language(
        self, tenant: Tenant, client_for, language: str, expected: str
    ) -> None:
        make_duty(
            tenant.employee_person,
            "RESIDENCE_REGISTRATION",
            berlin_today() + dt.timedelta(days=5),
            responsible="employee",
            message_code="obligation.residence_registration",
            message_params={"weeks": "2"},
        )
        html = self._page(client_for, language)
        assert expected in html
        assert "Register the new address" not in html


def test_findings_keep_their_message(tenant: Tenant) -> None:
    finding = Finding.objects.create(
        organization=tenant.organization,
        person=tenant.other_person,
        code="PERMIT_EXPIRED",
        severity="error",
        message_code="finding.permit_expired",
        message_params={"expired_on": "2026-01-31"},
        legal_basis="§ 4a Abs. 5 AufenthG " * 30,
    )
    finding.refresh_from_db()
    assert len(finding.legal_basis) > 300
    assert "31/01/2026" in render_message(finding.message, language="es")
