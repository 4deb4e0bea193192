"""Defect 1: an invited employee lands on a working portal.

Inviting from the person page links the login to the record; an employee invitation without a
record asks which person (or to add one first); the new account takes the accepting browser's
language unless the inviter chose one; the role starts at Employee, the least powerful.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from expatcare.accounts.models import Invitation, User
from expatcare.accounts.roles import Role
from expatcare.accounts.services import InvitationSignup, invitation_accept, invitation_create
from expatcare.core.errors import ServiceError
from tests.conftest import Tenant
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-passphrase-42"
LINK = re.compile(r"https?://\S+/org/invitations/([A-Za-z0-9_-]+)/")


def _token() -> str:
    match = LINK.search(str(mail.outbox[-1].body))
    assert match is not None
    return match.group(1)


def test_person_page_offers_invite_and_the_login_is_linked(
    tenant: Tenant, client_for, django_capture_on_commit_callbacks
) -> None:
    person = PersonFactory(organization=tenant.organization, email="nia@mail.test")
    make_case(person)
    hr = client_for(Role.HR)
    page = hr.get(reverse("people:detail", args=[person.pk])).content.decode()
    invite_url = reverse("accounts:invitation_create") + f"?person={person.pk}"
    assert f'href="{invite_url}"' in page and "Invite to the portal" in page

    form = hr.get(invite_url).content.decode()
    assert 'value="nia@mail.test"' in form
    assert re.search(rf'<option value="{person.pk}" selected>', form)
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            invite_url, {"email": "nia@mail.test", "role": "employee", "person": person.pk}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])

    visitor = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    accept_url = reverse("accounts:invitation_accept", args=[_token()])
    response = visitor.post(
        accept_url, {"full_name": "Nia N", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="nia@mail.test")
    assert user.language == "en"
    person.refresh_from_db()
    assert person.user_id == user.pk
    home = visitor.get(response["Location"], follow=True)
    assert home.status_code == 200
    assert "Seite nicht gefunden" not in home.content.decode()
    assert visitor.get(reverse("mobility:my_case")).status_code == 200
    assert person.full_name in visitor.get(reverse("people:me")).content.decode()


def test_person_page_hides_invite_once_linked(tenant: Tenant, client_for) -> None:
    page = client_for(Role.HR).get(reverse("people:detail", args=[tenant.employee_person.pk]))
    assert "Invite to the portal" not in page.content.decode()
    page = client_for(Role.MANAGER).get(reverse("people:detail", args=[tenant.other_person.pk]))
    assert "Invite to the portal" not in page.content.decode()


def test_employee_invitation_without_a_person_asks_which(tenant: Tenant, client_for) -> None:
    with pytest.raises(ServiceError) as error:
        invitation_create(actor=tenant.actor(Role.HR), email="x@mail.test", role="employee")
    assert error.value.field == "person"
    hr = client_for(Role.HR)
    form = hr.get(reverse("accounts:invitation_create")).content.decode()
    assert tenant.other_person.full_name in form  # a record without a login to choose
    assert tenant.employee_person.full_name not in form  # already has one
    assert reverse("people:create") + "?then=invite" in form
    response = hr.post(
        reverse("accounts:invitation_create"), {"email": "x@mail.test", "role": "employee"}
    )
    assert response.status_code == 422
    assert "Choose the person this login belongs to" in response.content.decode()
    assert not Invitation.objects.exists()


def test_adding_a_person_from_the_invitation_goes_on_to_invite(tenant: Tenant, client_for) -> None:
    response = client_for(Role.HR).post(
        reverse("people:create") + "?then=invite",
        {
            "first_name": "Neu",
            "last_name": "Person",
            "kind": "candidate",
            "status": "candidate",
            "nationalities": "br",
            "preferred_language": "pt",
            "work_country": "DE",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(reverse("accounts:invitation_create") + "?person=")


def test_role_defaults_to_employee(tenant: Tenant, client_for) -> None:
    html = client_for(Role.OWNER).get(reverse("accounts:invitation_create")).content.decode()
    role_select = html[
        html.index('name="role"') : html.index("</select>", html.index('name="role"'))
    ]
    first_option = re.search(r'<option value="([a-z_]+)"', role_select)
    assert first_option is not None and first_option.group(1) == "employee"
    assert '<option value="owner" selected' not in role_select


@pytest.mark.parametrize(
    ("chosen", "browser", "expected"),
    [("", "tr", "tr"), ("", "pt-BR", "pt-br"), ("uk", "de", "uk"), ("", "fr", "en")],
)
def test_new_account_language(
    tenant: Tenant, chosen: str, browser: str, expected: str, django_capture_on_commit_callbacks
) -> None:
    from django.conf import settings

    codes = {code for code, _name in settings.LANGUAGES}
    expected = expected if expected in codes else expected.replace("-", "_")
    person = PersonFactory(organization=tenant.organization)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            actor=tenant.actor(Role.HR),
            email="lang@mail.test",
            role="employee",
            person_id=person.pk,
            language=chosen,
        )
    invitation_accept(
        token=_token(), user_or_signup_data=InvitationSignup("L", PASSWORD, language=browser)
    )
    assert User.objects.get(email="lang@mail.test").language == expected


def test_staff_account_keeps_to_staff_languages(
    tenant: Tenant, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(actor=tenant.actor(Role.HR), email="m@mail.test", role="manager")
    invitation_accept(token=_token(), user_or_signup_data=InvitationSignup("M", PASSWORD, "tr"))
    assert User.objects.get(email="m@mail.test").language == "en"
    with pytest.raises(ServiceError):
        invitation_create(
            actor=tenant.actor(Role.HR), email="m2@mail.test", role="manager", language="ar"
        )
