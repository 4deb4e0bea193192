"""Organisation settings, invitations, profile and access tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from expatcare.accounts import mfa, policies, selectors, services
from expatcare.accounts.actor import Actor
from expatcare.accounts.forms import (
    InvitationForm,
    InvitationSignupForm,
    MembershipRoleForm,
    OrganizationForm,
    OrganizationSwitchForm,
    ProfileForm,
    TokenForm,
)
from expatcare.accounts.http import ACTIVE_ORGANIZATION_SESSION_KEY, tenant_view
from expatcare.accounts.models import User
from expatcare.accounts.roles import Role
from expatcare.core.bounds import parse_id
from expatcare.core.errors import ServiceError
from expatcare.core.http import FORM_ERROR_STATUS, add_service_error, form_status, render_invalid

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _confirm_then_act(
    request: HttpRequest,
    *,
    act: Callable[[], object],
    success: str,
    done: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A destructive action: GET asks for confirmation, POST acts and reports the outcome."""
    if request.method != "POST":
        return render(request, template, context)
    try:
        act()
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(done)


def _require_admin(actor: Actor) -> None:
    if not policies.can_manage_members(actor):
        raise PermissionDenied


# --- organisation settings ----------------------------------------------------------------------


def _settings_context(request: HttpRequest, actor: Actor, **forms: Any) -> dict[str, Any]:
    organization = actor.organization
    members = selectors.membership_page(actor=actor, page=request.GET.get("members"))
    changeable = {m.pk for m in members if policies.can_change_membership(actor, m)}
    context: dict[str, Any] = {
        "organization": organization,
        "can_edit_organization": policies.can_edit_organization(actor),
        "organization_form": OrganizationForm(
            initial={"name": organization.name, "state": organization.state}
        ),
        "members": members,
        "changeable_member_ids": changeable,
        "role_form": MembershipRoleForm(actor=actor),
        "invitations": selectors.invitation_page(actor=actor, page=request.GET.get("invitations")),
        "invitation_form": InvitationForm(
            actor=actor, initial={"person": request.GET.get("person")}
        ),
        "memberships": selectors.user_memberships(user=actor.user),
        "top_role": policies.top_role_for(organization.kind),
    }
    context.update(forms)
    return context


