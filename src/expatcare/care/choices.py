"""Enumerations of the care domain, shared by models, forms, API schemas, costs and the demo."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class ProviderField(models.TextChoices):
    """The fixed list a module's provider may ask for; nothing outside it ever reaches them.

    The declaration on each module drives data minimisation: provider pages, exports and API
    answers show only the declared fields of a person (``PROVIDER_FIELD_SOURCES``).
    """

    NAME = "name", _("Name")
    EMAIL = "email", _("E-mail address")
    PHONE = "phone", _("Phone")
    PREFERRED_LANGUAGE = "preferred_language", _("Preferred language")
    TIME_ZONE = "time_zone", _("Time zone")
    BIRTH_DATE = "birth_date", _("Date of birth")
    ADDRESS = "address", _("Address")
    NATIONALITY = "nationality", _("Nationality")
    FAMILY_MEMBERS = "family_members", _("Covered family members with dates of birth")
    START_DATE = "start_date", _("Start date of employment")
    WORK_LOCATION = "work_location", _("Work location")
    JOB_TITLE = "job_title", _("Job title")
    RESIDENCE_COUNTRY = "residence_country", _("Country of residence")


# The person attributes behind each declared field (``nationality`` and ``family_members``
# are related rows). The provider views read exactly these and nothing else.
PROVIDER_FIELD_SOURCES: dict[str, tuple[str, ...]] = {
    ProviderField.NAME: ("first_name", "last_name"),
    ProviderField.EMAIL: ("email",),
    ProviderField.PHONE: ("phone",),
    ProviderField.PREFERRED_LANGUAGE: ("preferred_language",),
    ProviderField.TIME_ZONE: ("time_zone",),
    ProviderField.BIRTH_DATE: ("birth_date",),
    ProviderField.ADDRESS: ("address",),
    ProviderField.NATIONALITY: ("nationalities",),
    ProviderField.FAMILY_MEMBERS: ("family_members",),
    ProviderField.START_DATE: ("start_date",),
    ProviderField.WORK_LOCATION: ("work_country", "work_state"),
    ProviderField.JOB_TITLE: ("job_title",),
    ProviderField.RESIDENCE_COUNTRY: ("residence_country",),
}


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
