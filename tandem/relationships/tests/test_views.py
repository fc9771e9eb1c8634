"""The workspace pages as the pair uses them: happy paths, wrong input kept and nothing saved, French pages,
downloads, and the coordinator's list with a pinned query count."""

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tandem.accounts.models import User
from tandem.evaluations.models import CheckIn
from tandem.notifications.models import NotificationPreference
from tandem.programs.models import CreditEarners, Cycle, Program
from tandem.relationships import services
from tandem.relationships.models import (
    Agreement,
    AgreementSignature,
    CapabilityDomain,
    Concern,
    Goal,
    Meeting,
    Relationship,
)
from tandem.relationships.tests.fixtures import make_pair
from tandem.testing.factories import UserFactory

TODAY = timezone.localdate


def url(name: str, relationship: Relationship, *args: object) -> str:
    return reverse(name, args=[relationship.pk, *args])


def agreement_data(relationship: Relationship, **overrides: str) -> dict[str, str]:
    data = {
        "meeting_frequency": "monthly",
        "usual_length_minutes": "60",
        "meeting_format": "video",
        "cancellation_policy": "Tell the other a day before.",
        "other_rules": "",
        "starts_on": relationship.started_on.isoformat(),
        "planned_end": relationship.planned_end.isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def as_mentee(client: Client, pair: Relationship) -> Client:
    client.force_login(pair.mentee.user)
    return client


def test_my_relationships_lists_only_my_own(client: Client, pair: Relationship, running_cycle: Cycle) -> None:
    strangers = make_pair(running_cycle, UserFactory(first_name="Zed"), UserFactory(first_name="Yves"))
    client.force_login(pair.mentee.user)
    body = client.get(reverse("relationships:mine")).content.decode()
    assert url("relationships:home", pair) in body
    assert url("relationships:home", strangers) not in body


def test_both_sign_the_agreement_through_the_pages(client: Client, pair: Relationship) -> None:
    client.force_login(pair.mentor.user)
    response = client.post(url("relationships:agreement_edit", pair), agreement_data(pair))
    assert response.status_code == 302
    assert Agreement.objects.get(relationship=pair).meeting_format == "video"
    response = client.post(
        url("relationships:agreement", pair), {"typed_name": "Nadia Bouchard", "confirm": "on"}
    )
    assert response.status_code == 302
    client.force_login(pair.mentee.user)
    client.post(url("relationships:agreement", pair), {"typed_name": "Amira Haddad", "confirm": "on"})

    pair.refresh_from_db()
    assert pair.agreement_signed_at is not None
    body = client.get(url("relationships:agreement", pair)).content.decode()
    assert "Signed by both of you." in body
    assert "Amira Haddad" in body
    assert "(version 1)" in body


def test_a_wrong_agreement_keeps_what_was_typed_and_saves_nothing(
    as_mentee: Client, pair: Relationship
) -> None:
    data = agreement_data(
        pair,
        usual_length_minutes="5000",
        cancellation_policy="Call me the day before",
        planned_end=(pair.started_on - datetime.timedelta(days=1)).isoformat(),
    )
    response = as_mentee.post(url("relationships:agreement_edit", pair), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Please correct the errors below." in body
    assert "Call me the day before" in body
    assert 'value="5000"' in body
    assert "The planned end must come after the start." in body
    assert not Agreement.objects.exists()


def test_a_wrong_typed_name_does_not_sign(as_mentee: Client, pair: Relationship) -> None:
    services.save_agreement(
        relationship=pair,
        by=pair.mentor.user,
        fields=dict(agreement_data(pair).items())
        | {"usual_length_minutes": 60, "starts_on": pair.started_on, "planned_end": pair.planned_end},
    )
    response = as_mentee.post(url("relationships:agreement", pair), {"typed_name": "A. H.", "confirm": "on"})
    body = response.content.decode()
    assert "Type your full name as it appears in your profile: Amira Haddad." in body
    assert 'value="A. H."' in body
    assert not AgreementSignature.objects.exists()


def test_the_confidentiality_commitment_is_signed_in_the_language_shown(
    client: Client, pair: Relationship
) -> None:
    client.force_login(pair.mentee.user)
    page = client.get(reverse("relationships:confidentiality", args=[pair.pk]).replace("/en/", "/fr/", 1))
    assert "Nous nous engageons à garder confidentiel" in page.content.decode()
    client.post(
        reverse("relationships:confidentiality", args=[pair.pk]).replace("/en/", "/fr/", 1),
        {"typed_name": "Amira Haddad", "confirm": "on"},
    )
    signature = pair.confidentiality_signatures.get()
    assert signature.language == "fr"
    assert signature.text.startswith("Nous nous engageons")


def test_a_goal_is_added_with_its_capability_and_its_changes_are_listed(
    as_mentee: Client, pair: Relationship
) -> None:
    domain = CapabilityDomain.objects.create(
        program=pair.cycle.program, name_en="Lead self", name_fr="Être leader de soi-même"
    )
    data = {
        "specific": "Present the budget to the board",
        "measurable": "Board approves it",
        "achievable": "",
        "relevant": "",
        "target_date": (TODAY() + datetime.timedelta(days=90)).isoformat(),
        "capability": str(domain.pk),
        "status": "not_started",
        "progress_notes": "",
    }
    assert as_mentee.post(url("relationships:goal_create", pair), data).status_code == 302
    goal = Goal.objects.get()
    assert goal.capability == domain
    as_mentee.post(url("relationships:goal_edit", pair, goal.pk), data | {"status": "achieved"})

    body = as_mentee.get(url("relationships:goal_edit", pair, goal.pk)).content.decode()
    assert "History of changes" in body
    assert "Not started" in body
    assert "Achieved" in body


def test_a_goal_without_a_target_date_is_not_saved(as_mentee: Client, pair: Relationship) -> None:
    response = as_mentee.post(
        url("relationships:goal_create", pair),
        {
            "specific": "Speak up in meetings",
            "measurable": "",
            "target_date": "tomorrow",
            "status": "not_started",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Speak up in meetings"' in body
    assert 'value="tomorrow"' in body
    assert not Goal.objects.exists()


def test_plan_log_confirm_through_the_pages(client: Client, pair: Relationship) -> None:
    client.force_login(pair.mentor.user)
    starts = timezone.localtime() + datetime.timedelta(days=7)
    response = client.post(
        url("relationships:meetings", pair),
        {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "minutes": "60",
            "meeting_format": "video",
            "location": "",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert len(mail.outbox) == 2

    ics = client.get(url("relationships:meeting_ics", pair, meeting.pk))
    assert ics["Content-Type"].startswith("text/calendar")
    assert "attachment" in ics["Content-Disposition"]
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    for prop in ("DTSTART", "DTEND", "SUMMARY", "UID", "ORGANIZER", "ATTENDEE"):
        assert prop in event

    logged = client.post(
        url("relationships:meeting_log_new", pair),
        {
            "held_on": TODAY().isoformat(),
            "minutes": "80",
            "meeting_format": "phone",
            "private_notes": "Budget talk",
        },
    )
    assert logged.status_code == 302
    held = Meeting.objects.get(status=Meeting.Status.LOGGED)
    # The one who logged it cannot confirm it.
    client.post(url("relationships:meeting_confirm", pair, held.pk))
    held.refresh_from_db()
    assert held.status == Meeting.Status.LOGGED
    client.force_login(pair.mentee.user)
    client.post(url("relationships:meeting_confirm", pair, held.pk))
    held.refresh_from_db()
    assert held.status == Meeting.Status.CONFIRMED
    assert "Confirmed so far: 1.33 hours." in client.get(url("relationships:meetings", pair)).content.decode()


def test_a_meeting_in_the_past_or_with_a_wrong_length_is_not_planned(
    as_mentee: Client, pair: Relationship
) -> None:
    response = as_mentee.post(
        url("relationships:meetings", pair),
        {"starts_at": "2020-01-01T10:00", "minutes": "3", "meeting_format": "video", "location": "Café Nord"},
    )
    body = response.content.decode()
    assert "Choose a date and time in the future." in body
    assert 'value="Café Nord"' in body
    assert not Meeting.objects.exists()
    assert not mail.outbox


def test_a_meeting_logged_in_the_future_is_refused(as_mentee: Client, pair: Relationship) -> None:
    response = as_mentee.post(
        url("relationships:meeting_log_new", pair),
        {
            "held_on": (TODAY() + datetime.timedelta(days=2)).isoformat(),
            "minutes": "60",
            "meeting_format": "video",
            "private_notes": "Typed notes",
        },
    )
    body = response.content.decode()
    assert "A meeting can only be logged once it took place." in body
    assert "Typed notes" in body
    assert not Meeting.objects.exists()


def test_the_credit_statement_shows_hours_credits_and_the_program(client: Client, pair: Relationship) -> None:
    program = pair.cycle.program
    Program.objects.filter(pk=program.pk).update(
        credits_per_hour=Decimal("1"),
        credit_earners=CreditEarners.CERTIFIED_MEMBERS,
        credit_name_en="MOC Section 1",
    )
    meeting = services.log_meeting(
        relationship=pair, by=pair.mentor.user, held_on=TODAY(), minutes=120, meeting_format="video"
    )
    services.confirm_meeting(meeting=meeting, by=pair.mentee.user)
    client.force_login(pair.mentee.user)
    client.post(url("relationships:credits", pair), {"certified": "on"})

    body = client.get(url("relationships:credits", pair)).content.decode()
    assert "Health Leaders Mentoring" in body
    assert "Mentorat des leaders en santé" in body
    assert "2.00" in body
    assert "Credits: 2.00 MOC Section 1" in body
    assert "Yes (declared by the participant)" in body
    assert '<style media="print">' in body

    french = client.get(url("relationships:credits", pair).replace("/en/", "/fr/", 1))
    assert french.status_code == 200
    assert '<html lang="fr">' in french.content.decode()


def test_an_early_end_with_a_rematch_request_through_the_page(as_mentee: Client, pair: Relationship) -> None:
    response = as_mentee.post(
        url("relationships:closure", pair),
        {
            "action": "early",
            "early-reason": "not_working",
            "early-wants_rematch": "on",
            "early-confirm": "on",
        },
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "ended_early"
    assert pair.mentee_wants_rematch
    body = as_mentee.get(url("relationships:closure", pair)).content.decode()
    assert "You asked to be matched with someone else" in body


def test_an_early_end_without_reason_or_confirmation_changes_nothing(
    as_mentee: Client, pair: Relationship
) -> None:
    response = as_mentee.post(
        url("relationships:closure", pair), {"action": "early", "early-reflection": "Hard to say"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hard to say" in body
    assert "This field is required." in body
    pair.refresh_from_db()
    assert pair.status == "introduced"


def test_an_extension_in_the_past_is_refused_and_kept(as_mentee: Client, pair: Relationship) -> None:
    response = as_mentee.post(
        url("relationships:closure", pair), {"action": "extend", "extend-new_end": "2020-01-01"}
    )
    body = response.content.decode()
    assert "The new end must come after the planned end." in body
    assert 'value="2020-01-01"' in body
    pair.refresh_from_db()
    assert pair.extension_proposed_end is None


def test_a_concern_reaches_the_coordinator_only(
    as_mentee: Client, pair: Relationship, coordinator: User
) -> None:
    response = as_mentee.post(url("relationships:concern", pair), {"message": "My mentor keeps cancelling."})
    assert response.status_code == 302
    assert Concern.objects.get().raised_by == pair.mentee.user
    assert [m.to for m in mail.outbox] == [["camille.tremblay@example.org"]]
    assert "cancelling" not in mail.outbox[0].body


def test_an_empty_concern_is_not_sent(as_mentee: Client, pair: Relationship, coordinator: User) -> None:
    response = as_mentee.post(url("relationships:concern", pair), {"message": "   "})
    assert "This field is required." in response.content.decode()
    assert not Concern.objects.exists()
    assert not mail.outbox


def test_a_checkin_is_answered_and_a_missing_answer_is_asked_again(
    as_mentee: Client, pair: Relationship
) -> None:
    answer_url = reverse("evaluations:answer", args=[pair.pk, "quarterly", 1])
    response = as_mentee.post(answer_url, {"reflection": "Going fine so far"})
    assert "Going fine so far" in response.content.decode()
    assert not CheckIn.objects.exists()
    assert as_mentee.post(answer_url, {"standing": "on_track", "reflection": "Going fine"}).status_code == 302
    assert CheckIn.objects.get().standing == "on_track"


def test_a_checkin_not_due_answers_404(as_mentee: Client, pair: Relationship) -> None:
    assert as_mentee.get(reverse("evaluations:answer", args=[pair.pk, "quarterly", 7])).status_code == 404
    assert as_mentee.get(reverse("evaluations:answer", args=[pair.pk, "weird", 1])).status_code == 404


def test_reminders_can_be_turned_off(client: Client, mentee: User) -> None:
    client.force_login(mentee)
    response = client.post(reverse("notifications:preferences"), {})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=mentee).reminders_enabled is False
    client.post(reverse("notifications:preferences"), {"reminders_enabled": "on"})
    assert NotificationPreference.objects.get(user=mentee).reminders_enabled is True


def test_anonymous_visitors_are_sent_to_sign_in_for_preferences(client: Client) -> None:
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_coordinators_list_query_count_does_not_grow_with_pairs(
    client: Client,
    coordinator: User,
    running_cycle: Cycle,
    pair: Relationship,
    django_assert_num_queries: Callable[..., object],
) -> None:
    client.force_login(coordinator)
    list_url = reverse("relationships_staff:list", args=[running_cycle.program.slug, running_cycle.pk])

    def add_busy_pair() -> None:
        other = make_pair(running_cycle, UserFactory(), UserFactory())
        meeting = services.log_meeting(
            relationship=other, by=other.mentor.user, held_on=TODAY(), minutes=60, meeting_format="video"
        )
        services.confirm_meeting(meeting=meeting, by=other.mentee.user)
        services.raise_concern(relationship=other, by=other.mentee.user, message="Help")

    add_busy_pair()
    # session, user, program, TOTP check, cycle, role, settings, count, page, check-ins, concerns, staff menu
    with django_assert_num_queries(12):
        client.get(list_url)
    for _ in range(3):
        add_busy_pair()
    with django_assert_num_queries(12):
        response = client.get(list_url)
    assert len(response.context["rows"]) == 5


def test_the_coordinator_invites_participants_to_the_next_cycle(
    client: Client, coordinator: User, pair: Relationship
) -> None:
    Cycle.objects.filter(pk=pair.cycle_id).update(status=Cycle.Status.CLOSED)
    client.force_login(coordinator)
    invite = reverse("relationships_staff:invite_next_cycle", args=[pair.cycle.program.slug, pair.cycle_id])
    response = client.post(invite, follow=True)
    assert "2 participants were invited to the next cycle." in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_committee_member_cannot_send_invitations(
    client: Client, committee_member: User, pair: Relationship
) -> None:
    Cycle.objects.filter(pk=pair.cycle_id).update(status=Cycle.Status.CLOSED)
    client.force_login(committee_member)
    invite = reverse("relationships_staff:invite_next_cycle", args=[pair.cycle.program.slug, pair.cycle_id])
    assert client.post(invite).status_code == 404
    assert not mail.outbox


def test_every_workspace_page_renders_in_french(client: Client, pair: Relationship) -> None:
    client.force_login(pair.mentor.user)
    for name in (
        "relationships:home",
        "relationships:agreement",
        "relationships:agreement_edit",
        "relationships:confidentiality",
        "relationships:goals",
        "relationships:goal_create",
        "relationships:meetings",
        "relationships:meeting_log_new",
        "relationships:concern",
        "relationships:credits",
        "relationships:closure",
        "evaluations:checkins",
    ):
        response = client.get(url(name, pair).replace("/en/", "/fr/", 1))
        assert response.status_code == 200, name
        assert '<html lang="fr">' in response.content.decode()
        assert response.content.decode().count("<h1") == 1


def test_a_committee_member_follows_the_pairs_without_their_messages(
    client: Client, committee_member: User, pair: Relationship
) -> None:
    services.raise_concern(relationship=pair, by=pair.mentee.user, message="CONCERN-FOR-COORDINATORS")
    client.force_login(committee_member)
    response = client.get(reverse("relationships_staff:list", args=[pair.cycle.program.slug, pair.cycle_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Amira Haddad" in body
    assert "CONCERN-FOR-COORDINATORS" not in body
    assert "shown to coordinators only" in body


def test_a_new_goal_cannot_be_due_in_the_past(as_mentee: Client, pair: Relationship) -> None:
    response = as_mentee.post(
        url("relationships:goal_create", pair),
        {
            "specific": "Delegate more",
            "measurable": "Two files a week",
            "target_date": "2020-05-01",
            "status": "not_started",
        },
    )
    assert "Choose a target date from today on." in response.content.decode()
    assert not Goal.objects.exists()


@pytest.mark.parametrize("page", ["relationships:home", "relationships:meetings", "relationships:goals"])
def test_workspace_pages_do_not_query_per_meeting_or_goal(
    page: str, as_mentee: Client, pair: Relationship, django_assert_max_num_queries: Callable[..., object]
) -> None:
    def add_a_month_of_work(days_ago: int) -> None:
        meeting = services.log_meeting(
            relationship=pair,
            by=pair.mentor.user,
            held_on=TODAY() - datetime.timedelta(days=days_ago),
            minutes=60,
            meeting_format="video",
            private_notes="notes",
        )
        services.confirm_meeting(meeting=meeting, by=pair.mentee.user)
        services.create_goal(
            relationship=pair,
            by=pair.mentee.user,
            fields={"specific": f"Goal {days_ago}", "measurable": "m", "target_date": TODAY()},
        )

    add_a_month_of_work(1)
    with CaptureQueriesContext(connection) as first:
        as_mentee.get(url(page, pair))
    for days_ago in (30, 60, 90, 120):
        add_a_month_of_work(days_ago)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = as_mentee.get(url(page, pair))
    assert response.status_code == 200
