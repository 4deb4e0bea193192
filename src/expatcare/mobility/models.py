"""Immigration and recognition cases: one per person and goal, following a pathway's milestones.

A case is started from an assessment of the rules engine and keeps that assessment, its trace
and the ruleset version, so the decision to take this pathway can be explained later even when
thresholds change. Milestones store their step code; titles, owners' defaults and legal time
limits come from the pathway's template (``milestone_templates``), so they are translated in one
place. Whether a checklist document is present is derived from the person's documents at read
time, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expatcare.core.models import TenantModel
from expatcare.mobility.choices import (
    CaseGoal,
    CaseStatus,
    DecisionOutcome,
    MilestoneOwner,
    MilestoneStatus,
)
from expatcare.people.choices import DocumentKind


class Case(TenantModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cases")
    goal = models.CharField(_("goal"), max_length=32, choices=CaseGoal.choices)
    pathway_code = models.CharField(_("pathway"), max_length=48)
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    assessment = models.JSONField(_("assessment"), default=dict, blank=True)
    trace = models.JSONField(_("trace"), default=list, blank=True)
    ruleset_version = models.CharField(_("rule set version"), max_length=100, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_on = models.DateField(_("started on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    family_members = models.ManyToManyField(
        "people.FamilyMember", blank=True, related_name="cases", verbose_name=_("family members")
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=("person", "goal"),
                condition=Q(status="open"),
                name="mobility_case_one_open_per_goal",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="mobility_case_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(goal__in=CaseGoal.values), name="mobility_case_goal_valid"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("started_on")),
                name="mobility_case_closed_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=("organization", "status", "-started_on")),
            models.Index(fields=("organization", "person")),
        ]

    def __str__(self) -> str:
        return f"{self.get_goal_display()}: {self.pathway_code}"

    def get_absolute_url(self) -> str:
        return reverse("mobility:case_detail", args=[self.pk])


class Milestone(TenantModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("step"), max_length=64)
    owner = models.CharField(_("responsible"), max_length=16, choices=MilestoneOwner.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    expected_on = models.DateField(
        _("expected by"),
        null=True,
        blank=True,
        help_text=_("End of the legal time limit, once the step it counts from is done."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=DecisionOutcome.choices, blank=True, default=""
    )
    authority = models.CharField(_("competent authority"), max_length=200, blank=True)
    gap_plan = models.TextField(_("plan to close the gaps"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    documents = models.ManyToManyField(
        "people.DocumentVersion", blank=True, related_name="milestones", verbose_name=_("documents")
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ("case_id", "position")
        constraints = [
            models.UniqueConstraint(
                fields=("case", "position"), name="mobility_milestone_position"
            ),
            models.UniqueConstraint(fields=("case", "code"), name="mobility_milestone_code"),
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values),
                name="mobility_milestone_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(owner__in=MilestoneOwner.values),
                name="mobility_milestone_owner_valid",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="mobility_milestone_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=("organization", "status", "expected_on"))]

    def __str__(self) -> str:
        return self.code


class ChecklistItem(TenantModel):
    """A document the pathway needs; present when the person has a current one of its kind.

    ``code`` is the engine's document code (``degree_comparability_proof``), ``document_kind``
    the kind of person document that satisfies it; for kinds without their own document kind
    (``other``) the document's title must equal ``match_title``.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checklist")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("document"), max_length=64)
    document_kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    match_title = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ("case_id", "position")
        constraints = [
            models.UniqueConstraint(fields=("case", "code"), name="mobility_checklist_code"),
        ]

    def __str__(self) -> str:
        return self.code
