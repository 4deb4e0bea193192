"""The caller: who they are and through which organisation and role they act."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from expatcare.api.schemas import MeOut, OrganizationOut
from expatcare.apikit.auth import actor_of
from expatcare.compliance.feeds import active_feed_url
from expatcare.people.policies import visible_people

router = Router(tags=["account"])


@router.get(
    "/me", operation_id="me_read", response=MeOut, summary="The caller's account and membership"
)
def me(request: HttpRequest) -> MeOut:
    actor = actor_of(request)
    user = actor.user
    person_id = visible_people(actor).filter(user_id=user.pk).values_list("pk", flat=True).first()
    organization = actor.organization
    return MeOut(
        email=user.email,
        full_name=user.full_name,
        language=user.language,
        time_zone=user.time_zone,
        organization=OrganizationOut(
            id=organization.pk, name=organization.name, kind=organization.kind
        ),
        role=actor.role.value,
        person_id=person_id,
        calendar_url=active_feed_url(request, actor),
    )
