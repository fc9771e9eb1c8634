"""The coordinator's list of a cycle's applications: filters, search, ordering, pagination, counts."""

import pytest
from django.test import Client

from tandem.accounts.models import User
from tandem.applications.models import Application, Role
from tandem.applications.screening_selectors import (
    ScreeningFilters,
    applications_for_screening,
    status_counts,
)
from tandem.applications.tests.screening_support import (
    applicant,
    list_url,
    screening_test_defaults,  # noqa: F401 - autouse fixture
)
from tandem.programs.models import Cycle, Program
from tandem.testing.factories import CycleFactory, SelfAssessmentFactory

NAMES = ["Amira Haddad", "Nadia Bouchard", "Olivier Gagnon", "Fatima Diallo"]


@pytest.fixture
def applications(cycle: Cycle, program: Program) -> dict[str, Application]:
    career, entrepreneurship, general, social = program.topics.order_by("position")[:4]
    return {
        "Amira Haddad": applicant(
            cycle,
            "Amira",
            "Haddad",
            role=Role.MENTEE,
            region="QC",
            languages=["fr", "en"],
            topics=[career],
            employer="CIUSSS de la Capitale-Nationale",
            motivation="Learn to lead a surgical unit.",
        ),
        "Nadia Bouchard": applicant(
            cycle,
            "Nadia",
            "Bouchard",
            role=Role.MENTOR,
            status=Application.Status.ACCEPTED,
            region="ON",
            languages=["en"],
            topics=[entrepreneurship],
            employer="Ontario Health",
            user__organization="Réseau santé Ontario",
            motivation="Give back to the profession.",
        ),
        "Olivier Gagnon": applicant(
            cycle,
            "Olivier",
            "Gagnon",
            role=Role.MENTEE,
            status=Application.Status.WAITLISTED,
            region="BC",
            languages=["es", "en"],
            topics=[general],
            employer="Fraser Health",
            motivation="Open a community pharmacy one day.",
            objectives="Understand entrepreneurship.",
        ),
        "Fatima Diallo": applicant(
            cycle,
            "Fatima",
            "Diallo",
            role=Role.MENTOR,
            status=Application.Status.DECLINED,
            region="QC",
            languages=["fr"],
            topics=[career, social],
            employer="CHU de Québec",
            motivation="Share twenty years of leadership.",
        ),
    }


def shown(client: Client, cycle: Cycle, query: str = "") -> set[str]:
    response = client.get(list_url(cycle, query))
    assert response.status_code == 200
    content = response.content.decode()
    return {name for name in NAMES if name in content}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", set(NAMES)),
        ("role=mentor", {"Nadia Bouchard", "Fatima Diallo"}),
        ("role=mentee", {"Amira Haddad", "Olivier Gagnon"}),
        ("status=submitted", {"Amira Haddad"}),
        ("status=accepted", {"Nadia Bouchard"}),
        ("status=waitlisted", {"Olivier Gagnon"}),
        ("status=declined", {"Fatima Diallo"}),
        ("status=withdrawn", set()),
        ("region=QC", {"Amira Haddad", "Fatima Diallo"}),
        ("region=BC", {"Olivier Gagnon"}),
        ("language=fr", {"Amira Haddad", "Fatima Diallo"}),
        ("language=en", {"Amira Haddad", "Nadia Bouchard", "Olivier Gagnon"}),
        ("language=es", {"Olivier Gagnon"}),
        ("language=zh", set()),
        ("role=mentee&language=en&region=QC", {"Amira Haddad"}),
    ],
)
def test_each_filter_narrows_the_list_exactly(
    client: Client, coordinator: User, cycle: Cycle, applications: dict, query: str, expected: set[str]
) -> None:
    client.force_login(coordinator)
    assert shown(client, cycle, query) == expected


def test_topic_filter_shows_who_chose_that_topic(
    client: Client, coordinator: User, cycle: Cycle, program: Program, applications: dict
) -> None:
    career = program.topics.order_by("position").first()
    client.force_login(coordinator)
    assert shown(client, cycle, f"topic={career.pk}") == {"Amira Haddad", "Fatima Diallo"}


