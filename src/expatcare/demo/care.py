"""Care demo data: the demo provider's catalog, two packages and enrolments in every state;
for benchmark tenants about two enrolments per person, written in bulk.

The demo tenant is built through the care services (as the provider admin and HR would), so
its audit trail, prices and confidential subjects are exactly what real use produces. The
benchmark writes rows in bulk past the services (like the rest of the bench tenant) and moves
the care version on itself.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership, Organization, OrganizationKind, User
from expatcare.accounts.roles import Role
from expatcare.care import confidential, services, versions
from expatcare.care.choices import EnrolmentStatus, FamilyTier, PriceModel
from expatcare.care.models import CareModule, Enrolment, PackageItem, PackageTemplate
from expatcare.core.errors import ServiceError
from expatcare.demo.files import tiny_pdf
from expatcare.demo.statistics import refresh_statistics
from expatcare.people.models import Person

_INSURED = ["name", "birth_date", "address", "nationality", "family_members", "start_date"]
_CONTACT = ["name", "phone", "preferred_language", "time_zone"]
_PORTAL_LANGUAGES = ["de", "en", "es", "pt", "tr", "ar", "uk", "hi"]

# The demo provider's catalog: one module of each category at least, an insurance core with
# add-ons and family tiers, and a confidential EAP. Prices follow the research anchors (EAP
# 0.50-2.50 EUR per employee and month; family tiers; BDAE-style deductibles).
DEMO_CATALOG: tuple[dict[str, Any], ...] = (
    {
        "code": "expat-health-core",
        "category": "health_insurance",
        "name_en": "Expat Health Core",
        "name_de": "Auslandskrankenversicherung Basis",
        "description_en": "International health insurance from the visa application until "
        "statutory insurance begins; accepted as proof for visa and residence title.",
        "description_de": "Internationale Krankenversicherung vom Visumantrag bis zum Beginn "
        "der gesetzlichen Versicherung; gilt als Nachweis für Visum und Aufenthaltstitel.",
        "price_model": "per_family_tier",
        "price_employee": "118.00",
        "price_employee_partner": "226.00",
        "price_employee_children": "189.00",
        "price_family": "297.00",
        "deductible": "250.00",
        "covers_partner": True,
        "covers_children": True,
        "minimum_term_months": 12,
        "notice_period_days": 90,
        "waiting_period_days": 0,
        "counts_as_health_insurance_proof": True,
        "provider_fields": _INSURED,
        "countries": ["DE", "AT", "CH"],
    },
    {
        "code": "expat-health-outpatient",
        "category": "health_insurance",
        "name_en": "Out-patient plus (add-on)",
        "name_de": "Ambulant plus (Zusatzbaustein)",
        "core": "expat-health-core",
        "price_model": "per_member_month",
        "price": "28.00",
        "covers_partner": True,
        "covers_children": True,
        "minimum_term_months": 12,
        "notice_period_days": 90,
        "waiting_period_days": 90,
        "provider_fields": _INSURED,
    },
    {
        "code": "expat-health-dental",
        "category": "health_insurance",
        "name_en": "Dental and vision (add-on)",
        "name_de": "Zahn und Sehen (Zusatzbaustein)",
        "core": "expat-health-core",
        "price_model": "per_member_month",
        "price": "19.50",
        "covers_partner": True,
        "covers_children": True,
        "minimum_term_months": 12,
        "notice_period_days": 90,
        "waiting_period_days": 240,
        "provider_fields": _INSURED,
    },
    {
        "code": "telemedicine",
        "category": "telemedicine",
        "name_en": "Telemedicine 24/7",
        "name_de": "Telemedizin rund um die Uhr",
        "price_model": "per_person_month",
        "price": "6.90",
        "vat_treatment": "net_plus_vat",
        "vat_rate": "19.00",
        "covers_partner": True,
        "covers_children": True,
        "provider_fields": _CONTACT,
        "service_days": "daily",
    },
    {
        "code": "eap",
        "category": "psychosocial_support",
        "name_en": "Employee Assistance Programme (EAP)",
        "name_de": "Mitarbeiterberatung (EAP)",
        "description_en": "Confidential counselling, also for culture shock: up to 8 sessions "
        "a year, by phone or video, for the employee and their household.",
        "description_de": "Vertrauliche Beratung, auch bei Kulturschock: bis zu 8 Sitzungen im "
        "Jahr, per Telefon oder Video, für Beschäftigte und ihren Haushalt.",
        "price_model": "per_person_month",
        "price": "1.80",
        "vat_treatment": "net_plus_vat",
        "vat_rate": "19.00",
        "covers_partner": True,
        "covers_children": True,
        "confidential": True,
        "minimum_term_months": 12,
        "notice_period_days": 30,
        "provider_fields": _CONTACT,
        "service_days": "daily",
    },
    {
        "code": "help-desk",
        "category": "help_desk",
        "name_en": "Multilingual help desk",
        "name_de": "Mehrsprachiger Helpdesk",
        "price_model": "per_person_month",
        "price": "4.50",
        "vat_treatment": "net_plus_vat",
        "vat_rate": "19.00",
        "provider_fields": [*_CONTACT, "work_location"],
        "service_days": "weekdays",
        "service_opens": "08:00",
        "service_closes": "20:00",
        "service_time_zone": "Europe/Berlin",
    },
    {
        "code": "intercultural-onboarding",
        "category": "integration",
        "name_en": "Intercultural onboarding programme",
        "name_de": "Interkulturelles Onboarding-Programm",
        "price_model": "one_off",
        "price": "450.00",
        "vat_treatment": "net_plus_vat",
        "vat_rate": "19.00",
        "covers_partner": True,
        "provider_fields": ["name", "email", "preferred_language", "start_date"],
    },
    {
        "code": "german-b1",
        "category": "language_course",
        "name_en": "German course A1 to B1 (blended)",
        "name_de": "Deutschkurs A1 bis B1 (Blended Learning)",
        "description_en": "Exempt from VAT as vocational education (§ 4 Nr. 21 UStG).",
        "description_de": "Als berufliche Bildung umsatzsteuerfrei (§ 4 Nr. 21 UStG).",
        "price_model": "per_session",
        "price": "45.00",
        "covers_partner": True,
        "provider_fields": ["name", "email", "preferred_language", "time_zone"],
    },
    {
        "code": "authority-service",
        "category": "authority_help",
        "name_en": "Registration and foreigners authority service",
        "name_de": "Begleitung zu Bürgeramt und Ausländerbehörde",
        "price_model": "one_off",
        "price": "390.00",
        "vat_treatment": "net_plus_vat",
        "vat_rate": "19.00",
        "covers_partner": True,
        "covers_children": True,
        "provider_fields": [*_INSURED, "phone"],
    },
    {
        "code": "relocation-home",
        "category": "relocation_housing",
        "name_en": "Relocation and home search",
        "name_de": "Umzug und Wohnungssuche",
        "price_model": "one_off",
        "price": "1450.00",
        "vat_treatment": "net_plus_vat",
        "vat_rate": "19.00",
        "covers_partner": True,
        "covers_children": True,
        "provider_fields": ["name", "email", "phone", "family_members", "work_location"],
    },
    {
        "code": "family-assistance",
        "category": "family_assistance",
        "name_en": "Partner career and school search",
        "name_de": "Partnerkarriere und Schulsuche",
        "price_model": "one_off",
        "price": "850.00",
        "vat_treatment": "net_plus_vat",
        "vat_rate": "19.00",
        "covers_partner": True,
        "covers_children": True,
        "provider_fields": ["name", "email", "family_members", "work_location"],
    },
    {
        "code": "corporate-health",
        "category": "corporate_health",
        "name_en": "Corporate health programme",
        "name_de": "Betriebliches Gesundheitsprogramm",
        "price_model": "per_person_month",
        "price": "12.00",
        "vat_treatment": "net_plus_vat",
        "vat_rate": "19.00",
        "provider_fields": ["name", "email"],
    },
    {
        "code": "mentoring",
        "category": "mentoring",
        "name_en": "Buddy and mentoring programme",
        "name_de": "Buddy- und Mentoring-Programm",
        "price_model": "per_person_month",
        "price": "15.00",
        "vat_treatment": "net_plus_vat",
        "vat_rate": "19.00",
        "provider_fields": ["name", "email", "work_location", "job_title"],
    },
)

DEMO_PACKAGES: tuple[dict[str, Any], ...] = (
    {
        "name": "Arrival package",
        "description": "What every new international colleague gets in the first year.",
        "monthly_budget_per_person": "150.00",
        "modules": (
            "help-desk",
            "telemedicine",
            "eap",
            "authority-service",
            "intercultural-onboarding",
            "german-b1",
        ),
    },
    {
        "name": "Family package",
        "description": "Health cover and help for families moving together.",
        "covers_partner": True,
        "covers_children": True,
        "monthly_budget_per_person": "650.00",
        "modules": (
            "expat-health-core",
            "expat-health-outpatient",
            "family-assistance",
            "relocation-home",
        ),
    },
)


def _actor(user_id: int, organization: Organization) -> Actor:
    membership = Membership.objects.select_related("user", "organization").get(
        user_id=user_id, organization=organization
    )
    return Actor(user=membership.user, membership=membership)


def _catalog(provider_admin: Actor) -> dict[str, CareModule]:
    """The demo provider's modules, published through the services (cores before add-ons)."""
    found = {m.code: m for m in CareModule.objects.filter(organization=provider_admin.organization)}
    for spec in DEMO_CATALOG:
        if spec["code"] in found:
            continue
        values = {key: value for key, value in spec.items() if key != "core"}
        if "core" in spec:
            values["core_module"] = found[spec["core"]].pk
        values.setdefault("delivery_languages", _PORTAL_LANGUAGES)
        values.setdefault("countries", ["DE"])
        values.setdefault("contact_phone", "+49 89 1234 5600")
        values.setdefault("contact_email", "care@relocation-partner.example")
        found[spec["code"]] = services.module_create(actor=provider_admin, values=values)
    return found


