"""The case list: search without accents, filters by pathway and current step, sort, board."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.mobility.models import Milestone
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(tenant):
    gomez = PersonFactory(organization=tenant.organization, first_name="Lucía", last_name="Gómez")
    yilmaz = PersonFactory(organization=tenant.organization, first_name="Ayşe", last_name="Yılmaz")
    first = make_case(gomez, pathway="DE_BLUE_CARD")
    second = make_case(yilmaz, pathway="DE_SKILLED_ACADEMIC")
    step = first.milestones.order_by("position").first()
    assert step is not None
    Milestone.objects.filter(pk=step.pk).update(status="done")
    return first, second


def _get(client, **params):
    response = client.get(reverse("mobility:case_list"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_search_ignores_accents(client_for, cases) -> None:
    html = _get(client_for(Role.HR), q="gomez", status="open")
    assert "Gómez" in html and "Yılmaz" not in html


def test_filter_by_pathway(client_for, cases) -> None:
    html = _get(client_for(Role.HR), pathway="DE_BLUE_CARD", status="open")
    assert "Gómez" in html and "Yılmaz" not in html


def test_filter_by_current_step(client_for, cases) -> None:
    first, second = cases
    current = first.milestones.order_by("position").exclude(status="done").first()
    assert current is not None
    html = _get(client_for(Role.HR), step=current.code, status="open")
    assert "Gómez" in html
    other_current = second.milestones.order_by("position").first()
    assert other_current is not None
    if other_current.code != current.code:
        assert "Yılmaz" not in html


def test_sort_by_name(client_for, cases) -> None:
    html = _get(client_for(Role.HR), sort="person", status="open")
    assert html.index("Gómez") < html.index("Yılmaz")
    html = _get(client_for(Role.HR), sort="-started", status="open")
    assert "Gómez" in html and "Yılmaz" in html


def test_board_groups_by_current_step(client_for, cases) -> None:
    html = _get(client_for(Role.HR), view="board", status="open")
    assert 'class="case-board' in html
    assert html.count('class="board-column"') >= 1
    assert "Gómez" in html and "Yılmaz" in html


def test_board_and_list_query_counts_do_not_grow(tenant, client_for, cases) -> None:
    client = client_for(Role.HR)

    def count(**params) -> int:
        with CaptureQueriesContext(connection) as context:
            _get(client, **params)
        return len(context.captured_queries)

    few_list, few_board = count(status="open"), count(view="board", status="open")
    for i in range(6):
        make_case(PersonFactory(organization=tenant.organization, last_name=f"Extra{i}"))
    assert count(status="open") == few_list
    assert count(view="board", status="open") == few_board
