"""Two coordinators deciding on the same application at once: the second waits, then sees the first's decision."""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from tandem.accounts.models import User
from tandem.applications.models import Application, StatusChange
from tandem.applications.screening_services import decide
from tandem.applications.tests.screening_support import (
    applicant,
    screening_test_defaults,  # noqa: F401 - autouse fixture
)
from tandem.programs.models import Cycle

Status = Application.Status


def in_thread(work: Callable[[], None]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()  # each thread has its own connection

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_second_decision_waits_for_the_first_and_starts_from_its_result(
    cycle: Cycle, coordinator: User, committee_member: User
) -> None:
    if not connection.features.has_select_for_update:
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers on its own")
    application = applicant(cycle, "Amira", "Haddad")
    first_decided, first_may_commit = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def marc_waitlists() -> None:
        with transaction.atomic():
            decide(
                application=Application.objects.get(pk=application.pk),
                decision=Status.WAITLISTED,
                reason="",
                by=committee_member,
            )
            first_decided.set()
            first_may_commit.wait(10)

    def camille_waitlists_from_a_stale_page() -> None:
        stale = Application.objects.get(pk=application.pk)  # read before Marc commits: still 'submitted'
        outcome["read"] = stale.status
        try:
            decide(application=stale, decision=Status.WAITLISTED, reason="", by=coordinator)
        except ValidationError as error:
            outcome["error"] = error.messages

    marc = in_thread(marc_waitlists)
    assert first_decided.wait(10)
    camille = in_thread(camille_waitlists_from_a_stale_page)
    camille.join(0.5)
    assert camille.is_alive(), "the second decision must wait for the first one's lock"

    first_may_commit.set()
    marc.join(10)
    camille.join(10)

    assert outcome == {"read": Status.SUBMITTED, "error": ["The application is already waitlisted."]}
    assert list(StatusChange.objects.values_list("from_status", "to_status", "changed_by")) == [
        ("submitted", "waitlisted", committee_member.pk)
    ]