def test_a_topic_of_another_program_is_refused_and_the_list_is_not_narrowed(
    client: Client, coordinator: User, cycle: Cycle, other_program: Program, applications: dict
) -> None:
    foreign_topic = other_program.topics.first()
    client.force_login(coordinator)

    response = client.get(list_url(cycle, f"topic={foreign_topic.pk}&role=mentor"))

    content = response.content.decode()
    assert "Select a valid choice" in content
    assert {name for name in NAMES if name in content} == {"Nadia Bouchard", "Fatima Diallo"}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("haddad", {"Amira Haddad"}),
        ("Amira Haddad", {"Amira Haddad"}),
        ("nadia.bouchard@example", {"Nadia Bouchard"}),
        ("réseau santé", {"Nadia Bouchard"}),  # the person's organization
        ("fraser", {"Olivier Gagnon"}),  # the employer on the application
        ("pharmacy", {"Olivier Gagnon"}),  # a word of the motivation
        ("ENTREPRENEURSHIP", {"Olivier Gagnon"}),  # a word of the objectives, any case
        ("leadership surgical", set()),  # every word must match
        ("nobody-like-this", set()),
    ],
)
def test_search_finds_by_name_email_organization_and_words_written(
    client: Client, coordinator: User, cycle: Cycle, applications: dict, search: str, expected: set[str]
) -> None:
    client.force_login(coordinator)
    from django.utils.http import urlencode

    assert shown(client, cycle, urlencode({"q": search})) == expected


def test_the_list_shows_what_screening_needs_with_status_in_words(
    client: Client, coordinator: User, cycle: Cycle, applications: dict
) -> None:
    amira = applications["Amira Haddad"]
    SelfAssessmentFactory(user=amira.user, cycle=cycle, role=Role.MENTEE, readiness=80)
    client.force_login(coordinator)

    content = client.get(list_url(cycle, "role=mentee&region=QC")).content.decode()

    assert '<span class="badge status-submitted">Submitted</span>' in content
    assert "<td>Mentee</td>" in content
    assert "<td>Quebec</td>" in content
    assert "<td>French, English</td>" in content
    assert "<td>Career Counseling</td>" in content
    assert "<td>6</td>" in content
    assert "80 %" in content
    assert f'<label for="select-{amira.pk}" class="visually-hidden">' in content
    assert "Select Amira Haddad (Mentee)" in content
    assert "<caption>" in content
    assert '<th scope="col">Name</th>' in content


def test_counts_by_status_cover_the_whole_cycle_whatever_the_filters(
    client: Client, coordinator: User, cycle: Cycle, applications: dict
) -> None:
    client.force_login(coordinator)
    response = client.get(list_url(cycle, "status=declined"))
    counts = {item.status: item.count for item in response.context["status_counts"]}
    assert counts == {"submitted": 1, "accepted": 1, "waitlisted": 1, "declined": 1, "withdrawn": 0}


def test_status_counts_take_one_query(
    cycle: Cycle, applications: dict, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(1):
        counts = status_counts(cycle)
    assert [(item.label, item.count) for item in counts] == [
        ("Submitted", 1),
        ("Accepted", 1),
        ("Waitlisted", 1),
        ("Declined", 1),
        ("Withdrawn", 0),
    ]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("name", ["Nadia Bouchard", "Fatima Diallo", "Olivier Gagnon", "Amira Haddad"]),
        ("-name", ["Amira Haddad", "Olivier Gagnon", "Fatima Diallo", "Nadia Bouchard"]),
        ("submitted", ["Amira Haddad", "Nadia Bouchard", "Olivier Gagnon", "Fatima Diallo"]),
        ("-submitted", ["Fatima Diallo", "Olivier Gagnon", "Nadia Bouchard", "Amira Haddad"]),
    ],
)
def test_ordering_by_name_or_submitted_date(
    coordinator: User, program: Program, cycle: Cycle, applications: dict, order: str, expected: list[str]
) -> None:
    ordered = applications_for_screening(coordinator, program, cycle, ScreeningFilters(ordering=order))
    assert [application.user.display_name for application in ordered] == expected


