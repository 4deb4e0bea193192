"""Defect 8: a milestone changed over htmx refreshes the case header too, not only the timeline."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.mobility.milestone_templates import template_for
from expatcare.mobility.selectors import current_milestone, milestone_title

pytestmark = pytest.mark.django_db


def _header(html: str) -> tuple[str, str]:
    """The header's opening tag and its content up to the end of the expert details."""
    start = html.index('id="case-header"')
    opening = html.rfind("<dl", 0, start)
    closing = html.index("</details>", start)
    chunk = html[opening:closing]
    return chunk[: chunk.index(">") + 1], chunk


def test_marking_the_current_step_done_swaps_the_header_out_of_band(client_for, case):
    client = client_for(Role.HR)
    case.refresh_from_db()
    first = current_milestone(case)
    assert first is not None
    template = template_for(case.pathway_code)
    with translation.override("en"):
        old_title = milestone_title(first.code, template)
    page = client.get(reverse("mobility:case_detail", args=[case.pk])).content.decode()
    _tag, header = _header(page)
    assert old_title in header

    response = client.post(
        reverse("mobility:milestone_update", args=[case.pk, first.pk]),
        {"status": "done"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="timeline"')
    tag, header = _header(html)
    assert 'hx-swap-oob="true"' in tag
    case.refresh_from_db()
    following = current_milestone(case)
    assert following is not None and following.pk != first.pk
    with translation.override("en"):
        assert milestone_title(following.code, template) in header
    assert f"{old_title} (" not in header


def test_header_keeps_codes_and_rule_set_behind_details(client_for, case):
    html = client_for(Role.HR).get(reverse("mobility:case_detail", args=[case.pk])).content.decode()
    _tag, header = _header(html)
    visible = header.split("<details", 1)[0]
    assert case.pathway_code not in visible
    assert case.ruleset_version not in visible
    assert case.pathway_code in header and case.ruleset_version in header
    assert reverse("people:detail", args=[case.person_id]) in html
