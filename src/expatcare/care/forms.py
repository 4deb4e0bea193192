"""Forms of the care pages. They apply the services' cleaners, so every error shows at once
beside its input; the services stay authoritative and validate again."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from expatcare.care import validation as cv
from expatcare.care.choices import CareCategory, EnrolmentStatus, ProviderField
from expatcare.care.models import CareModule, PackageTemplate
from expatcare.core.query import require_valid
from expatcare.core.timezones import time_zone_choices
from expatcare.core.widgets import IsoDateInput
from expatcare.people.forms import ServiceForm, model_field


class ModuleForm(ServiceForm):
    cleaners = cv.MODULE_FIELD_CLEANERS

    code = model_field(CareModule, "code")
    category = model_field(CareModule, "category")
    provider_name = model_field(CareModule, "provider_name", required=False)
    name_en = model_field(CareModule, "name_en")
    name_de = model_field(CareModule, "name_de")
    description_en = model_field(CareModule, "description_en", required=False)
    description_de = model_field(CareModule, "description_de", required=False)
    delivery_languages = forms.CharField(
        label=_("Languages of delivery"),
        required=False,
        help_text=_("ISO language codes, separated by commas, for example de, en, tr."),
    )
    countries = forms.CharField(
        label=_("Countries where delivered"),
        required=False,
        help_text=_("ISO country codes, separated by commas, for example DE, AT."),
    )
    covers_employee = model_field(CareModule, "covers_employee", required=False)
    covers_partner = model_field(CareModule, "covers_partner", required=False)
    covers_children = model_field(CareModule, "covers_children", required=False)
    core_module = forms.TypedChoiceField(
        label=_("Core module (for an add-on)"), required=False, coerce=int, empty_value=None
    )
    price_model = model_field(CareModule, "price_model")
    price = model_field(CareModule, "price", required=False)
    price_employee = model_field(CareModule, "price_employee", required=False)
    price_employee_partner = model_field(CareModule, "price_employee_partner", required=False)
    price_employee_children = model_field(CareModule, "price_employee_children", required=False)
    price_family = model_field(CareModule, "price_family", required=False)
    currency = model_field(CareModule, "currency")
    vat_treatment = model_field(CareModule, "vat_treatment")
    vat_rate = model_field(CareModule, "vat_rate", required=False)
    deductible = model_field(CareModule, "deductible", required=False)
    minimum_term_months = model_field(CareModule, "minimum_term_months", required=False)
    notice_period_days = model_field(CareModule, "notice_period_days", required=False)
    waiting_period_days = model_field(CareModule, "waiting_period_days", required=False)
    counts_as_health_insurance_proof = model_field(
        CareModule, "counts_as_health_insurance_proof", required=False
    )
    confidential = model_field(CareModule, "confidential", required=False)
    provider_fields = forms.MultipleChoiceField(
        label=_("Fields the provider needs"),
        choices=ProviderField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The provider sees only these fields of a person, nothing else."),
    )
    contact_phone = model_field(CareModule, "contact_phone", required=False)
    contact_email = model_field(CareModule, "contact_email", required=False)
    service_hours = model_field(CareModule, "service_hours", required=False)
    service_days = model_field(CareModule, "service_days", required=False)
    service_opens = model_field(
        CareModule, "service_opens", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    service_closes = model_field(
        CareModule, "service_closes", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    service_time_zone = forms.ChoiceField(
        label=_("Time zone of the service hours"),
        required=False,
        help_text=_("Employees see the hours in their own time zone as well."),
    )
    is_published = model_field(CareModule, "is_published", required=False)
    is_active = model_field(CareModule, "is_active", required=False)

    def __init__(
        self,
        *args: Any,
        core_choices: list[tuple[int, str]],
        is_provider: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["core_module"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *core_choices]
        zone = self.fields["service_time_zone"]
        assert isinstance(zone, forms.ChoiceField)
        zone.choices = [("", "—"), *time_zone_choices(get_language() or "en")]
        if is_provider:
            del self.fields["provider_name"]  # a provider publishes in its own name
        else:
            del self.fields["is_published"]  # an employer's own modules are never published

    def check_together(self, data: Any) -> None:
        cv.check_module_consistency(data)

    @staticmethod
    def initial_for(module: CareModule) -> dict[str, Any]:
        initial = {name: getattr(module, name) for name in cv.MODULE_FIELD_CLEANERS}
        initial["delivery_languages"] = ", ".join(module.delivery_languages)
        initial["countries"] = ", ".join(module.countries)
        initial["core_module"] = module.core_module_id
        return initial


class PackageForm(ServiceForm):
    cleaners = cv.PACKAGE_FIELD_CLEANERS

    name = model_field(PackageTemplate, "name")
    description = model_field(PackageTemplate, "description", required=False)
    covers_partner = model_field(PackageTemplate, "covers_partner", required=False)
    covers_children = model_field(PackageTemplate, "covers_children", required=False)
    monthly_budget_per_person = model_field(
        PackageTemplate, "monthly_budget_per_person", required=False
    )
    currency = model_field(PackageTemplate, "currency")
    is_active = model_field(PackageTemplate, "is_active", required=False)
    modules = forms.TypedMultipleChoiceField(
        label=_("Modules"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, module_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["modules"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = module_choices

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "modules"}


class AssignForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    start_date = forms.DateField(label=_("Start date"), widget=IsoDateInput())

    def __init__(self, *args: Any, person_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = person_choices


class EnrolmentRequestForm(forms.Form):
    module = forms.TypedChoiceField(label=_("Module"), coerce=int)
    family_member = forms.TypedChoiceField(
        label=_("For"), coerce=int, required=False, empty_value=None
    )
    start_date = forms.DateField(label=_("Start date"), widget=IsoDateInput())

    def __init__(
        self,
        *args: Any,
        module_choices: list[tuple[int, str]],
        member_choices: list[tuple[int, str]],
        person_name: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        module = self.fields["module"]
        member = self.fields["family_member"]
        assert isinstance(module, forms.TypedChoiceField)
        assert isinstance(member, forms.TypedChoiceField)
        module.choices = module_choices
        member.choices = [("", person_name), *member_choices]


class ConfirmForm(forms.Form):
    provider_reference = forms.CharField(
        label=_("Provider reference (e.g. policy number)"), max_length=100, required=False
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea)


class EndForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=IsoDateInput())
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea
    )


class CertificateForm(forms.Form):
    """The insurance certificate of an enrolment: the file and the end of cover."""

    file = forms.FileField(label=_("Certificate (PDF or image)"))
    valid_until = forms.DateField(label=_("End of cover"), widget=IsoDateInput())
    number = forms.CharField(label=_("Policy number"), max_length=100, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea)


class ListFilterForm(forms.Form):
    """Search, filter and sort of the catalog and enrolment lists (all optional)."""

    q = forms.CharField(required=False, max_length=100)
    category = forms.ChoiceField(
        required=False, choices=[("", _("All categories")), *CareCategory.choices]
    )
    status = forms.ChoiceField(
        required=False, choices=[("", _("All statuses")), *EnrolmentStatus.choices]
    )
    sort = forms.CharField(required=False, max_length=30)

    fields_text: ClassVar[tuple[str, ...]] = ("q", "category", "status", "sort")

    def filters(self) -> dict[str, str]:
        """The filters; a value the list cannot use is refused naming it (``core.query``)."""
        data = require_valid(self)
        return {name: str(data.get(name) or "") for name in self.fields_text}
