"""Every write of the care domain: the catalog, packages and the enrolment lifecycle.

Each function checks permission and input first (``PermissionDenied``, ``ServiceError`` with
a field and a ``CareErrorCode`` code) and then writes inside one transaction together with its
audit entry (``CareAction``). Entries of confidential enrolments name no person and no
text: the trail is readable by HR and auditors. Callers import from this package; the modules
behind it split the catalog from the enrolments only to stay readable.
"""

from expatcare.care.services.catalog import (
    module_create,
    module_delete,
    module_update,
    package_create,
    package_delete,
    package_update,
)
from expatcare.care.services.certificates import enrolment_certificate_upload
from expatcare.care.services.enrolments import (
    AssignResult,
    EnrolmentRequest,
    covers,
    enrolment_activate,
    enrolment_comment_add,
    enrolment_confirm,
    enrolment_end,
    enrolment_reject,
    enrolment_request,
    family_tier,
    package_assign,
    unit_price,
)
from expatcare.care.services.self_service import enrolment_self_request
from expatcare.care.services.suggestions import suggestion_accept, suggestion_dismiss

__all__ = [
    "AssignResult",
    "EnrolmentRequest",
    "covers",
    "enrolment_activate",
    "enrolment_certificate_upload",
    "enrolment_comment_add",
    "enrolment_confirm",
    "enrolment_end",
    "enrolment_reject",
    "enrolment_request",
    "enrolment_self_request",
    "family_tier",
    "module_create",
    "module_delete",
    "module_update",
    "package_assign",
    "package_create",
    "package_delete",
    "package_update",
    "suggestion_accept",
    "suggestion_dismiss",
    "unit_price",
]
