"""A person's documents: upload, renew (a new version), download (audited)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.core.errors import ServiceError
from expatcare.people import policies, services
from expatcare.people.forms import DocumentRenewForm, DocumentUploadForm
from expatcare.people.models import Person
from expatcare.people.views.parts import simple_form_page


def _upload_kinds(actor: Actor, person: Person) -> list[str] | None:
    if policies.can_write_people(actor):
        return None
    if policies.is_own_record(actor, person):
        return sorted(policies.SELF_SERVICE_DOCUMENT_KINDS)
    raise DjangoPermissionDenied


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def document_upload(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = policies.access_person(actor, person_id)
    if not policies.can_see_sensitive(actor, person):
        raise Http404
    kinds = _upload_kinds(actor, person)
    family = list(person.family_members.all()) if kinds is None else []
    form = DocumentUploadForm(
        request.POST or None, request.FILES or None, family_members=family, kinds=kinds
    )
    by_id = {member.pk: member for member in family}

    def save(data: dict[str, Any]) -> object:
        return services.document_upload(
            actor=actor,
            person=person,
            kind=data["kind"],
            uploaded_file=data["file"],
            title=data.get("title") or "",
            number=data.get("number") or "",
            issuing_country=data.get("issuing_country") or "",
            valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
            family_member=by_id.get(data.get("family_member") or 0),
        )

    return simple_form_page(
        request,
        actor=actor,
        form=form,
        person=person,
        title=_("Upload a document"),
        save=save,
        success=_("The document was uploaded."),
        multipart=True,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def document_renew(request: HttpRequest, actor: Actor, document_id: int) -> HttpResponse:
    document = policies.access_document(actor, document_id)
    person = document.person
    if not policies.can_upload_document(actor, person, document.kind):
        raise DjangoPermissionDenied
    form = DocumentRenewForm(request.POST or None, request.FILES or None)

    def save(data: dict[str, Any]) -> object:
        return services.document_upload(
            actor=actor,
            person=person,
            kind=document.kind,
            uploaded_file=data["file"],
            number=data.get("number") or "",
            issuing_country=data.get("issuing_country") or "",
            valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
            renews=document,
        )

    return simple_form_page(
        request,
        actor=actor,
        form=form,
        person=person,
        title=_("Renew: %(document)s") % {"document": document},
        save=save,
        success=_("The new version was uploaded; the earlier one stays in the history."),
        multipart=True,
    )


@never_cache
@require_GET
@tenant_view()
def document_download(
    request: HttpRequest, actor: Actor, version_id: int
) -> HttpResponse | FileResponse:
    version = policies.access_document_version(actor, version_id)
    try:
        handle = services.document_version_open(actor=actor, version=version)
    except ServiceError as error:
        raise Http404(error.message) from error
    extension = version.file.name.rsplit(".", 1)[-1] if version.file.name else "bin"
    filename = version.original_name or f"{version.document.kind}-v{version.version}.{extension}"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=version.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
