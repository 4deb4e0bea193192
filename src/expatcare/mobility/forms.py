"""Forms that collect the facts of the assess contract (docs/contracts.md) as engine JSON input.

Each field knows the dotted path it fills in the engine input (``PATHS``), so the same table
pre-fills the form from a person's facts, builds the input, and puts an engine error on the field
the engine named.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, cast

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from expatcare.core.bounds import IdField
from expatcare.core.choices import GermanState
from expatcare.core.fields import CountriesField, LanguageChoices, OccupationField
from expatcare.core.widgets import IsoDateInput, ListSelect
from expatcare.engine.labels import MILESTONES, PATHWAYS
from expatcare.mobility.choices import CaseGoal, CaseStatus, DecisionOutcome, MilestoneStatus
from expatcare.people.choices import QualificationKind

StrOrPromise = str | Promise

CEFR_CHOICES = [("", _("unknown"))] + [
    (level, level) for level in ("A1", "A2", "B1", "B2", "C1", "C2")
]
RECOGNITION_CHOICES = [
    ("not_assessed", _("Not assessed")),
    ("comparable", _("Comparable (anabin H+ / statement of comparability)")),
    ("full", _("Fully recognised")),
    ("partial", _("Partially recognised")),
    ("none", _("Not recognised")),
]
RESIDENCE_TITLE_CHOICES = [
    ("", _("none")),
    ("settlement_permit", _("Settlement permit")),
    ("permanent_eu", _("Permanent residence EU")),
    ("family_reunification", _("Family reunification")),
    ("student", _("Student")),
    ("blue_card", _("EU Blue Card")),
    ("skilled_worker", _("Skilled worker")),
    ("opportunity_card", _("Opportunity card")),
    ("asylum_related", _("Asylum-related")),
    ("other", _("Other")),
]
INDUSTRY_CHOICES = [
    ("other", _("Other")),
    ("manufacturing", _("Manufacturing")),
    ("construction", _("Construction")),
    ("hospitality", _("Hospitality")),
    ("passenger_transport", _("Passenger transport")),
    ("freight_transport_logistics", _("Freight transport and logistics (incl. delivery)")),
    ("showmen", _("Showmen")),
    ("forestry", _("Forestry")),
    ("building_cleaning", _("Building cleaning")),
    ("trade_fair_construction", _("Trade-fair construction")),
    ("meat_industry", _("Meat industry")),
    ("butchers_trade", _("Butchers' trade")),
    ("security_services", _("Security services")),
    ("hairdressing_cosmetics", _("Hairdressing and cosmetics")),
    ("prostitution", _("Prostitution")),
    ("it", _("Information technology")),
    ("health_care", _("Health care")),
]
ICT_ROLE_CHOICES = [
    ("", "—"),
    ("manager", _("Manager")),
    ("specialist", _("Specialist")),
    ("trainee", _("Trainee")),
]


@functools.lru_cache(maxsize=16)
def _country_names(language: str) -> tuple[tuple[str, str], ...]:
    """The country list sorted by its names in ``language``; a form shows it up to five
    times, and sorting 250 translated names each time showed in the page's server time."""
    return tuple((code, str(name)) for code, name in countries)


def country_choices(blank: str = "—") -> list[tuple[str, str]]:
    return [("", blank), *_country_names(get_language() or "")]


#: Every country with a blank first, in the reader's language, for a form field.
COUNTRY_CHOICES = LanguageChoices(country_choices)


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value == "":
        return None
    return value