def test_pagination_keeps_the_filters(
    client: Client, coordinator: User, cycle: Cycle, settings: object
) -> None:
    settings.TANDEM_PAGE_SIZE = 2
    mentees = [applicant(cycle, "Mentee", f"Number{index}", role=Role.MENTEE) for index in range(3)]
    applicant(cycle, "Mentor", "Alone", role=Role.MENTOR)
    client.force_login(coordinator)

    first = client.get(list_url(cycle, "role=mentee&order=name")).content.decode()
    second = client.get(list_url(cycle, "role=mentee&order=name&page=2")).content.decode()

    assert 'href="?role=mentee&amp;order=name&amp;page=2"' in first
    assert "Mentee Number0" in first
    assert "Mentee Number1" in first
    assert "Mentee Number2" in second
    assert 'href="?role=mentee&amp;order=name&amp;page=1"' in second
    assert "Mentee Number2" not in first
    assert "Mentor Alone" not in first + second
    assert len(mentees) == 3


def test_export_link_keeps_the_filters_but_not_the_page(
    client: Client, coordinator: User, cycle: Cycle, applications: dict
) -> None:
    client.force_login(coordinator)
    content = client.get(list_url(cycle, "role=mentor&language=fr&page=1")).content.decode()
    assert (
        f'href="/en/programs/health-leaders/cycles/{cycle.pk}/applications/export.csv?role=mentor&amp;language=fr"'
        in content
    )


def test_applying_as_both_roles_is_pointed_out(client: Client, coordinator: User, cycle: Cycle) -> None:
    both = applicant(cycle, "Jo", "Deuxroles", role=Role.MENTEE)
    applicant(cycle, "Solo", "Unrole", role=Role.MENTEE)
    from tandem.testing.factories import ApplicationFactory

    ApplicationFactory(cycle=cycle, user=both.user, role=Role.MENTOR)
    client.force_login(coordinator)

    content = client.get(list_url(cycle, "role=mentee")).content.decode()

    assert content.count("Applied as mentor and mentee") == 1


def test_applications_of_another_cycle_are_not_listed(
    client: Client, coordinator: User, cycle: Cycle, program: Program, applications: dict
) -> None:
    applicant(CycleFactory(program=program, name="Last year", status=Cycle.Status.CLOSED), "Ancien", "Cycle")
    client.force_login(coordinator)
    assert "Ancien Cycle" not in client.get(list_url(cycle)).content.decode()


def make_applications(cycle: Cycle, program: Program, count: int) -> None:
    topics = list(program.topics.all()[:3])
    for index in range(count):
        application = applicant(cycle, "Person", f"Number{index}", topics=topics)
        if index % 2:
            SelfAssessmentFactory(user=application.user, cycle=cycle, role=application.role, readiness=60)


LIST_QUERIES = 12


@pytest.mark.parametrize("count", [5, 40])
def test_list_query_count_does_not_grow_with_applications(
    client: Client,
    coordinator: User,
    cycle: Cycle,
    program: Program,
    count: int,
    django_assert_num_queries: object,
) -> None:
    make_applications(cycle, program, count)
    client.force_login(coordinator)
    topic = program.topics.first()

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(list_url(cycle, f"topic={topic.pk}&language=fr&q=person"))

    assert response.context["page"].paginator.count == count


def test_an_unknown_language_code_matches_nobody(
    coordinator: User, program: Program, cycle: Cycle, applications: dict
) -> None:
    """An API caller could pass anything; a quote or a LIKE wildcard must not widen the match."""
    for code in ["%", '"', "f%", 'fr"', ""]:
        found = applications_for_screening(coordinator, program, cycle, ScreeningFilters(language=code))
        expected = len(NAMES) if code == "" else 0
        assert found.count() == expected, code
