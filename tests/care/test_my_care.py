""" "My care": the employee sees their own and their family's modules, how to reach each
provider in their own time zone, their certificates, and enrols themself in confidential care."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.care import confidential, services
from expatcare.care.choices import EnrolmentStatus
from expatcare.care.errors import CareErrorCode
from expatcare.care.models import CareModule, Enrolment
from expatcare.care.service_hours import ServiceHours, service_hours
from expatcare.core.errors import PermissionDenied, ServiceError
from tests.care.factories import CareModuleFactory, EnrolmentFactory, PackageItemFactory
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


WINTER_NOON = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


def _hours(
    opens: dt.time | None,
    closes: dt.time | None,
    *,
    language: str,
    reader_zone: str = "Europe/Berlin",
    zone: str = "Europe/Berlin",
    days: str = "weekdays",
    now: dt.datetime = WINTER_NOON,
) -> ServiceHours | None:
    """Service hours as the reader sees them; by default a Berlin line read in Berlin in winter."""
    return service_hours(
        days=days,
        opens=opens,
        closes=closes,
        zone=zone,
        reader_zone=reader_zone,
        language=language,
        now=now,
    )


def _tokyo_line(tenant: Tenant, **values: Any) -> CareModule:
    """A help line open Monday to Friday 09:00-18:00 Tokyo time (Japan has no summer time)."""
    defaults: dict[str, Any] = {
        "organization": tenant.provider,
        "name_en": "Multilingual help desk",
        "contact_phone": "+81 3 1234 5678",
        "contact_email": "help@provider.example",
        "service_days": "weekdays",
        "service_opens": dt.time(9, 0),
        "service_closes": dt.time(18, 0),
        "service_time_zone": "Asia/Tokyo",
        "delivery_languages": ["en", "tr"],
    }
    return CareModuleFactory(**(defaults | values))


def _eap(tenant: Tenant) -> CareModule:
    return CareModuleFactory(
        organization=tenant.provider,
        name_en="Employee Assistance Programme",
        category="psychosocial_support",
        confidential=True,
        covers_partner=True,
    )


def _sealed(tenant: Tenant, module: CareModule, person_id: int, **values: Any) -> Enrolment:
    return Enrolment.objects.create(
        organization=tenant.organization,
        module=module,
        provider=module.provider,
        status=values.pop("status", EnrolmentStatus.ACTIVE),
        requested_on=dt.date(2026, 1, 1),
        start_date=dt.date(2026, 1, 1),
        price_model=module.price_model,
        unit_price=module.price,
        confidential=True,
        subject_encrypted=confidential.seal(confidential.Subject(person_id=person_id, **values)),
    )


class TestServiceHours:
    """Times in German format (``H:i``), whatever language the run started in."""

    @pytest.fixture(autouse=True)
    def _german(self) -> Iterator[None]:
        with translation.override("de"):
            yield

    def test_hours_are_shown_in_the_readers_zone_with_the_providers_noted(self) -> None:
        hours = _hours(dt.time(8, 0), dt.time(20, 0), language="de", reader_zone="Europe/Istanbul")
        assert hours is not None
        assert hours.provider_time == "08:00–20:00 Uhr"
        assert hours.local_time == "10:00–22:00 Uhr"
        assert "UTC+01:00" in hours.provider_zone and "UTC+03:00" in hours.local_zone
        assert hours.day_note == ""

    def test_summer_time_is_taken_from_the_day(self) -> None:
        hours = _hours(
            dt.time(8, 0),
            dt.time(20, 0),
            language="de",
            reader_zone="Europe/Istanbul",
            now=dt.datetime(2026, 7, 15, 12, 0, tzinfo=dt.UTC),
        )
        assert hours is not None and hours.local_time == "09:00–21:00 Uhr"

    def test_a_line_that_opens_on_the_readers_next_day_says_so(self) -> None:
        hours = _hours(
            dt.time(20, 0),
            dt.time(4, 0),  # past midnight
            language="de",
            reader_zone="Asia/Kolkata",
            zone="America/New_York",
        )
        assert hours is not None
        assert hours.local_time == "06:30–14:30 Uhr"
        assert "nächsten Tag" in hours.day_note

    def test_same_zone_shows_one_time_and_no_days_means_no_hours(self) -> None:
        same = _hours(dt.time(9, 0), dt.time(17, 0), language="de", days="daily")
        assert same is not None and same.local_time == ""
        assert same.provider_time == "09:00–17:00 Uhr"
        around = _hours(None, None, language="en", zone="", days="daily")
        assert around is not None and around.round_the_clock
        assert _hours(None, None, language="en", reader_zone="UTC", zone="", days="") is None


class TestServiceHoursInTheReadersLanguage:
    """A range is written the way the reader's locale writes one (CLDR interval formats), in
    logical order: the page isolates it with its own direction, so Arabic reads right to left."""

    def _berlin_day(self, language: str) -> str:
        hours = _hours(dt.time(8, 0), dt.time(20, 0), language=language)
        assert hours is not None
        return hours.provider_time

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            # Arabic: the morning time first, each with its day period after it.
            ("ar", "8:00 ص\u2009–\u20098:00 م"),
            ("de", "08:00–20:00 Uhr"),
            ("en", "8:00\u202fAM\u2009–\u20098:00\u202fPM"),
            ("tr", "08:00–20:00"),
        ],
    )
    def test_a_day_of_service(self, language: str, expected: str) -> None:
        assert self._berlin_day(language) == expected

    def test_hours_past_midnight_and_within_one_day_period(self) -> None:
        late = _hours(dt.time(20, 0), dt.time(4, 0), language="en", days="daily")
        morning = _hours(dt.time(8, 0), dt.time(11, 30), language="ar", days="daily")
        assert late is not None and late.provider_time == "8:00\u202fPM\u2009–\u20094:00\u202fAM"
        assert morning is not None and morning.provider_time == "8:00–11:30 ص"

    def test_the_arabic_page_isolates_the_range_without_forcing_it_left_to_right(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        user = tenant.users[Role.EMPLOYEE]
        user.time_zone, user.language = "Europe/Berlin", "ar"
        user.save()
        module = _tokyo_line(
            tenant,
            service_opens=dt.time(8, 0),
            service_closes=dt.time(20, 0),
            service_time_zone="Europe/Berlin",
        )
        EnrolmentFactory(person=tenant.employee_person, module=module)
        html = client_for(Role.EMPLOYEE).get(reverse("care:my_care")).content.decode()
        assert "<bdi>8:00 ص\u2009–\u20098:00 م</bdi>" in html
        assert '<bdi dir="ltr">8:00' not in html


class TestModuleHoursInput:
    def test_hours_without_their_zone_are_refused_naming_the_field(self, tenant: Tenant) -> None:
        with pytest.raises(ServiceError) as refused:
            services.module_create(
                actor=tenant.actor(Role.PROVIDER_ADMIN),
                values={
                    "code": "line",
                    "category": "help_desk",
                    "name_en": "Line",
                    "name_de": "Linie",
                    "price_model": "per_person_month",
                    "price": "3.00",
                    "service_days": "weekdays",
                    "service_opens": "09:00",
                    "service_closes": "17:00",
                },
            )
        assert refused.value.field == "service_time_zone"
        assert not CareModule.objects.filter(code="line").exists()

    def test_a_bad_time_is_refused_naming_the_field(self, tenant: Tenant) -> None:
        with pytest.raises(ServiceError) as refused:
            services.module_create(
                actor=tenant.actor(Role.PROVIDER_ADMIN),
                values={
                    "code": "line",
                    "category": "help_desk",
                    "name_en": "Line",
                    "name_de": "Linie",
                    "price_model": "per_person_month",
                    "price": "3.00",
                    "service_days": "weekdays",
                    "service_opens": "25:00",
                    "service_closes": "17:00",
                    "service_time_zone": "Europe/Berlin",
                },
            )
        assert refused.value.field == "service_opens"


class TestMyCarePage:
    def _get(self, client_for: Any, tenant: Tenant, zone: str = "Asia/Kolkata") -> str:
        user = tenant.users[Role.EMPLOYEE]
        user.time_zone, user.language = zone, "en"
        user.save()
        response = client_for(Role.EMPLOYEE).get(reverse("care:my_care"))
        assert response.status_code == 200
        return str(response.content.decode())

    def test_my_modules_my_familys_and_how_to_reach_the_provider(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        person = tenant.employee_person
        child = FamilyMemberFactory(person=person, relation="child", first_name="Deniz")
        line = _tokyo_line(tenant)
        EnrolmentFactory(person=person, module=line, provider_reference="HD-77")
        EnrolmentFactory(person=person, family_member=child, module=line)
        html = self._get(client_for, tenant)
        assert "Multilingual help desk" in html
        assert "Deniz (Child)" in html and "HD-77" in html
        assert "+81 3 1234 5678" in html and "help@provider.example" in html
        # Tokyo 09:00-18:00 is 05:30-14:30 in Kolkata; the provider's zone stays named.
        assert "<bdi>5:30\u202fAM\u2009–\u20092:30\u202fPM</bdi>" in html
        assert "<bdi>9:00\u202fAM\u2009–\u20096:00\u202fPM</bdi>" in html
        assert "Tokyo (UTC+09:00)" in html and "Kolkata (UTC+05:30)" in html
        assert "English, Turkish" in html
        assert 'aria-current="page"' in html and reverse("care:my_care") in html

    def test_someone_elses_and_rejected_or_past_enrolments_are_not_mine(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        EnrolmentFactory(person=tenant.other_person, module=_tokyo_line(tenant, name_en="Theirs"))
        EnrolmentFactory(
            person=tenant.employee_person,
            module=_tokyo_line(tenant, name_en="Refused"),
            status=EnrolmentStatus.REJECTED,
        )
        EnrolmentFactory(
            person=tenant.employee_person,
            module=_tokyo_line(tenant, name_en="Long over"),
            status=EnrolmentStatus.ENDED,
            end_date=dt.date(2026, 2, 1),
        )
        html = self._get(client_for, tenant)
        for name in ("Theirs", "Refused", "Long over"):
            assert name not in html
        assert "You have no care modules yet." in html

    def test_my_confidential_enrolment_shows_to_me_only(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        eap = _eap(tenant)
        _sealed(tenant, eap, tenant.employee_person.pk, provider_reference="EAP-1")
        html = self._get(client_for, tenant)
        assert "Employee Assistance Programme" in html and "EAP-1" in html
        Enrolment.objects.all().delete()
        _sealed(tenant, eap, tenant.other_person.pk, provider_reference="EAP-2")
        html = self._get(client_for, tenant)
        assert "EAP-2" not in html and "You have no care modules yet." in html

    def test_my_insurance_certificate_is_listed_with_its_expiry(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        from tests.factories import DocumentFactory, DocumentVersionFactory

        document = DocumentFactory(
            person=tenant.employee_person, kind="insurance_certificate", title="Policy 123"
        )
        DocumentVersionFactory(document=document, valid_until=dt.date(2027, 3, 31))
        html = self._get(client_for, tenant)
        assert "Policy 123" in html and "3/31/2027" in html

    def test_staff_and_providers_are_refused(self, client_for: Any) -> None:
        for role in (Role.HR, Role.MANAGER, Role.AUDITOR, Role.PROVIDER_ADMIN):
            assert client_for(role).get(reverse("care:my_care")).status_code == 403

    def test_queries_do_not_grow_with_what_i_hold(
        self, tenant: Tenant, client_for: Any, django_assert_max_num_queries: Any
    ) -> None:
        person = tenant.employee_person
        client = client_for(Role.EMPLOYEE)
        EnrolmentFactory(person=person, module=_tokyo_line(tenant))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("care:my_care"))
        for n in range(6):
            member = FamilyMemberFactory(person=person, relation="child")
            module = _tokyo_line(tenant, name_en=f"Line {n}")
            EnrolmentFactory(person=person, module=module)
            EnrolmentFactory(person=person, family_member=member, module=module)
            _sealed(tenant, _eap(tenant), person.pk)
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("care:my_care"))
        assert len(many.captured_queries) == len(few.captured_queries)


class TestSelfEnrolment:
    def _offer(self, tenant: Tenant) -> CareModule:
        eap = _eap(tenant)
        PackageItemFactory(
            package__organization=tenant.organization, organization=tenant.organization, module=eap
        )
        return eap

    def test_i_enrol_myself_and_nobody_at_the_employer_learns_who(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        eap = self._offer(tenant)
        client = client_for(Role.EMPLOYEE)
        html = client.get(reverse("care:my_care")).content.decode()
        assert "Enrol myself" in html
        response = client.post(reverse("care:my_care_enrol"), {"module": eap.pk})
        assert response.status_code == 302
        enrolment = Enrolment.objects.get(module=eap)
        assert enrolment.confidential and enrolment.person_id is None
        assert confidential.unseal(enrolment.subject_encrypted).person_id == (
            tenant.employee_person.pk
        )
        entry = AuditEntry.objects.get(action="care.enrolment_request")
        assert entry.actor_id is None and entry.person_id is None
        assert entry.organization_id == tenant.organization.pk
        html = client.get(reverse("care:my_care")).content.decode()
        assert "Enrol myself" not in html and "Employee Assistance Programme" in html

    def test_twice_is_refused(self, tenant: Tenant) -> None:
        eap = self._offer(tenant)
        actor = tenant.actor(Role.EMPLOYEE)
        services.enrolment_self_request(actor=actor, person=tenant.employee_person, module=eap)
        with pytest.raises(ServiceError) as refused:
            services.enrolment_self_request(actor=actor, person=tenant.employee_person, module=eap)
        assert refused.value.code == CareErrorCode.ALREADY_ENROLLED
        assert Enrolment.objects.filter(module=eap).count() == 1

    def test_a_module_the_employer_does_not_offer_is_refused(self, tenant: Tenant) -> None:
        eap = _eap(tenant)  # in no package
        with pytest.raises(ServiceError) as refused:
            services.enrolment_self_request(
                actor=tenant.actor(Role.EMPLOYEE), person=tenant.employee_person, module=eap
            )
        assert refused.value.code == CareErrorCode.MODULE_NOT_AVAILABLE
        not_confidential = _tokyo_line(tenant)
        PackageItemFactory(
            package__organization=tenant.organization,
            organization=tenant.organization,
            module=not_confidential,
        )
        with pytest.raises(ServiceError):
            services.enrolment_self_request(
                actor=tenant.actor(Role.EMPLOYEE),
                person=tenant.employee_person,
                module=not_confidential,
            )
        assert not Enrolment.objects.exists()

    def test_only_for_my_own_record(self, tenant: Tenant) -> None:
        eap = self._offer(tenant)
        with pytest.raises(PermissionDenied):
            services.enrolment_self_request(
                actor=tenant.actor(Role.EMPLOYEE), person=tenant.other_person, module=eap
            )
        with pytest.raises(PermissionDenied):
            services.enrolment_self_request(
                actor=tenant.actor(Role.HR), person=tenant.employee_person, module=eap
            )
        stranger = PersonFactory(organization=tenant.organization)
        with pytest.raises(PermissionDenied):
            services.enrolment_self_request(
                actor=tenant.actor(Role.EMPLOYEE), person=stranger, module=eap
            )
        assert not Enrolment.objects.exists()