def build_demo_care(
    *,
    organization: Organization,
    provider: Organization,
    hr_user_id: int,
    admin_user_id: int,
    people: list[Person],
    today: dt.date,
) -> int:
    """Catalog, packages and enrolments of the demo tenant; returns the enrolments made."""
    provider_admin = _actor(admin_user_id, provider)
    hr = _actor(hr_user_id, organization)
    modules = _catalog(provider_admin)
    packages = [
        services.package_create(
            actor=hr,
            values={k: v for k, v in spec.items() if k != "modules"},
            module_ids=[modules[code].pk for code in spec["modules"]],
        )
        for spec in DEMO_PACKAGES
    ]
    arrival, family = packages
    made: list[Enrolment] = []
    with_family = [p for p in people if p.family_members.exists()]
    singles = [p for p in people if p not in with_family]
    start = (today - dt.timedelta(days=200)).replace(day=1)
    next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    for index, person in enumerate(people[:16]):
        package = family if person in with_family[:4] else arrival
        try:
            result = services.package_assign(
                actor=hr,
                package=package,
                person=person,
                # Every fourth starts next month: confirmed, not yet running.
                start_date=start if index % 4 else next_month,
                today=today,
            )
        except ServiceError:
            continue
        made.extend(result.created)
    for index, enrolment in enumerate(made):
        # Most are confirmed and running; a few wait for the provider, one is rejected and
        # one ended after its minimum term; so every state shows on first start.
        if index % 9 == 4:
            continue  # stays requested
        if index % 23 == 7:
            services.enrolment_reject(
                actor=provider_admin, enrolment=enrolment, reason="Not offered in this region."
            )
            continue
        enrolment = services.enrolment_confirm(
            actor=provider_admin,
            enrolment=enrolment,
            provider_reference=f"RPB-{today.year}-{1000 + index}",
            today=today,
        )
        if enrolment.start_date <= today:
            enrolment = services.enrolment_activate(
                actor=provider_admin, enrolment=enrolment, today=today
            )
    ended = next(
        (e for e in made if e.module.code == "help-desk" and e.start_date < today.replace(day=1)),
        None,
    )
    if ended is not None:
        ended.refresh_from_db()
        if ended.status == EnrolmentStatus.ACTIVE:
            services.enrolment_end(
                actor=hr, enrolment=ended, end_date=today, reason="Left the company.", today=today
            )
    _file_certificates(provider_admin, made, today=today)
    if singles:
        services.enrolment_request(
            actor=hr,
            person=singles[-1],
            module=modules["mentoring"],
            start_date=today + dt.timedelta(days=14),
            today=today,
        )
    return Enrolment.objects.filter(organization=organization).count()


