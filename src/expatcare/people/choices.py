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
