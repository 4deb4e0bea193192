"""Enumerations of the care domain, shared by models, forms, API schemas, costs and the demo."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The fixed list of fields a provider may ask for is the people app's: provider assignments
# (people) and care modules declare from the same list.
from expatcare.people.choices import PROVIDER_FIELD_SOURCES as PROVIDER_FIELD_SOURCES
from expatcare.people.choices import ProviderField as ProviderField


class CareCategory(models.TextChoices):
    HEALTH_INSURANCE = "health_insurance", _("International health insurance")
    TELEMEDICINE = "telemedicine", _("Telemedicine")
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support", _("Psychosocial support (EAP, culture shock)")
    HELP_DESK = "help_desk", _("Multilingual help desk")
    INTEGRATION = "integration", _("Integration and intercultural programmes")
    LANGUAGE_COURSE = "language_course", _("Language courses")
    AUTHORITY_HELP = "authority_help", _("Help with public authorities")
    RELOCATION_HOUSING = "relocation_housing", _("Relocation and housing")
    FAMILY_ASSISTANCE = (
        "family_assistance",
        _("Family assistance (partner career, school, child care)"),
    )
    CORPORATE_HEALTH = "corporate_health", _("Corporate health programmes")
    MENTORING = "mentoring", _("Mentoring programmes")


class PriceModel(models.TextChoices):
    """How a module is charged; ``care.costs`` turns each into money for a span of days."""

    PER_PERSON_MONTH = "per_person_month", _("Per person per month")
    PER_FAMILY_TIER = "per_family_tier", _("Per family tier per month")
    PER_MEMBER_MONTH = "per_member_month", _("Per covered member per month")
    ONE_OFF = "one_off", _("One-off")
    PER_SESSION = "per_session", _("Per session")


# Charged by the calendar day of the months they run; the others are charged per event.
MONTHLY_PRICE_MODELS = frozenset(
    {PriceModel.PER_PERSON_MONTH, PriceModel.PER_FAMILY_TIER, PriceModel.PER_MEMBER_MONTH}
)


class FamilyTier(models.TextChoices):
    """The price tiers expat insurers sell (employee, + partner, + children, family)."""

    EMPLOYEE = "employee", _("Employee")
    EMPLOYEE_PARTNER = "employee_partner", _("Employee and partner")
    EMPLOYEE_CHILDREN = "employee_children", _("Employee and children")
    FAMILY = "family", _("Family")


class VatTreatment(models.TextChoices):
    """Whether VAT is added to the price; insurance premiums are exempt (§ 4 Nr. 10 UStG)."""

    EXEMPT = "exempt", _("Exempt from VAT")
    NET_PLUS_VAT = "net_plus_vat", _("Net price plus VAT")
    REVERSE_CHARGE = "reverse_charge", _("Reverse charge (the employer pays the VAT)")


class CoveredMember(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    PARTNER = "partner", _("Partner")
    CHILDREN = "children", _("Children")


class ServiceDays(models.TextChoices):
    """The days a provider's line is open (in the provider's time zone)."""

    WEEKDAYS = "weekdays", _("Monday to Friday")
    MONDAY_TO_SATURDAY = "mon_sat", _("Monday to Saturday")
    DAILY = "daily", _("Every day")


# ISO weekdays (Monday 1) of each choice, to tell whether a line is open on a given day.
SERVICE_WEEKDAYS: dict[str, frozenset[int]] = {
    ServiceDays.WEEKDAYS: frozenset(range(1, 6)),
    ServiceDays.MONDAY_TO_SATURDAY: frozenset(range(1, 7)),
    ServiceDays.DAILY: frozenset(range(1, 8)),
}


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


# An enrolment in these states holds the member's place in the module (one at a time).
OPEN_STATUSES = (EnrolmentStatus.REQUESTED, EnrolmentStatus.CONFIRMED, EnrolmentStatus.ACTIVE)
# States that cost money for the days they run (a confirmed enrolment from its start date).
BILLABLE_STATUSES = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED)

# The lifecycle: which status may follow which (the services refuse any other step).
TRANSITIONS: dict[str, frozenset[str]] = {
    EnrolmentStatus.REQUESTED: frozenset({EnrolmentStatus.CONFIRMED, EnrolmentStatus.REJECTED}),
    EnrolmentStatus.CONFIRMED: frozenset({EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED}),
    EnrolmentStatus.ACTIVE: frozenset({EnrolmentStatus.ENDED}),
    EnrolmentStatus.REJECTED: frozenset(),
    EnrolmentStatus.ENDED: frozenset(),
}