# Ends of cover of the demo's insurance certificates, in days from today: one renewal duty falls
# due within the next weeks, the others later, so the duty list and the register show both.
DEMO_CERTIFICATE_COVER_DAYS = (45, 150, 330)


def _file_certificates(provider_admin: Actor, made: list[Enrolment], *, today: dt.date) -> None:
    """The insurer files the certificate of its running core insurances (the employee's own),
    as it would after confirming: the register then holds it and the engine plans its renewal."""
    running = [
        e for e in made if e.module.counts_as_health_insurance_proof and e.family_member_id is None
    ]
    for enrolment, days in zip(running, DEMO_CERTIFICATE_COVER_DAYS, strict=False):
        enrolment.refresh_from_db()
        if enrolment.status != EnrolmentStatus.ACTIVE:
            continue
        services.enrolment_certificate_upload(
            actor=provider_admin,
            enrolment=enrolment,
            uploaded_file=ContentFile(
                tiny_pdf(f"Insurance certificate {enrolment.provider_reference}"),
                name="insurance-certificate.pdf",
            ),
            valid_until=today + dt.timedelta(days=days),
            number=enrolment.provider_reference,
        )


# --------------------------------------------------------------------------- bench tenants

BENCH_PROVIDER_SLUG = "bench-care-provider"
BENCH_PROVIDER_EMAIL = f"agent@{BENCH_PROVIDER_SLUG}.example"


