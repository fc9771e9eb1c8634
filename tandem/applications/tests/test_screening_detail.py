"""The application page: everything submitted, the history, the decision and conversation forms."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tandem.accounts.models import User
from tandem.applications.models import Application, Role, StatusChange
from tandem.applications.tests.screening_support import (
    applicant,
    conversation_url,
    decide_url,
    detail_url,
    list_url,
    screening_test_defaults,  # noqa: F401 - autouse fixture
)
from tandem.programs.models import Cycle, Program, Question, Questionnaire
from tandem.testing.factories import ApplicationFactory, SelfAssessmentFactory

Status = Application.Status


@pytest.fixture
def amira(cycle: Cycle, program: Program) -> Application:
    registration = program.questionnaires.get(kind=Questionnaire.Kind.MENTEE_REGISTRATION)
    question = Question.objects.create(
        questionnaire=registration,
        text_en="Which unit do you manage?",
        text_fr="Quelle unité gérez-vous ?",
        kind=Question.Kind.SHORT_TEXT,
    )
    application = applicant(
        cycle,
        "Amira",
        "Haddad",
        user__organization="Santé Québec",
        user__job_title="Head nurse",
        motivation="Learn to lead change.",
        objectives="Lead a team of forty.",
        expertise="Surgical care",
        availability="Tuesday evenings",
        people_to_avoid="Jean Dupuis",
        membership_number="QC-1234",
        manager_email="boss@example.org",
        extra_answers={str(question.pk): "Surgery, 4th floor", "999999": "An answer to a removed question"},
    )
    self_assessment = SelfAssessmentFactory(
        user=application.user, cycle=cycle, role=Role.MENTEE, readiness=80
    )
    application.self_assessment = self_assessment
    application.save(update_fields=["self_assessment"])
    return application


def test_the_page_shows_everything_the_applicant_submitted(
    client: Client, coordinator: User, amira: Application, program: Program
) -> None:
    first_statement = program.questionnaires.get(
        kind=Questionnaire.Kind.MENTEE_SELF_ASSESSMENT
    ).questions.first()
    client.force_login(coordinator)

    content = client.get(detail_url(amira)).content.decode()

    for shown in [
        "Amira Haddad — Mentee application",
        "amira.haddad@example.org",
        "Santé Québec",
        "Head nurse",
        "Learn to lead change.",
        "Lead a team of forty.",
        "Surgical care",
        "Career Counseling, Entrepreneurship",
        "Health care",
        "CIUSSS de la Capitale-Nationale",
        "boss@example.org",
        "Quebec",
        "French, English",
        "Tuesday evenings",
        "Jean Dupuis",
        "QC-1234",
        "Which unit do you manage?</dt><dd>Surgery, 4th floor",
        "Question removed since</dt><dd>An answer to a removed question",
        "Readiness: 80 %",
        "(ready)",
        f"{first_statement.text_en}</dt><dd>4 out of 5",
        '<span class="badge status-submitted">Submitted</span>',
    ]:
        assert shown in content, shown


def test_the_other_application_of_someone_who_applied_as_both_is_linked(
    client: Client, coordinator: User, amira: Application, cycle: Cycle
) -> None:
    as_mentor = ApplicationFactory(cycle=cycle, user=amira.user, role=Role.MENTOR, status=Status.ACCEPTED)
    client.force_login(coordinator)

    content = client.get(detail_url(amira)).content.decode()

    assert "This person also applied as Mentor in this cycle (Accepted)." in content
    assert f'href="{detail_url(as_mentor)}"' in content


def test_the_history_shows_who_when_from_to_and_why(
    client: Client, coordinator: User, committee_member: User, amira: Application
) -> None:
    StatusChange.objects.create(
        application=amira,
        from_status="submitted",
        to_status="waitlisted",
        changed_by=committee_member,
        reason="Few mentors",
    )
    client.force_login(coordinator)

    content = client.get(detail_url(amira)).content.decode()

    assert "<td>Marc Lavoie</td>" in content
    assert "<td>Submitted</td>" in content
    assert "<td>Waitlisted</td>" in content
    assert "<td>Few mentors</td>" in content


def test_a_decision_through_the_page_is_kept_and_emailed(
    client: Client, coordinator: User, amira: Application, django_capture_on_commit_callbacks: object
) -> None:
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decide_url(amira),
            {"decision-decision": "accepted", "decision-reason": "Great fit"},
            follow=True,
        )

    assert response.redirect_chain == [(detail_url(amira), 302)]
    assert (
        "Amira Haddad&#x27;s application is now accepted. They are told by email."
        in response.content.decode()
    )
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        "submitted",
        "accepted",
        coordinator,
        "Great fit",
    )
    assert [email.to for email in mail.outbox] == [["amira.haddad@example.org"]]


def test_declining_without_a_reason_redisplays_the_form_with_the_error_and_saves_nothing(
    client: Client, coordinator: User, amira: Application, django_capture_on_commit_callbacks: object
) -> None:
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decide_url(amira),
            {"decision-decision": "declined", "decision-reason": "", "decision-share_reason": "on"},
        )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Give the reason for declining." in content
    assert 'value="declined" required id="id_decision-decision_2" checked' in content  # what was typed stays
    amira.refresh_from_db()
    assert amira.status == Status.SUBMITTED
    assert not StatusChange.objects.exists()
    assert mail.outbox == []


def test_only_the_decisions_the_application_can_take_are_offered(
    client: Client, coordinator: User, cycle: Cycle
) -> None:
    accepted = applicant(cycle, "Nadia", "Bouchard", status=Status.ACCEPTED)
    client.force_login(coordinator)

    content = client.get(detail_url(accepted)).content.decode()

    assert 'value="accepted"' not in content
    assert 'value="waitlisted"' in content
    assert 'value="declined"' in content


@pytest.mark.parametrize(
    ("status", "cycle_status", "message"),
    [
        (
            Status.WITHDRAWN,
            Cycle.Status.RECRUITING,
            "The applicant withdrew this application; it can no longer be changed.",
        ),
        (
            Status.ACCEPTED,
            Cycle.Status.MATCHING,
            "Matching has started: an accepted application can no longer be changed here.",
        ),
    ],
)
def test_an_application_that_can_take_no_decision_offers_none_and_says_why(
    client: Client, coordinator: User, cycle: Cycle, status: str, cycle_status: str, message: str
) -> None:
    final = applicant(cycle, "Gone", "Away", status=status)
    Cycle.objects.filter(pk=cycle.pk).update(status=cycle_status)
    client.force_login(coordinator)

    content = client.get(detail_url(final)).content.decode()

    assert message in content
    assert decide_url(final) not in content


def test_a_decision_already_taken_by_someone_else_is_reported_not_duplicated(
    client: Client, coordinator: User, committee_member: User, amira: Application
) -> None:
    """Camille's page still offers 'waitlist'; Marc waitlisted Amira meanwhile."""
    Application.objects.filter(pk=amira.pk).update(status=Status.WAITLISTED)
    client.force_login(coordinator)

    response = client.post(decide_url(amira), {"decision-decision": "waitlisted"})

    assert response.status_code == 200
    assert (
        "Select a valid choice. waitlisted is not one of the available choices." in response.content.decode()
    )
    assert not StatusChange.objects.exists()


