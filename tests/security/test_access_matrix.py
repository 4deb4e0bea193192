"""The access matrix: every URL and every API operation, for every role, against every object.

The test enumerates the project's URL patterns (including allauth and the admin) and the API's
operations, and refuses to pass unless each one has a declared expectation below. Adding a view
without covering it fails the test: add an entry to ``PAGES`` (keyed by URL name) or ``API``
(keyed by operation id) saying which roles may use it.

Every object-bearing URL is requested with an object of the role's own tenant (for employees
their own record, for providers a person assigned to them), an object of the same tenant that
is not assigned to the caller, and an object of another tenant. Pages are fetched with GET;
pages that take POST are also posted to, and a refused POST must leave the database unchanged.

The two tenants and their objects are built once per module inside an outer transaction; each
test runs in a savepoint that is rolled back, so hundreds of cases stay fast.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from expatcare.accounts.models import Invitation, Membership, PersonalAccessToken, User
from expatcare.accounts.roles import Role
from expatcare.accounts.tokens import new_access_token, new_invitation_token, token_hash
from expatcare.api.api import api
from expatcare.care.models import CareModule
from expatcare.compliance.models import Duty
from expatcare.mobility.models import Case
from expatcare.people.models import Person, ProviderAssignment
from expatcare.rules.examples import ASSESSMENT_EXAMPLE, PENSION_EXAMPLE
from tests.care.factories import (
    CareModuleFactory,
    EnrolmentFactory,
    PackageItemFactory,
    PackageTemplateFactory,
)
from tests.conftest import Tenant, build_tenant
from tests.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    FamilyMemberFactory,
    ProviderAssignmentFactory,
    ProviderOrganizationFactory,
    QualificationFactory,
    make_case,
)

# ---------------------------------------------------------------------------------------------
# Roles and scopes
# ---------------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
ROLES: tuple[str, ...] = (ANONYMOUS, *(role.value for role in Role))
ALL = frozenset(Role)
EMPLOYER_STAFF = frozenset({Role.OWNER, Role.HR, Role.MANAGER, Role.AUDITOR})
EMPLOYER = EMPLOYER_STAFF | {Role.EMPLOYEE}
PROVIDERS = frozenset({Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT})
PEOPLE_WRITERS = frozenset({Role.OWNER, Role.HR})
ORG_ADMINS = frozenset({Role.OWNER, Role.HR, Role.PROVIDER_ADMIN})
ORG_TOP_ROLES = frozenset({Role.OWNER, Role.PROVIDER_ADMIN})
# Roles that see the whole employer tenant; a manager sees only their reports.
TENANT_WIDE = frozenset({Role.OWNER, Role.HR, Role.AUDITOR})
# Staff who see salaries, family and documents (a manager only with HR's grant, tested apart).
SENSITIVE_READERS = TENANT_WIDE | {Role.EMPLOYEE}
# Roles that only see what is theirs or assigned to them; the "unassigned" object is off limits.
# The manager's own object is their report's (the assigned person reports to the manager).
SELF_SCOPED = frozenset({Role.EMPLOYEE, Role.MANAGER}) | PROVIDERS
NOBODY: frozenset[Role] = frozenset()

NONE = "none"  # the URL names no object
OWN = "own"  # an object of the caller's tenant that the caller may be given
UNASSIGNED = "unassigned"  # same tenant, but not the caller's record nor assigned to them
OTHER_TENANT = "other_tenant"  # an object of another employer and its provider

REFUSED = (403, 404)


# ---------------------------------------------------------------------------------------------
# Declared expectations
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Public:
    """Reachable without login (auth pages, health, language switch, invitation links)."""

    why: str


@dataclass(frozen=True)
class PlatformStaff:
    """The Django admin: only platform staff; tenant roles are sent to the admin login."""


@dataclass(frozen=True)
class AlwaysNotFound:
    why: str


@dataclass(frozen=True)
class Page:
    """A tenant page. ``read``: roles that GET it; ``write``: roles that may POST to it.

    ``write=None`` means the page takes no POST (it is not posted to). ``get=False`` marks
    POST-only endpoints, which answer GET with 405. For the unassigned object the roles that
    only see their own record or assigned people are dropped unless stated otherwise.
    """

    read: frozenset[Role] = NOBODY
    write: frozenset[Role] | None = None
    get: bool = True
    read_unassigned: frozenset[Role] | None = None
    write_unassigned: frozenset[Role] | None = None
    post_data: dict[str, Any] = field(default_factory=dict)

    def allowed(self, method: str, scope: str) -> frozenset[Role]:
        roles = self.read if method == "GET" else (self.write or NOBODY)
        if scope == OTHER_TENANT:
            return NOBODY
        if scope == UNASSIGNED:
            explicit = self.read_unassigned if method == "GET" else self.write_unassigned
            return explicit if explicit is not None else roles - SELF_SCOPED
        return roles


@dataclass(frozen=True)
class Operation:
    """An API operation: ``allowed`` roles get 2xx; others 403/404, anonymous 401."""

    allowed: frozenset[Role]
    allowed_unassigned: frozenset[Role] | None = None
    # A body, or a function of the world for bodies that name its objects (ids differ per run).
    body: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None

    def roles_for(self, scope: str) -> frozenset[Role]:
        if scope == OTHER_TENANT:
            return NOBODY
        if scope == UNASSIGNED:
            if self.allowed_unassigned is not None:
                return self.allowed_unassigned
            return self.allowed - SELF_SCOPED
        return self.allowed


Expectation = Public | PlatformStaff | AlwaysNotFound | Page

PAGES: dict[str, Expectation] = {
    # --- infrastructure -----------------------------------------------------------------------
    "health": Public("load balancers probe it"),
    "favicon": Public("browsers ask for it before any login"),
    "set_language": Public("the language switch works before login"),
    "api:openapi-json": Public("describes the API; contains no tenant data"),
    "api:openapi-view": Public("the interactive docs page; contains no tenant data"),
    "api:api-root": AlwaysNotFound("ninja's placeholder for the API prefix"),
    "web:home": Page(read=ALL),
    # --- allauth ------------------------------------------------------------------------------
    "account_login": Public("login"),
    "account_logout": Public("logout (POST to log out; GET shows a confirmation)"),
    "account_inactive": Public("allauth's inactive-account notice"),
    "account_signup": Public("closed by the invitation-only adapter"),
    "account_reauthenticate": Public("allauth redirects anonymous users to login"),
    "account_email": Public("allauth redirects anonymous users to login"),
    "account_email_verification_sent": Public("allauth notice"),
    "account_change_password": Public("allauth redirects anonymous users to login"),
    "account_set_password": Public("allauth redirects anonymous users to login"),
    "account_reset_password": Public("password reset"),
    "account_confirm_login_code": Public("allauth login by code (disabled)"),
    "account_confirm_email": Public("e-mail confirmation link"),
    "account_reset_password_from_key_done": Public("password reset"),
    "account_reset_password_from_key": Public("password reset link"),
    "account_reset_password_done": Public("password reset"),
    "mfa_index": Public("allauth redirects anonymous users to login"),
    "mfa_authenticate": Public("second step of the login"),
    "mfa_reauthenticate": Public("allauth redirects anonymous users to login"),
    "mfa_activate_totp": Public("allauth redirects anonymous users to login"),
    "mfa_deactivate_totp": Public("allauth redirects anonymous users to login"),
    "mfa_view_recovery_codes": Public("allauth redirects anonymous users to login"),
    "mfa_generate_recovery_codes": Public("allauth redirects anonymous users to login"),
    "mfa_download_recovery_codes": Public("allauth redirects anonymous users to login"),
    # --- platform admin -----------------------------------------------------------------------
    "admin:login": Public("the admin's own login page"),
    "admin:logout": Public("the admin's logout"),
    # --- accounts -----------------------------------------------------------------------------
    "accounts:settings": Page(read=ORG_ADMINS, write=ORG_TOP_ROLES),
    "accounts:switch": Page(write=ALL, get=False),
    "accounts:membership_role": Page(write=ORG_ADMINS, get=False),
    "accounts:membership_remove": Page(read=ORG_ADMINS, write=ORG_ADMINS),
    "accounts:invitation_create": Page(read=ORG_ADMINS, write=ORG_ADMINS),
    "accounts:invitation_revoke": Page(read=ORG_ADMINS, write=ORG_ADMINS),
    "accounts:invitation_accept": Public("the invitation link carries its own secret token"),
    "accounts:profile": Page(read=ALL, write=ALL),
    "accounts:tokens": Page(read=ALL, write=ALL),
    "accounts:token_revoke": Page(
        read=ALL, write=ALL, read_unassigned=NOBODY, write_unassigned=NOBODY
    ),
    # --- people -------------------------------------------------------------------------------
    "people:list": Page(read=ALL),
    "people:dashboard": Page(read=ALL),
    "people:me": Page(read=frozenset({Role.EMPLOYEE})),  # others have no record: 404
    "people:create": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "people:detail": Page(read=ALL),
    "people:edit": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "people:audit": Page(read=frozenset({Role.OWNER, Role.HR, Role.AUDITOR})),
    "people:family_create": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "people:family_edit": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "people:family_delete": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "people:qualification_create": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "people:qualification_edit": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "people:qualification_delete": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "people:document_upload": Page(
        read=PEOPLE_WRITERS | {Role.EMPLOYEE}, write=PEOPLE_WRITERS | {Role.EMPLOYEE}
    ),
    # Employees renew the self-service kinds (the matrix's documents are passports).
    "people:document_renew": Page(
        read=PEOPLE_WRITERS | {Role.EMPLOYEE}, write=PEOPLE_WRITERS | {Role.EMPLOYEE}
    ),
    # A manager without HR's grant may not open their report's passport.
    "people:document_download": Page(read=SENSITIVE_READERS),
    "people:managers": Page(read=PEOPLE_WRITERS),
    "people:manager_grant": Page(write=PEOPLE_WRITERS, get=False, post_data={"sees_details": "1"}),
    # Provider assignments: owners and HR decide who sees whom; ending one asks first.
    "people:assignment_create": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "people:assignment_end": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    # --- rules-engine pages -------------------------------------------------------------------
    "mobility:eligibility": Page(read=EMPLOYER_STAFF),
    "mobility:assessment_json": Page(read=EMPLOYER_STAFF),
    "mobility:person_options": Page(read=EMPLOYER_STAFF),
    "pension:calculator": Page(read=EMPLOYER),  # employees calculate their own pension
    # --- mobility cases -----------------------------------------------------------------------
    "mobility:case_list": Page(read=ALL),  # employees are sent to their own case
    "mobility:case_start": Page(write=PEOPLE_WRITERS, get=False),
    "mobility:case_detail": Page(read=ALL),
    "mobility:case_close": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "mobility:case_assign_provider": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "mobility:case_family": Page(write=PEOPLE_WRITERS, get=False),
    "mobility:milestone_update": Page(write=PEOPLE_WRITERS, get=False),
    # The matrix's checklist item is a passport, a kind employees upload themselves.
    "mobility:checklist_upload": Page(
        read=PEOPLE_WRITERS | {Role.EMPLOYEE}, write=PEOPLE_WRITERS | {Role.EMPLOYEE}
    ),
    "mobility:my_case": Page(read=frozenset({Role.EMPLOYEE})),
    # --- compliance ---------------------------------------------------------------------------
    "compliance:dashboard": Page(read=EMPLOYER),
    "compliance:export": Page(read=EMPLOYER),
    "compliance:calendar": Page(read=EMPLOYER, write=EMPLOYER),
    "compliance:duty_status": Page(write=PEOPLE_WRITERS, get=False),
    "compliance:duty_detail": Page(read=EMPLOYER, write=PEOPLE_WRITERS),
    "compliance:ics_feed": Public("the secret token is the credential; unknown tokens 404"),
    # --- care ---------------------------------------------------------------------------------
    # The matrix's own enrolments are requests in a module of the tenant's provider; the
    # unassigned person's is in a module of a provider off the platform, which HR decides.
    "care:enrolment_list": Page(read=EMPLOYER_STAFF | PROVIDERS),
    # The list as CSV/XLSX, with the person fields each module declares.
    "care:enrolment_export": Page(read=EMPLOYER_STAFF | PROVIDERS),
    "care:enrolment_detail": Page(read=EMPLOYER_STAFF | PROVIDERS),
    "care:enrolment_confirm": Page(write=PROVIDERS, get=False, write_unassigned=PEOPLE_WRITERS),
    "care:enrolment_reject": Page(write=PROVIDERS, get=False, write_unassigned=PEOPLE_WRITERS),
    "care:enrolment_activate": Page(write=PEOPLE_WRITERS | PROVIDERS, get=False),
    "care:enrolment_end": Page(write=PEOPLE_WRITERS | PROVIDERS, get=False),
    "care:enrolment_comment": Page(write=PEOPLE_WRITERS | PROVIDERS, get=False),
    # The matrix's enrolments are requests in a module that is no proof of insurance: nobody
    # files a certificate on them (the allowed path: tests/care/test_certificates.py).
    "care:enrolment_certificate": Page(write=NOBODY, get=False),
    "care:module_list": Page(read=EMPLOYER_STAFF | PROVIDERS),
    "care:module_create": Page(read=ORG_ADMINS, write=ORG_ADMINS),
    "care:module_detail": Page(read=EMPLOYER_STAFF | PROVIDERS),
    "care:module_edit": Page(read=ORG_ADMINS, write=ORG_ADMINS),
    "care:module_delete": Page(read=ORG_ADMINS, write=ORG_ADMINS),
    "care:package_list": Page(read=EMPLOYER_STAFF),
    "care:package_create": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "care:package_edit": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "care:package_delete": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "care:person_care": Page(read=EMPLOYER_STAFF),
    "care:my_care": Page(read=frozenset({Role.EMPLOYEE})),
    # The matrix's tenant offers no confidential module: the refusal is a message, not a 4xx.
    "care:my_care_enrol": Page(write=frozenset({Role.EMPLOYEE}), get=False),
    # Managers see no costs: sums over a handful of reports would expose confidential care.
    "care:cost_report": Page(read=TENANT_WIDE),
    "care:cost_export": Page(read=TENANT_WIDE),
    "care:person_assign": Page(write=PEOPLE_WRITERS, get=False),
    "care:person_enrol": Page(read=PEOPLE_WRITERS, write=PEOPLE_WRITERS),
    "care:suggestion_accept": Page(write=PEOPLE_WRITERS, get=False),
    "care:suggestion_dismiss": Page(write=PEOPLE_WRITERS, get=False),
}

# Whole URL families declared at once: the admin generates URLs per registered model.
PAGE_FAMILIES: dict[str, Expectation] = {
    "admin:": PlatformStaff(),
    "platform-admin/": PlatformStaff(),
}


def expectation_for(key: str) -> Expectation | None:
    if key in PAGES:
        return PAGES[key]
    return next((rule for prefix, rule in PAGE_FAMILIES.items() if key.startswith(prefix)), None)


API: dict[str, Operation] = {
    "me_read": Operation(allowed=ALL),
    "person_list": Operation(allowed=ALL),
    "person_read": Operation(allowed=ALL),
    "person_update": Operation(allowed=PEOPLE_WRITERS, body={"job_title": "Changed"}),
    "assessment_create": Operation(allowed=ALL, body=ASSESSMENT_EXAMPLE),
    "pension_calculation_create": Operation(allowed=ALL, body=PENSION_EXAMPLE),
    # Cases: provider users see the cases of assigned people; employees their own.
    "case_list": Operation(allowed=ALL),
    "case_read": Operation(allowed=ALL),
    "milestone_update": Operation(allowed=PEOPLE_WRITERS, body={"notes": "Changed"}),
    # Obligations: provider users get an empty list, not a refusal (they have no duties).
    "obligation_list": Operation(allowed=ALL),
    "calendar_feed_create": Operation(allowed=EMPLOYER),
    "calendar_feed_revoke": Operation(allowed=ALL),  # revoking one's own (or no) link
    # Care: the matrix's own enrolments are requests in the tenant provider's module; the
    # unassigned person's is in an off-platform module, which HR decides in the provider's place.
    "care_module_list": Operation(allowed=EMPLOYER_STAFF | PROVIDERS),
    "care_enrolment_list": Operation(allowed=ALL),  # employees: their own (an empty list)
    "care_enrolment_create": Operation(
        allowed=PEOPLE_WRITERS,
        body=lambda world: {
            "person_id": world.alpha.tenant.other_person.pk,
            "module_id": world.alpha.care["provider_module"],
            "start_date": "2026-02-01",
        },
    ),
    "care_enrolment_read": Operation(allowed=ALL),
    "care_enrolment_update": Operation(
        allowed=PROVIDERS, allowed_unassigned=PEOPLE_WRITERS, body={"status": "confirmed"}
    ),
    "care_costs_read": Operation(allowed=TENANT_WIDE),
}

# URL keyword arguments that name an object, with the scopes each can be tested in.
OBJECT_KWARGS: dict[str, tuple[str, ...]] = {
    "person_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "family_member_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "qualification_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "document_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "version_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "membership_id": (OWN, OTHER_TENANT),
    "manager_id": (OWN, OTHER_TENANT),
    "invitation_id": (OWN, OTHER_TENANT),
    "token_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "case_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "milestone_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "item_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "duty_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "assignment_id": (OWN, UNASSIGNED, OTHER_TENANT),
    "enrolment_id": (OWN, UNASSIGNED, OTHER_TENANT),
    # Catalog rows: a provider's own module, else the employer's own off-platform module.
    "module_id": (OWN, OTHER_TENANT),
    "package_id": (OWN, OTHER_TENANT),
}
# Values for the arguments of public and admin URLs, which name no tenant object.
FIXED_KWARGS: dict[str, str] = {
    "app_label": "auth",
    "content_type_id": "1",
    "object_id": "1",
    "url": "nowhere/",
    "key": "abc-def",
    "uidb36": "1",
}

# ---------------------------------------------------------------------------------------------
# Enumeration
# ---------------------------------------------------------------------------------------------

_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class UrlEntry:
    key: str
    name: str | None
    route: str
    kwargs: tuple[str, ...]
    is_api_operation: bool


def _walk(
    resolver: URLResolver, prefix: str = "", namespaces: tuple[str, ...] = ()
) -> Iterator[UrlEntry]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            extra = (pattern.namespace,) if pattern.namespace else ()
            yield from _walk(pattern, route, namespaces + extra)
            continue
        assert isinstance(pattern, URLPattern)
        name = ":".join((*namespaces, pattern.name)) if pattern.name else None
        kwargs = tuple(_CONVERTER.findall(route)) + tuple(_GROUP.findall(route))
        is_api = namespaces[:1] == ("api",) and name not in PAGES
        yield UrlEntry(name or route, name, route, kwargs, is_api)


URLS: list[UrlEntry] = list(_walk(get_resolver()))
OPENAPI: dict[str, Any] = api.get_openapi_schema()
API_OPERATIONS: list[tuple[str, str, str]] = [
    (operation["operationId"], method.upper(), path)
    for path, methods in OPENAPI["paths"].items()
    for method, operation in methods.items()
]


def _scopes(kwargs: tuple[str, ...]) -> tuple[str, ...]:
    object_kwargs = [name for name in kwargs if name in OBJECT_KWARGS]
    if not object_kwargs:
        return (NONE,)
    scopes = set(OBJECT_KWARGS[object_kwargs[0]])
    for name in object_kwargs[1:]:
        scopes &= set(OBJECT_KWARGS[name])
    return tuple(s for s in (OWN, UNASSIGNED, OTHER_TENANT) if s in scopes)


def _page_cases() -> Iterator[Any]:
    for entry in URLS:
        if entry.is_api_operation:
            continue
        expectation = expectation_for(entry.key)
        methods = ["GET"]
        if isinstance(expectation, Page) and expectation.write is not None:
            methods.append("POST")
        scopes = _scopes(entry.kwargs) if isinstance(expectation, Page) else (NONE,)
        for method in methods:
            for role in ROLES:
                for scope in scopes:
                    yield pytest.param(
                        entry, method, role, scope, id=f"{entry.key}-{method}-{role}-{scope}"
                    )


def _api_cases() -> Iterator[Any]:
    for operation_id, method, path in API_OPERATIONS:
        kwargs = tuple(re.findall(r"{(\w+)}", path))
        for role in ROLES:
            for scope in _scopes(kwargs):
                yield pytest.param(
                    operation_id, method, path, role, scope, id=f"{operation_id}-{role}-{scope}"
                )


# ---------------------------------------------------------------------------------------------
# The world: two tenants, every kind of object, a session per user
# ---------------------------------------------------------------------------------------------


@dataclass
class TenantObjects:
    tenant: Tenant
    invitations: dict[bool, Invitation]  # keyed by "is the provider's"
    tokens: dict[Role, PersonalAccessToken]
    by_person: dict[int, dict[str, int]]
    raw_tokens: dict[Role, str]
    care: dict[str, int]  # "provider_module", "employer_module", "package"


@dataclass
class World:
    alpha: TenantObjects
    beta: TenantObjects
    sessions: dict[tuple[str, Role], str]
    invitation_token: str


def _care_objects(tenant: Tenant) -> dict[str, int]:
    provider_module = CareModuleFactory(organization=tenant.provider)
    employer_module = CareModuleFactory(
        organization=tenant.organization,
        provider=None,
        provider_name="Off-platform GmbH",
        is_published=False,
    )
    package = PackageTemplateFactory(organization=tenant.organization)
    PackageItemFactory(package=package, module=provider_module)
    return {
        "provider_module": provider_module.pk,
        "employer_module": employer_module.pk,
        "package": package.pk,
    }


def _enrolment(person: Person, module_id: int) -> int:
    enrolment = EnrolmentFactory(
        person=person,
        module=CareModule.objects.get(pk=module_id),
        status="requested",
        start_date=dt.date(2026, 1, 1),
    )
    return int(enrolment.pk)


def _person_objects(person: Person) -> dict[str, int]:
    family = FamilyMemberFactory(person=person)
    qualification = QualificationFactory(person=person)
    document = DocumentFactory(person=person, kind="passport")
    version = DocumentVersionFactory(document=document)
    version.file.save("passport.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    case = make_case(person)
    # An employer duty: employees may read it but only change their own employee duties.
    duty = Duty.objects.create(
        organization=person.organization,
        person=person,
        code="DEUEV_REGISTRATION",
        due=dt.date(2026, 7, 13),
        responsible="employer",
        legal_basis="§ 6 DEÜV",
        source="https://www.gesetze-im-internet.de/de_v/__6.html",
    )
    return {
        "duty_id": duty.pk,
        "case_id": case.pk,
        "milestone_id": case.milestones.get(code="procedure_fee").pk,
        "item_id": case.checklist.get(code="passport").pk,
        "person_id": person.pk,
        "family_member_id": family.pk,
        "qualification_id": qualification.pk,
        "document_id": document.pk,
        "version_id": version.pk,
    }


def _assignments(tenant: Tenant, by_person: dict[int, dict[str, int]]) -> None:
    """The tenant's provider holds the assigned person and their case; the other people
    are assigned to a provider of no caller, so only HR may reach those assignments."""
    assigned = tenant.assigned_person
    ProviderAssignmentFactory(
        person=assigned,
        provider=tenant.provider,
        case=Case.objects.get(pk=by_person[assigned.pk]["case_id"]),
        service="Immigration law",
    )
    by_person[assigned.pk]["assignment_id"] = ProviderAssignment.objects.get(
        person=assigned, provider=tenant.provider, case__isnull=True
    ).pk
    stranger = ProviderOrganizationFactory()
    for person in (tenant.employee_person, tenant.other_person):
        assignment = ProviderAssignmentFactory(person=person, provider=stranger)
        by_person[person.pk]["assignment_id"] = assignment.pk


def _build(prefix: str) -> tuple[TenantObjects, str]:
    tenant = build_tenant(prefix)
    by_person = {
        person.pk: _person_objects(person)
        for person in (tenant.employee_person, tenant.assigned_person, tenant.other_person)
    }
    care = _care_objects(tenant)
    for person in (tenant.employee_person, tenant.assigned_person):
        by_person[person.pk]["enrolment_id"] = _enrolment(person, care["provider_module"])
    by_person[tenant.other_person.pk]["enrolment_id"] = _enrolment(
        tenant.other_person, care["employer_module"]
    )
    _assignments(tenant, by_person)
    raw_invitation = new_invitation_token()
    invitations = {}
    for is_provider, organization, role, inviter in (
        (False, tenant.organization, Role.EMPLOYEE, Role.HR),
        (True, tenant.provider, Role.PROVIDER_AGENT, Role.PROVIDER_ADMIN),
    ):
        raw = raw_invitation if not is_provider else new_invitation_token()
        invitations[is_provider] = Invitation.objects.create(
            organization=organization,
            email=f"new@{prefix}.test",
            role=role,
            token_hash=token_hash(raw),
            invited_by=tenant.users[inviter],
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
    tokens = {}
    raw_tokens = {}
    for role, user in tenant.users.items():
        raw = new_access_token()
        raw_tokens[role] = raw
        tokens[role] = PersonalAccessToken.objects.create(
            user=user,
            organization=tenant.provider if role in PROVIDERS else tenant.organization,
            name="matrix",
            prefix=raw[:10],
            token_hash=token_hash(raw),
        )
    return (
        TenantObjects(tenant, invitations, tokens, by_person, raw_tokens, care),
        raw_invitation,
    )


def _session_for(user: User) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return str(store.session_key)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once; every test's own transaction is a savepoint inside this one."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            alpha, raw_invitation = _build("alpha")
            beta, _ = _build("beta")
            sessions = {
                (name, role): _session_for(objects.tenant.users[role])
                for name, objects in (("alpha", alpha), ("beta", beta))
                for role in Role
            }
            yield World(alpha, beta, sessions, raw_invitation)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _person_for(objects: TenantObjects, role: Role, scope: str) -> Person:
    tenant = objects.tenant
    if scope == UNASSIGNED:
        return tenant.other_person
    if role == Role.EMPLOYEE:
        return tenant.employee_person
    return tenant.assigned_person


def _colleague(role: Role) -> Role:
    """Another role of the same organisation."""
    if role in PROVIDERS:
        return Role.PROVIDER_ADMIN if role == Role.PROVIDER_AGENT else Role.PROVIDER_AGENT
    return Role.MANAGER if role == Role.EMPLOYEE else Role.EMPLOYEE


def _membership_id(objects: TenantObjects, role: Role) -> int:
    """A membership of the caller's own organisation other than the caller's own."""
    tenant = objects.tenant
    organization = tenant.provider if role in PROVIDERS else tenant.organization
    membership = Membership.objects.filter(
        user=tenant.users[_colleague(role)], organization=organization
    ).first()
    assert membership is not None
    return membership.pk


def _object_kwargs(
    world: World, kwargs: tuple[str, ...], role_name: str, scope: str
) -> dict[str, Any]:
    role = Role.HR if role_name == ANONYMOUS else Role(role_name)
    objects = world.beta if scope == OTHER_TENANT else world.alpha
    values: dict[str, Any] = {}
    for name in kwargs:
        if name == "token":
            values[name] = world.invitation_token
        elif name in FIXED_KWARGS:
            values[name] = FIXED_KWARGS[name]
        elif name in {"person_id", "family_member_id", "qualification_id"} | {
            "document_id",
            "version_id",
            "case_id",
            "milestone_id",
            "item_id",
            "duty_id",
            "enrolment_id",
            "assignment_id",
        }:
            person = _person_for(objects, role, scope)
            values[name] = objects.by_person[person.pk][name]
        elif name == "module_id":
            key = "provider_module" if role in PROVIDERS else "employer_module"
            values[name] = objects.care[key]
        elif name == "package_id":
            values[name] = objects.care["package"]
        elif name == "membership_id":
            values[name] = _membership_id(objects, role)
        elif name == "manager_id":
            values[name] = Membership.objects.get(
                user=objects.tenant.users[Role.MANAGER], organization=objects.tenant.organization
            ).pk
        elif name == "invitation_id":
            values[name] = objects.invitations[role in PROVIDERS].pk
        elif name == "token_id":
            # Unassigned: a colleague's token in the same organisation.
            owner = _colleague(role) if scope == UNASSIGNED else role
            values[name] = objects.tokens[owner].pk
        else:
            pytest.fail(
                f"URL argument {name!r} has no value provider: add it to OBJECT_KWARGS and "
                f"_object_kwargs (tenant objects) or FIXED_KWARGS (public/admin URLs) in {__file__}"
            )
    return values


def _path(entry: UrlEntry, kwargs: dict[str, Any]) -> str:
    if entry.name is not None:
        return reverse(entry.name, kwargs=kwargs)
    route = _CONVERTER.sub(lambda m: str(kwargs[m.group(1)]), entry.route)
    route = _GROUP.sub(lambda m: str(kwargs[m.group(1)]), route)
    return "/" + route.replace("^", "").replace("$", "")


@pytest.fixture(scope="module")
def shared_client() -> Client:
    """One client (one handler, middleware loaded once) whose cookies each test replaces."""
    return Client()


def _client(client: Client, world: World, role_name: str) -> Client:
    client.cookies = SimpleCookie()
    if role_name != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[("alpha", Role(role_name))]
    return client


def _fingerprint() -> dict[str, Any]:
    """Row counts and latest modification of every table: a refused request changes neither."""
    state: dict[str, Any] = {}
    for model in apps.get_models():
        if model._meta.label_lower in {"sessions.session"}:
            continue  # sessions are touched by any request (messages, CSRF rotation)
        manager = model._default_manager
        state[model._meta.label_lower] = manager.count()
        if any(f.name == "updated_at" for f in model._meta.get_fields()):
            state[f"{model._meta.label_lower}.updated_at"] = manager.aggregate(m=Max("updated_at"))[
                "m"
            ]
    return state


def _is_login_redirect(response: Any, login: str = "/accounts/login/") -> bool:
    return response.status_code == 302 and str(response.get("Location", "")).startswith(login)


# ---------------------------------------------------------------------------------------------
# Completeness
# ---------------------------------------------------------------------------------------------


def test_every_url_pattern_has_a_declared_expectation() -> None:
    missing = sorted(
        e.key for e in URLS if not e.is_api_operation and expectation_for(e.key) is None
    )
    assert not missing, (
        "These URL patterns have no entry in PAGES of tests/security/test_access_matrix.py: "
        f"{missing}. Adding a view without covering it fails the test: declare which roles "
        "may GET and POST it (or that it is public)."
    )


def test_no_stale_declarations() -> None:
    keys = {e.key for e in URLS}
    stale = sorted(set(PAGES) - keys)
    assert not stale, f"PAGES declares URL names that no longer exist: {stale}"
    operation_ids = {operation_id for operation_id, _, _ in API_OPERATIONS}
    stale_api = sorted(set(API) - operation_ids)
    assert not stale_api, f"API declares operations that no longer exist: {stale_api}"


def test_every_api_operation_has_a_declared_expectation() -> None:
    missing = sorted({op for op, _, _ in API_OPERATIONS} - set(API))
    assert not missing, (
        "These API operations have no entry in API of tests/security/test_access_matrix.py: "
        f"{missing}. Adding an operation without covering it fails the test."
    )


def test_every_api_url_pattern_is_an_operation() -> None:
    """URL patterns under /api/v1/ that are not operations would escape the API matrix."""
    operation_paths = {path for _, _, path in API_OPERATIONS}
    for entry in URLS:
        if entry.is_api_operation:
            path = "/" + _CONVERTER.sub(lambda m: "{" + m.group(1) + "}", entry.route)
            assert path in operation_paths, f"{entry.route} is not in the OpenAPI document"


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def _expect_page(
    expectation: Expectation, entry: UrlEntry, method: str, role: str, scope: str, response: Any
) -> None:
    status = response.status_code
    where = f"{method} {entry.key} as {role} ({scope}) -> {status} {response.get('Location', '')}"
    assert status < 500, where
    if isinstance(expectation, Public):
        if role == ANONYMOUS:
            assert status in (200, 301, 302, 303, 404, 405), where
        return
    if isinstance(expectation, AlwaysNotFound):
        assert status == 404, where
        return
    if isinstance(expectation, PlatformStaff):
        assert _is_login_redirect(response, "/platform-admin/login/"), where
        return
    assert isinstance(expectation, Page)
    if role == ANONYMOUS:
        assert _is_login_redirect(response) or status == 405, where
        return
    if method == "GET" and not expectation.get:
        assert status == 405, where
        return
    if Role(role) in expectation.allowed(method, scope):
        # Allowed: anything but a refusal; an empty form may well be answered with 422.
        assert status not in (401, 403, 404, 405), where
        assert not _is_login_redirect(response), where
    else:
        assert status in REFUSED, where


@pytest.mark.parametrize(("entry", "method", "role", "scope"), list(_page_cases()))
def test_page(
    world: World,
    shared_client: Client,
    db: None,
    entry: UrlEntry,
    method: str,
    role: str,
    scope: str,
) -> None:
    expectation = expectation_for(entry.key)
    if expectation is None:
        pytest.fail(
            f"{entry.key} ({entry.route}) has no entry in PAGES: adding a view without "
            "covering it in tests/security/test_access_matrix.py fails the test."
        )
    kwargs = (
        _object_kwargs(world, entry.kwargs, role, scope)
        if isinstance(expectation, Page)
        else {name: FIXED_KWARGS.get(name, "x") for name in entry.kwargs}
    )
    if "token" in entry.kwargs:
        kwargs["token"] = world.invitation_token
    path = _path(entry, kwargs)
    client = _client(shared_client, world, role)
    if method == "GET":
        response = client.get(path)
        _expect_page(expectation, entry, method, role, scope, response)
        return
    assert isinstance(expectation, Page)
    refused = role == ANONYMOUS or Role(role) not in expectation.allowed("POST", scope)
    before = _fingerprint() if refused else None
    response = client.post(path, expectation.post_data)
    _expect_page(expectation, entry, method, role, scope, response)
    if refused:
        assert _fingerprint() == before, f"refused POST {entry.key} as {role} changed data"


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("operation_id", "method", "path", "role", "scope"), list(_api_cases()))
def test_api_operation(
    world: World,
    shared_client: Client,
    db: None,
    operation_id: str,
    method: str,
    path: str,
    role: str,
    scope: str,
) -> None:
    expectation = API.get(operation_id)
    if expectation is None:
        pytest.fail(
            f"API operation {operation_id} ({method} {path}) has no entry in API: adding an "
            "operation without covering it in tests/security/test_access_matrix.py fails."
        )
    kwargs = re.findall(r"{(\w+)}", path)
    values = _object_kwargs(world, tuple(kwargs), role, scope)
    url = path.format(**values)
    client = _client(shared_client, world, role)
    allowed = role != ANONYMOUS and Role(role) in expectation.roles_for(scope)
    before = None if allowed or method == "GET" else _fingerprint()
    if method == "GET":
        response = client.get(url)
    else:
        response = client.generic(
            method, url, data=_json(_body(expectation, world)), content_type="application/json"
        )
    where = f"{method} {url} ({operation_id}) as {role} ({scope}) -> {response.status_code}"
    if role == ANONYMOUS:
        assert response.status_code == 401, where
    elif allowed:
        assert 200 <= response.status_code < 300, f"{where}: {response.content[:300]!r}"
    elif scope == OTHER_TENANT:
        assert response.status_code == 404, where
    else:
        assert response.status_code in REFUSED, where
    if before is not None:
        assert _fingerprint() == before, f"refused {where} changed data"


def _body(expectation: Operation, world: World) -> dict[str, Any] | None:
    body = expectation.body
    return body(world) if callable(body) else body


def _json(body: dict[str, Any] | None) -> str:
    return json.dumps(body or {})


# Roles that must use a second factor in these cases (production's default).
MFA_ROLES = frozenset({Role.OWNER, Role.HR})


def _token_cases() -> Iterator[Any]:
    for operation_id, method, path in API_OPERATIONS:
        for role in Role:
            for has_factor in (False, True):
                yield pytest.param(
                    operation_id,
                    method,
                    path,
                    role,
                    has_factor,
                    id=f"{operation_id}-{role.value}-{'factor' if has_factor else 'nofactor'}",
                )


@pytest.mark.parametrize(
    ("operation_id", "method", "path", "role", "has_factor"), list(_token_cases())
)
def test_api_operation_with_a_token_under_mfa(
    world: World,
    shared_client: Client,
    db: None,
    settings: Any,
    operation_id: str,
    method: str,
    path: str,
    role: Role,
    has_factor: bool,
) -> None:
    """A token never gets past the second factor its membership's role requires."""
    from allauth.mfa.models import Authenticator

    settings.EXPATCARE_MFA_REQUIRED_ROLES = [r.value for r in MFA_ROLES]
    user = world.alpha.tenant.users[role]
    if has_factor:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    expectation = API[operation_id]
    values = _object_kwargs(world, tuple(re.findall(r"{(\w+)}", path)), role.value, OWN)
    url = path.format(**values)
    client = _client(shared_client, world, ANONYMOUS)
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {world.alpha.raw_tokens[role]}"}
    before = None if method == "GET" else _fingerprint()
    if method == "GET":
        response = client.get(url, **headers)
    else:
        response = client.generic(
            method,
            url,
            data=_json(_body(expectation, world)),
            content_type="application/json",
            **headers,
        )
    where = f"{method} {url} ({operation_id}) by token as {role} -> {response.status_code}"
    blocked = role in MFA_ROLES and not has_factor
    if blocked:
        assert response.status_code == 403, where
        assert response.json()["code"] == "mfa_required", where
        if before is not None:
            assert _fingerprint() == before, f"refused {where} changed data"
    elif role in expectation.roles_for(OWN):
        assert 200 <= response.status_code < 300, f"{where}: {response.content[:300]!r}"
    else:
        assert response.status_code in REFUSED, where
