"""Bulk decisions from the list: all or nothing, with the names of what blocked, back to the same filters."""

import pytest
from django.core import mail
from django.test import Client

from tandem.accounts.models import User
from tandem.applications.models import Application, StatusChange
from tandem.applications.tests.screening_support import (
    applicant,
    bulk_url,
    list_url,
    screening_test_defaults,  # noqa: F401 - autouse fixture
)
from tandem.programs.models import Cycle

Status = Application.Status
FILTERS = "role=mentee&status=submitted&page=1"


def post_bulk(client: Client, cycle: Cycle, applications: list[Application], **data: str) -> object:
    return client.post(
        bulk_url(cycle),
        {"applications": [application.pk for application in applications], "return_query": FILTERS, **data},
        follow=True,
    )


def test_bulk_accept_changes_all_ticked_applications_and_goes_back_to_the_same_filters(
    client: Client, coordinator: User, cycle: Cycle, django_capture_on_commit_callbacks: object
) -> None:
    ticked = [applicant(cycle, "Amira", "Haddad"), applicant(cycle, "Olivier", "Gagnon")]
    untouched = applicant(cycle, "Fatima", "Diallo")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_bulk(client, cycle, ticked, decision="accepted", reason="Cohort 2026")

    assert response.redirect_chain == [(list_url(cycle, FILTERS), 302)]
    assert "Accept: 2 applications changed. Each applicant is told by email." in response.content.decode()
    assert list(Application.objects.filter(status=Status.ACCEPTED).order_by("pk")) == ticked
    untouched.refresh_from_db()
    assert untouched.status == Status.SUBMITTED
    assert StatusChange.objects.filter(changed_by=coordinator, reason="Cohort 2026").count() == 2
    assert sorted(email.to[0] for email in mail.outbox) == [
        "amira.haddad@example.org",
        "olivier.gagnon@example.org",
    ]


def test_bulk_action_changes_nothing_when_one_application_blocks_it_and_names_it(
    client: Client, coordinator: User, cycle: Cycle, django_capture_on_commit_callbacks: object
) -> None:
    fine = applicant(cycle, "Amira", "Haddad")
    withdrawn = applicant(cycle, "Olivier", "Gagnon", status=Status.WITHDRAWN)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_bulk(client, cycle, [fine, withdrawn], decision="waitlisted")

    content = response.content.decode()
    assert response.redirect_chain == [(list_url(cycle, FILTERS), 302)]
    assert (
        "Nothing was changed. These applications cannot take this decision: Olivier Gagnon (Mentee): "
        "The applicant withdrew this application; it can no longer be changed."
    ) in content
    assert "Amira Haddad (Mentee):" not in content
    fine.refresh_from_db()
    assert fine.status == Status.SUBMITTED
    assert not StatusChange.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "declined", "reason": ""}, "Reason: Give the reason for declining."),
        ({"decision": "", "reason": ""}, "Decision: This field is required."),
        (
            {"decision": "withdrawn", "reason": ""},
            "Decision: Select a valid choice. withdrawn is not one of the available choices.",
        ),
    ],
)
def test_bulk_form_errors_are_shown_and_nothing_changes(
    client: Client, coordinator: User, cycle: Cycle, data: dict, message: str
) -> None:
    application = applicant(cycle, "Amira", "Haddad")
    client.force_login(coordinator)

    response = post_bulk(client, cycle, [application], **data)

    assert message in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not StatusChange.objects.exists()


def test_bulk_action_without_a_ticked_application_asks_for_one(
    client: Client, coordinator: User, cycle: Cycle
) -> None:
    client.force_login(coordinator)
    response = post_bulk(client, cycle, [], decision="accepted")
    assert "Applications: Tick at least one application." in response.content.decode()


def test_the_return_query_cannot_send_the_coordinator_elsewhere(
    client: Client, coordinator: User, cycle: Cycle
) -> None:
    application = applicant(cycle, "Amira", "Haddad")
    client.force_login(coordinator)

    response = client.post(
        bulk_url(cycle),
        {"applications": [application.pk], "decision": "waitlisted", "return_query": "//evil.example/?x=1"},
    )

    assert response["Location"].startswith(list_url(cycle) + "?")