@never_cache
@tenant_view()
@require_http_methods(["GET", "POST"])
def organization_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    _require_admin(actor)
    if request.method == "POST":
        if not policies.can_edit_organization(actor):
            raise PermissionDenied
        form = OrganizationForm(request.POST)
        if form.is_valid():
            try:
                services.organization_update(
                    actor=actor, name=form.cleaned_data["name"], state=form.cleaned_data["state"]
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The organisation was saved."))
                return redirect("accounts:settings")
        context = _settings_context(request, actor, organization_form=form)
        return render_invalid(request, "accounts/settings.html", context)
    return render(request, "accounts/settings.html", _settings_context(request, actor))


@tenant_view()
@require_POST
def organization_switch(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = OrganizationSwitchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an organisation."))
        return redirect("accounts:profile")
    try:
        membership = services.membership_check(
            user=actor.user, organization_id=form.cleaned_data["organization"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("accounts:profile")
    request.session[ACTIVE_ORGANIZATION_SESSION_KEY] = membership.organization_id
    messages.success(
        request, _("You now act for %(name)s.") % {"name": membership.organization.name}
    )
    return redirect("web:home")


@tenant_view()
@require_POST
def membership_role(request: HttpRequest, actor: Actor, membership_id: int) -> HttpResponse:
    membership = policies.access_membership(actor, membership_id)
    form = MembershipRoleForm(request.POST, actor=actor)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("accounts:settings")
    try:
        services.membership_change_role(
            actor=actor, membership=membership, role=form.cleaned_data["role"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The role of %(user)s was changed.") % {"user": membership.user}
        )
    return redirect("accounts:settings")


@tenant_view()
@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, actor: Actor, membership_id: int) -> HttpResponse:
    membership = policies.access_membership(actor, membership_id)
    leaving = membership.user_id == actor.user.pk
    return _confirm_then_act(
        request,
        act=lambda: services.membership_remove(actor=actor, membership=membership),
        success=_("%(user)s was removed.") % {"user": membership.user},
        done="web:home" if leaving else "accounts:settings",
        template="accounts/membership_remove.html",
        context={"membership": membership},
    )


@never_cache
@tenant_view()
@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Invite a member; ``?person=ID`` (the person page's "Invite to the portal") pre-fills it."""
    _require_admin(actor)
    person = None
    raw_person = request.POST.get("person") if request.method == "POST" else None
    raw_person = raw_person or request.GET.get("person")
    if raw_person not in (None, ""):
        person_id = parse_id(raw_person)
        if person_id is None:
            raise Http404
        person = policies.access_invitable_person(actor, person_id)
    initial: dict[str, Any] = {}
    if person is not None:
        initial = {"person": person.person_id, "email": person.email, "role": Role.EMPLOYEE}
    form = InvitationForm(
        request.POST if request.method == "POST" else None, actor=actor, initial=initial
    )
    if person is not None and "person" in form.fields:
        _ensure_person_choice(form, person.person_id, person.full_name)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=actor,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                person_id=form.cleaned_data.get("person"),
                language=form.cleaned_data["language"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            if invitation.person_id is not None:
                return redirect("people:detail", person_id=invitation.person_id)
            return redirect("accounts:settings")
    status = form_status(request)
    return render(
        request, "accounts/invitation_form.html", {"form": form, "person": person}, status=status
    )


def _ensure_person_choice(form: InvitationForm, person_id: int, full_name: str) -> None:
    """A record named in the link is selectable even when the short list left it out."""
    field = form.fields["person"]
    assert isinstance(field, forms.ChoiceField)
    choices = list(cast(list[tuple[Any, str]], field.choices))
    if all(str(value) != str(person_id) for value, _label in choices):
        field.choices = [*choices, (person_id, full_name)]


@never_cache
@tenant_view()
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: HttpRequest, actor: Actor, invitation_id: int) -> HttpResponse:
    invitation = policies.access_invitation(actor, invitation_id)
    return _confirm_then_act(
        request,
        act=lambda: services.invitation_revoke(actor=actor, invitation=invitation),
        success=_("The invitation to %(email)s was revoked.") % {"email": invitation.email},
        done="accounts:settings",
        template="accounts/invitation_revoke.html",
        context={"invitation": invitation},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: join as the logged-in user or create the account."""
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    user = request.user if request.user.is_authenticated else None
    context: dict[str, Any] = {"invitation": invitation, "organization": invitation.organization}
    if isinstance(user, User):
        matches = user.email.lower() == invitation.email.lower()
        context["email_matches"] = matches
        if request.method == "POST" and matches:
            try:
                membership = services.invitation_accept(token=token, user_or_signup_data=user)
            except ServiceError as error:
                messages.error(request, error.message)
                return redirect("web:home")
            return _joined(request, membership.organization_id, membership.organization.name)
        return render(request, "accounts/invitation_accept.html", context)
    context["account_exists"] = selectors.account_exists(email=invitation.email)
    form = InvitationSignupForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "POST" and not context["account_exists"] and form.is_valid():
        signup = services.InvitationSignup(
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            language=translation.get_language_from_request(request),
        )
        try:
            membership = services.invitation_accept(token=token, user_or_signup_data=signup)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            login(request, membership.user, backend=LOGIN_BACKEND)
            return _joined(
                request,
                membership.organization_id,
                membership.organization.name,
                membership.user.language,
            )
    status = form_status(request)
    return render(request, "accounts/invitation_accept.html", context, status=status)


def _joined(
    request: HttpRequest, organization_id: int, name: str, language: str | None = None
) -> HttpResponse:
    """Enter the organisation; a new account's language greets it and stays (cookie)."""
    request.session[ACTIVE_ORGANIZATION_SESSION_KEY] = organization_id
    if language:
        translation.activate(language)
    messages.success(request, _("Welcome to %(name)s.") % {"name": name})
    response = redirect("web:home")
    if language:
        _set_language_cookie(response, language)
    return response


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# --- personal profile ---------------------------------------------------------------------------


@never_cache
@tenant_view()
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, actor: Actor) -> HttpResponse:
    language_choices = services.language_choices_for(actor)
    user = actor.user
    if request.method == "POST":
        form = ProfileForm(request.POST, language_choices=language_choices)
        if form.is_valid():
            try:
                user = services.user_update_profile(actor=actor, **form.cleaned_data)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                translation.activate(user.language)
                messages.success(request, _("Your profile was saved."))
                response = redirect("accounts:profile")
                _set_language_cookie(response, user.language)
                return response
        status = FORM_ERROR_STATUS
    else:
        form = ProfileForm(
            language_choices=language_choices,
            initial={
                "full_name": user.full_name,
                "language": user.language,
                "time_zone": user.time_zone,
            },
        )
        status = 200
    context = {
        "form": form,
        "memberships": selectors.user_memberships(user=user),
    }
    return render(request, "accounts/profile.html", context, status=status)


# --- personal access tokens ---------------------------------------------------------------------


@never_cache
@tenant_view()
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest, actor: Actor) -> HttpResponse:
    new_token: str | None = None
    status = 200
    needs_second_factor = mfa.role_requires_mfa(actor.role)
    confirmed = needs_second_factor and mfa.second_factor_confirmed_recently(request)
    if request.method == "POST" and needs_second_factor and not confirmed:
        # A token outlives the session: confirm the second factor first, then come back.
        messages.info(request, _("Confirm your second factor, then create the token."))
        return redirect(f"{reverse('mfa_reauthenticate')}?next={reverse('accounts:tokens')}")
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, new_token = services.token_create(
                    actor=actor,
                    name=form.cleaned_data["name"],
                    expires_at=form.expires_at(),
                    second_factor_confirmed=confirmed,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                form = TokenForm()
        if new_token is None:
            status = FORM_ERROR_STATUS
    else:
        form = TokenForm()
    context = {
        "form": form,
        "tokens": selectors.token_list(actor=actor),
        "new_token": new_token,
        "needs_second_factor": needs_second_factor and not confirmed,
    }
    return render(request, "accounts/tokens.html", context, status=status)


@tenant_view()
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, actor: Actor, token_id: int) -> HttpResponse:
    token = policies.access_token(actor, token_id)
    return _confirm_then_act(
        request,
        act=lambda: services.token_revoke(actor=actor, token=token),
        success=_("The token “%(name)s” was revoked.") % {"name": token.name},
        done="accounts:tokens",
        template="accounts/token_revoke.html",
        context={"token": token},
    )
