"""The employee's own writes: enrolling themself in confidential care.

Psychosocial support is confidential: the employer offers it (a confidential module in one of
its active packages) and the employee enrols without HR, so nobody at the employer learns who
uses it. The enrolment is sealed like every confidential one, and its audit entry names neither
the person nor the acting user.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.roles import Role
from expatcare.care.errors import CareErrorCode
from expatcare.care.models import CareModule, Enrolment
from expatcare.care.my_care import own_confidential_enrolments, requestable_modules
from expatcare.care.services.enrolments import EnrolmentRequest, _check_request, _new_enrolment
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people.models import Person
from expatcare.people.policies import is_own_record


def enrolment_self_request(
    *, actor: Actor, person: Person, module: CareModule, today: dt.date | None = None
) -> Enrolment:
    """The employee enrols themself in an offered confidential module, starting today."""
    if not is_own_record(actor, person) or actor.role != Role.EMPLOYEE:
        raise PermissionDenied(_("Only employees enrol themselves in confidential care."))
    if not requestable_modules(actor, held=set()).filter(pk=module.pk).exists():
        raise ServiceError(
            _("Your employer does not offer this module for enrolling yourself."),
            field="module",
            code=CareErrorCode.MODULE_NOT_AVAILABLE,
        )
    today = today or timezone.localdate()
    request = EnrolmentRequest(module=module)
    _check_request(person, request, enrolling=set())
    with transaction.atomic():
        # A sealed row has no person column for a unique constraint to hold on: the person's
        # row is locked instead, so two requests at once cannot both pass the check.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        held = own_confidential_enrolments(actor, person.pk, today=today)
        if any(e.module_id == module.pk and s.family_member_id is None for e, s in held):
            raise ServiceError(
                _("Already enrolled in “%(module)s”.") % {"module": module.name_en},
                field="module",
                code=CareErrorCode.ALREADY_ENROLLED,
            )
        return _new_enrolment(
            actor, person, request, start_date=today, today=today, package=None, self_service=True
        )
