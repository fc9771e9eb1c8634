"""Cycles open for recruitment, with what the person already did in each."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.applications.models import Application, Role
from tandem.applications.tests.conftest import closed_cycle
from tandem.programs.models import Cycle, Program
from tandem.testing.factories import ApplicationFactory, CycleFactory, ProgramFactory, SelfAssessmentFactory

pytestmark = pytest.mark.django_db
OPEN_CYCLES = "/en/applications/open/"


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(OPEN_CYCLES)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_only_cycles_recruiting_today_are_listed(client: Client, program: Program, mentee: User) -> None:
    # One recruiting cycle per program at a time: the closed and future ones belong to other programs.
    CycleFactory(program=program, name="Open now")
    closed_cycle(ProgramFactory(), name="Closed yesterday")
    CycleFactory(program=program, name="Still a draft", status=Cycle.Status.DRAFT)
    today = timezone.localdate()
    CycleFactory(
        program=ProgramFactory(),
        name="Opens next week",
        recruitment_opens=today + datetime.timedelta(days=7),
        recruitment_closes=today + datetime.timedelta(days=30),
    )
    client.force_login(mentee)
    html = client.get(OPEN_CYCLES).content.decode()
    assert "Health Leaders Mentoring — Open now" in html
    assert "A mentoring program for health leaders." in html
    for hidden in ("Closed yesterday", "Still a draft", "Opens next week"):
        assert hidden not in html


def test_nothing_open_says_so(client: Client, mentee: User) -> None:
    client.force_login(mentee)
    assert "No program is recruiting right now." in client.get(OPEN_CYCLES).content.decode()


def test_each_cycle_shows_what_the_person_did_and_links_to_what_is_left(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    ApplicationFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    client.force_login(mentee)
    html = client.get(OPEN_CYCLES).content.decode()
    assert f'href="{reverse("applications:self_assess", args=[cycle.pk, "mentor"])}"' in html
    assert f'href="{reverse("applications:self_assess", args=[cycle.pk, "mentee"])}"' not in html
    assert reverse("applications:self_assessment_result", args=[cycle.pk, "mentee"]) in html
    assert "self-assessment done" in html
    assert "applied" in html
    assert reverse("applications:apply", args=[cycle.pk]) in html  # the mentor role is still open


def test_no_apply_link_once_both_roles_are_taken(client: Client, cycle: Cycle, mentee: User) -> None:
    ApplicationFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    ApplicationFactory(user=mentee, cycle=cycle, role=Role.MENTOR)
    client.force_login(mentee)
    assert reverse("applications:apply", args=[cycle.pk]) not in client.get(OPEN_CYCLES).content.decode()


def test_what_others_did_is_not_shown(client: Client, cycle: Cycle, mentee: User, mentor: User) -> None:
    ApplicationFactory(user=mentor, cycle=cycle, role=Role.MENTOR, status=Application.Status.ACCEPTED)
    client.force_login(mentee)
    html = client.get(OPEN_CYCLES).content.decode()
    assert "Accepted" not in html
    assert "self-assessment done" not in html


def test_a_coordinator_of_another_program_sees_the_same_public_list(
    client: Client, cycle: Cycle, other_coordinator: User
) -> None:
    client.force_login(other_coordinator)
    assert "Health Leaders Mentoring — 2026-2027" in client.get(OPEN_CYCLES).content.decode()


def test_query_count_does_not_grow_with_cycles(
    client: Client, mentee: User, django_assert_num_queries: Callable[..., object]
) -> None:
    def add_cycle() -> None:
        cycle = CycleFactory(program=ProgramFactory())
        SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTOR)
        ApplicationFactory(user=mentee, cycle=cycle, role=Role.MENTEE)

    client.force_login(mentee)
    add_cycle()
    # session, user, count for pagination, cycles with programs, self-assessments, applications, staff menu
    with django_assert_num_queries(7):
        client.get(OPEN_CYCLES)
    for _ in range(4):
        add_cycle()
    with django_assert_num_queries(7):
        response = client.get(OPEN_CYCLES)
    assert len(response.context["entries"]) == 5