class FactsForm(forms.Form):
    """A form whose fields map one-to-one to dotted paths of an engine input."""

    #: form field name -> dotted path in the engine input
    PATHS: ClassVar[dict[str, str]] = {}
    #: optional sub-objects: dotted path -> the fields that fill it (all empty = null)
    GROUPS: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: (legend, field names) in the order the page shows them
    FIELDSETS: ClassVar[list[tuple[StrOrPromise, tuple[str, ...]]]] = []

    @classmethod
    def initial_from_facts(cls, facts: Mapping[str, Any]) -> dict[str, Any]:
        """Flatten engine input into form initial values (unknown facts stay empty)."""
        initial: dict[str, Any] = {}
        for name, path in cls.PATHS.items():
            node: Any = facts
            for key in path.split("."):
                node = node.get(key) if isinstance(node, Mapping) else None
            if node is not None:
                initial[name] = node
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for path, names in self.GROUPS.items():
            given = [name for name in names if cleaned.get(name) not in (None, "", False)]
            if given and len(given) < len(names):
                for name in names:
                    if name not in given and name not in self.errors:
                        self.add_error(
                            name,
                            _("Required when %(group)s is given.")
                            % {"group": self.fields[names[0]].label or path},
                        )
        return cleaned

    def to_facts(self) -> dict[str, Any]:
        """The engine input built from the cleaned data."""
        facts: dict[str, Any] = {}
        grouped = {name: path for path, names in self.GROUPS.items() for name in names}
        empty_groups = {
            path
            for path, names in self.GROUPS.items()
            if all(self.cleaned_data.get(name) in (None, "", False) for name in names)
        }
        for name, path in self.PATHS.items():
            group = grouped.get(name)
            keys = path.split(".")
            if group in empty_groups:
                self._set(facts, group.split("."), None)
                continue
            self._set(facts, keys, _json_value(self.cleaned_data.get(name)))
        return facts

    @staticmethod
    def _set(facts: dict[str, Any], keys: list[str], value: Any) -> None:
        node = facts
        for key in keys[:-1]:
            node = node.setdefault(key, {})
            if node is None:  # the group above is null: nothing to fill in
                return
        node[keys[-1]] = value

    def field_for_path(self, path: str) -> str | None:
        """The form field for an engine path such as ``person.nationalities[1]``."""
        base = path.split("[", 1)[0]
        by_path = {p: name for name, p in self.PATHS.items()}
        if base in by_path:
            return by_path[base]
        if base in self.GROUPS:
            return self.GROUPS[base][0]
        # A parent path (e.g. ``person.qualification``): its first field.
        for name, p in self.PATHS.items():
            if p.startswith(base + "."):
                return name
        return None

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.FIELDSETS]

    def add_engine_error(self, path: str | None, message: str) -> None:
        """Show an engine refusal beside the input it is about (or above the form)."""
        name = self.field_for_path(path) if path else None
        text = f"{path}: {message}" if path and name is None else message
        self.add_error(name, text)


class PersonPickForm(forms.Form):
    """Step 1: search the people by name; the select lists a bounded number of matches."""

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    person = IdField(label=_("Person"), required=False)


