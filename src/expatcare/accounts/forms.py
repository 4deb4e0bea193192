"""Input of the accounts pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from expatcare.accounts import policies
from expatcare.accounts.actor import Actor
from expatcare.accounts.hooks import find_invitable_people
from expatcare.accounts.roles import Role
from expatcare.core import dates
from expatcare.core.bounds import IdField
from expatcare.core.choices import GermanState
from expatcare.core.dates import WindowedDateField
from expatcare.core.timezones import time_zone_choices
from expatcare.core.widgets import IsoDateInput, ListSelect


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return time_zone_choices(get_language() or "en")


class InvitationForm(forms.Form):
    """Who is invited, in which role, for which person record and in which language.

    The role starts at the least powerful one (Employee); the person select lists the records
    without a login, so an employee invitation always names the record it belongs to.
    """

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), initial=Role.EMPLOYEE)
    person = forms.TypedChoiceField(
        label=_("Person record"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Required for employees: the record the new login belongs to."),
    )
    language = forms.ChoiceField(
        label=_("Language of the portal"),
        required=False,
        help_text=_("Leave empty to use the language of the browser that accepts."),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [role for role in Role if policies.can_grant_role(actor, role.value)]
        # Least powerful first, so the default selection is the harmless one.
        _choice_field(self, "role").choices = [
            (role.value, role.label) for role in sorted(roles, key=_role_power)
        ]
        if actor.is_provider:
            del self.fields["person"]
        else:
            _choice_field(self, "person").choices = [
                ("", _("— choose a person —")),
                *(
                    (subject.person_id, subject.full_name)
                    for subject in find_invitable_people(actor)
                ),
            ]
        _choice_field(self, "language").choices = [
            ("", _("— the browser's language —")),
            *((code, name) for code, name in settings.LANGUAGES),
        ]


def _role_power(role: Role) -> int:
    """Employee first, Owner last: the order of the select, weakest at the top."""
    order = [
        Role.EMPLOYEE,
        Role.PROVIDER_AGENT,
        Role.AUDITOR,
        Role.MANAGER,
        Role.HR,
        Role.PROVIDER_ADMIN,
    ]
    return order.index(role) if role in order else len(order)


class InvitationSignupForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    state = forms.ChoiceField(
        label=_("German state"),
        required=False,
        choices=[("", _("— none —")), *GermanState.choices],
        help_text=_("Seat of the employer; decides the public holidays for deadlines."),
    )


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "role").choices = [
            (role.value, role.label)
            for role in Role
            if role.value in policies.roles_for(actor.organization.kind)
        ]


class OrganizationSwitchForm(forms.Form):
    organization = IdField(widget=forms.HiddenInput)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Times are shown in this zone; legal deadlines stay German dates."),
        # app.js adds a filter box above the list (city or offset, e.g. "Lagos" or "+05:30").
        widget=ListSelect(attrs={"data-searchable": "", "data-search-label": _("Search")}),
    )

    def __init__(self, *args: Any, language_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "language").choices = language_choices
        _choice_field(self, "time_zone").choices = _time_zone_choices()


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “payroll export”."),
    )
    expires_on = WindowedDateField(
        window=dates.NEAR_FUTURE,
        label=_("Expires on"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Leave empty for a token that works until you revoke it."),
    )

    def clean_expires_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return value

    def expires_at(self) -> dt.datetime | None:
        """The end of the chosen day in the user's zone (the start of the next one)."""
        value: dt.date | None = self.cleaned_data.get("expires_on")
        if value is None:
            return None
        return timezone.make_aware(dt.datetime.combine(value + dt.timedelta(days=1), dt.time.min))
