"""Every write of the people domain: people, family, qualifications and documents.

All functions validate first (raising ``ServiceError`` before anything is written), then write
inside one transaction together with an audit entry that names the person, so that each
person's page can show their trail.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.audit.models import AuditEntry
from expatcare.audit.services import audit_record, diff, snapshot
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people import validation as v
from expatcare.people.actions import PeopleAction
from expatcare.people.choices import (
    DocumentKind,
)
from expatcare.people.field_cleaners import (
    FAMILY_DEFAULTS,
    FAMILY_FIELD_CLEANERS,
    FAMILY_FIELDS,
    PERSON_FIELD_CLEANERS,
    PERSON_FIELDS,
    QUALIFICATION_DEFAULTS,
    QUALIFICATION_FIELD_CLEANERS,
    QUALIFICATION_FIELDS,
    Cleaner,
)
from expatcare.people.figures import people_figures_changed
from expatcare.people.hooks import send_person_changed
from expatcare.people.managers import clean_manager, manager_label, manager_name
from expatcare.people.models import (
    Document,
    DocumentVersion,
    FamilyMember,
    Person,
    PersonLanguage,
    PersonNationality,
    Qualification,
)
from expatcare.people.policies import (
    can_see_sensitive,
    can_upload_document,
    can_write_people,
)
from expatcare.people.uploads import check_upload

__all__ = [  # the cleaner tables are part of this module's interface (forms use them)
    "FAMILY_FIELDS",
    "FAMILY_FIELD_CLEANERS",
    "PERSON_FIELDS",
    "PERSON_FIELD_CLEANERS",
    "QUALIFICATION_FIELDS",
    "QUALIFICATION_FIELD_CLEANERS",
    "Cleaner",
]


def _clean_fields(values: Mapping[str, Any], cleaners: Mapping[str, Cleaner]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        cleaner = cleaners.get(name)
        if cleaner is None:
            raise ServiceError(_("Unknown field “%(name)s”.") % {"name": name[:50]}, field=name)
        cleaned[name] = cleaner(value)
    return cleaned


def _require_writer(actor: Actor, person: Person) -> None:
    if person.organization_id != actor.organization_id or not can_write_people(actor):
        raise PermissionDenied(_("You may not change this person."))


def _check_person_dates(values: Mapping[str, Any]) -> None:
    v.check_date_order(values.get("start_date"), values.get("end_date"), field="end_date")
    birth_date = values.get("birth_date")
    start_date = values.get("start_date")
    if birth_date is not None and start_date is not None and start_date < birth_date:
        raise ServiceError(
            _("The start date cannot be before the date of birth."), field="start_date"
        )


def _nationality_codes(person: Person) -> list[str]:
    return sorted(
        str(code)
        for code in PersonNationality.objects.filter(person=person).values_list(
            "country", flat=True
        )
    )


def _language_pairs(person: Person) -> list[list[str]]:
    return [
        [language, level]
        for language, level in PersonLanguage.objects.filter(person=person)
        .order_by("language")
        .values_list("language", "level")
    ]


def _set_nationalities(person: Person, codes: list[str]) -> None:
    current = set(_nationality_codes(person))
    wanted = set(codes)
    PersonNationality.objects.filter(person=person, country__in=current - wanted).delete()
    PersonNationality.objects.bulk_create(
        PersonNationality(organization_id=person.organization_id, person=person, country=code)
        for code in sorted(wanted - current)
    )


def _set_languages(person: Person, pairs: list[tuple[str, str]]) -> None:
    PersonLanguage.objects.filter(person=person).delete()
    PersonLanguage.objects.bulk_create(
        PersonLanguage(
            organization_id=person.organization_id, person=person, language=code, level=level
        )
        for code, level in pairs
    )


# --- people -----------------------------------------------------------------------------------


def person_create(
    *, actor: Actor, first_name: str, last_name: str, nationalities: list[str], **fields: Any
) -> Person:
    """Create a person of the actor's employer with nationalities and (optional) languages."""
    if not can_write_people(actor) or actor.is_provider:
        raise PermissionDenied(_("You may not add people."))
    languages = v.clean_languages(fields.pop("languages", None) or [])
    manager = clean_manager(
        organization_id=actor.organization_id, value=fields.pop("manager", None)
    )
    values = _clean_fields(
        {"first_name": first_name, "last_name": last_name, **fields}, PERSON_FIELD_CLEANERS
    )
    codes = v.clean_nationalities(nationalities)
    _check_person_dates(values)
    with transaction.atomic():
        person = Person.objects.create(
            organization_id=actor.organization_id, manager=manager, **values
        )
        _set_nationalities(person, codes)
        _set_languages(person, languages)
        people_figures_changed(person.organization_id)
        after = snapshot(person, PERSON_FIELDS)
        after["manager"] = manager_name(manager) if manager is not None else None
        after["nationalities"] = sorted(codes)
        after["languages"] = [list(pair) for pair in languages]
        audit_record(
            actor=actor,
            action=PeopleAction.PERSON_CREATE,
            obj=person,
            person_id=person.pk,
            changes=diff({}, {k: val for k, val in after.items() if val not in (None, "", [])}),
        )
        send_person_changed(actor=actor, person=person, changed_fields=set(after))
    return person


