"""Every action the care services record in the audit log, with its readable name.

Services pass these members to ``audit_record``; ``CareConfig.ready()`` registers the enum with
``audit.labels`` so the trail names each action in the reader's language, and the audit-label
test reads the members used from the source.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CareAuditAction(models.TextChoices):
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
