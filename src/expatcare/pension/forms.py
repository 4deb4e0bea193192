"""The company-pension calculator form: the §5b input (docs/contracts.md), field by field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from expatcare.core.fields import CountriesField, PercentField
from expatcare.core.widgets import IsoDateInput, ListSelect
from expatcare.engine.labels import VEHICLES
from expatcare.mobility.forms import (
    COUNTRY_CHOICES,
    FactsForm,
    StrOrPromise,
)

VEHICLE_CHOICES = list(VEHICLES.items())


def _date_widget() -> IsoDateInput:
    return IsoDateInput()


class PensionForm(FactsForm):
    PATHS: ClassVar[dict[str, str]] = {
        "as_of": "as_of",
        "birth_date": "person.birth_date",
        "nationalities": "person.nationalities",
        "annual_gross_salary_eur": "person.annual_gross_salary_eur",
        "vehicle": "plan.vehicle",
        "commitment_start": "plan.commitment_start",
        "employer_contribution_monthly_eur": "plan.employer_contribution_monthly_eur",
        "deferred_compensation_monthly_eur": "plan.deferred_compensation_monthly_eur",
        "assumed_annual_return": "plan.assumed_annual_return",
        "retirement_age": "plan.retirement_age",
        "leaving_date": "leaving.date",
        "leaving_to_country": "leaving.to_country",
    }
    GROUPS: ClassVar[dict[str, tuple[str, ...]]] = {
        "leaving": ("leaving_date", "leaving_to_country"),
    }
    FIELDSETS: ClassVar[list[tuple[StrOrPromise, tuple[str, ...]]]] = [
        (_("Person"), ("as_of", "birth_date", "nationalities", "annual_gross_salary_eur")),
        (
            _("Plan"),
            (
                "vehicle",
                "commitment_start",
                "employer_contribution_monthly_eur",
                "deferred_compensation_monthly_eur",
                "assumed_annual_return",
                "retirement_age",
            ),
        ),
        (_("Leaving the employer (optional)"), ("leaving_date", "leaving_to_country")),
    ]

    as_of = forms.DateField(label=_("Calculate as of"), widget=_date_widget())
    birth_date = forms.DateField(label=_("Date of birth"), widget=_date_widget())
    nationalities = CountriesField(
        label=_("Nationalities"), help_text=_("Type a country's name and choose it.")
    )
    annual_gross_salary_eur = forms.DecimalField(
        label=_("Annual gross salary (EUR)"), min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    vehicle = forms.ChoiceField(label=_("Vehicle"), choices=VEHICLE_CHOICES)
    commitment_start = forms.DateField(label=_("Commitment started on"), widget=_date_widget())
    employer_contribution_monthly_eur = forms.DecimalField(
        label=_("Employer contribution per month (EUR)"),
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        initial=Decimal(0),
    )
    deferred_compensation_monthly_eur = forms.DecimalField(
        label=_("Deferred compensation per month (EUR)"),
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        initial=Decimal(0),
    )
    assumed_annual_return = PercentField(
        label=_("Assumed annual return (%)"),
        help_text=_("Per cent a year, e.g. 2 or 2.5."),
        min_percent=Decimal(-50),
        max_percent=Decimal(50),
        initial=Decimal("0.02"),
    )
    retirement_age = forms.IntegerField(
        label=_("Retirement age"), min_value=50, max_value=75, initial=67
    )
    leaving_date = forms.DateField(
        label=_("Last day of employment"), required=False, widget=_date_widget()
    )
    leaving_to_country = forms.ChoiceField(
        label=_("Moving to"), choices=COUNTRY_CHOICES, required=False, widget=ListSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate
