"""Searching the screening list ignores accents and case, the same way on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from tandem.accounts.models import User
from tandem.applications.models import Application
from tandem.applications.tests.screening_support import (
    applicant,
    export_url,
    list_url,
    names_in,
    screening_test_defaults,  # noqa: F401 - autouse fixture
)
from tandem.applications.tests.test_screening_list import LIST_QUERIES
from tandem.programs.models import Cycle, Program

NAMES = ["Émilie Tremblay", "Hélène Côté", "Zoé O_Neil", "Paul Cent%", "Jean Dupont"]


@pytest.fixture
def applications(cycle: Cycle) -> dict[str, Application]:
    # The factory's defaults say "Santé Québec", "CIUSSS", "leader"...: the words searched below avoid them.
    return {
        "Émilie Tremblay": applicant(cycle, "Émilie", "Tremblay"),
        "Hélène Côté": applicant(cycle, "Hélène", "Côté", employer="Hôpital Sainte-Justine"),
        "Zoé O_Neil": applicant(cycle, "Zoé", "O_Neil"),
        "Paul Cent%": applicant(cycle, "Paul", "Cent%", motivation="Give 100% to the ÉQUIPE DE NUIT."),
        "Jean Dupont": applicant(cycle, "Jean", "Dupont", objectives="Lead the Montréal team."),
    }


def shown(client: Client, cycle: Cycle, search: str) -> set[str]:
    response = client.get(list_url(cycle, urlencode({"q": search})))
    assert response.status_code == 200
    return names_in(response.content.decode(), NAMES)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("émilie", {"Émilie Tremblay"}),
        ("Emilie", {"Émilie Tremblay"}),
        ("ÉMILIE", {"Émilie Tremblay"}),
        ("helene", {"Hélène Côté"}),
        ("HÉLÈNE", {"Hélène Côté"}),
        ("cote", {"Hélène Côté"}),
        ("CÔTÉ", {"Hélène Côté"}),
        ("Côte", {"Hélène Côté"}),
        ("helene cote", {"Hélène Côté"}),  # every word, across first and last name
        ("helene tremblay", set()),  # ...and every word must match
        ("hopital", {"Hélène Côté"}),  # the employer on the application
        ("equipe de nuit", {"Paul Cent%"}),  # words of the motivation, typed without accents
        ("montreal", {"Jean Dupont"}),  # a word of the objectives
        ("zoe", {"Zoé O_Neil"}),
        ("E\u0301milie", {"Émilie Tremblay"}),  # typed decomposed: e + combining acute
    ],
)
def test_search_ignores_accents_and_case(
    client: Client, coordinator: User, cycle: Cycle, applications: dict, search: str, expected: set[str]
) -> None:
    client.force_login(coordinator)
    assert shown(client, cycle, search) == expected


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("%", {"Paul Cent%"}),
        ("_", {"Zoé O_Neil"}),
        ("o_neil", {"Zoé O_Neil"}),
        ("o%neil", set()),  # % is not "anything" here
        ("c_nt", set()),  # nor is _ "any one letter"
        ("100%", {"Paul Cent%"}),
    ],
)
def test_like_wildcards_typed_in_the_search_are_looked_for_literally(
    client: Client, coordinator: User, cycle: Cycle, applications: dict, search: str, expected: set[str]
) -> None:
    client.force_login(coordinator)
    assert shown(client, cycle, search) == expected


def test_the_export_searches_the_same_way(
    client: Client, coordinator: User, cycle: Cycle, applications: dict
) -> None:
    client.force_login(coordinator)
    content = b"".join(client.get(export_url(cycle, urlencode({"q": "COTE"}))).streaming_content)
    exported = content.decode("utf-8-sig")
    assert names_in(exported, ["Hélène", "Émilie", "Zoé", "Paul", "Jean"]) == {"Hélène"}
    assert "Côté" in exported


@pytest.mark.parametrize("count", [5, 40])
def test_an_accented_search_costs_the_same_queries_as_no_search_whatever_the_rows(
    client: Client, coordinator: User, cycle: Cycle, program: Program, count: int
) -> None:
    for index in range(count):
        applicant(cycle, "Hélène", f"Côté{index}")
    applicant(cycle, "Someone", "Else")
    client.force_login(coordinator)
    topic = program.topics.first()
    client.get(list_url(cycle))  # the session and the program's caches warm up alike for both below

    with CaptureQueriesContext(connection) as unfiltered:
        client.get(list_url(cycle, f"topic={topic.pk}&language=fr"))
    with CaptureQueriesContext(connection) as searched:
        response = client.get(
            list_url(cycle, f"topic={topic.pk}&language=fr&" + urlencode({"q": "HELENE cote"}))
        )

    assert len(searched) == len(unfiltered) == LIST_QUERIES
    assert response.context["page"].paginator.count == count
