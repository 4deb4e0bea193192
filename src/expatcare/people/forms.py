"""Forms of the people pages. They apply the same cleaners as the services.

The service stays authoritative (it validates again); the form only gives the user every
error at once, next to the right input, before anything is attempted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from expatcare.core.choices import GermanState
from expatcare.core.errors import ServiceError
from expatcare.core.fields import CountriesField, LanguageField, LanguageLevelsField
from expatcare.core.http import add_service_error
from expatcare.core.query import require_valid
from expatcare.core.widgets import IsoDateInput
from expatcare.people import services
from expatcare.people import validation as v
from expatcare.people.choices import (
    DEFAULT_ASSIGNMENT_FIELDS,
    CEFRLevel,
    DocumentKind,
    PersonKind,
    PersonStatus,
    ProviderField,
)
from expatcare.people.models import (
    DocumentVersion,
    FamilyMember,
    Person,
    Qualification,
)
from expatcare.people.selectors import ORDERING_FIELDS, SEARCH_MAX_LENGTH
from expatcare.people.uploads import accepted_extensions, check_upload


def model_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field Django derives from a model field (label, choices, max length)."""
    field = model._meta.get_field(name).formfield(**kwargs)  # type: ignore[union-attr]
    assert field is not None, name
    if isinstance(field, forms.DateField):
        field.widget = IsoDateInput()
    return field


class ServiceForm(forms.Form):
    """A form whose fields are checked by the service's cleaners after Django's own parsing."""

    cleaners: ClassVar[Mapping[str, services.Cleaner]] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, cleaner in self.cleaners.items():
            if name in data and name not in self.errors:
                try:
                    data[name] = cleaner(data[name])
                except ServiceError as error:
                    self.add_service_error(error, default_field=name)
        if not self.errors:
            try:
                self.check_together(data)
            except ServiceError as error:
                self.add_service_error(error)
        return data

    def check_together(self, data: Mapping[str, Any]) -> None:
        """Rules that involve several fields; raise ``ServiceError``."""

    def add_service_error(self, error: ServiceError, *, default_field: str | None = None) -> None:
        add_service_error(self, error, default_field=default_field)


class PersonForm(ServiceForm):
    cleaners = services.PERSON_FIELD_CLEANERS

    first_name = model_field(Person, "first_name")
    last_name = model_field(Person, "last_name")
    kind = model_field(Person, "kind")
    status = model_field(Person, "status")
    nationalities = CountriesField(
        label=_("Nationalities"), help_text=_("Type a country's name and choose it.")
    )
    email = model_field(Person, "email", required=False)
    phone = model_field(Person, "phone", required=False)
    birth_date = model_field(Person, "birth_date", required=False)
    preferred_language = LanguageField(label=_("Preferred language"))
    languages = LanguageLevelsField(
        label=_("Languages"),
        levels=CEFRLevel.choices,
        help_text=_("Each language with its level (A1 to C2, or native)."),
    )
    residence_country = model_field(Person, "residence_country", required=False)
    address = model_field(Person, "address", required=False)
    job_title = model_field(Person, "job_title", required=False)
    work_country = model_field(Person, "work_country")
    work_state = model_field(Person, "work_state", required=False)
    start_date = model_field(Person, "start_date", required=False)
    end_date = model_field(Person, "end_date", required=False)
    move_in_date = model_field(Person, "move_in_date", required=False)
    annual_salary_eur = model_field(Person, "annual_salary_eur", required=False)
    weekly_hours = model_field(Person, "weekly_hours", required=False)
    telework_share_percent = model_field(Person, "telework_share_percent", required=False)
    manager = forms.TypedChoiceField(
        label=_("Manager"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Sees this person's record, case and duties (details only if HR allows)."),
        widget=forms.Select(attrs={"data-searchable": "", "data-search-label": _("Search")}),
    )

    def __init__(
        self, *args: Any, manager_choices: Iterable[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        manager_field = self.fields["manager"]
        assert isinstance(manager_field, forms.ChoiceField)
        manager_field.choices = [("", _("No manager")), *manager_choices]

    def clean_nationalities(self) -> list[str]:
        try:
            return v.clean_nationalities(self.cleaned_data["nationalities"])
        except ServiceError as error:
            raise forms.ValidationError(error.message) from None

    def clean_languages(self) -> list[tuple[str, str]]:
        try:
            return v.clean_languages(self.cleaned_data.get("languages") or [])
        except ServiceError as error:
            raise forms.ValidationError(error.message) from None

    def check_together(self, data: Mapping[str, Any]) -> None:
        v.check_date_order(data.get("start_date"), data.get("end_date"), field="end_date")

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(person, name) for name in services.PERSON_FIELDS}
        initial["manager"] = person.manager_id
        initial["nationalities"] = [str(item.country.code) for item in person.nationalities.all()]
        initial["languages"] = [(item.language, item.level) for item in person.languages.all()]
        return initial

    def service_values(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in services.PERSON_FIELDS or name in {"nationalities", "languages", "manager"}
        }


class FamilyMemberForm(ServiceForm):
    cleaners = services.FAMILY_FIELD_CLEANERS

    relation = model_field(FamilyMember, "relation")
    first_name = model_field(FamilyMember, "first_name")
    last_name = model_field(FamilyMember, "last_name", required=False)
    birth_date = model_field(FamilyMember, "birth_date", required=False)
    nationality = model_field(FamilyMember, "nationality", required=False)
    joins_in_germany = model_field(FamilyMember, "joins_in_germany", required=False)

    @classmethod
    def initial_for(cls, member: FamilyMember) -> dict[str, Any]:
        return {name: getattr(member, name) for name in services.FAMILY_FIELDS}


class QualificationForm(ServiceForm):
    cleaners = services.QUALIFICATION_FIELD_CLEANERS

    kind = model_field(Qualification, "kind")
    title = model_field(Qualification, "title")
    country = model_field(Qualification, "country", required=False)
    completed_year = model_field(Qualification, "completed_year", required=False)
    recognition = model_field(Qualification, "recognition")
    state_recognised_abroad = model_field(Qualification, "state_recognised_abroad", required=False)
    training_years = model_field(Qualification, "training_years", required=False)

    @classmethod
    def initial_for(cls, qualification: Qualification) -> dict[str, Any]:
        return {name: getattr(qualification, name) for name in services.QUALIFICATION_FIELDS}


class _UploadFormBase(ServiceForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF or image (PNG, JPEG, WebP, HEIC)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in accepted_extensions())}
        ),
    )
    number = model_field(DocumentVersion, "number", required=False)
    issuing_country = model_field(DocumentVersion, "issuing_country", required=False)
    valid_from = model_field(DocumentVersion, "valid_from", required=False)
    valid_until = model_field(DocumentVersion, "valid_until", required=False)

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        try:
            check_upload(
                uploaded, name=uploaded.name or "", max_bytes=settings.EXPATCARE_UPLOAD_MAX_BYTES
            )
        except ServiceError as error:
            raise forms.ValidationError(error.message) from None
        return uploaded

    def check_together(self, data: Mapping[str, Any]) -> None:
        v.check_date_order(
            data.get("valid_from"),
            data.get("valid_until"),
            field="valid_until",
            message=str(_("“Valid until” cannot be before “valid from”.")),
        )


