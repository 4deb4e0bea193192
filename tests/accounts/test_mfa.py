"""The MFA obligation: roles that handle sensitive data cannot work without a second factor."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from expatcare.accounts.roles import Role
from tests.conftest import Tenant


class TestRequireMFA:
    @pytest.fixture(autouse=True)
    def _mfa_for_owner_and_hr(self, settings) -> None:
        settings.EXPATCARE_MFA_REQUIRED_ROLES = ["owner", "hr"]

    def test_hr_without_authenticator_is_sent_to_totp_activation(self, client_for) -> None:
        response = client_for(Role.HR).get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")

    def test_the_redirect_explains_why(self, client_for) -> None:
        client = client_for(Role.HR)
        response = client.get(reverse("accounts:tokens"), follow=True)
        assert "two-factor authentication" in response.content.decode().lower()

    def test_hr_with_totp_passes(self, tenant: Tenant, client_for) -> None:
        Authenticator.objects.create(
            user=tenant.users[Role.HR], type=Authenticator.Type.TOTP, data={"secret": "x"}
        )
        assert client_for(Role.HR).get(reverse("accounts:profile")).status_code == 200

    def test_recovery_codes_alone_are_not_a_second_factor(self, tenant: Tenant, client_for) -> None:
        Authenticator.objects.create(
            user=tenant.users[Role.HR], type=Authenticator.Type.RECOVERY_CODES, data={}
        )
        assert client_for(Role.HR).get(reverse("accounts:profile")).status_code == 302

    def test_roles_outside_the_list_are_not_affected(self, client_for) -> None:
        assert client_for(Role.MANAGER).get(reverse("accounts:profile")).status_code == 200

    @pytest.mark.parametrize(
        "name", ["mfa_activate_totp", "mfa_index", "account_logout", "health", "account_login"]
    )
    def test_setup_logout_and_health_stay_reachable(self, client_for, name: str) -> None:
        response = client_for(Role.HR).get(reverse(name))
        assert response.status_code != 302 or response["Location"] != reverse("mfa_activate_totp")

    def test_language_switch_stays_reachable(self, client_for) -> None:
        response = client_for(Role.HR).post(
            reverse("set_language"), {"language": "en", "next": "/org/profile/"}
        )
        assert response["Location"] == "/org/profile/"

    def test_api_answers_403_json(self, client_for) -> None:
        response = client_for(Role.HR).get("/api/v1/openapi.json")
        assert response.status_code == 403
        assert response.json()["code"] == "mfa_required"


def test_no_obligation_by_default_in_tests(client_for) -> None:
    assert client_for(Role.OWNER).get(reverse("accounts:profile")).status_code == 200
