"""The insurance certificate of an enrolment: filed as a document of the person's register.

The certificate is a ``people`` document of kind ``insurance_certificate`` whose "valid until"
is the end of cover. Filing it there (not in care) is what makes it count: the immigration
case's checklist item ``health_insurance`` is proven by that kind of document, and the engine
plans the renewal duty from its expiry. A second upload on the same enrolment is a new version
of the same document, so the register keeps the earlier certificates as history.
"""

from __future__ import annotations

import datetime as dt

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.audit.services import audit_record
from expatcare.care import policies
from expatcare.care.actions import CareAction
from expatcare.care.models import Enrolment
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people.choices import DocumentKind
from expatcare.people.hooks import DocumentUploadGrantRequest
from expatcare.people.models import DocumentVersion
from expatcare.people.services import document_upload


def enrolment_certificate_upload(
    *,
    actor: Actor,
    enrolment: Enrolment,
    uploaded_file: File[bytes],
    valid_until: dt.date | None,
    number: str = "",
) -> DocumentVersion:
    """File (or renew) the enrolment's insurance certificate with its end of cover."""
    if not policies.can_upload_certificate(actor, enrolment):
        raise PermissionDenied(_("You may not file a certificate for this enrolment."))
    if valid_until is None:
        raise ServiceError(_("Enter the end of cover."), field="valid_until")
    person = enrolment.person
    assert person is not None  # a named enrolment (checked by the policy)
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        version = document_upload(
            actor=actor,
            person=person,
            kind=DocumentKind.INSURANCE_CERTIFICATE,
            uploaded_file=uploaded_file,
            number=number,
            valid_from=locked.start_date,
            valid_until=valid_until,
            family_member=locked.family_member if locked.certificate is None else None,
            renews=locked.certificate,
            title=locked.module.name_en[:200],
        )
        locked.certificate_id = version.document_id
        locked.save(update_fields=["certificate"])
        audit_record(
            actor=actor,
            action=CareAction.CERTIFICATE_UPLOAD,
            obj=locked,
            organization_id=locked.organization_id,
            person_id=locked.person_id,
            changes={
                "certificate": [None, version.document_id],
                "valid_until": [None, valid_until.isoformat()],
            },
        )
    enrolment.certificate_id = version.document_id
    return version


def provider_may_upload_certificate(request: DocumentUploadGrantRequest) -> bool:
    """The people app's upload grant: a provider files the certificate of its own insurance
    enrolment for that person, and nothing else."""
    return (
        request.kind == DocumentKind.INSURANCE_CERTIFICATE
        and policies.provider_certificate_enrolments(request.actor, request.person.pk).exists()
    )
