"""The audit actions the mobility services record (see ``expatcare.audit.actions``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from expatcare.audit.actions import AuditAction


class MobilityAction(AuditAction):
    CASE_START = "case.start", _("Case started")
    CASE_CLOSE = "case.close", _("Case closed")
    CASE_ATTACH_FAMILY_MEMBER = "case.attach_family_member", _("Family member added to the case")
    CASE_DOCUMENT_UPLOAD = "case.document_upload", _("Case document uploaded")
    MILESTONE_UPDATE = "milestone.update", _("Milestone changed")
    MILESTONE_ATTACH_DOCUMENT = "milestone.attach_document", _("Document attached to a milestone")