class EligibilityForm(FactsForm):
    """Step 2: the job offer and the person's facts (pre-filled, editable)."""

    PATHS: ClassVar[dict[str, str]] = {
        "as_of": "as_of",
        "nationalities": "person.nationalities",
        "birth_date": "person.birth_date",
        "residence_country": "person.residence_country",
        "german_residence_title": "person.german_residence_title",
        "move_in_date": "person.move_in_date",
        "permit_valid_until": "person.permit_valid_until",
        "qualification_kind": "person.qualification.kind",
        "qualification_recognition": "person.qualification.recognition",
        "qualification_completed_year": "person.qualification.completed_year",
        "qualification_state_recognised_abroad": "person.qualification.state_recognised_abroad",
        "qualification_training_years": "person.qualification.training_years",
        "experience_years_last_5": "person.qualification.experience_years_last_5",
        "experience_years_last_7": "person.qualification.experience_years_last_7",
        "shortage_occupation": "person.qualification.shortage_occupation",
        "it_experience_years_last_7": "person.it_experience_years_last_7",
        "german_level": "person.german_level",
        "english_level": "person.english_level",
        "stay_in_germany_months_last_5": "person.stay_in_germany_months_last_5",
        "spouse_eligible_for_opportunity_card": "person.spouse_eligible_for_opportunity_card",
        "work_country": "job.work_country",
        "state": "job.state",
        "start_date": "job.start_date",
        "end_date": "job.end_date",
        "annual_gross_salary_eur": "job.annual_gross_salary_eur",
        "weekly_hours": "job.weekly_hours",
        "isco08": "job.isco08",
        "regulated_profession": "job.regulated_profession",
        "employer_bound_by_collective_agreement": "job.employer_bound_by_collective_agreement",
        "industry": "job.industry",
        "research_hosting_agreement": "job.research_hosting_agreement",
        "posting_from_country": "job.posting.from_country",
        "posting_to_country": "job.posting.to_country",
        "posting_start_date": "job.posting.start_date",
        "posting_months": "job.posting.months",
        "earlier_posting_start_date": "job.posting.earlier_posting.start_date",
        "earlier_posting_end_date": "job.posting.earlier_posting.end_date",
        "telework_country": "job.telework_abroad.country",
        "telework_share_percent": "job.telework_abroad.share_percent",
        "ict_months_with_group": "job.intra_corporate_transfer.months_with_group",
        "ict_planned_months": "job.intra_corporate_transfer.planned_months",
        "ict_role": "job.intra_corporate_transfer.role",
    }
    GROUPS: ClassVar[dict[str, tuple[str, ...]]] = {
        "job.posting": (
            "posting_from_country",
            "posting_to_country",
            "posting_start_date",
            "posting_months",
        ),
        "job.posting.earlier_posting": ("earlier_posting_start_date", "earlier_posting_end_date"),
        "job.telework_abroad": ("telework_country", "telework_share_percent"),
        "job.intra_corporate_transfer": ("ict_months_with_group", "ict_planned_months", "ict_role"),
    }
    FIELDSETS: ClassVar[list[tuple[StrOrPromise, tuple[str, ...]]]] = [
        (
            _("Job offer"),
            (
                "as_of",
                "work_country",
                "state",
                "start_date",
                "end_date",
                "annual_gross_salary_eur",
                "weekly_hours",
                "isco08",
                "industry",
                "regulated_profession",
                "employer_bound_by_collective_agreement",
                "research_hosting_agreement",
            ),
        ),
        (
            _("Person"),
            (
                "nationalities",
                "birth_date",
                "residence_country",
                "german_residence_title",
                "move_in_date",
                "permit_valid_until",
                "german_level",
                "english_level",
                "stay_in_germany_months_last_5",
                "spouse_eligible_for_opportunity_card",
            ),
        ),
        (
            _("Qualification"),
            (
                "qualification_kind",
                "qualification_recognition",
                "qualification_completed_year",
                "qualification_training_years",
                "qualification_state_recognised_abroad",
                "experience_years_last_5",
                "experience_years_last_7",
                "it_experience_years_last_7",
                "shortage_occupation",
            ),
        ),
        (
            _("Posting abroad (optional)"),
            (
                "posting_from_country",
                "posting_to_country",
                "posting_start_date",
                "posting_months",
                "earlier_posting_start_date",
                "earlier_posting_end_date",
            ),
        ),
        (_("Telework from abroad (optional)"), ("telework_country", "telework_share_percent")),
        (
            _("Intra-corporate transfer (optional)"),
            ("ict_months_with_group", "ict_planned_months", "ict_role"),
        ),
    ]

    as_of = forms.DateField(label=_("Assess as of"), widget=IsoDateInput())
    work_country = forms.ChoiceField(
        label=_("Country of work"), choices=COUNTRY_CHOICES, widget=ListSelect
    )
    state = forms.ChoiceField(
        label=_("German state of work"),
        choices=[("", "—"), *GermanState.choices],
        required=False,
    )
    start_date = forms.DateField(label=_("Start date"), widget=IsoDateInput())
    end_date = forms.DateField(
        label=_("End date (fixed-term contracts)"),
        required=False,
        widget=IsoDateInput(),
    )
    annual_gross_salary_eur = forms.DecimalField(
        label=_("Annual gross salary (EUR)"), min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours"), min_value=Decimal("0.5"), max_value=Decimal(60), decimal_places=1
    )
    isco08 = OccupationField(
        label=_("Occupation"),
        required=False,
        help_text=_("Type part of the name, e.g. “software” or “nursing”."),
    )
    industry = forms.ChoiceField(label=_("Industry"), choices=INDUSTRY_CHOICES, initial="other")
    regulated_profession = forms.BooleanField(
        label=_("Regulated profession (licence needed in Germany)"), required=False
    )
    employer_bound_by_collective_agreement = forms.BooleanField(
        label=_("Employer bound by a collective agreement"), required=False
    )
    research_hosting_agreement = forms.BooleanField(
        label=_("Hosting agreement with a research institution"), required=False
    )

    nationalities = CountriesField(
        label=_("Nationalities"), help_text=_("Type a country's name and choose it.")
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=IsoDateInput())
    residence_country = forms.ChoiceField(
        label=_("Country of residence"), choices=COUNTRY_CHOICES, widget=ListSelect, required=False
    )
    german_residence_title = forms.ChoiceField(
        label=_("German residence title held"), choices=RESIDENCE_TITLE_CHOICES, required=False
    )
    move_in_date = forms.DateField(
        label=_("Moved into Germany on"),
        required=False,
        widget=IsoDateInput(),
    )
    permit_valid_until = forms.DateField(
        label=_("Current residence permit valid until"),
        required=False,
        widget=IsoDateInput(),
    )
    german_level = forms.ChoiceField(label=_("German (CEFR)"), choices=CEFR_CHOICES, required=False)
    english_level = forms.ChoiceField(
        label=_("English (CEFR)"), choices=CEFR_CHOICES, required=False
    )
    stay_in_germany_months_last_5 = forms.IntegerField(
        label=_("Months stayed in Germany in the last 5 years"), required=False, min_value=0
    )
    spouse_eligible_for_opportunity_card = forms.BooleanField(
        label=_("Spouse also eligible for the opportunity card"), required=False
    )

    qualification_kind = forms.ChoiceField(
        label=_("Kind of qualification"),
        choices=[("", _("unknown")), *QualificationKind.choices],
        required=False,
    )
    qualification_recognition = forms.ChoiceField(
        label=_("Recognition in Germany"), choices=RECOGNITION_CHOICES, required=False
    )
    qualification_completed_year = forms.IntegerField(
        label=_("Year completed"), required=False, min_value=1940, max_value=2100
    )
    qualification_training_years = forms.IntegerField(
        label=_("Duration of training (years)"), required=False, min_value=0, max_value=15
    )
    qualification_state_recognised_abroad = forms.BooleanField(
        label=_("State-recognised in the country where obtained"), required=False
    )
    experience_years_last_5 = forms.IntegerField(
        label=_("Years of work experience in the last 5 years"),
        required=False,
        min_value=0,
        max_value=5,
    )
    experience_years_last_7 = forms.IntegerField(
        label=_("Years of work experience in the last 7 years"),
        required=False,
        min_value=0,
        max_value=7,
    )
    it_experience_years_last_7 = forms.IntegerField(
        label=_("Years of IT experience in the last 7 years"),
        required=False,
        min_value=0,
        max_value=7,
    )
    shortage_occupation = forms.BooleanField(label=_("Shortage occupation"), required=False)

    posting_from_country = forms.ChoiceField(
        label=_("Posted from"), choices=COUNTRY_CHOICES, widget=ListSelect, required=False
    )
    posting_to_country = forms.ChoiceField(
        label=_("Posted to"), choices=COUNTRY_CHOICES, widget=ListSelect, required=False
    )
    posting_start_date = forms.DateField(
        label=_("Posting starts on"),
        required=False,
        widget=IsoDateInput(),
    )
    posting_months = forms.IntegerField(
        label=_("Posting length (months)"), required=False, min_value=1, max_value=120
    )
    earlier_posting_start_date = forms.DateField(
        label=_("An earlier posting there started on"),
        help_text=_("Only for a further posting to the same state (some agreements limit them)."),
        required=False,
        widget=IsoDateInput(),
    )
    earlier_posting_end_date = forms.DateField(
        label=_("and ended on"), required=False, widget=IsoDateInput()
    )
    telework_country = forms.ChoiceField(
        label=_("Teleworks from (country of residence)"),
        choices=COUNTRY_CHOICES,
        widget=ListSelect,
        required=False,
    )
    telework_share_percent = forms.IntegerField(
        label=_("Share of working time from there (%)"),
        required=False,
        min_value=1,
        max_value=100,
    )
    ict_months_with_group = forms.IntegerField(
        label=_("Months employed in the group"), required=False, min_value=0
    )
    ict_planned_months = forms.IntegerField(
        label=_("Planned transfer length (months)"), required=False, min_value=1
    )
    ict_role = forms.ChoiceField(label=_("Role"), choices=ICT_ROLE_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate
        self.fields["qualification_state_recognised_abroad"].initial = True
        occupation = self.fields["isco08"]
        assert isinstance(occupation, OccupationField)
        given = self.data.get("isco08") if self.is_bound else self.initial.get("isco08")
        occupation.extra_choice(given)

    def clean_state(self) -> str:
        state: str = self.cleaned_data.get("state", "")
        if self.cleaned_data.get("work_country") == "DE" and not state:
            raise forms.ValidationError(_("Choose the German state where the person will work."))
        return state

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("earlier_posting_start_date") and not cleaned.get("posting_months"):
            self.add_error(
                "earlier_posting_start_date", _("An earlier posting needs the posting itself.")
            )
        return cleaned

    def to_facts(self) -> dict[str, Any]:
        facts = super().to_facts()
        if not self.cleaned_data.get("qualification_kind"):
            facts["person"]["qualification"] = None  # unknown, which is not "none"
        return facts


# --- cases ------------------------------------------------------------------------------------


class StartCaseForm(forms.Form):
    """What the "Start a case" button posts beside the assessment's own query parameters."""

    person = IdField(widget=forms.HiddenInput)
    pathway_code = forms.CharField(max_length=48, widget=forms.HiddenInput)
    goal = forms.ChoiceField(label=_("Goal of the case"), choices=CaseGoal.choices)


class MilestoneForm(forms.Form):
    """A change of one milestone; only the submitted fields change."""

    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices, required=False)
    started_on = forms.DateField(label=_("Started on"), required=False, widget=IsoDateInput())
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=IsoDateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices, required=False)
    authority = forms.CharField(label=_("Competent authority"), max_length=200, required=False)
    gap_plan = forms.CharField(
        label=_("Plan to close the gaps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def changes(self) -> dict[str, Any]:
        """The fields present in the submitted data, cleaned."""
        return {name: self.cleaned_data.get(name) for name in self.fields if name in self.data}


class CaseFilterForm(forms.Form):
    """Search, filters and sort of the case list; the board groups the same cases by step."""

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("all")), *CaseStatus.choices],
        required=False,
        initial=CaseStatus.OPEN,
    )
    pathway = forms.ChoiceField(label=_("Pathway"), required=False)
    step = forms.ChoiceField(label=_("Current step"), required=False)
    overdue = forms.BooleanField(label=_("Only with overdue steps"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-started", _("Newest first")),
            ("started", _("Oldest first")),
            ("person", _("Name")),
            ("pathway", _("Pathway")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pathways = sorted(((code, str(name)) for code, name in PATHWAYS.items()), key=_by_name)
        steps = sorted(((code, str(name)) for code, name in MILESTONES.items()), key=_by_name)
        cast(forms.ChoiceField, self.fields["pathway"]).choices = [("", _("all")), *pathways]
        cast(forms.ChoiceField, self.fields["step"]).choices = [("", _("all")), *steps]


def _by_name(choice: tuple[str, str]) -> str:
    return choice[1].casefold()


class CaseCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How does the case end?"),
        choices=[
            (CaseStatus.CLOSED.value, _("Closed: the goal is reached")),
            (CaseStatus.CANCELLED.value, _("Cancelled")),
        ],
    )


class FamilyAttachForm(forms.Form):
    family_member = IdField(label=_("Family member"))
