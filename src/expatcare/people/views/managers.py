"""The managers page: who manages how many people, and what HR lets each of them see."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.core.errors import ServiceError
from expatcare.people import policies
from expatcare.people.managers import manager_grant_set, manager_name, manager_overview


@never_cache
@require_GET
@tenant_view(policies.can_write_people)
def manager_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = [
        {"membership": membership, "name": manager_name(membership), "reports": count}
        for membership, count in manager_overview(actor=actor)
    ]
    return render(request, "people/managers.html", {"managers": rows})


@require_POST
@tenant_view(policies.can_write_people)
def manager_grant(request: HttpRequest, actor: Actor, manager_id: int) -> HttpResponse:
    manager = policies.access_manager(actor, manager_id)
    sees_details = request.POST.get("sees_details") == "1"
    try:
        manager_grant_set(actor=actor, manager=manager, sees_details=sees_details)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        name = manager_name(manager)
        messages.success(
            request,
            _("%(name)s now sees the personal details and documents of their reports.")
            % {"name": name}
            if sees_details
            else _("%(name)s no longer sees the personal details and documents of their reports.")
            % {"name": name},
        )
    return redirect("people:managers")
