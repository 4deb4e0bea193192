"""Pages of the people app: dashboard, list, person record, family, qualifications, documents.

Views parse input with a form, load rows through the policies, write through the services and
render. Every page needs a logged-in user acting through a membership.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise, cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_countries import countries

from expatcare.accounts.actor import Actor
from expatcare.accounts.roles import Role
from expatcare.audit.labels import field_label, recompute_label, recompute_reason
from expatcare.audit.models import AuditEntry
from expatcare.audit.selectors import audit_trail_for_person
from expatcare.compliance.labels import duty_label, finding_label
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.core.formatting import short_date_formatter
from expatcare.people import policies, selectors, services
from expatcare.people.choices import PersonStatus
from expatcare.people.forms import (
    DocumentRenewForm,
    DocumentUploadForm,
    FamilyMemberForm,
    PersonFilterForm,
    PersonForm,
    QualificationForm,
    ServiceForm,
)
from expatcare.people.models import Person
from expatcare.people.selectors import ORDERING_FIELDS

if TYPE_CHECKING:
    _PaginatorBase = Paginator[Person]
else:
    _PaginatorBase = Paginator

AUDIT_TRAIL_ON_PAGE = 50
FORM_ERROR_STATUS = 422


def _actor(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None:
        raise DjangoPermissionDenied
    return actor


def people_view(
    view: Callable[..., HttpResponse | FileResponse],
) -> Callable[..., HttpResponse | FileResponse]:
    """Login (redirect), a membership (403), and refused writes turned into 403 pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | FileResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        actor = _actor(request)
        try:
            return view(request, actor, *args, **kwargs)
        except PermissionDenied as error:
            raise DjangoPermissionDenied(error.message) from error

    return wrapper


def _require_writer(actor: Actor) -> None:
    if not policies.can_write_people(actor):
        raise DjangoPermissionDenied


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _person_url(actor: Actor, person: Person) -> str:
    if policies.is_own_record(actor, person):
        return reverse("people:me")
    return reverse("people:detail", args=[person.pk])


def _invalid(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=FORM_ERROR_STATUS)


def _service_error(form: ServiceForm, error: ServiceError) -> None:
    form.add_service_error(error)


# --- dashboard and list -----------------------------------------------------------------------


@never_cache
@require_GET
@people_view
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.role == Role.EMPLOYEE:
        return redirect("people:me")
    figures = selectors.dashboard_figures(actor=actor)
    format_date = short_date_formatter()
    detail_prefix = reverse("people:detail", args=[0]).removesuffix("0/")
    # Formatted here once per row: per-row {% blocktranslate count %} and |date cost more
    # than the queries behind the whole dashboard.
    expiring_rows = [
        {
            "url": f"{detail_prefix}{item.person_id}/",
            "person_name": item.person_name,
            "kind_label": item.kind_label,
            "valid_until": format_date(item.valid_until),
            "badge": item.badge,
            "days_left": ngettext("%(count)d day", "%(count)d days", item.days_left)
            % {"count": item.days_left},
        }
        for item in figures.expiring_documents
    ]
    return render(
        request,
        "people/dashboard.html",
        {
            "figures": figures,
            "expiring_rows": expiring_rows,
            "list_url": reverse("people:list"),
            "can_write": policies.can_write_people(actor),
            "shows_documents": not actor.is_provider,
        },
    )


def _sort_links(filters: dict[str, str], base: dict[str, str]) -> dict[str, dict[str, str]]:
    """For each sortable column: the URL query that sorts by it and its aria-sort state."""
    current = filters["ordering"]
    links: dict[str, dict[str, str]] = {}
    for name in ORDERING_FIELDS:
        if current == name:
            state, next_sort = "ascending", f"-{name}"
        elif current == f"-{name}":
            state, next_sort = "descending", name
        else:
            state, next_sort = "none", name
        links[name] = {"query": urlencode({**base, "sort": next_sort}), "aria": state}
    return links


