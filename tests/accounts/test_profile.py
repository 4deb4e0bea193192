"""The personal profile: name, language (limited for staff) and a real time zone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.accounts.services import user_update_profile
from expatcare.core.errors import ServiceError
from tests.conftest import Tenant


class TestProfile:
    def test_saving_the_language_activates_it(self, tenant: Tenant, client_for) -> None:
        client = client_for(Role.HR)
        response = client.post(
            reverse("accounts:profile"),
            {"full_name": "Hanna HR", "language": "en", "time_zone": "Asia/Kolkata"},
        )
        assert response.status_code == 302
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
        user = tenant.users[Role.HR]
        user.refresh_from_db()
        assert (user.full_name, user.language, user.time_zone) == (
            "Hanna HR",
            "en",
            "Asia/Kolkata",
        )
        assert '<html lang="en"' in client.get(reverse("accounts:profile")).content.decode()

    def test_unknown_time_zone_is_refused(self, tenant: Tenant, client_for) -> None:
        response = client_for(Role.HR).post(
            reverse("accounts:profile"),
            {"full_name": "X", "language": "de", "time_zone": "Mars/Olympus_Mons"},
        )
        assert response.status_code == 422
        user = tenant.users[Role.HR]
        user.refresh_from_db()
        assert user.time_zone == "Europe/Berlin"
        with pytest.raises(ServiceError):
            user_update_profile(
                actor=tenant.actor(Role.HR), full_name="X", language="de", time_zone="Nowhere"
            )

    @pytest.mark.parametrize("role", [Role.HR, Role.MANAGER, Role.PROVIDER_AGENT])
    def test_staff_may_only_pick_staff_languages(self, tenant: Tenant, client_for, role) -> None:
        response = client_for(role).post(
            reverse("accounts:profile"),
            {"full_name": "X", "language": "tr", "time_zone": "Europe/Berlin"},
        )
        assert response.status_code == 422
        tenant.users[role].refresh_from_db()
        assert tenant.users[role].language != "tr"
        with pytest.raises(ServiceError):
            user_update_profile(
                actor=tenant.actor(role), full_name="X", language="tr", time_zone="Europe/Berlin"
            )

    def test_employees_may_pick_any_language(self, tenant: Tenant, client_for) -> None:
        client = client_for(Role.EMPLOYEE)
        page = client.get(reverse("accounts:profile")).content.decode()
        assert 'value="ar"' in page
        response = client.post(
            reverse("accounts:profile"),
            {"full_name": "Emma", "language": "ar", "time_zone": "Africa/Tunis"},
        )
        assert response.status_code == 302
        html = client.get(reverse("accounts:profile")).content.decode()
        assert 'dir="rtl"' in html
