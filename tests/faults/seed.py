"""Run in a product process: one tenant, four people, an HR token; prints the token and pks."""

from __future__ import annotations

import django

django.setup()

from expatcare.accounts.models import PersonalAccessToken  # noqa: E402
from expatcare.accounts.roles import Role  # noqa: E402
from expatcare.accounts.tokens import new_access_token, token_hash  # noqa: E402
from tests.conftest import build_tenant  # noqa: E402
from tests.factories import PersonFactory  # noqa: E402

tenant = build_tenant("faults")
people = [tenant.employee_person, tenant.assigned_person, tenant.other_person]
people.append(PersonFactory(organization=tenant.organization))
raw = new_access_token()
PersonalAccessToken.objects.create(
    user=tenant.users[Role.HR],
    organization=tenant.organization,
    name="faults",
    prefix=raw[:10],
    token_hash=token_hash(raw),
)
print(raw, *(person.pk for person in people))