class DocumentUploadForm(_UploadFormBase):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    family_member = forms.TypedChoiceField(
        label=_("Concerns"), required=False, coerce=int, empty_value=None
    )

    field_order = ["kind", "title", "family_member", "file"]

    def __init__(
        self,
        *args: Any,
        family_members: Iterable[FamilyMember] = (),
        kinds: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        members = list(family_members)
        family_field = self.fields["family_member"]
        assert isinstance(family_field, forms.ChoiceField)
        if members:
            family_field.choices = [("", _("The person themself"))] + [
                (member.pk, f"{member} ({member.get_relation_display()})") for member in members
            ]
        else:
            del self.fields["family_member"]
        if kinds is not None:
            allowed = set(kinds)
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [
                (value, label) for value, label in DocumentKind.choices if value in allowed
            ]


class DocumentRenewForm(_UploadFormBase):
    """A new version of an existing document: the kind is the document's, so not asked."""


class PersonFilterForm(forms.Form):
    """The GET parameters of the people list; a value it cannot use is refused naming it."""

    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *PersonStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *PersonKind.choices]
    )
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=2)
    work_state = forms.ChoiceField(
        label=_("German state"), required=False, choices=[("", _("All")), *GermanState.choices]
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(name, name) for name in ORDERING_FIELDS]
        + [(f"-{name}", f"-{name}") for name in ORDERING_FIELDS],
        widget=forms.HiddenInput,
    )

    def __init__(
        self, *args: Any, nationality_choices: Iterable[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Always a choice field (possibly with "All" only) so the list page can render it.
        self.fields["nationality"] = forms.ChoiceField(
            label=_("Nationality"),
            required=False,
            choices=[("", _("All")), *nationality_choices],
        )

    def filters(self) -> dict[str, str]:
        data = require_valid(self)
        nationality = str(data.get("nationality") or "").upper()
        return {
            "search": str(data.get("q") or ""),
            "status": str(data.get("status") or ""),
            "kind": str(data.get("kind") or ""),
            "nationality": nationality if len(nationality) == 2 else "",
            "work_state": str(data.get("work_state") or ""),
            "ordering": str(data.get("sort") or "last_name"),
        }


class AssignmentForm(forms.Form):
    """Assign a provider organisation for a named service with the fields it needs.

    The service (``people.assignments.assignment_create``) cleans again and is the authority;
    the choices of providers are passed in (one query in the view)."""

    provider = forms.TypedChoiceField(label=_("Provider"), coerce=int)
    service = forms.CharField(
        label=_("Service"),
        max_length=200,
        help_text=_("What the provider does for this person, e.g. immigration lawyer."),
    )
    provider_fields = forms.MultipleChoiceField(
        label=_("Fields the provider needs"),
        choices=ProviderField.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(DEFAULT_ASSIGNMENT_FIELDS),
        help_text=_(
            "The provider sees only these fields of the person: never the salary, the "
            "documents or anything else not on this list."
        ),
    )

    def __init__(self, *args: Any, providers: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "–"), *providers]
