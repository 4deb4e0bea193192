"""The eligibility check for HR: pick a person or type the facts, describe the job, assess.

Everything travels in the query string, so a result is a bookmarkable, printable GET URL.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.core.errors import ServiceError
from expatcare.core.http import FORM_ERROR_STATUS
from expatcare.engine.facts import person_case_facts, run_assessment
from expatcare.engine.results import Assessment, Finding, Pathway
from expatcare.mobility.choices import CaseGoal
from expatcare.mobility.forms import EligibilityForm, PersonPickForm
from expatcare.mobility.milestone_templates import all_templates
from expatcare.mobility.policies import can_check_eligibility, can_manage_cases
from expatcare.mobility.selectors import person_picker
from expatcare.people.models import Person
from expatcare.people.policies import access_person

ASSESS_STEP = "assess"


def picked_person(actor: Actor, pick: PersonPickForm) -> Person | None:
    if not pick.is_valid() or not pick.cleaned_data.get("person"):
        return None
    return access_person(actor, pick.cleaned_data["person"])


def _evaluate(
    request: HttpRequest, person: Person | None
) -> tuple[EligibilityForm, Assessment | None]:
    """The form (bound when the job form was submitted) and the result when it is valid."""
    if request.GET.get("step") != ASSESS_STEP:
        initial: dict[str, Any] = {}
        if person is not None:
            facts = person_case_facts(person, as_of=timezone.localdate())
            initial = EligibilityForm.initial_from_facts(facts)
        return EligibilityForm(initial=initial), None
    form = EligibilityForm(request.GET)
    if not form.is_valid():
        return form, None
    try:
        return form, run_assessment(form.to_facts())
    except ServiceError as error:
        form.add_engine_error(error.field, error.message)
        return form, None


SEVERITY_ORDER = ("error", "warning", "info")
STATUS_ORDER = {"eligible": 0, "conditional": 1, "not_eligible": 2}


def ordered_pathways(result: Assessment | None) -> list[Pathway]:
    """The recommended pathway first, then eligible, conditional, not eligible (engine order)."""
    if result is None:
        return []
    return sorted(
        result.pathways,
        key=lambda p: (p.code != result.recommended, STATUS_ORDER.get(p.status, 3)),
    )


def findings_by_severity(result: Assessment | None) -> list[tuple[str, list[Finding]]]:
    """Findings grouped most severe first; unknown severities come last, in engine order."""
    if result is None:
        return []
    groups: dict[str, list[Finding]] = {}
    for finding in result.findings:
        groups.setdefault(finding.severity, []).append(finding)
    order = [s for s in SEVERITY_ORDER if s in groups]
    order += [s for s in groups if s not in SEVERITY_ORDER]
    return [(severity, groups[severity]) for severity in order]


@tenant_view(can_check_eligibility)
@require_GET
def eligibility(request: HttpRequest, actor: Actor) -> HttpResponse:
    pick = PersonPickForm(request.GET)
    person = picked_person(actor, pick)
    form, result = _evaluate(request, person)
    query = pick.cleaned_data.get("q", "") if pick.is_valid() else ""
    context = {
        "pick": pick,
        "picker": person_picker(actor, query=query),
        "person": person,
        "form": form,
        "result": result,
        "json_query": request.GET.urlencode() if result is not None else "",
        "findings": findings_by_severity(result),
        "pathways": ordered_pathways(result),
    }
    if result is not None and person is not None and can_manage_cases(actor):
        # The "Start a case" buttons post the same facts; the server assesses them again.
        context["start_fields"] = [
            (name, value) for name, values in request.GET.lists() if name != "q" for value in values
        ]
        context["startable"] = set(all_templates())
        context["goal_choices"] = CaseGoal.choices
    return render(request, "mobility/eligibility.html", context)


@tenant_view(can_check_eligibility)
@require_GET
def person_options(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The picker's <select> for a search term (htmx swaps it in while the user types)."""
    pick = PersonPickForm(request.GET)
    query = pick.cleaned_data.get("q", "") if pick.is_valid() else ""
    selected = pick.cleaned_data.get("person") if pick.is_valid() else None
    context = {"picker": person_picker(actor, query=query), "selected": selected}
    return render(request, "mobility/_person_select.html", context)


@tenant_view(can_check_eligibility)
@require_GET
def assessment_json(request: HttpRequest, actor: Actor) -> JsonResponse:
    """The raw §5a result for the same query as the page; 422 with field errors when invalid."""
    picked_person(actor, PersonPickForm(request.GET))
    form = EligibilityForm(request.GET)
    if form.is_valid():
        try:
            return JsonResponse(run_assessment(form.to_facts()).as_json())
        except ServiceError as error:
            form.add_engine_error(error.field, error.message)
    return JsonResponse({"errors": form.errors.get_json_data()}, status=FORM_ERROR_STATUS)
