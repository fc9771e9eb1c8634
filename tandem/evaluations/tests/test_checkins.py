"""Check-ins and the mid-point review: due dates, one answer per period, help requests reach the coordinator."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.accounts.models import User
from tandem.evaluations.models import CheckIn
from tandem.evaluations.selectors import due_checkins, months_elapsed, pending_checkins
from tandem.evaluations.services import answer_checkin, send_checkin_reminders
from tandem.notifications.services import set_reminders_enabled
from tandem.relationships.models import Relationship


@pytest.mark.parametrize(
    ("start", "today", "months"),
    [
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), 0),
        (datetime.date(2026, 1, 15), datetime.date(2026, 4, 15), 3),
        (datetime.date(2025, 11, 20), datetime.date(2026, 2, 19), 2),
    ],
)
def test_months_elapsed_counts_whole_months(start: datetime.date, today: datetime.date, months: int) -> None:
    assert months_elapsed(start, today) == months


def test_a_quarterly_checkin_is_due_after_each_program_period(pair: Relationship) -> None:
    # The pair started 100 days ago and the program checks in every 3 months.
    assert [(d.kind, d.period) for d in due_checkins(pair)] == [("quarterly", 1)]
    later = pair.cycle.midpoint
    assert ("midpoint", 1) in [(d.kind, d.period) for d in due_checkins(pair, today=later)]


def test_a_participant_answers_once_and_help_requests_email_the_coordinator(
    pair: Relationship, coordinator: User
) -> None:
    answer_checkin(
        relationship=pair,
        by=pair.mentee.user,
        kind="quarterly",
        period=1,
        standing="help",
        reflection="We struggle to find time.",
        shared_message="Could you call me?",
    )
    assert [m.to for m in mail.outbox] == [["camille.tremblay@example.org"]]
    assert "struggle" not in mail.outbox[0].body
    assert "call me" not in mail.outbox[0].body
    assert pending_checkins(pair, pair.mentee.user) == []
    assert len(pending_checkins(pair, pair.mentor.user)) == 1
    with pytest.raises(ValidationError):
        answer_checkin(
            relationship=pair, by=pair.mentee.user, kind="quarterly", period=1, standing="on_track"
        )
    assert CheckIn.objects.count() == 1


def test_a_checkin_that_is_not_open_is_refused(pair: Relationship) -> None:
    with pytest.raises(ValidationError):
        answer_checkin(relationship=pair, by=pair.mentee.user, kind="midpoint", period=1, standing="on_track")
    assert not CheckIn.objects.exists()


def test_checkin_reminders_are_sent_once_to_those_who_keep_them(pair: Relationship) -> None:
    set_reminders_enabled(user=pair.mentor.user, enabled=False)
    assert send_checkin_reminders() == 1
    assert send_checkin_reminders() == 0
    assert [m.to for m in mail.outbox] == [["amira.haddad@example.org"]]


def test_no_checkin_once_the_relationship_ended(pair: Relationship) -> None:
    Relationship.objects.filter(pk=pair.pk).update(status="completed", ended_on=timezone.localdate())
    pair.refresh_from_db()
    assert due_checkins(pair) == []
