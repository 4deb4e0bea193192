"""allauth and error pages render inside the site layout, in the visitor's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from expatcare.accounts.roles import Role
from tests.conftest import Tenant


@pytest.mark.django_db
class TestLoginPage:
    def test_login_page_follows_accept_language(self) -> None:
        response = Client(headers={"accept-language": "de"}).get(reverse("account_login"))
        assert response.status_code == 200
        assert '<html lang="de"' in response.content.decode()

        response = Client(headers={"accept-language": "en"}).get(reverse("account_login"))
        assert '<html lang="en"' in response.content.decode()

    def test_login_page_uses_site_layout_with_labels_and_reset_link(self) -> None:
        html = Client().get(reverse("account_login")).content.decode()
        assert 'class="skip-link"' in html
        assert 'for="id_login"' in html
        assert 'for="id_password"' in html
        assert reverse("account_reset_password") in html
        assert "language-select" in html  # the language switch works before logging in
        assert "sign up" not in html.lower()

    def test_language_switch_when_logged_out(self) -> None:
        client = Client(headers={"accept-language": "en"})
        response = client.post(reverse("set_language"), {"language": "de", "next": "/"})
        assert response.status_code == 302
        html = client.get(reverse("account_login")).content.decode()
        assert '<html lang="de"' in html

    def test_login_with_email_and_password(self, tenant: Tenant) -> None:
        client = Client()
        response = client.post(
            reverse("account_login"),
            {"login": "hr@alpha.test", "password": "correct-horse-battery-staple"},
        )
        assert response.status_code == 302
        assert "_auth_user_id" in client.session
        # The factory's users speak English: the saved language takes over after login.
        assert response.cookies["django_language"].value == "en"

    def test_mfa_step_of_login_renders_in_layout(self, tenant: Tenant) -> None:
        from allauth.mfa.models import Authenticator

        Authenticator.objects.create(
            user=tenant.users[Role.HR], type=Authenticator.Type.TOTP, data={"secret": "x"}
        )
        client = Client()
        response = client.post(
            reverse("account_login"),
            {"login": "hr@alpha.test", "password": "correct-horse-battery-staple"},
            follow=True,
        )
        html = response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
        assert 'class="skip-link"' in html
        assert 'for="id_code"' in html
        assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "name",
    [
        "account_reset_password",
        "account_reset_password_done",
    ],
)
@pytest.mark.django_db
def test_entrance_pages_render_in_layout(name: str) -> None:
    html = Client().get(reverse(name)).content.decode()
    assert 'class="skip-link"' in html
    assert "<h1>" in html


@pytest.mark.parametrize(
    "name",
    [
        "account_change_password",
        "mfa_index",
        "mfa_activate_totp",
        "account_logout",
    ],
)
def test_manage_pages_render_in_layout(tenant: Tenant, name: str) -> None:
    client = Client()
    client.force_login(tenant.users[Role.HR])
    # Setting up MFA asks for the password again first; that page is in the layout too.
    response = client.get(reverse(name))
    if name == "mfa_activate_totp":
        assert response.status_code == 302
        reauth = client.get(response["Location"])
        assert 'class="skip-link"' in reauth.content.decode()
        client.post(response["Location"], {"password": "correct-horse-battery-staple"})
        response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skip-link"' in html
    assert html.count("<h1") == 1
    assert reverse("accounts:profile") in html  # the account sub-navigation
