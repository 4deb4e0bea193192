"""People (employees and candidates), their family, languages, qualifications and documents."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from expatcare.core.choices import GermanState
from expatcare.core.formatting import language_name
from expatcare.core.models import TenantModel
from expatcare.core.search import search_key
from expatcare.people.choices import (
    CEFRLevel,
    DocumentKind,
    FamilyRelation,
    PersonKind,
    PersonStatus,
    QualificationKind,
    RecognitionStatus,
)

SEARCH_SOURCE_FIELDS = ("first_name", "last_name", "email")


def person_search_text(first_name: str, last_name: str, email: str) -> str:
    return search_key(first_name, last_name, email)[:400]


class Person(TenantModel):
    """An international employee or candidate of an employer tenant."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=PersonKind.choices, default=PersonKind.EMPLOYEE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PersonStatus.choices, default=PersonStatus.CANDIDATE
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    residence_country = CountryField(_("country of residence"), blank=True)
    address = models.TextField(_("address"), blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    work_country = CountryField(_("country of work"), default="DE")
    work_state = models.CharField(
        _("German state of work"), max_length=2, choices=GermanState.choices, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    move_in_date = models.DateField(_("moved into Germany on"), null=True, blank=True)
    annual_salary_eur = models.DecimalField(
        _("annual gross salary (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    weekly_hours = models.DecimalField(
        _("weekly hours"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    telework_share_percent = models.PositiveSmallIntegerField(
        _("telework from the country of residence (per cent of working time)"),
        null=True,
        blank=True,
        help_text=_(
            "Share of the working time worked from home in the country of residence, when that "
            "is not the country of work; it decides which state's social-security law applies."
        ),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person_records",
        help_text=_("The login of the person, for the self-service portal."),
    )
    # The manager the person reports to: a membership with the manager role in the same
    # tenant (checked by the services). A membership, not a person, because it is the login
    # that reads, and a manager needs no person record of their own.
    manager = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    # Names and e-mail without case and accents ("gomez" for "Gómez"), kept up to date on every
    # save that touches them; searches compare against it (see ``core.search``).
    search_text = models.CharField(max_length=400, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=("organization", "last_name", "first_name", "id")),
            models.Index(fields=("organization", "status")),
            models.Index(fields=("organization", "start_date")),
            models.Index(fields=("organization", "created_at")),
            models.Index(fields=("organization", "manager", "last_name", "first_name", "id")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=("organization", "user"),
                condition=Q(user__isnull=False),
                name="people_person_one_record_per_user",
            ),
            models.CheckConstraint(
                condition=Q(annual_salary_eur__isnull=True) | Q(annual_salary_eur__gte=0),
                name="people_person_salary_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__isnull=True)
                | (Q(weekly_hours__gt=0) & Q(weekly_hours__lte=60)),
                name="people_person_weekly_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(telework_share_percent__isnull=True)
                | (Q(telework_share_percent__gt=0) & Q(telework_share_percent__lt=100)),
                name="people_person_telework_share_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PersonStatus.values), name="people_person_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep ``search_text`` in step whenever a name or the e-mail is written."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(SEARCH_SOURCE_FIELDS):
            self.refresh_search_text()
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        """Set ``search_text``; bulk creations call it themselves, as they bypass ``save``."""
        self.search_text = person_search_text(self.first_name, self.last_name, self.email)

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonNationality(TenantModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nationalities")
    country = CountryField(_("nationality"))

    class Meta:
        verbose_name = _("nationality")
        verbose_name_plural = _("nationalities")
        constraints = [
            models.UniqueConstraint(fields=("person", "country"), name="people_nationality_unique")
        ]
        indexes = [models.Index(fields=("organization", "country"))]

    def __str__(self) -> str:
        return str(self.country.name)


class PersonLanguage(TenantModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=10, help_text=_("ISO 639-1 code"))
    level = models.CharField(_("level"), max_length=8, choices=CEFRLevel.choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=("person", "language"), name="people_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.level}"

    @property
    def name(self) -> str:
        """The language's name in the reader's language, for display; ``language`` is the code."""
        return language_name(self.language)


class FamilyMember(TenantModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_members")
    relation = models.CharField(_("relation"), max_length=16, choices=FamilyRelation.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    joins_in_germany = models.BooleanField(_("moves to Germany too"), default=True)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Qualification(TenantModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("kind"), max_length=16, choices=QualificationKind.choices)
    title = models.CharField(_("title / field"), max_length=200)
    country = CountryField(_("country where obtained"), blank=True)
    completed_year = models.PositiveSmallIntegerField(_("year completed"), null=True, blank=True)
    recognition = models.CharField(
        _("recognition in Germany"),
        max_length=16,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.NOT_ASSESSED,
    )
    state_recognised_abroad = models.BooleanField(
        _("state-recognised in the country where obtained"), default=True
    )
    training_years = models.PositiveSmallIntegerField(
        _("duration of training (years)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_year__isnull=True)
                | (Q(completed_year__gte=1940) & Q(completed_year__lte=2100)),
                name="people_qualification_year_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProviderAssignment(TenantModel):
    """Gives a provider organisation access to one person of an employer (``organization``)
    for a named service, and to nothing of them but the fields the service declares.

    An assignment names the person and, for an immigration lawyer and the like, one of their
    cases (``case``): only a case assignment shows the provider that case. ``fields`` is the
    declaration from the fixed list (``choices.ProviderField``) that every provider page,
    export and API answer applies. Ending an assignment keeps the row (who had access when)
    and takes the access away; one open assignment per provider and person, or per provider
    and case.

    ``case`` points up to ``mobility`` by name only: people imports nothing of mobility, and
    mobility's pages create case assignments through the people services.
    """

    provider = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="provider_assignments",
        verbose_name=_("provider"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="provider_assignments"
    )
    case = models.ForeignKey(
        "mobility.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="provider_assignments",
        verbose_name=_("immigration case"),
    )
    service = models.CharField(_("service"), max_length=200)
    fields = models.JSONField(_("fields the provider needs"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("provider assignment")
        verbose_name_plural = _("provider assignments")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("provider", "person"),
                condition=Q(case__isnull=True, ended_at__isnull=True),
                name="people_provider_assignment_one_open",
            ),
            models.UniqueConstraint(
                fields=("provider", "case"),
                condition=Q(case__isnull=False, ended_at__isnull=True),
                name="people_provider_assignment_one_open_per_case",
            ),
            models.CheckConstraint(
                condition=~Q(service=""), name="people_provider_assignment_service_named"
            ),
        ]
        indexes = [
            models.Index(fields=("provider", "person")),
            models.Index(fields=("organization", "person")),
        ]

    def __str__(self) -> str:
        # No personal data: this text is stored in audit entries.
        return f"#{self.pk} {self.service}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class Document(TenantModel):
    """A document of a person (or a family member); its files are the versions.

    A renewed permit is a new ``DocumentVersion``; earlier versions stay visible as history.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    family_member = models.ForeignKey(
        FamilyMember, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ("kind", "id")

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())


def document_upload_path(instance: DocumentVersion, filename: str) -> str:
    """Files are named by a random token, never by user input, and grouped per tenant."""
    import secrets

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"org-{instance.organization_id}/documents/{secrets.token_hex(16)}.{suffix[:8]}"


class DocumentVersion(TenantModel):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current"), default=True)
    number = models.CharField(_("document number"), max_length=100, blank=True)
    issuing_country = CountryField(_("issuing country"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ("-version",)
        constraints = [
            models.UniqueConstraint(
                fields=("document", "version"), name="people_document_version_unique"
            ),
            models.UniqueConstraint(
                fields=("document",),
                condition=Q(is_current=True),
                name="people_document_one_current_version",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="people_document_validity_ordered",
            ),
        ]
        indexes = [
            models.Index(
                fields=("organization", "valid_until"),
                condition=Q(is_current=True),
                name="people_docver_current_expiry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.version}"