def person_update(*, actor: Actor, person: Person, changes: Mapping[str, Any]) -> Person:
    """Apply ``changes`` (model fields, ``nationalities``, ``languages``); audit what changed."""
    _require_writer(actor, person)
    changes = dict(changes)
    codes = (
        v.clean_nationalities(changes.pop("nationalities")) if "nationalities" in changes else None
    )
    languages = v.clean_languages(changes.pop("languages")) if "languages" in changes else None
    new_manager = (
        clean_manager(organization_id=person.organization_id, value=changes.pop("manager"))
        if "manager" in changes
        else person.manager
    )
    values = _clean_fields(changes, PERSON_FIELD_CLEANERS)
    merged = {name: getattr(person, name) for name in PERSON_FIELDS} | values
    _check_person_dates(merged)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(person, PERSON_FIELDS)
        before["nationalities"] = _nationality_codes(person)
        before["languages"] = _language_pairs(person)
        for name, value in values.items():
            setattr(person, name, value)
        after = snapshot(person, PERSON_FIELDS)
        new_manager_id = new_manager.pk if new_manager is not None else None
        if new_manager_id != person.manager_id:  # audited by name, saved by id
            before["manager"] = manager_label(person.manager_id)
            after["manager"] = manager_name(new_manager) if new_manager is not None else None
            person.manager_id = new_manager_id
        after["nationalities"] = sorted(codes) if codes is not None else before["nationalities"]
        after["languages"] = (
            [list(pair) for pair in languages] if languages is not None else before["languages"]
        )
        changed = diff(before, after)
        if not changed:
            return person
        model_fields = [n for n in changed if n in PERSON_FIELD_CLEANERS or n == "manager"]
        if model_fields:
            person.save(update_fields=[*model_fields, "updated_at"])
        if codes is not None and "nationalities" in changed:
            _set_nationalities(person, codes)
        if languages is not None and "languages" in changed:
            _set_languages(person, languages)
        if {"status", "nationalities"} & changed.keys():  # what the cached figures count
            people_figures_changed(person.organization_id)
        audit_record(
            actor=actor,
            action=PeopleAction.PERSON_UPDATE,
            obj=person,
            person_id=person.pk,
            changes=changed,
        )
        # Duties that depend on a changed fact move with it, in this same transaction.
        send_person_changed(actor=actor, person=person, changed_fields=set(changed))
    return person


# A sensitive read is logged once per reader, person and this window: the access log still
# says who saw what and when (to the hour), and repeated page views no longer bury the changes.
SENSITIVE_READ_WINDOW = dt.timedelta(hours=1)


def salary_read_window_start() -> dt.datetime:
    """Since when a logged salary read of the same reader counts as this one."""
    return timezone.now() - SENSITIVE_READ_WINDOW


def person_salary_read(
    *, actor: Actor, person: Person, already_logged: bool | None = None
) -> AuditEntry | None:
    """Log that the salary was shown, once per reader, person and hour (a sensitive read);
    answers the entry written, if one was.

    ``already_logged`` is the answer of a read the caller made anyway (the person page loads
    the access log with ``audit.selectors.person_logs``, which tells it); without it the
    service asks the database. See docs/architecture.md, Data protection.
    """
    if not can_see_sensitive(actor, person):
        raise PermissionDenied(_("You may not see this salary."))
    if person.annual_salary_eur is None:
        return None
    if already_logged is None:
        already_logged = AuditEntry.objects.filter(
            organization_id=actor.organization_id,
            person_id=person.pk,
            actor_id=actor.user.pk,
            action=PeopleAction.PERSON_SALARY_READ.value,
            created_at__gte=salary_read_window_start(),
        ).exists()
    if already_logged:
        return None
    return audit_record(
        actor=actor, action=PeopleAction.PERSON_SALARY_READ, obj=person, person_id=person.pk
    )


