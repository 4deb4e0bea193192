"""Writes of the care catalog and the package templates (audited, transactional)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.audit.services import audit_record, diff, snapshot
from expatcare.care import policies, versions
from expatcare.care import validation as cv
from expatcare.care.actions import CareAction
from expatcare.care.errors import CareErrorCode
from expatcare.care.models import (
    CareModule,
    Enrolment,
    PackageItem,
    PackageTemplate,
)
from expatcare.core.errors import CoreErrorCode, PermissionDenied, ServiceError

MODULE_AUDITED = (*(n for n in cv.MODULE_FIELDS if n != "core_module"), "core_module_id")


# --- catalog -----------------------------------------------------------------------------------


def _core_module(actor: Actor, module_id: Any, *, this: CareModule | None) -> CareModule | None:
    if module_id in (None, ""):
        return None
    core = policies.visible_modules(actor).filter(pk=int(module_id)).first()
    if core is None or (this is not None and core.pk == this.pk):
        raise ServiceError(
            _("Choose a core module of the catalog."),
            field="core_module",
            code=CareErrorCode.CORE_MODULE_INVALID,
        )
    if core.core_module_id is not None:
        raise ServiceError(
            _("An add-on cannot be the core of another add-on."),
            field="core_module",
            code=CareErrorCode.CORE_MODULE_INVALID,
        )
    return core


def _module_values(
    actor: Actor, values: Mapping[str, Any], *, this: CareModule | None
) -> dict[str, Any]:
    data = dict(values)
    core_id = data.pop("core_module", None)
    cleaned = cv.clean_fields(data, cv.MODULE_FIELD_CLEANERS)
    cleaned["core_module"] = (
        _core_module(actor, core_id, this=this)
        if "core_module" in values
        else (this.core_module if this is not None else None)
    )
    return cleaned


def module_create(*, actor: Actor, values: Mapping[str, Any]) -> CareModule:
    """A provider publishes a module; HR adds one of a provider that is not on the platform."""
    if not policies.can_manage_catalog(actor):
        raise PermissionDenied(_("You may not change the care catalog."))
    cleaned = _module_values(actor, values, this=None)
    if actor.is_provider:
        cleaned["provider_name"] = actor.organization.name
    elif not cleaned.get("provider_name"):
        raise ServiceError(
            _("Name the provider."), field="provider_name", code=CareErrorCode.REQUIRED
        )
    merged = {
        "covers_employee": True,
        "vat_treatment": "exempt",
        "vat_rate": Decimal("0.00"),
        **cleaned,
    }
    cv.check_module_consistency(merged)
    module = CareModule(organization_id=actor.organization_id, **merged)
    if actor.is_provider:
        module.provider_id = actor.organization_id
    else:
        module.is_published = False  # an employer's own entry is never offered to others
    with transaction.atomic():
        _save_unique_code(module)
        audit_record(
            actor=actor,
            action=CareAction.MODULE_CREATE,
            obj=module,
            changes={
                name: [None, value] for name, value in snapshot(module, MODULE_AUDITED).items()
            },
        )
    return module


def _save_unique_code(module: CareModule) -> None:
    try:
        with transaction.atomic():
            module.save()
            versions.catalog_changed()
    except IntegrityError:
        raise ServiceError(
            _("A module with this code exists already."), field="code", code=CoreErrorCode.INVALID
        ) from None


def module_update(*, actor: Actor, module: CareModule, values: Mapping[str, Any]) -> CareModule:
    if not policies.can_change_module(actor, module):
        raise PermissionDenied(_("You may not change this care module."))
    cleaned = _module_values(actor, values, this=module)
    if actor.is_provider:
        cleaned.pop("provider_name", None)
    else:
        cleaned["is_published"] = False
    before = snapshot(module, MODULE_AUDITED)
    merged = {**{name: getattr(module, name) for name in cv.MODULE_FIELDS}, **cleaned}
    cv.check_module_consistency(merged)
    for name, value in cleaned.items():
        setattr(module, name, value)
    with transaction.atomic():
        _save_unique_code(module)
        changes = diff(before, snapshot(module, MODULE_AUDITED))
        if changes:
            audit_record(actor=actor, action=CareAction.MODULE_UPDATE, obj=module, changes=changes)
    return module


def module_delete(*, actor: Actor, module: CareModule) -> None:
    """Only a module nobody was ever enrolled in, that no package or add-on uses, is deleted;
    otherwise it is marked unavailable, so costs and history keep their module."""
    if not policies.can_change_module(actor, module):
        raise PermissionDenied(_("You may not change this care module."))
    in_use = (
        Enrolment.objects.filter(module=module).exists()
        or PackageItem.objects.filter(module=module).exists()
        or CareModule.objects.filter(core_module=module).exists()
    )
    if in_use:
        raise ServiceError(
            _(
                "This module is in use (enrolments, packages or add-ons); "
                "mark it unavailable instead."
            ),
            field="module",
            code=CareErrorCode.MODULE_IN_USE,
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=CareAction.MODULE_DELETE,
            obj=module,
            changes={"code": [module.code, None]},
        )
        module.delete()


# --- packages ----------------------------------------------------------------------------------


def _package_modules(actor: Actor, module_ids: Iterable[Any]) -> list[CareModule]:
    ids = [int(pk) for pk in module_ids if str(pk).strip()]
    modules = {m.pk: m for m in policies.visible_modules(actor).filter(pk__in=ids, is_active=True)}
    if len(modules) != len(set(ids)):
        raise ServiceError(
            _("Choose available modules of the catalog."),
            field="modules",
            code=CareErrorCode.MODULE_NOT_AVAILABLE,
        )
    if not modules:
        raise ServiceError(
            _("Choose at least one module."), field="modules", code=CareErrorCode.PACKAGE_EMPTY
        )
    for module in modules.values():
        if module.core_module_id is not None and module.core_module_id not in modules:
            raise ServiceError(
                _("The add-on “%(module)s” needs its core module in the package.")
                % {"module": module.name_en},
                field="modules",
                code=CareErrorCode.CORE_MODULE_MISSING,
            )
    # Cores before their add-ons, so an assignment can enrol in that order.
    return sorted(modules.values(), key=lambda m: (m.core_module_id is not None, m.name_en, m.pk))


def _set_items(package: PackageTemplate, modules: Sequence[CareModule]) -> None:
    PackageItem.objects.filter(package=package).delete()
    PackageItem.objects.bulk_create(
        PackageItem(organization_id=package.organization_id, package=package, module=m, position=i)
        for i, m in enumerate(modules)
    )


def _save_package(package: PackageTemplate) -> None:
    try:
        with transaction.atomic():
            package.save()
            versions.enrolments_changed(package.organization_id)
    except IntegrityError:
        raise ServiceError(
            _("A package with this name exists already."), field="name", code=CoreErrorCode.INVALID
        ) from None


def package_create(
    *, actor: Actor, values: Mapping[str, Any], module_ids: Iterable[Any]
) -> PackageTemplate:
    if not policies.can_manage_packages(actor):
        raise PermissionDenied(_("You may not change care packages."))
    cleaned = cv.clean_fields(values, cv.PACKAGE_FIELD_CLEANERS)
    modules = _package_modules(actor, module_ids)
    package = PackageTemplate(organization_id=actor.organization_id, **cleaned)
    with transaction.atomic():
        _save_package(package)
        _set_items(package, modules)
        audit_record(
            actor=actor,
            action=CareAction.PACKAGE_CREATE,
            obj=package,
            changes={
                **{k: [None, v] for k, v in snapshot(package, cv.PACKAGE_FIELD_CLEANERS).items()},
                "modules": [None, [m.code for m in modules]],
            },
        )
    return package


def package_update(
    *,
    actor: Actor,
    package: PackageTemplate,
    values: Mapping[str, Any],
    module_ids: Iterable[Any] | None = None,
) -> PackageTemplate:
    if package.organization_id != actor.organization_id or not policies.can_manage_packages(actor):
        raise PermissionDenied(_("You may not change care packages."))
    cleaned = cv.clean_fields(values, cv.PACKAGE_FIELD_CLEANERS)
    modules = _package_modules(actor, module_ids) if module_ids is not None else None
    old_codes = list(
        PackageItem.objects.filter(package=package).values_list("module__code", flat=True)
    )
    before = snapshot(package, cv.PACKAGE_FIELD_CLEANERS)
    for name, value in cleaned.items():
        setattr(package, name, value)
    with transaction.atomic():
        _save_package(package)
        changes: dict[str, Any] = diff(before, snapshot(package, cv.PACKAGE_FIELD_CLEANERS))
        if modules is not None:
            _set_items(package, modules)
            new_codes = [m.code for m in modules]
            if new_codes != old_codes:
                changes["modules"] = [old_codes, new_codes]
        if changes:
            audit_record(
                actor=actor, action=CareAction.PACKAGE_UPDATE, obj=package, changes=changes
            )
    return package


def package_delete(*, actor: Actor, package: PackageTemplate) -> None:
    """Enrolments made from the package stay (their ``package`` becomes empty)."""
    if package.organization_id != actor.organization_id or not policies.can_manage_packages(actor):
        raise PermissionDenied(_("You may not change care packages."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=CareAction.PACKAGE_DELETE,
            obj=package,
            changes={"name": [package.name, None]},
        )
        package.delete()
        versions.enrolments_changed(actor.organization_id)