def _present_rows(rows: list[selectors.PersonRow]) -> list[dict[str, Any]]:
    """Display values for the list, resolved once per page instead of once per cell."""
    status_labels = {code: str(label) for code, label in PersonStatus.choices}
    # One <abbr> per country and page: a nested template loop per row cost more than the
    # rest of the row.
    country_markup: dict[str, str] = {}
    format_date = short_date_formatter()
    # "/people/0/" -> "/people/": one reverse() for the page instead of one per row.
    detail_prefix = reverse("people:detail", args=[0]).removesuffix("0/")
    presented = []
    for row in rows:
        for code in row.nationalities:
            if code not in country_markup:
                country_markup[code] = format_html(
                    '<abbr title="{}">{}</abbr>', countries.name(code), code
                )
        presented.append(
            {
                "url": f"{detail_prefix}{row.id}/",
                "last_name": row.last_name,
                "first_name": row.first_name,
                "nationalities": mark_safe(  # noqa: S308  # joins the escaped markup above
                    ", ".join(country_markup[code] for code in row.nationalities)
                ),
                "status": row.status,
                "status_label": status_labels.get(row.status, row.status),
                "job_title": row.job_title,
                "work_state": row.work_state,
                "start_date": format_date(row.start_date),
                "created_at": format_date(timezone.localdate(row.created_at)),
            }
        )
    return presented


class _CountedPaginator(_PaginatorBase):
    """A paginator told its count (a bounded one) instead of running ``COUNT(*)`` itself."""

    def __init__(self, object_list: QuerySet[Person], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _options_markup(choices: Iterable[tuple[object, object]], selected: str) -> SafeString:
    """The <option> elements of a filter select, built once per page.

    The nationality select alone has dozens of options; one template node per option and
    attribute cost more than the whole table of results.
    """
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == selected else "", label) for value, label in choices),
    )


@never_cache
@require_GET
@people_view
def person_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.role == Role.EMPLOYEE:
        return redirect("people:me")
    form = PersonFilterForm(
        request.GET or None, nationality_choices=selectors.nationality_options(actor=actor)
    )
    filters = form.filters()
    people = selectors.person_list(actor=actor, **filters)
    requested = request.GET.get("page")
    count = selectors.bounded_count(
        people,
        page=int(requested) if requested and requested.isdigit() else 1,
        page_size=settings.EXPATCARE_PAGE_SIZE,
    )
    paginator = _CountedPaginator(people, settings.EXPATCARE_PAGE_SIZE, count=count.value)
    page = paginator.get_page(requested)
    rows = _present_rows(selectors.person_rows(cast(QuerySet[Person], page.object_list)))
    base = {
        key: value
        for key, value in {
            "q": filters["search"],
            "status": filters["status"],
            "kind": filters["kind"],
            "nationality": filters["nationality"],
            "work_state": filters["work_state"],
        }.items()
        if value
    }
    context = {
        "form": form,
        # Plain selects rendered by one loop each: the form widgets' per-option templates
        # cost more than the whole table of results.
        "filter_selects": [
            {
                "name": name,
                "label": form.fields[name].label,
                "options": _options_markup(
                    cast(
                        "Iterable[tuple[object, object]]",
                        cast(forms.ChoiceField, form.fields[name]).choices,
                    ),
                    filters[key],
                ),
            }
            for name, key in (
                ("status", "status"),
                ("kind", "kind"),
                ("nationality", "nationality"),
                ("work_state", "work_state"),
            )
        ],
        "current_sort": filters["ordering"],
        "page": page,
        "count_is_exact": count.exact,
        "rows": rows,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2)),
        "list_url": reverse("people:list"),
        "filter_query": urlencode({**base, "sort": filters["ordering"]}),
        "sort_links": _sort_links(filters, base),
        "is_filtered": bool(base),
        "can_write": policies.can_write_people(actor),
        "is_provider": actor.is_provider,
    }
    template = "people/_table.html" if _is_htmx(request) else "people/list.html"
    return render(request, template, context)


# --- person record ----------------------------------------------------------------------------