@dataclass(frozen=True)
class _ChildRecord:
    """How one kind of row that belongs to a person is cleaned, audited and followed up.

    Family members and qualifications are written the same way; only their fields, defaults,
    audit actions and whether duties depend on them differ.
    """

    model: type[FamilyMember] | type[Qualification]
    created: PeopleAction
    updated: PeopleAction
    deleted: PeopleAction
    cleaners: Mapping[str, Cleaner]
    defaults: Mapping[str, Any]
    required: tuple[str, ...]
    # The fact name compliance duties depend on (``None``: duties do not depend on it).
    duty_fact: str | None

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.cleaners)


_FAMILY = _ChildRecord(
    model=FamilyMember,
    created=PeopleAction.FAMILY_MEMBER_CREATE,
    updated=PeopleAction.FAMILY_MEMBER_UPDATE,
    deleted=PeopleAction.FAMILY_MEMBER_DELETE,
    cleaners=FAMILY_FIELD_CLEANERS,
    defaults=FAMILY_DEFAULTS,
    required=("relation", "first_name"),
    duty_fact=None,
)
_QUALIFICATION = _ChildRecord(
    model=Qualification,
    created=PeopleAction.QUALIFICATION_CREATE,
    updated=PeopleAction.QUALIFICATION_UPDATE,
    deleted=PeopleAction.QUALIFICATION_DELETE,
    cleaners=QUALIFICATION_FIELD_CLEANERS,
    defaults=QUALIFICATION_DEFAULTS,
    required=("kind", "title"),
    duty_fact="qualifications",
)


def _child_create(
    record: _ChildRecord, *, actor: Actor, person: Person, fields: Mapping[str, Any]
) -> Any:
    _require_writer(actor, person)
    values = dict(record.defaults) | _clean_fields(fields, record.cleaners)
    for required in record.required:
        if required not in values:
            values[required] = record.cleaners[required]("")
    with transaction.atomic():
        row = record.model.objects.create(
            organization_id=person.organization_id, person=person, **values
        )
        audit_record(
            actor=actor,
            action=record.created,
            obj=row,
            person_id=person.pk,
            changes=diff({}, snapshot(row, record.fields)),
        )
        _after_child_change(record, actor=actor, person=person)
    return row


def _child_update(
    record: _ChildRecord,
    *,
    actor: Actor,
    row: FamilyMember | Qualification,
    changes: Mapping[str, Any],
) -> Any:
    _require_writer(actor, row.person)
    values = _clean_fields(changes, record.cleaners)
    with transaction.atomic():
        before = snapshot(row, record.fields)
        for name, value in values.items():
            setattr(row, name, value)
        changed = diff(before, snapshot(row, record.fields))
        if not changed:
            return row
        row.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action=record.updated,
            obj=row,
            person_id=row.person_id,
            changes=changed,
        )
        _after_child_change(record, actor=actor, person=row.person)
    return row


def _child_delete(record: _ChildRecord, *, actor: Actor, row: FamilyMember | Qualification) -> None:
    _require_writer(actor, row.person)
    with transaction.atomic():
        before = snapshot(row, record.fields)
        audit_record(
            actor=actor,
            action=record.deleted,
            obj=row,
            person_id=row.person_id,
            changes={name: [value, None] for name, value in before.items()},
        )
        person = row.person
        row.delete()
        _after_child_change(record, actor=actor, person=person)


def _after_child_change(record: _ChildRecord, *, actor: Actor, person: Person) -> None:
    if record.duty_fact is not None:
        send_person_changed(actor=actor, person=person, changed_fields={record.duty_fact})


# --- family -----------------------------------------------------------------------------------


def family_member_create(*, actor: Actor, person: Person, **fields: Any) -> FamilyMember:
    member: FamilyMember = _child_create(_FAMILY, actor=actor, person=person, fields=fields)
    return member


def family_member_update(
    *, actor: Actor, family_member: FamilyMember, changes: Mapping[str, Any]
) -> FamilyMember:
    member: FamilyMember = _child_update(_FAMILY, actor=actor, row=family_member, changes=changes)
    return member


def family_member_delete(*, actor: Actor, family_member: FamilyMember) -> None:
    _child_delete(_FAMILY, actor=actor, row=family_member)


# --- qualifications ---------------------------------------------------------------------------


def qualification_create(*, actor: Actor, person: Person, **fields: Any) -> Qualification:
    row: Qualification = _child_create(_QUALIFICATION, actor=actor, person=person, fields=fields)
    return row


def qualification_update(
    *, actor: Actor, qualification: Qualification, changes: Mapping[str, Any]
) -> Qualification:
    row: Qualification = _child_update(
        _QUALIFICATION, actor=actor, row=qualification, changes=changes
    )
    return row


def qualification_delete(*, actor: Actor, qualification: Qualification) -> None:
    _child_delete(_QUALIFICATION, actor=actor, row=qualification)


