"""Pages stay fast as data grows: the number of queries does not depend on the rows shown."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.accounts.models import User
from tandem.applications.models import Application, Role
from tandem.programs.models import Cycle, Program, ProgramRole
from tandem.testing.factories import (
    ApplicationFactory,
    CycleFactory,
    ProgramFactory,
    ProgramRoleFactory,
    ReferenceDocumentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _past_cycle(program: Program, year: int) -> Cycle:
    start = datetime.date(year, 1, 10)
    return CycleFactory(
        program=program,
        name=str(year),
        status=Cycle.Status.CLOSED,
        recruitment_opens=start,
        recruitment_closes=start + datetime.timedelta(days=30),
        matching_date=start + datetime.timedelta(days=40),
        starts=start + datetime.timedelta(days=50),
        midpoint=start + datetime.timedelta(days=150),
        ends=start + datetime.timedelta(days=300),
    )


def test_program_list_queries_do_not_grow_with_programs_or_cycles(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    url = reverse("programs:list")
    # session, user, programs, their cycles, second factor, header menu
    one_program = _count_queries(client, url)
    for _ in range(3):
        other = ProgramFactory()
        ProgramRoleFactory(program=other, user=coordinator, role=ProgramRole.Role.COMMITTEE)
        _past_cycle(other, 2020)
        _past_cycle(other, 2021)
    assert _count_queries(client, url) == one_program == 6


def test_program_home_queries_do_not_grow_with_cycles_or_applications(
    client: Client, coordinator: User, program: Program, cycle: Cycle
) -> None:
    client.force_login(coordinator)
    url = reverse("programs:home", kwargs={"slug": program.slug})
    ApplicationFactory(cycle=cycle, role=Role.MENTEE)
    # session, user, program, second factor, cycles with their counts, role, header menu
    few = _count_queries(client, url)
    for year in (2021, 2022, 2023):
        past = _past_cycle(program, year)
        ApplicationFactory.create_batch(2, cycle=past, role=Role.MENTOR, status=Application.Status.ACCEPTED)
        ApplicationFactory(cycle=past, role=Role.MENTEE, status=Application.Status.DECLINED)
    assert _count_queries(client, url) == few == 7


def test_documents_page_queries_do_not_grow_with_documents(
    client: Client, coordinator: User, program: Program
) -> None:
    client.force_login(coordinator)
    url = reverse("programs:documents", kwargs={"slug": program.slug})
    ReferenceDocumentFactory(program=program, stage=1)
    one = _count_queries(client, url)
    for stage in range(1, 11):
        ReferenceDocumentFactory.create_batch(2, program=program, stage=stage)
    # session, user, program, second factor, documents, header menu
    assert _count_queries(client, url) == one == 6


def test_team_page_queries_do_not_grow_with_members(
    client: Client, coordinator: User, program: Program
) -> None:
    client.force_login(coordinator)
    url = reverse("programs:team", kwargs={"slug": program.slug})
    one = _count_queries(client, url)
    for _ in range(5):
        ProgramRoleFactory(program=program, user=UserFactory(), role=ProgramRole.Role.COMMITTEE)
    # session, user, program, second factor, members with their accounts, header menu
    assert _count_queries(client, url) == one == 6
