"""Screening services: decisions, their history, the applicant's email, bulk all-or-nothing, conversations."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.accounts.models import User
from tandem.applications.models import Application, Role, StatusChange
from tandem.applications.screening_services import (
    DecisionBlocked,
    decide,
    decide_many,
    record_conversation,
)
from tandem.applications.tests.screening_support import (
    applicant,
    screening_test_defaults,  # noqa: F401 - autouse fixture
)
from tandem.programs.models import Cycle

Status = Application.Status


@pytest.fixture
def amira(cycle: Cycle) -> Application:
    return applicant(cycle, "Amira", "Haddad", user__preferred_language="en")


@pytest.fixture
def olivier(cycle: Cycle) -> Application:
    return applicant(cycle, "Olivier", "Gagnon", user__preferred_language="fr", role=Role.MENTOR)


def history(application: Application) -> list[tuple[str, str, str, str]]:
    return [
        (change.from_status, change.to_status, change.changed_by.display_name, change.reason)
        for change in application.status_changes.select_related("changed_by")
    ]


@pytest.mark.parametrize("decision", [Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED])
def test_a_decision_changes_the_status_and_keeps_who_when_from_to_why(
    amira: Application, coordinator: User, decision: str, django_capture_on_commit_callbacks: object
) -> None:
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        decide(application=amira, decision=decision, reason="  Reviewed by the committee  ", by=coordinator)

    amira.refresh_from_db()
    assert amira.status == decision
    assert amira.decision_reason == "Reviewed by the committee"
    assert history(amira) == [("submitted", decision, "Camille Tremblay", "Reviewed by the committee")]
    assert StatusChange.objects.get().changed_at >= before


def test_successive_decisions_each_leave_a_row(
    amira: Application, coordinator: User, committee_member: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decide(application=amira, decision=Status.WAITLISTED, reason="Few mentors", by=coordinator)
        decide(application=amira, decision=Status.ACCEPTED, reason="", by=committee_member)
        decide(application=amira, decision=Status.DECLINED, reason="Moved abroad", by=coordinator)

    assert history(amira) == [
        ("submitted", "waitlisted", "Camille Tremblay", "Few mentors"),
        ("waitlisted", "accepted", "Marc Lavoie", ""),
        ("accepted", "declined", "Camille Tremblay", "Moved abroad"),
    ]
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("cycle_status", [Cycle.Status.RECRUITING, Cycle.Status.MATCHING])
def test_a_declined_application_can_be_reconsidered_and_the_applicant_is_told(
    amira: Application,
    coordinator: User,
    committee_member: User,
    cycle_status: str,
    django_capture_on_commit_callbacks: object,
) -> None:
    decide(application=amira, decision=Status.DECLINED, reason="No mentor in her field", by=coordinator)
    Cycle.objects.filter(pk=amira.cycle_id).update(status=cycle_status)
    amira.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        decide(
            application=amira,
            decision=Status.ACCEPTED,
            reason="A mentor in her field joined",
            by=committee_member,
        )

    amira.refresh_from_db()
    assert amira.status == Status.ACCEPTED
    assert history(amira)[-1] == ("declined", "accepted", "Marc Lavoie", "A mentor in her field joined")
    assert [message.to for message in mail.outbox] == [[amira.user.email]]


def test_declining_without_a_reason_is_refused_and_changes_nothing(
    amira: Application, coordinator: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        decide(application=amira, decision=Status.DECLINED, reason="   ", by=coordinator)

    assert error.value.message_dict == {"reason": ["Give the reason for declining."]}
    amira.refresh_from_db()
    assert amira.status == Status.SUBMITTED
    assert not StatusChange.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("status", "decision", "message"),
    [
        (Status.ACCEPTED, Status.ACCEPTED, "The application is already accepted."),
        (Status.WAITLISTED, Status.WAITLISTED, "The application is already waitlisted."),
        (
            Status.WITHDRAWN,
            Status.ACCEPTED,
            "The applicant withdrew this application; it can no longer be changed.",
        ),
        (
            Status.WITHDRAWN,
            Status.DECLINED,
            "The applicant withdrew this application; it can no longer be changed.",
        ),
        (Status.DECLINED, Status.DECLINED, "The application is already declined."),
        (Status.SUBMITTED, Status.SUBMITTED, "Choose accept, waitlist or decline."),
        (Status.SUBMITTED, Status.WITHDRAWN, "Choose accept, waitlist or decline."),
    ],
)
def test_transitions_that_are_not_allowed_are_refused_with_a_clear_message(
    cycle: Cycle, coordinator: User, status: str, decision: str, message: str
) -> None:
    application = applicant(cycle, "Amira", "Haddad", status=status)

    with pytest.raises(ValidationError) as error:
        decide(application=application, decision=decision, reason="A reason", by=coordinator)

    assert error.value.messages == [message]
    application.refresh_from_db()
    assert application.status == status
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("cycle_status", [Cycle.Status.MATCHING, Cycle.Status.RUNNING])
def test_an_accepted_application_cannot_be_taken_back_once_matching_started(
    cycle: Cycle, coordinator: User, cycle_status: str
) -> None:
    application = applicant(cycle, "Amira", "Haddad", status=Status.ACCEPTED)
    Cycle.objects.filter(pk=cycle.pk).update(status=cycle_status)

    with pytest.raises(ValidationError) as error:
        decide(application=application, decision=Status.WAITLISTED, reason="", by=coordinator)

    assert error.value.messages == [
        "Matching has started: an accepted application can no longer be changed here."
    ]


def test_a_waitlisted_application_can_still_be_accepted_during_matching(
    cycle: Cycle, coordinator: User, django_capture_on_commit_callbacks: object
) -> None:
    application = applicant(cycle, "Amira", "Haddad", status=Status.WAITLISTED)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.MATCHING)

    with django_capture_on_commit_callbacks(execute=True):
        decide(application=application, decision=Status.ACCEPTED, reason="", by=coordinator)

    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


def test_a_stale_status_is_read_again_under_lock(
    amira: Application, coordinator: User, committee_member: User, django_capture_on_commit_callbacks: object
) -> None:
    """Camille opened the page while Amira was 'submitted'; Marc waitlisted her since. Camille's decision
    starts from what is true now, so the history says waitlisted → accepted, not submitted → accepted."""
    stale_copy = Application.objects.get(pk=amira.pk)
    with django_capture_on_commit_callbacks(execute=True):
        decide(application=amira, decision=Status.WAITLISTED, reason="Few mentors", by=committee_member)
        decide(application=stale_copy, decision=Status.ACCEPTED, reason="", by=coordinator)

    assert [(change[0], change[1]) for change in history(amira)] == [
        ("submitted", "waitlisted"),
        ("waitlisted", "accepted"),
    ]
    assert stale_copy.status == Status.ACCEPTED


def test_a_stale_copy_cannot_overwrite_a_withdrawal(amira: Application, coordinator: User) -> None:
    stale_copy = Application.objects.get(pk=amira.pk)
    Application.objects.filter(pk=amira.pk).update(status=Status.WITHDRAWN)

    with pytest.raises(ValidationError):
        decide(application=stale_copy, decision=Status.ACCEPTED, reason="", by=coordinator)

    amira.refresh_from_db()
    assert amira.status == Status.WITHDRAWN
    assert not StatusChange.objects.exists()


def test_the_application_is_read_with_select_for_update(
    amira: Application, coordinator: User, django_assert_max_num_queries: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        decide(application=amira, decision=Status.WAITLISTED, reason="", by=coordinator)

    reads = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("SELECT") and "applications_application" in query["sql"]
    ]
    assert reads, "the decision must read the application again"
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in reads[0]


# --- The applicant's email ---------------------------------------------------------------------------


def test_the_applicant_is_told_by_email_in_english(
    amira: Application, coordinator: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decide(application=amira, decision=Status.ACCEPTED, reason="Strong motivation", by=coordinator)

    (email,) = mail.outbox
    assert email.to == ["amira.haddad@example.org"]
    assert email.subject == "Your application to Health Leaders Mentoring is accepted"
    assert "Hello Amira," in email.body
    assert "your application as a mentee in Health Leaders Mentoring (2026-2027) is accepted" in email.body
    assert "http://127.0.0.1:8000/en/applications/" in email.body
    assert "Strong motivation" not in email.body  # the reason stays internal unless shared


def test_the_email_is_rendered_in_french_for_a_french_speaker(
    olivier: Application, coordinator: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decide(application=olivier, decision=Status.WAITLISTED, reason="", by=coordinator)

    (email,) = mail.outbox
    assert email.to == ["olivier.gagnon@example.org"]
    assert "/fr/applications/" in email.body
    assert "/en/" not in email.body
    assert "Mentorat des leaders en santé" in email.body  # the program's French name


def test_a_decline_reason_is_in_the_email_only_when_the_coordinator_shares_it(
    cycle: Cycle, coordinator: User, django_capture_on_commit_callbacks: object
) -> None:
    kept = applicant(cycle, "Kept", "Internal")
    shared = applicant(cycle, "Shared", "Reason")
    with django_capture_on_commit_callbacks(execute=True):
        decide(application=kept, decision=Status.DECLINED, reason="Internal note on fit", by=coordinator)
        decide(
            application=shared,
            decision=Status.DECLINED,
            reason="The program is for health managers.",
            by=coordinator,
            share_reason=True,
        )

    kept_email, shared_email = mail.outbox
    assert "was not accepted this time" in kept_email.body
    assert "Internal note on fit" not in kept_email.body
    assert "The coordinator's reason:\nThe program is for health managers." in shared_email.body


def test_no_email_leaves_before_the_decision_is_committed(
    amira: Application, coordinator: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decide(application=amira, decision=Status.ACCEPTED, reason="", by=coordinator)
    assert mail.outbox == []
    assert len(callbacks) == 1


# --- Bulk decisions ----------------------------------------------------------------------------------


def test_bulk_decision_changes_every_application_and_counts_them(
    cycle: Cycle, coordinator: User, django_capture_on_commit_callbacks: object
) -> None:
    submitted = [applicant(cycle, "Sub", f"Mitted{index}") for index in range(2)]
    waitlisted = applicant(cycle, "Wait", "Listed", status=Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        counts = decide_many(
            applications=[*submitted, waitlisted],
            decision=Status.ACCEPTED,
            reason="Cohort 2026",
            by=coordinator,
        )

    assert counts.changed == 3
    assert counts.by_previous_status == {"submitted": 2, "waitlisted": 1}
    assert set(Application.objects.values_list("status", flat=True)) == {Status.ACCEPTED}
    assert sorted(StatusChange.objects.values_list("from_status", "to_status", "reason")) == [
        ("submitted", "accepted", "Cohort 2026"),
        ("submitted", "accepted", "Cohort 2026"),
        ("waitlisted", "accepted", "Cohort 2026"),
    ]
    assert sorted(email.to[0] for email in mail.outbox) == [
        "sub.mitted0@example.org",
        "sub.mitted1@example.org",
        "wait.listed@example.org",
    ]


def test_bulk_decision_is_all_or_nothing_and_names_what_blocked_it(
    cycle: Cycle, coordinator: User, django_capture_on_commit_callbacks: object
) -> None:
    fine = applicant(cycle, "Fine", "Submitted")
    withdrawn = applicant(cycle, "Gone", "Away", status=Status.WITHDRAWN)
    already = applicant(cycle, "Already", "Accepted", status=Status.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DecisionBlocked) as error:
        decide_many(
            applications=[fine, withdrawn, already], decision=Status.ACCEPTED, reason="", by=coordinator
        )

    assert [(item.application.pk, item.reason) for item in error.value.blocked] == sorted(
        [
            (withdrawn.pk, "The applicant withdrew this application; it can no longer be changed."),
            (already.pk, "The application is already accepted."),
        ]
    )
    fine.refresh_from_db()
    assert fine.status == Status.SUBMITTED
    assert not StatusChange.objects.exists()
    assert mail.outbox == []


def test_bulk_decline_needs_a_reason(cycle: Cycle, coordinator: User) -> None:
    application = applicant(cycle, "Amira", "Haddad")
    with pytest.raises(ValidationError):
        decide_many(applications=[application], decision=Status.DECLINED, reason="", by=coordinator)
    assert not StatusChange.objects.exists()


# --- Initial conversation ----------------------------------------------------------------------------


def test_recording_the_initial_conversation_keeps_date_and_note(
    amira: Application, coordinator: User
) -> None:
    on = timezone.localdate() - datetime.timedelta(days=2)
    record_conversation(application=amira, on=on, note="  Clear goals; available Tuesdays.  ", by=coordinator)

    amira.refresh_from_db()
    assert (amira.conversation_on, amira.conversation_note) == (on, "Clear goals; available Tuesdays.")
    assert amira.conversation_recorded_by == coordinator
    assert amira.status == Status.SUBMITTED
    assert mail.outbox == []


def test_a_conversation_in_the_future_is_refused(amira: Application, coordinator: User) -> None:
    with pytest.raises(ValidationError) as error:
        record_conversation(
            application=amira,
            on=timezone.localdate() + datetime.timedelta(days=1),
            note="Planned",
            by=coordinator,
        )
    assert error.value.message_dict == {"on": ["The conversation cannot be in the future."]}
    amira.refresh_from_db()
    assert amira.conversation_on is None