# --- documents --------------------------------------------------------------------------------

VERSION_AUDIT_FIELDS = (
    "version",
    "number",
    "issuing_country",
    "valid_from",
    "valid_until",
    "original_name",
    "content_type",
    "size",
    "sha256",
)


def document_upload(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    uploaded_file: File[bytes],
    number: str = "",
    issuing_country: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    family_member: FamilyMember | None = None,
    renews: Document | None = None,
    title: str = "",
) -> DocumentVersion:
    """Store a new document, or with ``renews`` a new version of an existing one.

    The file is checked by its content before anything is stored; a renewal keeps the earlier
    versions as history and makes the new one the current version.
    """
    if renews is not None:
        if renews.person_id != person.pk or renews.organization_id != person.organization_id:
            raise ServiceError(_("This document belongs to someone else."), field="document")
        kind = renews.kind
        family_member = renews.family_member
    kind = v.clean_choice(kind, DocumentKind, field="kind")
    if not can_upload_document(actor, person, kind):
        raise PermissionDenied(_("You may not upload this kind of document here."))
    if family_member is not None and family_member.person_id != person.pk:
        raise ServiceError(_("Choose a family member of this person."), field="family_member")
    number = v.clean_text(number, field="number", max_length=100)
    title = v.clean_text(title, field="title", max_length=200)
    issuing_country = v.clean_country(issuing_country, field="issuing_country")
    valid_from = v.clean_date(valid_from, field="valid_from")
    valid_until = v.clean_date(valid_until, field="valid_until")
    v.check_date_order(
        valid_from,
        valid_until,
        field="valid_until",
        message=_("“Valid until” cannot be before “valid from”."),
    )
    name = str(getattr(uploaded_file, "name", "") or "")
    checked = check_upload(
        uploaded_file,
        name=name,
        max_bytes=settings.EXPATCARE_UPLOAD_MAX_BYTES,
    )
    stored_name: str | None = None
    try:
        with transaction.atomic():
            if renews is None:
                document = Document.objects.create(
                    organization_id=person.organization_id,
                    person=person,
                    family_member=family_member,
                    kind=kind,
                    title=title,
                )
                number_of_version = 1
            else:
                document = Document.objects.select_for_update().get(pk=renews.pk)
                latest = document.versions.aggregate(n=Max("version"))["n"] or 0
                number_of_version = latest + 1
                # The partial unique constraint allows one current version: flip the old first.
                document.versions.filter(is_current=True).update(is_current=False)
            version = DocumentVersion(
                organization_id=person.organization_id,
                document=document,
                version=number_of_version,
                is_current=True,
                number=number,
                issuing_country=issuing_country,
                valid_from=valid_from,
                valid_until=valid_until,
                original_name=name.rsplit("/", 1)[-1][:255],
                content_type=checked.file_type.mime,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor.user,
            )
            storage = version.file.storage
            target = version.file.field.generate_filename(version, f"upload.{checked.extension}")
            try:
                version.file.name = storage.save(target, uploaded_file)
            except OSError:
                # Storage full or read-only: nothing is kept (the transaction rolls back, no row
                # points at a missing file, a half-written file is removed) and the user is told.
                with contextlib.suppress(OSError):
                    storage.delete(target)
                raise ServiceError(
                    _("The file could not be stored. Try again later or tell your administrator."),
                    field="file",
                ) from None
            stored_name = version.file.name
            version.save()
            audit_record(
                actor=actor,
                action=PeopleAction.DOCUMENT_RENEW
                if renews is not None
                else PeopleAction.DOCUMENT_UPLOAD,
                obj=version,
                organization_id=person.organization_id,  # the tenant's trail, also for providers
                person_id=person.pk,
                changes=diff({}, snapshot(version, VERSION_AUDIT_FIELDS)) | {"kind": [None, kind]},
            )
            send_person_changed(actor=actor, person=person, changed_fields={"documents"})
    except BaseException:
        if stored_name:
            version.file.storage.delete(stored_name)
        raise
    return version


def document_version_open(*, actor: Actor, version: DocumentVersion) -> File[bytes]:
    """Open the stored file for download and log the read."""
    person = version.document.person
    if version.organization_id != actor.organization_id or not can_see_sensitive(actor, person):
        raise PermissionDenied(_("You may not open this document."))
    if not version.file or not version.file.name:
        raise ServiceError(_("This document version has no file."), field="file")
    handle = version.file.storage.open(version.file.name, "rb")
    audit_record(
        actor=actor,
        action=PeopleAction.DOCUMENT_DOWNLOAD,
        obj=version,
        person_id=person.pk,
        changes={},
    )
    return handle
