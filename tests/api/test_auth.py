"""Who may call the API: tokens, sessions, CSRF, and users without an organisation."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from expatcare.accounts.models import PersonalAccessToken
from expatcare.accounts.roles import Role
from expatcare.accounts.services import token_create, token_revoke
from tests.factories import UserFactory


class TestPersonalAccessTokens:
    def test_a_valid_token_acts_as_its_membership(self, tenant):
        _, raw = token_create(actor=tenant.actor(Role.HR), name="payroll sync")
        response = Client().get("/api/v1/me", headers={"authorization": f"Bearer {raw}"})
        assert response.status_code == 200
        assert response.json()["email"] == tenant.users[Role.HR].email
        assert response.json()["role"] == "hr"

    def test_a_revoked_token_is_refused(self, tenant):
        actor = tenant.actor(Role.HR)
        token, raw = token_create(actor=actor, name="old")
        token_revoke(actor=actor, token=token)
        response = Client().get("/api/v1/people", headers={"authorization": f"Bearer {raw}"})
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")

    def test_an_expired_token_is_refused(self, tenant):
        token, raw = token_create(actor=tenant.actor(Role.HR), name="short")
        PersonalAccessToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
        response = Client().get("/api/v1/people", headers={"authorization": f"Bearer {raw}"})
        assert response.status_code == 401

    def test_a_wrong_token_is_refused(self, tenant):
        token_create(actor=tenant.actor(Role.HR), name="real")
        response = Client().get(
            "/api/v1/people", headers={"authorization": "Bearer ec_not-a-real-token"}
        )
        assert response.status_code == 401

    def test_a_bad_token_is_refused_even_with_a_valid_session(self, tenant, client_for):
        """A revoked token must never be masked by a browser session that happens to exist."""
        client = client_for(Role.HR)
        response = client.get("/api/v1/people", headers={"authorization": "Bearer ec_wrong"})
        assert response.status_code == 401

    def test_no_credentials_means_401(self, db):
        assert Client().get("/api/v1/people").status_code == 401


class TestSessions:
    def test_a_logged_in_browser_may_call_the_api(self, tenant, client_for):
        response = client_for(Role.MANAGER).get("/api/v1/me")
        assert response.status_code == 200
        assert response.json()["organization"]["name"] == tenant.organization.name

    def test_unsafe_methods_need_the_csrf_token(self, tenant):
        client = Client(enforce_csrf_checks=True)
        client.force_login(tenant.users[Role.HR])
        response = client.patch(
            f"/api/v1/people/{tenant.other_person.pk}",
            data={"job_title": "Forged"},
            content_type="application/json",
        )
        assert response.status_code == 403
        tenant.other_person.refresh_from_db()
        assert tenant.other_person.job_title != "Forged"

    def test_a_user_without_membership_gets_403(self, db):
        client = Client()
        client.force_login(UserFactory(email="nobody@example.test"))
        response = client.get("/api/v1/people", headers={"accept-language": "en"})
        assert response.status_code == 403
        assert "organisation" in response.json()["detail"]

    def test_tokens_need_no_csrf(self, tenant):
        _, raw = token_create(actor=tenant.actor(Role.HR), name="script")
        client = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {raw}"})
        response = client.patch(
            f"/api/v1/people/{tenant.other_person.pk}",
            data={"job_title": "Welder"},
            content_type="application/json",
        )
        assert response.status_code == 200
        assert response.json()["job_title"] == "Welder"


def test_api_answers_are_not_cached(client_for) -> None:
    """Salaries travel in API answers: no browser or proxy cache may keep them."""
    client = client_for(Role.HR)
    listing = client.get("/api/v1/people")
    person_id = listing.json()["results"][0]["id"]
    for response in (listing, client.get(f"/api/v1/people/{person_id}")):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