def test_recording_the_initial_conversation(client: Client, coordinator: User, amira: Application) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.force_login(coordinator)

    response = client.post(
        conversation_url(amira),
        {"conversation-on": yesterday.isoformat(), "conversation-note": "Clear goals."},
        follow=True,
    )

    assert response.redirect_chain == [(detail_url(amira), 302)]
    content = response.content.decode()
    assert "The note of the initial conversation is saved." in content
    assert f'value="{yesterday.isoformat()}"' in content
    assert f"Note saved by {coordinator.display_name}." in content
    amira.refresh_from_db()
    assert (amira.conversation_on, amira.conversation_note) == (yesterday, "Clear goals.")


def test_a_bad_conversation_redisplays_what_was_typed_and_saves_nothing(
    client: Client, coordinator: User, amira: Application
) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(coordinator)

    response = client.post(
        conversation_url(amira),
        {"conversation-on": tomorrow.isoformat(), "conversation-note": "Planned call"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "The conversation cannot be in the future." in content
    assert "Planned call</textarea>" in content
    amira.refresh_from_db()
    assert amira.conversation_on is None
    assert amira.conversation_note == ""


def test_a_conversation_without_a_note_is_refused(
    client: Client, coordinator: User, amira: Application
) -> None:
    client.force_login(coordinator)
    response = client.post(
        conversation_url(amira), {"conversation-on": "2026-01-05", "conversation-note": ""}
    )
    assert "This field is required." in response.content.decode()
    amira.refresh_from_db()
    assert amira.conversation_on is None


def test_the_page_has_one_h1_and_labelled_tables(
    client: Client, coordinator: User, amira: Application
) -> None:
    client.force_login(coordinator)
    content = client.get(detail_url(amira)).content.decode()
    assert content.count("<h1") == 1
    assert "<caption>Every status change of this application</caption>" in content
    assert "<legend>Decision:</legend>" in content


# Session, user, program, second factor, cycle, application, topics, history, questions of the self-assessment,
# the other application, the registration questionnaire and its questions, the staff menu, previous/next.
DETAIL_QUERIES = 14


@pytest.mark.parametrize("changes", [1, 6])
def test_the_page_query_count_does_not_grow_with_the_history(
    client: Client,
    coordinator: User,
    committee_member: User,
    amira: Application,
    changes: int,
    django_assert_num_queries: object,
) -> None:
    for index in range(changes):
        StatusChange.objects.create(
            application=amira,
            from_status="submitted",
            to_status="waitlisted",
            changed_by=committee_member if index % 2 else coordinator,
        )
    client.force_login(coordinator)

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(detail_url(amira))

    assert response.content.decode().count("<td>Waitlisted</td>") == changes


def test_previous_and_next_walk_the_filtered_list_and_keep_its_filters(
    client: Client, coordinator: User, cycle: Cycle
) -> None:
    first, middle, last = (
        applicant(cycle, "Ann", "Alpha"),
        applicant(cycle, "Ben", "Beta"),
        applicant(cycle, "Cleo", "Gamma"),
    )
    applicant(cycle, "Mentor", "Between", role=Role.MENTOR)  # filtered out: never a neighbour
    query = "role=mentee&order=name"
    client.force_login(coordinator)

    middle_page = client.get(f"{detail_url(middle)}?{query}").content.decode()
    first_page = client.get(f"{detail_url(first)}?{query}").content.decode()
    last_page = client.get(f"{detail_url(last)}?{query}").content.decode()

    assert f'href="{detail_url(first)}?role=mentee&amp;order=name" rel="prev"' in middle_page
    assert f'href="{detail_url(last)}?role=mentee&amp;order=name" rel="next"' in middle_page
    assert 'rel="prev"' not in first_page
    assert 'rel="next"' not in last_page
    assert f'href="{list_url(cycle)}?role=mentee&amp;order=name">Back to the applications' in middle_page


def test_a_decision_goes_back_to_the_page_with_the_lists_filters(
    client: Client, coordinator: User, amira: Application, django_capture_on_commit_callbacks: object
) -> None:
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{decide_url(amira)}?status=submitted", {"decision-decision": "waitlisted"})
    assert response["Location"] == f"{detail_url(amira)}?status=submitted"
