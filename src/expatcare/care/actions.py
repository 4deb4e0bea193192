"""The audit actions the care services record (see ``expatcare.audit.actions``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from expatcare.audit.actions import AuditAction


class CareAction(AuditAction):
    MODULE_CREATE = "care.module_create", _("Care module created")
    MODULE_UPDATE = "care.module_update", _("Care module changed")
    MODULE_DELETE = "care.module_delete", _("Care module deleted")
    PACKAGE_CREATE = "care.package_create", _("Care package created")
    PACKAGE_UPDATE = "care.package_update", _("Care package changed")
    PACKAGE_DELETE = "care.package_delete", _("Care package deleted")
    PACKAGE_ASSIGN = "care.package_assign", _("Care package assigned")
    ENROLMENT_REQUEST = "care.enrolment_request", _("Care enrolment requested")
    ENROLMENT_CONFIRM = "care.enrolment_confirm", _("Care enrolment confirmed")
    ENROLMENT_REJECT = "care.enrolment_reject", _("Care enrolment rejected")
    ENROLMENT_ACTIVATE = "care.enrolment_activate", _("Care enrolment started")
    ENROLMENT_END = "care.enrolment_end", _("Care enrolment ended")
    ENROLMENT_COMMENT = "care.enrolment_comment", _("Comment on a care enrolment")
    CERTIFICATE_UPLOAD = "care.certificate_upload", _("Insurance certificate filed")
    SUGGESTION_ACCEPT = "care.suggestion_accept", _("Care suggestion accepted")
    SUGGESTION_DISMISS = "care.suggestion_dismiss", _("Care suggestion dismissed")
