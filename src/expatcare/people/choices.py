"""Enumerations of the people domain, shared by models, forms, API schemas and the demo."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonKind(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    CANDIDATE = "candidate", _("Candidate")


class PersonStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    OFFER = "offer", _("Offer made")
    HIRED = "hired", _("Hired, not yet started")
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left")


class CEFRLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native")


class FamilyRelation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    PARTNER = "partner", _("Registered partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other")


class QualificationKind(models.TextChoices):
    ACADEMIC = "academic", _("Academic degree")
    VOCATIONAL = "vocational", _("Vocational qualification")
    NONE = "none", _("No formal qualification")


class RecognitionStatus(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed")
    PENDING = "pending", _("Recognition applied for")
    FULL = "full", _("Fully recognised")
    PARTIAL = "partial", _("Partially recognised")
    COMPARABLE = "comparable", _("Comparable (anabin H+ / statement of comparability)")
    NONE = "none", _("Not recognised")


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    VISA = "visa", _("Visa")
    DEGREE = "degree", _("Degree certificate")
    RECOGNITION_DECISION = "recognition_decision", _("Recognition decision")
    CONTRACT = "contract", _("Employment contract")
    INSURANCE_CERTIFICATE = "insurance_certificate", _("Insurance certificate")
    REGISTRATION_CERTIFICATE = "registration_certificate", _("Residence registration")
    CV = "cv", _("CV")
    OTHER = "other", _("Other")


# Kinds whose expiry decides whether the person may stay and work.
EXPIRY_CRITICAL_KINDS = frozenset(
    {DocumentKind.PASSPORT, DocumentKind.RESIDENCE_PERMIT, DocumentKind.VISA}
)


class ProviderField(models.TextChoices):
    """The fixed list a provider may ask for; nothing outside it ever reaches them.

    A care module (``care.CareModule.provider_fields``) and a provider assignment
    (``ProviderAssignment.fields``) each declare the fields their service needs, and that
    declaration drives data minimisation: provider pages, exports and API answers show only
    the declared fields of a person (``PROVIDER_FIELD_SOURCES``). Salary, immigration status
    and documents are not on the list, so no declaration can hand them out.
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


# What a provider assignment declares when HR does not choose: enough to reach the person in
# their language, nothing about their origin, family or employment. Assignments made before
# assignments declared fields were given this list too.
DEFAULT_ASSIGNMENT_FIELDS: tuple[str, ...] = (
    ProviderField.NAME.value,
    ProviderField.EMAIL.value,
    ProviderField.PHONE.value,
    ProviderField.PREFERRED_LANGUAGE.value,
    ProviderField.TIME_ZONE.value,
)