@dataclass(frozen=True, slots=True)
class BenchCareResult:
    enrolments: int
    seconds: float


def _bench_catalog() -> dict[str, CareModule]:
    """The demo catalog under a provider of its own, written once and shared by bench tenants."""
    provider, _ = Organization.objects.get_or_create(
        slug=BENCH_PROVIDER_SLUG,
        defaults={"name": "Bench Care Partner AG", "kind": OrganizationKind.PROVIDER},
    )
    found = {m.code: m for m in CareModule.objects.filter(organization=provider)}
    for spec in DEMO_CATALOG:
        if spec["code"] in found:
            continue
        values = {k: v for k, v in spec.items() if k != "core"}
        values.setdefault("delivery_languages", _PORTAL_LANGUAGES)
        values.setdefault("countries", ["DE"])
        module = CareModule(
            organization=provider,
            provider=provider,
            provider_name=provider.name,
            core_module=found.get(spec.get("core", "")),
            **values,
        )
        module.save()
        module.refresh_from_db()  # prices as Decimal, not the strings of the catalog
        found[module.code] = module
    return found


def bench_provider_login(password: str) -> str:
    """A provider agent of the bench catalog's provider, so the benchmark can measure the
    provider's enrolment list (every bench enrolment is in that provider's modules)."""
    _bench_catalog()
    provider = Organization.objects.get(slug=BENCH_PROVIDER_SLUG)
    user, _ = User.objects.get_or_create(
        email=BENCH_PROVIDER_EMAIL, defaults={"full_name": "Bench Care Agent", "language": "en"}
    )
    user.password = make_password(password)
    user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user, organization=provider, defaults={"role": Role.PROVIDER_AGENT}
    )
    return BENCH_PROVIDER_EMAIL


def _price(module: CareModule, tier: str) -> Decimal:
    if module.price_model == PriceModel.PER_FAMILY_TIER:
        return Decimal(str(module.tier_price(tier)))
    return Decimal(str(module.price))


