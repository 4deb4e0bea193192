"""The care catalog (modules), package templates and enrolments with their comments.

Money is ``Decimal`` with two places and a currency; an enrolment keeps a copy of the price it
was made at, so a later change of the catalog never rewrites past months' costs. Confidential
enrolments (psychosocial support) hold nobody in clear: the person and everything written
about them live only in ``subject_encrypted`` (``core.crypto``, rotatable keys).

References to modules and providers are ``RESTRICT``: a module that enrolments, packages or
add-ons use cannot be deleted on its own (its costs and history need it), but removing a whole
tenant removes them together.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from expatcare.care.choices import (
    OPEN_STATUSES,
    CareCategory,
    EnrolmentStatus,
    FamilyTier,
    PriceModel,
    ServiceDays,
    VatTreatment,
)
from expatcare.core.models import TenantModel


def money(verbose_name: StrOrPromise, *, optional: bool = False) -> models.DecimalField[Any, Any]:
    """An amount in the row's currency: two decimal places, never a float."""
    return models.DecimalField(
        verbose_name, max_digits=10, decimal_places=2, null=optional, blank=optional
    )


class CareModule(TenantModel):
    """A service a provider sells: published by a provider tenant, or entered by an employer
    for a provider that is not on the platform (``organization`` is then the employer and
    ``provider`` stays empty; ``provider_name`` names the firm)."""

    provider = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider on the platform"),
    )
    provider_name = models.CharField(_("provider"), max_length=200)
    code = models.SlugField(_("code"), max_length=60)
    category = models.CharField(_("category"), max_length=32, choices=CareCategory.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_de = models.CharField(_("name (German)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    delivery_languages = models.JSONField(_("languages of delivery"), default=list, blank=True)
    countries = models.JSONField(_("countries where delivered"), default=list, blank=True)
    covers_employee = models.BooleanField(_("covers the employee"), default=True)
    covers_partner = models.BooleanField(_("covers the partner"), default=False)
    covers_children = models.BooleanField(_("covers children"), default=False)
    core_module = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="add_ons",
        verbose_name=_("core module (for an add-on)"),
    )
    price_model = models.CharField(_("price model"), max_length=20, choices=PriceModel.choices)
    price = money(_("price"), optional=True)
    price_employee = money(_("price: employee"), optional=True)
    price_employee_partner = money(_("price: employee and partner"), optional=True)
    price_employee_children = money(_("price: employee and children"), optional=True)
    price_family = money(_("price: family"), optional=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    vat_treatment = models.CharField(
        _("VAT treatment"), max_length=20, choices=VatTreatment.choices, default=VatTreatment.EXEMPT
    )
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2, default=0)
    deductible = money(_("deductible per year"), optional=True)
    minimum_term_months = models.PositiveSmallIntegerField(_("minimum term (months)"), default=0)
    notice_period_days = models.PositiveSmallIntegerField(_("notice period (days)"), default=0)
    waiting_period_days = models.PositiveSmallIntegerField(_("waiting period (days)"), default=0)
    counts_as_health_insurance_proof = models.BooleanField(
        _("counts as proof of health insurance (visa, residence title)"), default=False
    )
    confidential = models.BooleanField(
        _("confidential (employer sees only aggregates)"), default=False
    )
    provider_fields = models.JSONField(_("fields the provider needs"), default=list, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    service_hours = models.CharField(_("service hours"), max_length=200, blank=True)
    # Structured hours, so an employee sees them in their own time zone: the days and the
    # opening and closing time in the provider's zone. Empty times with every day mean the
    # line is open around the clock; no days at all means the hours are not given.
    service_days = models.CharField(
        _("service days"), max_length=16, choices=ServiceDays.choices, blank=True
    )
    service_opens = models.TimeField(_("opens at"), null=True, blank=True)
    service_closes = models.TimeField(_("closes at"), null=True, blank=True)
    service_time_zone = models.CharField(
        _("time zone of the service hours"), max_length=64, blank=True
    )
    is_published = models.BooleanField(_("published to employers"), default=True)
    is_active = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("care module")
        verbose_name_plural = _("care modules")
        ordering = ("name_en", "id")
        indexes = [
            models.Index(fields=("organization", "category", "name_en")),
            models.Index(fields=("is_published", "is_active", "category")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=("organization", "code"), name="care_module_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(category__in=CareCategory.values), name="care_module_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(price_model__in=PriceModel.values), name="care_module_price_model_valid"
            ),
            models.CheckConstraint(
                condition=Q(vat_treatment__in=VatTreatment.values), name="care_module_vat_valid"
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0) & Q(vat_rate__lte=100), name="care_module_vat_rate"
            ),
            models.CheckConstraint(
                condition=~Q(vat_treatment=VatTreatment.EXEMPT) | Q(vat_rate=0),
                name="care_module_exempt_has_no_vat",
            ),
            # A family-tier module has all four tier prices, every other model its one price.
            models.CheckConstraint(
                condition=(
                    Q(price_model=PriceModel.PER_FAMILY_TIER)
                    & Q(price_employee__gte=0)
                    & Q(price_employee_partner__gte=0)
                    & Q(price_employee_children__gte=0)
                    & Q(price_family__gte=0)
                )
                | (~Q(price_model=PriceModel.PER_FAMILY_TIER) & Q(price__gte=0)),
                name="care_module_price_present",
            ),
            models.CheckConstraint(
                condition=Q(deductible__isnull=True) | Q(deductible__gte=0),
                name="care_module_deductible_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(covers_employee=True)
                | Q(covers_partner=True)
                | Q(covers_children=True),
                name="care_module_covers_someone",
            ),
            models.CheckConstraint(
                condition=Q(core_module__isnull=True) | ~Q(core_module=F("id")),
                name="care_module_not_its_own_core",
            ),
            models.CheckConstraint(
                condition=Q(service_days__in=["", *ServiceDays.values]),
                name="care_module_service_days_valid",
            ),
            # Opening and closing time come together, and only with days and a time zone.
            models.CheckConstraint(
                condition=(Q(service_opens__isnull=True) & Q(service_closes__isnull=True))
                | (
                    Q(service_opens__isnull=False)
                    & Q(service_closes__isnull=False)
                    & ~Q(service_days="")
                    & ~Q(service_time_zone="")
                ),
                name="care_module_service_hours_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, language: str) -> str:
        return self.name_de if language.startswith("de") and self.name_de else self.name_en

    def description_in(self, language: str) -> str:
        if language.startswith("de") and self.description_de:
            return self.description_de
        return self.description_en

    def tier_price(self, tier: str) -> Decimal | None:
        prices: dict[str, Decimal | None] = {
            FamilyTier.EMPLOYEE: self.price_employee,
            FamilyTier.EMPLOYEE_PARTNER: self.price_employee_partner,
            FamilyTier.EMPLOYEE_CHILDREN: self.price_employee_children,
            FamilyTier.FAMILY: self.price_family,
        }
        return prices[FamilyTier(tier)]


class PackageTemplate(TenantModel):
    """A bundle of modules an employer assigns to people ("Arrival package")."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    covers_partner = models.BooleanField(_("covers the partner"), default=False)
    covers_children = models.BooleanField(_("covers children"), default=False)
    monthly_budget_per_person = money(_("monthly budget per person"), optional=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("care package")
        verbose_name_plural = _("care packages")
        ordering = ("name", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("organization", "name"), name="care_package_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(monthly_budget_per_person__isnull=True)
                | Q(monthly_budget_per_person__gte=0),
                name="care_package_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PackageItem(TenantModel):
    package = models.ForeignKey(PackageTemplate, on_delete=models.CASCADE, related_name="items")
    module = models.ForeignKey(CareModule, on_delete=models.RESTRICT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("package module")
        verbose_name_plural = _("package modules")
        ordering = ("position", "id")
        constraints = [
            models.UniqueConstraint(fields=("package", "module"), name="care_package_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.package_id}:{self.module_id}"


class Enrolment(TenantModel):
    """One member (the person, or one of their family) in one module, from request to end.

    ``organization`` is the employer that pays; ``provider`` is copied from the module so a
    provider's list is one indexed filter. The price is copied too (``price_model``,
    ``unit_price``, ``tier``, VAT) at the time of the request.

    A confidential enrolment stores ``person``, ``family_member``, ``reason`` and
    ``provider_reference`` empty: they are kept as encrypted JSON in ``subject_encrypted``,
    listed in ``core.crypto.ENCRYPTED_COLUMNS`` for key rotation.
    """

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="care_enrolments",
        verbose_name=_("person"),
    )
    family_member = models.ForeignKey(
        "people.FamilyMember",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="care_enrolments",
        verbose_name=_("family member"),
    )
    module = models.ForeignKey(
        CareModule, on_delete=models.RESTRICT, related_name="enrolments", verbose_name=_("module")
    )
    provider = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider on the platform"),
    )
    package = models.ForeignKey(
        PackageTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("package"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.REQUESTED,
    )
    requested_on = models.DateField(_("requested on"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    provider_reference = models.CharField(_("provider reference"), max_length=100, blank=True)
    price_model = models.CharField(_("price model"), max_length=20, choices=PriceModel.choices)
    tier = models.CharField(_("family tier"), max_length=20, choices=FamilyTier.choices, blank=True)
    unit_price = money(_("price"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2, default=0)
    sessions_per_month = models.PositiveSmallIntegerField(
        _("sessions per month (per-session price)"), default=0
    )
    confidential = models.BooleanField(_("confidential"), default=False)
    subject_encrypted = models.TextField(blank=True, editable=False)
    # The insurance certificate uploaded on this enrolment: a document of the person's register
    # (``people.Document``), where its expiry raises the renewal duty.
    certificate = models.ForeignKey(
        "people.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("insurance certificate"),
    )

    class Meta:
        verbose_name = _("care enrolment")
        verbose_name_plural = _("care enrolments")
        indexes = [
            # The lists, newest first: employer staff and providers. ``confidential`` stays out
            # of the index: SQLite compares it as ``NOT confidential``, which no index matches,
            # and would sort every row; the few confidential rows are skipped while scanning.
            models.Index(fields=("organization", "start_date", "id")),
            models.Index(fields=("provider", "start_date", "id")),
            models.Index(fields=("organization", "module")),
            models.Index(fields=("organization", "package")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values), name="care_enrolment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="care_enrolment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="care_enrolment_price_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrolmentStatus.ENDED) | Q(end_date__isnull=False),
                name="care_enrolment_ended_has_end_date",
            ),
            models.CheckConstraint(
                condition=~Q(price_model=PriceModel.PER_FAMILY_TIER)
                | Q(family_member__isnull=False)
                | ~Q(tier=""),
                name="care_enrolment_tier_for_family_price",
            ),
            # Nobody in clear for confidential enrolments; always somebody for the others.
            models.CheckConstraint(
                condition=(
                    Q(confidential=True)
                    & Q(person__isnull=True)
                    & Q(family_member__isnull=True)
                    & ~Q(subject_encrypted="")
                    & Q(reason="")
                    & Q(provider_reference="")
                )
                | (Q(confidential=False) & Q(person__isnull=False) & Q(subject_encrypted="")),
                name="care_enrolment_confidential_subject",
            ),
            # One open enrolment per member and module at a time.
            models.UniqueConstraint(
                fields=("person", "module"),
                condition=Q(family_member__isnull=True, status__in=OPEN_STATUSES),
                name="care_enrolment_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=("family_member", "module"),
                condition=Q(family_member__isnull=False, status__in=OPEN_STATUSES),
                name="care_enrolment_one_open_per_family_member",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this text is stored in audit entries, also of confidential rows.
        return f"#{self.pk} {self.module_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EnrolmentComment(TenantModel):
    """A note between HR and the provider on one enrolment (confidential ones: encrypted).

    Kept behind the care services so a later conversation capability can take them over.
    """

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("comment"), blank=True)
    body_encrypted = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=(Q(body="") & ~Q(body_encrypted=""))
                | (~Q(body="") & Q(body_encrypted="")),
                name="care_comment_body_once",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class SuggestionDecision(TenantModel):
    """HR's answer to a suggestion for a person, and the facts it was given on.

    A dismissal holds while ``facts_digest`` equals the digest of the facts the suggestion
    depends on now; when they change (a child moves too, the German level changes), the
    suggestion is shown again.
    """

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="care_suggestion_decisions"
    )
    code = models.CharField(_("suggestion"), max_length=40)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    facts_digest = models.CharField(max_length=64)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("care suggestion decision")
        verbose_name_plural = _("care suggestion decisions")
        constraints = [
            models.UniqueConstraint(fields=("person", "code"), name="care_suggestion_one_decision"),
            models.CheckConstraint(
                condition=Q(decision__in=["accepted", "dismissed"]),
                name="care_suggestion_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.decision}"
