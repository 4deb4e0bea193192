"""The company-pension calculator: HR for any visible person, an employee for themself."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.accounts.roles import Role
from expatcare.core.errors import ServiceError
from expatcare.engine.facts import person_pension_facts, run_pension
from expatcare.engine.pension_display import assumption_rows
from expatcare.engine.pension_results import PensionResult, VestingStatus
from expatcare.mobility.forms import PersonPickForm
from expatcare.mobility.selectors import person_picker
from expatcare.pension.forms import PensionForm
from expatcare.pension.policies import can_use_calculator
from expatcare.people.models import Person
from expatcare.people.policies import access_person, own_person_id

CALCULATE_STEP = "calculate"
VESTING_KINDS = {
    "employer_funded": gettext_lazy("Employer-funded contributions"),
    "deferred_compensation": gettext_lazy("Deferred compensation"),
}


def _vesting_rows(result: PensionResult | None) -> list[tuple[str, str, VestingStatus]]:
    """(kind, its name, its status) for the vesting table, in the engine's order."""
    if result is None:
        return []
    return [
        (status.kind, str(VESTING_KINDS.get(status.kind, status.kind)), status)
        for status in result.vesting
    ]


def _person(actor: Actor, pick: PersonPickForm) -> Person | None:
    """The person asked for (through the access policy), else an employee's own record."""
    if pick.is_valid() and pick.cleaned_data.get("person"):
        return access_person(actor, pick.cleaned_data["person"])
    if actor.role == Role.EMPLOYEE:
        own = own_person_id(actor)
        if own is None:
            raise Http404(_("No personal record is linked to your account."))
        return access_person(actor, own)
    return None


@tenant_view(can_use_calculator)
@require_GET
def calculator(request: HttpRequest, actor: Actor) -> HttpResponse:
    pick = PersonPickForm(request.GET)
    person = _person(actor, pick)
    result: PensionResult | None = None
    if request.GET.get("step") == CALCULATE_STEP:
        form = PensionForm(request.GET)
        if form.is_valid():
            try:
                result = run_pension(form.to_facts())
            except ServiceError as error:
                form.add_engine_error(error.field, error.message)
    else:
        initial: dict[str, Any] = {}
        if person is not None:
            facts = {"person": person_pension_facts(person)}
            initial = PensionForm.initial_from_facts(facts)
        form = PensionForm(initial=initial)
    query = pick.cleaned_data.get("q", "") if pick.is_valid() else ""
    context = {
        "pick": pick,
        "picker": person_picker(actor, query=query) if actor.is_employer_staff else None,
        "person": person,
        "form": form,
        "result": result,
        "vesting_rows": _vesting_rows(result),
        "assumptions": assumption_rows(result.projection.assumptions) if result else [],
    }
    return render(request, "pension/calculator.html", context)
