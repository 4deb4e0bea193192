"""Input of the compliance pages: dashboard filters and marking a duty done."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from expatcare.compliance.selectors import DutyFilters
from expatcare.core import dates
from expatcare.core.bounds import IdField
from expatcare.core.dates import WindowedDateField
from expatcare.core.query import require_valid
from expatcare.core.widgets import IsoDateInput

OWNER_CHOICES = [
    ("", _("Anyone")),
    ("employer", _("Employer")),
    ("employee", _("Employee")),
    ("me", _("Assigned to me")),
]
STATE_CHOICES = [
    ("pending", _("Open or overdue")),
    ("overdue", _("Overdue")),
    ("due_soon", _("Due within 14 days")),
    ("open", _("Open, not overdue")),
    ("done", _("Done")),
    ("not_applicable", _("Not applicable")),
    ("all", _("All")),
]
LIGHT_CHOICES = [
    ("", _("All people")),
    ("red", _("Overdue")),
    ("amber", _("Due within 14 days")),
    ("green", _("Up to date")),
]


class DutyFilterForm(forms.Form):
    owner = forms.ChoiceField(label=_("Responsible"), choices=OWNER_CHOICES, required=False)
    code = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds"))], required=False)
    state = forms.ChoiceField(label=_("Status"), choices=STATE_CHOICES, required=False)
    due_after = forms.DateField(label=_("Due from"), required=False, widget=IsoDateInput())
    due_before = forms.DateField(label=_("Due until"), required=False, widget=IsoDateInput())
    person = IdField(required=False, widget=forms.HiddenInput)
    light = forms.ChoiceField(label=_("People"), choices=LIGHT_CHOICES, required=False)

    def __init__(
        self, *args: object, codes: list[tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's untyped signature
        code_field = self.fields["code"]
        assert isinstance(code_field, forms.ChoiceField)
        code_field.choices = [("", _("All kinds")), *(codes or [])]

    def filters(self) -> DutyFilters:
        """The filters; a value the list cannot use is refused naming it (``core.query``)."""
        data = require_valid(self)
        return DutyFilters(
            person=data.get("person"),
            owner=data.get("owner") or "",
            code=data.get("code") or "",
            state=data.get("state") or "pending",
            due_after=data.get("due_after"),
            due_before=data.get("due_before"),
        )


class DutyDoneForm(forms.Form):
    done_on = WindowedDateField(window=dates.EVENT, label=_("Done on"), widget=IsoDateInput())
    note = forms.CharField(
        label=_("Evidence note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, reference numbers, who confirmed it."),
    )
    evidence_document = forms.TypedChoiceField(
        label=_("Evidence document"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: object, documents: list[tuple[int, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's untyped signature
        field = self.fields["evidence_document"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("No document")), *(documents or [])]


class DutyStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("not_applicable", _("Not applicable")), ("open", _("Open"))]
    )