def build_bench_care(
    *, organization_id: int, seed: int, today: dt.date, batch_size: int = 5_000
) -> BenchCareResult:
    """About two enrolments per person (only for people who have none yet), in bulk."""
    started = time.perf_counter()
    modules = _bench_catalog()
    arrival, _ = PackageTemplate.objects.get_or_create(
        organization_id=organization_id,
        name="Arrival package",
        defaults={"monthly_budget_per_person": Decimal("150.00")},
    )
    family, _ = PackageTemplate.objects.get_or_create(
        organization_id=organization_id,
        name="Family package",
        defaults={
            "monthly_budget_per_person": Decimal("650.00"),
            "covers_partner": True,
            "covers_children": True,
        },
    )
    for package, codes in (
        (arrival, ("help-desk", "telemedicine", "eap", "german-b1")),
        (family, ("expat-health-core",)),
    ):
        PackageItem.objects.bulk_create(
            [
                PackageItem(organization_id=organization_id, package=package, module=modules[c])
                for c in codes
            ],
            ignore_conflicts=True,
        )
    enrolled = Enrolment.objects.filter(organization_id=organization_id).values("person_id")
    people = (
        Person.objects.filter(organization_id=organization_id)
        .exclude(pk__in=enrolled)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    second = ("telemedicine", "expat-health-core", "german-b1", "mentoring", "eap")
    created = 0
    rows: list[Enrolment] = []
    for person_id in people.iterator(chunk_size=batch_size):
        rng = random.Random(seed * 7_919 + person_id)  # noqa: S311  # reproducible seed data
        for code in ("help-desk", rng.choice(second)):
            rows.append(
                _bench_enrolment(
                    organization_id,
                    person_id,
                    modules[code],
                    rng,
                    today,
                    arrival if code != "expat-health-core" else family,
                )
            )
        if len(rows) >= batch_size:
            created += _flush(rows)
    created += _flush(rows)
    if created:
        # Without statistics the planner takes the new enrolments for a handful and sorts all
        # of a provider's or tenant's rows for the first page of the list (88 ms, not 0.6 ms).
        refresh_statistics(Enrolment, CareModule, PackageTemplate, PackageItem)
    versions.enrolments_changed(organization_id)
    return BenchCareResult(enrolments=created, seconds=time.perf_counter() - started)


def _bench_enrolment(
    organization_id: int,
    person_id: int,
    module: CareModule,
    rng: random.Random,
    today: dt.date,
    package: PackageTemplate,
) -> Enrolment:
    roll = rng.random()
    start = today - dt.timedelta(days=rng.randint(-30, 700))
    status, end = EnrolmentStatus.ACTIVE, None
    if start > today:
        status = EnrolmentStatus.CONFIRMED if roll < 0.5 else EnrolmentStatus.REQUESTED
    elif roll < 0.08:
        status, end = EnrolmentStatus.ENDED, today - dt.timedelta(days=rng.randint(0, 200))
        end = max(end, start)
    elif roll < 0.12:
        status = EnrolmentStatus.REQUESTED
    tier = ""
    if module.price_model == PriceModel.PER_FAMILY_TIER:
        tier = rng.choice(FamilyTier.values)
    enrolment = Enrolment(
        organization_id=organization_id,
        module=module,
        provider_id=module.provider_id,
        package=package if rng.random() < 0.7 else None,
        status=status,
        requested_on=min(start, today),
        start_date=start,
        end_date=end,
        price_model=module.price_model,
        tier=tier,
        unit_price=_price(module, tier or FamilyTier.EMPLOYEE),
        currency=module.currency,
        vat_rate=module.vat_rate,
        sessions_per_month=4 if module.price_model == PriceModel.PER_SESSION else 0,
        confidential=module.confidential,
    )
    if module.confidential:
        enrolment.subject_encrypted = confidential.seal(confidential.Subject(person_id=person_id))
    else:
        enrolment.person_id = person_id
    return enrolment


def _flush(rows: list[Enrolment]) -> int:
    count = len(rows)
    if rows:
        with transaction.atomic():
            Enrolment.objects.bulk_create(rows, batch_size=2_000)
        rows.clear()
    return count