def _trail_rows(entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
    """Display values of audit entries, resolved in one pass.

    A person's trail grows with every salary view, so the page usually shows its full 50
    entries; per-cell date filters and lookups made that table cost more than the rest of
    the page.
    """
    system = _("system")
    rows = []
    for entry in entries:
        created = timezone.localtime(entry.created_at)
        rows.append(
            {
                "created_iso": created.isoformat(),
                "created": date_format(created, "SHORT_DATETIME_FORMAT"),
                "actor": str(entry.actor) if entry.actor else system,
                "action": entry.action,
                "action_label": entry.action_label,
                "object_repr": entry.object_repr,
                "changes": _change_rows(entry),
            }
        )
    return rows


def _change_rows(entry: AuditEntry) -> list[tuple[str, object, object, bool]]:
    """``(label, before, after, is_change)`` per recorded change, named for people.

    Writes record ``field: [before, after]``; a duty recomputation records what it did
    (a reason, due dates moved per duty, duties added or withdrawn), shown as plain values
    with the duties by name.
    """
    changes = entry.changes or {}
    if entry.action == "compliance.duties_recompute":
        return _recompute_rows(changes)
    rows: list[tuple[str, object, object, bool]] = []
    for name, value in changes.items():
        label = field_label(entry.object_type, name)
        if isinstance(value, list) and len(value) == 2:
            rows.append((label, _shown(value[0]), _shown(value[1]), True))
        else:
            rows.append((label, "", _shown(value), False))
    return rows


def _recompute_rows(changes: dict[str, Any]) -> list[tuple[str, object, object, bool]]:
    rows: list[tuple[str, object, object, bool]] = []
    for name, value in changes.items():
        label = recompute_label(name)
        if name == "reason" and isinstance(value, str):
            rows.append((label, "", recompute_reason(value), False))
        elif isinstance(value, dict):
            rows.extend(
                (f"{label}: {duty_label(code)}", _shown(pair[0]), _shown(pair[1]), True)
                for code, pair in value.items()
                if isinstance(pair, list) and len(pair) == 2
            )
        elif isinstance(value, list):
            if value:
                namer = finding_label if name.startswith("findings_") else duty_label
                rows.append((label, "", _counted(namer(str(code)) for code in value), False))
        elif value not in (None, ""):
            rows.append((label, "", value, False))
    return rows


def _counted(names: Iterable[str]) -> str:
    """Names in first-seen order, a repeated one once with its count: "A (7×), B"."""
    counts = Counter(names)
    return ", ".join(
        name if count == 1 else _("%(name)s (%(count)d×)") % {"name": name, "count": count}
        for name, count in counts.items()
    )


def _shown(value: Any) -> object:
    return "–" if value is None else value


def _detail_context(request: HttpRequest, actor: Actor, person: Person) -> dict[str, Any]:
    sensitive = policies.can_see_sensitive(actor, person)
    context: dict[str, Any] = {
        "person": person,
        "is_own": policies.is_own_record(actor, person),
        "can_write": policies.can_write_people(actor),
        "sensitive": sensitive,
        "show_salary": sensitive and person.annual_salary_eur is not None,
        "can_upload": sensitive
        and (policies.can_write_people(actor) or policies.is_own_record(actor, person)),
        "trail": None,
        "self_service_kinds": sorted(policies.SELF_SERVICE_DOCUMENT_KINDS),
    }
    if context["show_salary"]:
        services.person_salary_read(actor=actor, person=person)
    if policies.can_see_audit_trail(actor, person):
        entries = list(
            audit_trail_for_person(actor=actor, person_id=person.pk)[: AUDIT_TRAIL_ON_PAGE + 1]
        )
        context["trail"] = _trail_rows(entries[:AUDIT_TRAIL_ON_PAGE])
        context["trail_has_more"] = len(entries) > AUDIT_TRAIL_ON_PAGE
    return context


@never_cache
@require_GET
@people_view
def person_detail(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = selectors.person_detail(actor=actor, person_id=person_id)
    if policies.is_own_record(actor, person):
        return redirect("people:me")
    return render(request, "people/detail.html", _detail_context(request, actor, person))


@never_cache
@require_GET
@people_view
def me(request: HttpRequest, actor: Actor) -> HttpResponse:
    own = policies.visible_people(actor).filter(user=actor.user).values_list("pk", flat=True)
    person_id = own.first() if actor.role == Role.EMPLOYEE else None
    if person_id is None:
        raise Http404(_("There is no personal record linked to your account."))
    person = selectors.person_detail(actor=actor, person_id=person_id)
    return render(request, "people/detail.html", _detail_context(request, actor, person))


@never_cache
@require_GET
@people_view
def person_audit(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = policies.access_person(actor, person_id)
    if not policies.can_see_audit_trail(actor, person):
        raise DjangoPermissionDenied
    paginator = Paginator(
        audit_trail_for_person(actor=actor, person_id=person.pk), settings.EXPATCARE_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "people/audit_trail.html",
        {
            "person": person,
            "page": page,
            "entries": _trail_rows(page.object_list),
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2)),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@people_view
def person_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    _require_writer(actor)
    form = PersonForm(request.POST or None, initial={"work_country": "DE", "status": "candidate"})
    context = {"form": form, "person": None}
    if request.method == "POST":
        if form.is_valid():
            values = form.service_values()
            try:
                person = services.person_create(actor=actor, **values)
            except ServiceError as error:
                _service_error(form, error)
            else:
                messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
                return redirect("people:detail", person_id=person.pk)
        return _invalid(request, "people/person_form.html", context)
    return render(request, "people/person_form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@people_view
def person_edit(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = policies.access_person(actor, person_id, for_write=True)
    form = PersonForm(
        request.POST or None,
        initial=PersonForm.initial_for(selectors.person_detail(actor=actor, person_id=person.pk)),
    )
    context = {"form": form, "person": person}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.person_update(actor=actor, person=person, changes=form.service_values())
            except ServiceError as error:
                _service_error(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("people:detail", person_id=person.pk)
        return _invalid(request, "people/person_form.html", context)
    return render(request, "people/person_form.html", context)


# --- family and qualifications ----------------------------------------------------------------


def _simple_form_page(
    request: HttpRequest,
    *,
    form: ServiceForm,
    person: Person,
    title: str,
    save: Callable[[dict[str, Any]], object],
    success: str,
    actor: Actor,
    multipart: bool = False,
) -> HttpResponse:
    back_url = _person_url(actor, person)
    context = {
        "form": form,
        "person": person,
        "title": title,
        "multipart": multipart,
        "back_url": back_url,
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ServiceError as error:
                _service_error(form, error)
            else:
                messages.success(request, success)
                return redirect(back_url)
        return _invalid(request, "people/simple_form.html", context)
    return render(request, "people/simple_form.html", context)


def _confirm_delete_page(
    request: HttpRequest,
    *,
    actor: Actor,
    person: Person,
    what: str,
    delete: Callable[[], None],
    success: str,
) -> HttpResponse:
    back_url = _person_url(actor, person)
    if request.method == "POST":
        delete()
        messages.success(request, success)
        return redirect(back_url)
    return render(
        request,
        "people/confirm_delete.html",
        {"person": person, "what": what, "back_url": back_url},
    )


@dataclass(frozen=True, slots=True)
class _PersonPartPages:
    """The add, edit and remove pages of one kind of row that belongs to a person.

    Family members and qualifications share their flow (policy check, form, service call,
    message, back to the person) and differ only in these parts.
    """

    form: type[FamilyMemberForm] | type[QualificationForm]
    access: Callable[[Actor, int], Any]  # for writing: 404 if unseen, 403 if read-only
    create: Callable[[Actor, Person, dict[str, Any]], object]
    update: Callable[[Actor, Any, dict[str, Any]], object]
    delete: Callable[[Actor, Any], None]
    create_initial: dict[str, Any]
    add_title: str | Promise
    edit_title: str | Promise
    added: str | Promise
    removed: str | Promise

    def create_page(self, request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
        person = policies.access_person(actor, person_id, for_write=True)
        return _simple_form_page(
            request,
            actor=actor,
            form=self.form(request.POST or None, initial=self.create_initial),
            person=person,
            title=str(self.add_title),
            save=lambda data: self.create(actor, person, data),
            success=str(self.added),
        )

    def edit_page(self, request: HttpRequest, actor: Actor, part_id: int) -> HttpResponse:
        part = self.access(actor, part_id)
        return _simple_form_page(
            request,
            actor=actor,
            form=self.form(request.POST or None, initial=self.form.initial_for(part)),
            person=part.person,
            title=str(self.edit_title),
            save=lambda data: self.update(actor, part, data),
            success=_("The changes were saved."),
        )

    def delete_page(self, request: HttpRequest, actor: Actor, part_id: int) -> HttpResponse:
        part = self.access(actor, part_id)
        return _confirm_delete_page(
            request,
            actor=actor,
            person=part.person,
            what=str(part),
            delete=lambda: self.delete(actor, part),
            success=str(self.removed),
        )


FAMILY_PAGES = _PersonPartPages(
    form=FamilyMemberForm,
    access=lambda actor, pk: policies.access_family_member(actor, pk, for_write=True),
    create=lambda actor, person, data: services.family_member_create(
        actor=actor, person=person, **data
    ),
    update=lambda actor, member, data: services.family_member_update(
        actor=actor, family_member=member, changes=data
    ),
    delete=lambda actor, member: services.family_member_delete(actor=actor, family_member=member),
    create_initial={"joins_in_germany": True},
    add_title=gettext_lazy("Add a family member"),
    edit_title=gettext_lazy("Edit family member"),
    added=gettext_lazy("The family member was added."),
    removed=gettext_lazy("The family member was removed."),
)
QUALIFICATION_PAGES = _PersonPartPages(
    form=QualificationForm,
    access=lambda actor, pk: policies.access_qualification(actor, pk, for_write=True),
    create=lambda actor, person, data: services.qualification_create(
        actor=actor, person=person, **data
    ),
    update=lambda actor, qualification, data: services.qualification_update(
        actor=actor, qualification=qualification, changes=data
    ),
    delete=lambda actor, qualification: services.qualification_delete(
        actor=actor, qualification=qualification
    ),
    create_initial={"recognition": "not_assessed", "state_recognised_abroad": True},
    add_title=gettext_lazy("Add a qualification"),
    edit_title=gettext_lazy("Edit qualification"),
    added=gettext_lazy("The qualification was added."),
    removed=gettext_lazy("The qualification was removed."),
)


@never_cache
@require_http_methods(["GET", "POST"])
@people_view
def family_member_create(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    return FAMILY_PAGES.create_page(request, actor, person_id)


@never_cache
@require_http_methods(["GET", "POST"])
@people_view
def family_member_edit(request: HttpRequest, actor: Actor, family_member_id: int) -> HttpResponse:
    return FAMILY_PAGES.edit_page(request, actor, family_member_id)


@never_cache
@require_http_methods(["GET", "POST"])
@people_view
def family_member_delete(request: HttpRequest, actor: Actor, family_member_id: int) -> HttpResponse:
    return FAMILY_PAGES.delete_page(request, actor, family_member_id)


@never_cache
@require_http_methods(["GET", "POST"])
@people_view
def qualification_create(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    return QUALIFICATION_PAGES.create_page(request, actor, person_id)


@never_cache
@require_http_methods(["GET", "POST"])
@people_view
def qualification_edit(request: HttpRequest, actor: Actor, qualification_id: int) -> HttpResponse:
    return QUALIFICATION_PAGES.edit_page(request, actor, qualification_id)


@never_cache
@require_http_methods(["GET", "POST"])
@people_view
def qualification_delete(request: HttpRequest, actor: Actor, qualification_id: int) -> HttpResponse:
    return QUALIFICATION_PAGES.delete_page(request, actor, qualification_id)


# --- documents --------------------------------------------------------------------------------


def _upload_kinds(actor: Actor, person: Person) -> list[str] | None:
    if policies.can_write_people(actor):
        return None
    if policies.is_own_record(actor, person):
        return sorted(policies.SELF_SERVICE_DOCUMENT_KINDS)
    raise DjangoPermissionDenied


@never_cache
@require_http_methods(["GET", "POST"])
@people_view
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

    return _simple_form_page(
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
@people_view
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

    return _simple_form_page(
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
@people_view
def document_download(
    request: HttpRequest, actor: Actor, version_id: int
) -> HttpResponse | FileResponse:
    version = policies.access_document_version(actor, version_id)
    try:
        handle = services.document_version_open(actor=actor, version=version)
    except ServiceError as error:
        if isinstance(error, PermissionDenied):
            raise
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
