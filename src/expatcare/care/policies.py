"""Who may see and change care modules, packages and enrolments.

``visible_*`` querysets are where every read starts; ``can_*`` answer yes or no; ``access_*``
load one row by id and are the only way to do so: a row the actor may not see raises
``Http404`` (ids of other tenants are not even confirmed), a row they may see but not change
raises ``PermissionDenied``.

Catalog: a provider tenant publishes modules; every employer sees the published, available
modules of all providers plus its own (modules of providers that are not on the platform).
Enrolments belong to the employer that pays. Employer staff see them all except confidential
ones, which nobody of the employer sees one by one (only aggregates, ``care.costs``); a
provider sees the enrolments in its own modules; an employee their own and their family's.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.roles import PEOPLE_WRITER_ROLES, Role
from expatcare.care.models import CareModule, Enrolment, EnrolmentComment, PackageTemplate
from expatcare.core.errors import PermissionDenied
from expatcare.people.models import Person
from expatcare.people.policies import is_own_record, is_own_report

# Roles that manage an employer's own modules, packages and enrolments.
CARE_WRITER_ROLES = PEOPLE_WRITER_ROLES
# Roles of a provider tenant that change its catalog; agents work on enrolments only.
CATALOG_PROVIDER_ROLES = frozenset({Role.PROVIDER_ADMIN})


def visible_modules(actor: Actor) -> QuerySet[CareModule]:
    """Modules the actor may see: a provider its own; an employer tenant the published ones
    of every provider and its own."""
    modules = CareModule.objects.all()
    if actor.is_provider:
        return modules.filter(organization_id=actor.organization_id)
    if actor.is_employer_staff or actor.role == Role.EMPLOYEE:
        return modules.filter(
            Q(organization_id=actor.organization_id)
            | Q(is_published=True, is_active=True, provider_id=F("organization_id"))
        )
    return modules.none()


def can_browse_care(actor: Actor) -> bool:
    """The catalog and enrolment pages: employer staff and providers (employees get their own
    view of what they have)."""
    return actor.is_employer_staff or actor.is_provider


def can_see_costs(actor: Actor) -> bool:
    """Prices of the employer's own enrolments: owner, HR and auditor (not managers, whose
    few reports would make a confidential enrolment recognisable in the sums; not employees,
    not providers)."""
    return actor.sees_whole_tenant


def billable_enrolments(actor: Actor) -> QuerySet[Enrolment]:
    """Every enrolment the employer pays for, confidential ones included, for sums only:
    the cost report and its exports never list a confidential enrolment on its own."""
    if not can_see_costs(actor):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(organization_id=actor.organization_id)


def can_manage_catalog(actor: Actor) -> bool:
    """Provider admins publish their modules; owners and HR add off-platform ones."""
    return actor.role in CATALOG_PROVIDER_ROLES or actor.role in CARE_WRITER_ROLES


def can_change_module(actor: Actor, module: CareModule) -> bool:
    return module.organization_id == actor.organization_id and can_manage_catalog(actor)


def can_manage_packages(actor: Actor) -> bool:
    return actor.role in CARE_WRITER_ROLES


def can_request_enrolment(actor: Actor) -> bool:
    return actor.role in CARE_WRITER_ROLES


def visible_packages(actor: Actor) -> QuerySet[PackageTemplate]:
    if not actor.is_employer_staff:
        return PackageTemplate.objects.none()
    return PackageTemplate.objects.filter(organization_id=actor.organization_id)


def visible_enrolments(actor: Actor) -> QuerySet[Enrolment]:
    """Enrolments the actor may see one by one; every read of enrolments starts here."""
    enrolments = Enrolment.objects.all()
    if actor.sees_whole_tenant:
        return enrolments.filter(organization_id=actor.organization_id, confidential=False)
    if actor.is_manager:
        return enrolments.filter(
            organization_id=actor.organization_id,
            confidential=False,
            person__manager_id=actor.membership.pk,
        )
    if actor.role == Role.EMPLOYEE:
        return enrolments.filter(
            organization_id=actor.organization_id, confidential=False, person__user=actor.user
        )
    if actor.is_provider:
        return enrolments.filter(provider_id=actor.organization_id)
    return enrolments.none()


def can_see_person_enrolments(actor: Actor, person: Person) -> bool:
    """Whether a person's page lists their enrolments: staff who see the whole tenant, a
    manager for a report (``visible_enrolments`` holds nothing else for them), the employee
    on their own page. Providers see enrolments only on the care pages, minimised there."""
    if person.organization_id != actor.organization_id or actor.is_provider:
        return False
    if actor.is_manager:
        return is_own_report(actor, person)
    return actor.sees_whole_tenant or is_own_record(actor, person)


def can_decide_enrolment(actor: Actor, enrolment: Enrolment) -> bool:
    """Confirm or reject a request: the provider of the module (off-platform: HR for it)."""
    if enrolment.provider_id is not None:
        return actor.is_provider and enrolment.provider_id == actor.organization_id
    return enrolment.organization_id == actor.organization_id and actor.role in CARE_WRITER_ROLES


def can_run_enrolment(actor: Actor, enrolment: Enrolment) -> bool:
    """Start or end an enrolment: the paying employer's HR, or the module's provider."""
    if actor.is_provider:
        return enrolment.provider_id == actor.organization_id
    return enrolment.organization_id == actor.organization_id and actor.role in CARE_WRITER_ROLES


#: Statuses in which the enrolment covers the person, so its certificate may be filed.
CERTIFICATE_STATUSES = ("confirmed", "active")


def can_upload_certificate(actor: Actor, enrolment: Enrolment) -> bool:
    """File the insurance certificate: a confirmed or running, named (never confidential)
    enrolment in a module that counts as proof of health insurance; HR or the provider."""
    return (
        enrolment.module.counts_as_health_insurance_proof
        and not enrolment.confidential
        and enrolment.person_id is not None
        and enrolment.status in CERTIFICATE_STATUSES
        and can_run_enrolment(actor, enrolment)
    )


def provider_certificate_enrolments(actor: Actor, person_id: int) -> QuerySet[Enrolment]:
    """The enrolments whose certificate this provider may file for the person."""
    if not actor.is_provider:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        provider_id=actor.organization_id,
        person_id=person_id,
        confidential=False,
        status__in=CERTIFICATE_STATUSES,
        module__counts_as_health_insurance_proof=True,
    )


def can_comment(actor: Actor, enrolment: Enrolment) -> bool:
    return can_run_enrolment(actor, enrolment)


def access_module(actor: Actor, module_id: int, *, for_write: bool = False) -> CareModule:
    module = visible_modules(actor).filter(pk=module_id).first()
    if module is None:
        raise Http404(_("No such care module."))
    if for_write and not can_change_module(actor, module):
        raise PermissionDenied(_("You may not change this care module."))
    return module


def access_package(actor: Actor, package_id: int, *, for_write: bool = False) -> PackageTemplate:
    package = visible_packages(actor).filter(pk=package_id).first()
    if package is None:
        raise Http404(_("No such care package."))
    if for_write and not can_manage_packages(actor):
        raise PermissionDenied(_("You may not change care packages."))
    return package


def access_enrolment(actor: Actor, enrolment_id: int) -> Enrolment:
    enrolment = (
        visible_enrolments(actor)
        .filter(pk=enrolment_id)
        .select_related("module", "person", "family_member", "package")
        .first()
    )
    if enrolment is None:
        raise Http404(_("No such enrolment."))
    return enrolment


def visible_comments(actor: Actor, enrolment: Enrolment) -> QuerySet[EnrolmentComment]:
    """Comments are for HR and the provider; the employee sees the enrolment, not the notes."""
    if actor.role == Role.EMPLOYEE:
        return EnrolmentComment.objects.none()
    return EnrolmentComment.objects.filter(
        enrolment=enrolment, organization_id=enrolment.organization_id
    )
