"""The pair workspace's rules, through its services: signatures, goals, meetings, closure, next cycle."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from tandem.accounts.models import User
from tandem.notifications.services import set_reminders_enabled
from tandem.programs.models import CreditEarners, Cycle
from tandem.relationships import services
from tandem.relationships.models import (
    AgreementSignature,
    GoalChange,
    Meeting,
    NextCycleInvitation,
    Relationship,
    ReminderSent,
)
from tandem.relationships.selectors import credit_statement, monthly_minutes
from tandem.relationships.tests.fixtures import make_pair, running_cycle_of
from tandem.testing.factories import UserFactory

TODAY = timezone.localdate


def agreement_fields(relationship: Relationship, **overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "meeting_frequency": "monthly",
        "usual_length_minutes": 60,
        "meeting_format": "video",
        "cancellation_policy": "Tell the other 24 hours before.",
        "other_rules": "",
        "starts_on": relationship.started_on,
        "planned_end": relationship.planned_end,
    }
    fields.update(overrides)
    return fields


def sign_everything(relationship: Relationship) -> None:
    services.save_agreement(
        relationship=relationship, by=relationship.mentor.user, fields=agreement_fields(relationship)
    )
    for person in relationship.participants():
        services.sign_agreement(relationship=relationship, by=person, typed_name=person.get_full_name())
        services.sign_confidentiality(
            relationship=relationship, by=person, typed_name=person.get_full_name(), language="en"
        )


def test_signing_agreement_and_commitment_by_both_makes_the_relationship_active(pair: Relationship) -> None:
    sign_everything(pair)

    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ACTIVE
    assert pair.activated_on == TODAY()
    assert pair.agreement_signed_at is not None
    assert pair.confidentiality_signed_at is not None
    signature = pair.confidentiality_signatures.get(user=pair.mentee.user)
    assert signature.text_version == "1"
    assert signature.text.startswith("We commit to keeping confidential")
    assert signature.typed_name == "Amira Haddad"


def test_the_agreement_alone_does_not_activate_the_relationship(pair: Relationship) -> None:
    services.save_agreement(relationship=pair, by=pair.mentor.user, fields=agreement_fields(pair))
    for person in pair.participants():
        services.sign_agreement(relationship=pair, by=person, typed_name=person.get_full_name())

    pair.refresh_from_db()
    assert pair.agreement_signed_at is not None
    assert pair.status == Relationship.Status.INTRODUCED


def test_a_change_after_signing_raises_the_version_and_both_sign_again(pair: Relationship) -> None:
    sign_everything(pair)
    mail.outbox.clear()

    agreement = services.save_agreement(
        relationship=pair, by=pair.mentee.user, fields=agreement_fields(pair, usual_length_minutes=90)
    )

    pair.refresh_from_db()
    assert agreement.version == 2
    assert pair.agreement_signed_at is None
    assert [m.to for m in mail.outbox] == [["nadia.bouchard@example.org"]]
    services.sign_agreement(relationship=pair, by=pair.mentor.user, typed_name="Nadia Bouchard")
    pair.refresh_from_db()
    assert pair.agreement_signed_at is None
    services.sign_agreement(relationship=pair, by=pair.mentee.user, typed_name="amira  HADDAD")
    pair.refresh_from_db()
    assert pair.agreement_signed_at is not None
    assert list(AgreementSignature.objects.filter(agreement=agreement).values_list("version", flat=True)) == [
        1,
        1,
        2,
        2,
    ]


def test_saving_the_same_terms_again_keeps_the_signatures(pair: Relationship) -> None:
    sign_everything(pair)
    agreement = services.save_agreement(relationship=pair, by=pair.mentee.user, fields=agreement_fields(pair))
    pair.refresh_from_db()
    assert agreement.version == 1
    assert pair.agreement_signed_at is not None


def test_a_signature_must_be_the_persons_full_name(pair: Relationship) -> None:
    services.save_agreement(relationship=pair, by=pair.mentor.user, fields=agreement_fields(pair))
    with pytest.raises(ValidationError) as error:
        services.sign_agreement(relationship=pair, by=pair.mentor.user, typed_name="Someone Else")
    assert "Nadia Bouchard" in str(error.value)
    assert not AgreementSignature.objects.exists()


def test_someone_outside_the_pair_cannot_sign(pair: Relationship, other_participant: User) -> None:
    services.save_agreement(relationship=pair, by=pair.mentor.user, fields=agreement_fields(pair))
    with pytest.raises(ValidationError):
        services.sign_agreement(relationship=pair, by=other_participant, typed_name="Olivier Roy")


def test_goal_changes_are_recorded_with_before_and_after(pair: Relationship) -> None:
    goal = services.create_goal(
        relationship=pair,
        by=pair.mentee.user,
        fields={
            "specific": "Lead the unit's change project",
            "measurable": "Project plan approved",
            "achievable": "",
            "relevant": "",
            "target_date": TODAY() + datetime.timedelta(days=90),
            "status": "not_started",
            "progress_notes": "",
        },
    )
    services.update_goal(
        goal=goal, by=pair.mentor.user, fields={"status": "in_progress", "progress_notes": "Started"}
    )

    latest = GoalChange.objects.filter(goal=goal).first()
    assert latest.changed_by == pair.mentor.user
    assert latest.changes == {"status": ["not_started", "in_progress"], "progress_notes": ["", "Started"]}
    assert GoalChange.objects.filter(goal=goal).count() == 2


def test_planning_a_meeting_sends_both_an_invitation_with_a_calendar_file(pair: Relationship) -> None:
    pair.mentor.user.preferred_language = "fr"
    pair.mentor.user.save()
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)

    meeting = services.plan_meeting(
        relationship=pair, by=pair.mentee.user, starts_at=starts_at, minutes=60, meeting_format="video"
    )

    assert sorted(m.to[0] for m in mail.outbox) == ["amira.haddad@example.org", "nadia.bouchard@example.org"]
    french = next(m for m in mail.outbox if m.to == ["nadia.bouchard@example.org"])
    filename, content, mimetype = french.attachments[0]
    assert filename == "meeting.ics"
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == starts_at
    assert event.decoded("DTEND") == starts_at + datetime.timedelta(minutes=60)
    assert str(event["UID"]) == f"{meeting.uid}@tandem"
    assert "ORGANIZER" in event
    assert len(event["ATTENDEE"]) == 2


def test_a_meeting_cannot_be_planned_in_the_past(pair: Relationship) -> None:
    with pytest.raises(ValidationError):
        services.plan_meeting(
            relationship=pair,
            by=pair.mentee.user,
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            minutes=60,
            meeting_format="video",
        )
    assert not Meeting.objects.exists()


def test_only_the_other_participant_confirms_and_then_the_hours_count(pair: Relationship) -> None:
    meeting = services.log_meeting(
        relationship=pair,
        by=pair.mentee.user,
        held_on=TODAY() - datetime.timedelta(days=2),
        minutes=90,
        meeting_format="in_person",
        private_notes="We talked about the budget.",
    )
    assert credit_statement(pair, pair.mentee.user).total_minutes == 0
    with pytest.raises(ValidationError):
        services.confirm_meeting(meeting=meeting, by=pair.mentee.user)

    services.confirm_meeting(meeting=meeting, by=pair.mentor.user)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONFIRMED
    assert credit_statement(pair, pair.mentee.user).total_minutes == 90
    this_month = monthly_minutes(pair)[-1]
    assert this_month.minutes == (90 if meeting.held_on.month == TODAY().month else 0)


def test_a_meeting_in_the_future_cannot_be_logged(pair: Relationship) -> None:
    with pytest.raises(ValidationError):
        services.log_meeting(
            relationship=pair,
            by=pair.mentee.user,
            held_on=TODAY() + datetime.timedelta(days=1),
            minutes=60,
            meeting_format="video",
        )


def test_credits_go_to_certified_members_only_when_the_program_says_so(pair: Relationship) -> None:
    program = pair.cycle.program
    program.credits_per_hour = Decimal("1")
    program.credit_earners = CreditEarners.CERTIFIED_MEMBERS
    program.save()
    meeting = services.log_meeting(
        relationship=pair, by=pair.mentor.user, held_on=TODAY(), minutes=90, meeting_format="phone"
    )
    services.confirm_meeting(meeting=meeting, by=pair.mentee.user)

    assert credit_statement(pair, pair.mentee.user).credits is None
    services.set_certified(relationship=pair, by=pair.mentee.user, certified=True)
    statement = credit_statement(pair, pair.mentee.user)
    assert statement.credits == Decimal("1.50")
    assert statement.total_hours == Decimal("1.50")
    assert credit_statement(pair, pair.mentor.user).credits is None


def test_early_end_records_the_reason_and_the_rematch_request(pair: Relationship) -> None:
    services.end_early(
        relationship=pair, by=pair.mentee.user, reason="not_working", reflection="", wants_rematch=True
    )
    pair.refresh_from_db()
    assert pair.status == "ended_early"
    assert pair.status in Relationship.ENDED_STATUSES
    assert pair.ended_on == TODAY()
    assert pair.mentee_wants_rematch
    assert not pair.mentor_wants_rematch
    assert [m.to for m in mail.outbox] == [["nadia.bouchard@example.org"]]
    with pytest.raises(ValidationError):
        services.create_goal(
            relationship=pair,
            by=pair.mentee.user,
            fields={"specific": "x", "measurable": "y", "target_date": TODAY()},
        )


def test_planned_end_is_refused_months_before_the_planned_date(pair: Relationship) -> None:
    with pytest.raises(ValidationError) as error:
        services.end_as_planned(relationship=pair, by=pair.mentor.user, reflection="Great year")
    assert "early end" in str(error.value)
    pair.refresh_from_db()
    assert pair.status == "introduced"


def test_planned_end_in_the_last_month_completes_with_a_reflection(pair: Relationship) -> None:
    pair.planned_end = TODAY() + datetime.timedelta(days=10)
    pair.save()
    services.end_as_planned(relationship=pair, by=pair.mentor.user, reflection="A great year")
    pair.refresh_from_db()
    assert pair.status == "completed"
    assert pair.reflections.get().text == "A great year"


def test_an_extension_needs_the_other_participants_agreement(pair: Relationship) -> None:
    new_end = pair.planned_end + datetime.timedelta(days=90)
    services.propose_extension(relationship=pair, by=pair.mentor.user, new_end=new_end)
    with pytest.raises(ValidationError):
        services.accept_extension(relationship=pair, by=pair.mentor.user)

    services.accept_extension(relationship=pair, by=pair.mentee.user)

    pair.refresh_from_db()
    assert pair.status == "extended"
    assert pair.planned_end == new_end
    assert pair.extension_proposed_end is None


def test_meeting_reminders_are_sent_once_per_interval_and_respect_the_preference(pair: Relationship) -> None:
    sign_everything(pair)
    Relationship.objects.filter(pk=pair.pk).update(activated_on=TODAY() - datetime.timedelta(days=40))
    set_reminders_enabled(user=pair.mentor.user, enabled=False)
    mail.outbox.clear()

    assert services.send_meeting_reminders() == 1
    assert services.send_meeting_reminders() == 0

    assert [m.to for m in mail.outbox] == [["amira.haddad@example.org"]]
    assert ReminderSent.objects.filter(kind="no_meeting").count() == 1


def test_a_recent_meeting_means_no_reminder(pair: Relationship) -> None:
    sign_everything(pair)
    Relationship.objects.filter(pk=pair.pk).update(activated_on=TODAY() - datetime.timedelta(days=40))
    services.log_meeting(
        relationship=pair, by=pair.mentor.user, held_on=TODAY(), minutes=60, meeting_format="video"
    )
    mail.outbox.clear()
    assert services.send_meeting_reminders() == 0


def test_next_cycle_invitations_go_once_and_former_mentees_are_asked_to_mentor(
    pair: Relationship, coordinator: User
) -> None:
    cycle = pair.cycle
    next_cycle = running_cycle_of(
        cycle.program, started_days_ago=-300, name="Next", status=Cycle.Status.RECRUITING
    )
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    cycle.refresh_from_db()
    services.ask_to_continue(relationship=pair, by=pair.mentor.user)
    mail.outbox.clear()

    assert services.invite_to_next_cycle(cycle=cycle, by=coordinator) == 2
    assert services.invite_to_next_cycle(cycle=cycle, by=coordinator) == 0

    assert services.next_cycle_of(cycle) == next_cycle
    to_mentee = next(m for m in mail.outbox if m.to == ["amira.haddad@example.org"])
    to_mentor = next(m for m in mail.outbox if m.to == ["nadia.bouchard@example.org"])
    assert "becoming a mentor" in to_mentee.subject
    assert "Join the next cycle" in to_mentor.subject
    assert NextCycleInvitation.objects.get(user=pair.mentee.user).invited_to_mentor


def test_invitations_wait_for_the_cycle_to_close(pair: Relationship, coordinator: User) -> None:
    with pytest.raises(ValidationError):
        services.invite_to_next_cycle(cycle=pair.cycle, by=coordinator)
    assert not mail.outbox


def test_an_ended_pair_frees_the_mentee_for_a_new_relationship(pair: Relationship) -> None:
    services.end_early(relationship=pair, by=pair.mentee.user, reason="not_working", wants_rematch=True)
    new_mentor = UserFactory()
    again = make_pair(pair.cycle, new_mentor, UserFactory())
    again.mentee = pair.mentee
    again.save()
    assert Relationship.objects.filter(mentee=pair.mentee, status__in=Relationship.OPEN_STATUSES).count() == 1


def test_the_signed_agreement_sets_the_planned_end(pair: Relationship) -> None:
    new_end = pair.planned_end - datetime.timedelta(days=30)
    services.save_agreement(
        relationship=pair, by=pair.mentor.user, fields=agreement_fields(pair, planned_end=new_end)
    )
    services.sign_agreement(relationship=pair, by=pair.mentor.user, typed_name="Nadia Bouchard")
    pair.refresh_from_db()
    assert pair.planned_end != new_end  # one signature is not an agreement yet
    services.sign_agreement(relationship=pair, by=pair.mentee.user, typed_name="Amira Haddad")
    pair.refresh_from_db()
    assert pair.planned_end == new_end
