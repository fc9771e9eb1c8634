"""Personal data of a closed cycle is erased once its program's retention period is over (Law 25 / PIPEDA).

Nadia mentored Amira in the health-leaders program's 2022-2023 cycle, closed on 30 June 2023; the program
keeps personal data 3 years, so everything personal about that cycle goes on 30 June 2026, and only that.
"""

import datetime
import io
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tandem.accounts.models import Consent, ConsentPurpose, User
from tandem.accounts.services import erase_account, record_consent
from tandem.applications.models import Application, Role, SelfAssessment, StatusChange
from tandem.evaluations.models import CheckIn
from tandem.matching.models import (
    MatchingEvent,
    MatchingRun,
    MentorRequest,
    PairRule,
    Proposal,
    ProposalComment,
)
from tandem.programs.models import Cycle, CycleStatusChange, Program, ReferenceDocument, add_years
from tandem.programs.retention import purge_expired_cycles
from tandem.programs.services import advance_cycle_status
from tandem.relationships.models import (
    Agreement,
    AgreementSignature,
    ClosingReflection,
    Concern,
    ConfidentialitySignature,
    Goal,
    GoalChange,
    Meeting,
    NextCycleInvitation,
    Relationship,
    ReminderSent,
)
from tandem.relationships.tests.fixtures import make_pair, running_cycle_of, sign_agreement_and_commitment
from tandem.testing.factories import (
    ApplicationFactory,
    ReferenceDocumentFactory,
    SelfAssessmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CLOSED_ON = datetime.date(2023, 6, 30)
DUE_ON = datetime.date(2026, 6, 30)


def close_cycle_on(cycle: Cycle, day: datetime.date) -> Cycle:
    """Record the move to "closed" as if a coordinator had made it on `day`."""
    cycle.status = Cycle.Status.CLOSED
    cycle.save(update_fields=["status"])
    change = CycleStatusChange.objects.create(
        cycle=cycle, from_status=Cycle.Status.CLOSING, to_status=Cycle.Status.CLOSED
    )
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    CycleStatusChange.objects.filter(pk=change.pk).update(changed_at=noon)
    return cycle


def closed_cycle(program: Program, name: str, closed_on: datetime.date) -> Cycle:
    days_ago = (timezone.localdate() - closed_on).days + 400
    return close_cycle_on(running_cycle_of(program, name=name, started_days_ago=days_ago), closed_on)


def populate(cycle: Cycle, mentor: User, mentee: User, staff: User) -> Relationship:
    """One row of every kind of personal data a cycle gathers, from self-assessment to next-cycle invitation.

    Applications: mentors 1 accepted + 1 waitlisted, mentees 1 accepted + 1 declined. One completed
    relationship with 150 confirmed minutes (and 30 logged but never confirmed), 2 check-ins.
    """
    SelfAssessmentFactory(user=mentor, cycle=cycle, role=Role.MENTOR)
    SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    pair = make_pair(cycle, mentor, mentee, status=Relationship.Status.COMPLETED)
    waitlisted = ApplicationFactory(cycle=cycle, role=Role.MENTOR, status=Application.Status.WAITLISTED)
    declined = ApplicationFactory(cycle=cycle, role=Role.MENTEE, status=Application.Status.DECLINED)
    StatusChange.objects.create(
        application=declined, from_status="submitted", to_status="declined", changed_by=staff, reason="Full"
    )
    run = MatchingRun.objects.create(cycle=cycle, status=MatchingRun.Status.SUCCEEDED, requested_by=staff)
    proposal = Proposal.objects.create(
        cycle=cycle,
        run=run,
        mentee=pair.mentee,
        mentor=pair.mentor,
        status=Proposal.Status.ACCEPTED,
        score=81,
        relationship=pair,
    )
    ProposalComment.objects.create(proposal=proposal, author=staff, body="Good fit.")
    MatchingEvent.objects.create(
        cycle=cycle, proposal=proposal, action=MatchingEvent.Action.APPROVE, actor=staff
    )
    PairRule.objects.create(cycle=cycle, mentee=declined, mentor=waitlisted, kind=PairRule.Kind.BLOCK)
    MentorRequest.objects.create(
        cycle=cycle,
        mentee=declined,
        mentor=pair.mentor,
        status=MentorRequest.Status.DECLINED,
        score=50,
        expires_at=timezone.now(),
    )
    sign_agreement_and_commitment(pair)
    for person in (mentor, mentee):
        ClosingReflection.objects.create(relationship=pair, author=person, text="Learned a lot.")
        CheckIn.objects.create(
            relationship=pair, author=person, kind=CheckIn.Kind.QUARTERLY, period=1, standing="on_track"
        )
        ReminderSent.objects.create(relationship=pair, user=person, kind="meeting", period="2023-01")
        NextCycleInvitation.objects.create(cycle=cycle, user=person)
    goal = Goal.objects.create(
        relationship=pair, specific="Lead a change", measurable="A plan", target_date=pair.planned_end
    )
    GoalChange.objects.create(goal=goal, changed_by=mentee, changes={"status": ["Not started", "Achieved"]})
    for minutes, status in ((90, "confirmed"), (60, "confirmed"), (30, "logged")):
        Meeting.objects.create(
            relationship=pair,
            status=status,
            meeting_format="video",
            held_on=pair.started_on,
            held_minutes=minutes,
        )
    Concern.objects.create(relationship=pair, raised_by=mentee, message="Private worry.")
    return pair


# How to find each kind of personal row of one cycle.
CYCLE_ROWS: dict[type[Model], str] = {
    SelfAssessment: "cycle",
    Application: "cycle",
    StatusChange: "application__cycle",
    Application.topics.through: "application__cycle",
    MatchingRun: "cycle",
    Proposal: "cycle",
    ProposalComment: "proposal__cycle",
    MatchingEvent: "cycle",
    PairRule: "cycle",
    MentorRequest: "cycle",
    Relationship: "cycle",
    Agreement: "relationship__cycle",
    AgreementSignature: "agreement__relationship__cycle",
    ConfidentialitySignature: "relationship__cycle",
    Goal: "relationship__cycle",
    GoalChange: "goal__relationship__cycle",
    Meeting: "relationship__cycle",
    Concern: "relationship__cycle",
    ClosingReflection: "relationship__cycle",
    CheckIn: "relationship__cycle",
    ReminderSent: "relationship__cycle",
    NextCycleInvitation: "cycle",
}


def rows_of(cycle: Cycle) -> dict[str, int]:
    return {
        model.__name__: model.objects.filter(**{path: cycle}).count() for model, path in CYCLE_ROWS.items()
    }


EXPECTED_SUMMARY: dict[str, Any] = {
    "applications": {
        "mentor": {"submitted": 0, "accepted": 1, "waitlisted": 1, "declined": 0, "withdrawn": 0},
        "mentee": {"submitted": 0, "accepted": 1, "waitlisted": 0, "declined": 1, "withdrawn": 0},
    },
    "application_total": 4,
    "relationships": {"introduced": 0, "active": 0, "extended": 0, "completed": 1, "ended_early": 0},
    "relationship_total": 1,
    "confirmed_meeting_hours": 2.5,
    "checkins": 2,
}


@pytest.fixture
def old_cycle(program: Program, coordinator: User, mentor: User, mentee: User) -> Cycle:
    cycle = closed_cycle(program, "2022-2023", CLOSED_ON)
    populate(cycle, mentor, mentee, coordinator)
    return cycle


def test_every_kind_of_personal_row_is_populated_by_the_helper(old_cycle: Cycle) -> None:
    assert all(count > 0 for count in rows_of(old_cycle).values()), rows_of(old_cycle)


def test_add_years_keeps_the_day_and_turns_29_february_into_28_february() -> None:
    assert add_years(datetime.date(2023, 6, 30), 3) == datetime.date(2026, 6, 30)
    assert add_years(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)
    assert add_years(datetime.date(2024, 2, 29), 3) == datetime.date(2027, 2, 28)


def test_a_cycle_one_day_before_its_retention_period_ends_is_untouched(old_cycle: Cycle) -> None:
    before = rows_of(old_cycle)
    assert purge_expired_cycles(today=DUE_ON - datetime.timedelta(days=1)) == []
    old_cycle.refresh_from_db()
    assert old_cycle.personal_data_erased_on is None
    assert old_cycle.retained_summary == {}
    assert rows_of(old_cycle) == before


def test_on_the_day_the_period_ends_only_that_cycles_personal_data_is_erased(
    program: Program,
    other_program: Program,
    old_cycle: Cycle,
    coordinator: User,
    other_coordinator: User,
    mentor: User,
    mentee: User,
) -> None:
    # Nadia and Amira took part again the next year, and in another program that keeps data 5 years.
    next_cycle = closed_cycle(program, "2023-2024", datetime.date(2024, 6, 30))
    populate(next_cycle, mentor, mentee, coordinator)
    Program.objects.filter(pk=other_program.pk).update(retention_years=5)
    elsewhere = closed_cycle(other_program, "2022-2023", CLOSED_ON)
    populate(elsewhere, mentor, mentee, other_coordinator)
    consent = record_consent(
        user=mentee, purpose=ConsentPurpose.PROGRAM_PARTICIPATION, granted=True, text="Yes", program=program
    )
    document = ReferenceDocumentFactory(program=program)
    kept_elsewhere = {"next": rows_of(next_cycle), "elsewhere": rows_of(elsewhere)}
    people = set(User.objects.values_list("pk", flat=True))

    purged = purge_expired_cycles(today=DUE_ON)

    assert [(cycle.pk, cycle.personal_data_erased_on) for cycle in purged] == [(old_cycle.pk, DUE_ON)]
    assert set(rows_of(old_cycle).values()) == {0}
    assert {"next": rows_of(next_cycle), "elsewhere": rows_of(elsewhere)} == kept_elsewhere
    old_cycle.refresh_from_db()
    assert (old_cycle.name, old_cycle.status, old_cycle.personal_data_erased_on) == (
        "2022-2023",
        Cycle.Status.CLOSED,
        DUE_ON,
    )
    assert old_cycle.retained_summary == EXPECTED_SUMMARY
    assert old_cycle.status_changes.get().to_status == Cycle.Status.CLOSED
    assert set(User.objects.values_list("pk", flat=True)) == people
    assert Consent.objects.filter(pk=consent.pk).exists()
    assert ReferenceDocument.objects.filter(pk=document.pk).exists()
    assert program.questionnaires.count() == 4
    for untouched in (next_cycle, elsewhere):
        untouched.refresh_from_db()
        assert (untouched.personal_data_erased_on, untouched.retained_summary) == (None, {})


def test_running_the_purge_again_erases_nothing_more(old_cycle: Cycle) -> None:
    assert [cycle.pk for cycle in purge_expired_cycles(today=DUE_ON)] == [old_cycle.pk]
    assert purge_expired_cycles(today=DUE_ON + datetime.timedelta(days=400)) == []
    old_cycle.refresh_from_db()
    assert old_cycle.personal_data_erased_on == DUE_ON
    assert old_cycle.retained_summary == EXPECTED_SUMMARY


def test_a_cycle_never_closed_is_never_purged(
    program: Program, coordinator: User, mentor: User, mentee: User
) -> None:
    running = running_cycle_of(program, name="Still running", started_days_ago=4000)
    populate(running, mentor, mentee, coordinator)
    before = rows_of(running)
    assert purge_expired_cycles(today=datetime.date(2099, 1, 1)) == []
    assert rows_of(running) == before


def test_a_cycle_stepped_back_from_closed_is_not_purged(old_cycle: Cycle, coordinator: User) -> None:
    advance_cycle_status(cycle=old_cycle, by=coordinator, to=Cycle.Status.CLOSING)
    assert purge_expired_cycles(today=datetime.date(2099, 1, 1)) == []
    assert rows_of(old_cycle)["Application"] == 4


def test_the_clock_starts_at_the_latest_close(old_cycle: Cycle) -> None:
    # Stepped back, then closed again a year later: the later close counts.
    CycleStatusChange.objects.create(cycle=old_cycle, from_status="closed", to_status="closing")
    close_cycle_on(old_cycle, datetime.date(2024, 6, 30))
    assert purge_expired_cycles(today=DUE_ON) == []
    assert [cycle.pk for cycle in purge_expired_cycles(today=datetime.date(2027, 6, 30))] == [old_cycle.pk]


def test_a_closed_cycle_without_a_recorded_close_is_never_purged(program: Program) -> None:
    legacy = running_cycle_of(program, name="Legacy", started_days_ago=4000, status=Cycle.Status.CLOSED)
    ApplicationFactory(cycle=legacy)
    assert purge_expired_cycles(today=datetime.date(2099, 1, 1)) == []
    assert legacy.applications.count() == 1


def test_a_cycle_closed_on_29_february_is_purged_on_28_february(
    program: Program, coordinator: User, mentor: User, mentee: User
) -> None:
    leap = closed_cycle(program, "Leap", datetime.date(2024, 2, 29))
    populate(leap, mentor, mentee, coordinator)
    assert purge_expired_cycles(today=datetime.date(2027, 2, 27)) == []
    assert [cycle.pk for cycle in purge_expired_cycles(today=datetime.date(2027, 2, 28))] == [leap.pk]
    assert set(rows_of(leap).values()) == {0}


def test_a_shorter_retention_period_set_later_applies_to_cycles_already_closed(
    program: Program, old_cycle: Cycle
) -> None:
    Program.objects.filter(pk=program.pk).update(retention_years=1)
    assert [cycle.pk for cycle in purge_expired_cycles(today=datetime.date(2024, 6, 30))] == [old_cycle.pk]


def test_an_erased_persons_leftover_account_goes_with_the_last_relationship_that_kept_it(
    program: Program, coordinator: User
) -> None:
    cycle = closed_cycle(program, "2022-2023", CLOSED_ON)
    former = UserFactory(email="former@example.org")
    partner = UserFactory(email="partner@example.org")
    populate(cycle, partner, former, coordinator)
    erase_account(user=former)
    former.refresh_from_db()
    assert former.erased_at is not None

    purge_expired_cycles(today=DUE_ON)

    assert not User.objects.filter(pk=former.pk).exists()
    assert User.objects.filter(pk=partner.pk).exists()


def test_a_purged_cycle_cannot_be_stepped_back(old_cycle: Cycle, coordinator: User) -> None:
    purge_expired_cycles(today=DUE_ON)
    old_cycle.refresh_from_db()
    assert old_cycle.allowed_status_moves == []
    with pytest.raises(ValidationError):
        advance_cycle_status(cycle=old_cycle, by=coordinator, to=Cycle.Status.CLOSING)


# --- The daily command -------------------------------------------------------------------------------------


def test_the_command_reports_each_purged_cycle_and_the_count(
    program: Program, coordinator: User, mentor: User, mentee: User
) -> None:
    today = timezone.localdate()
    due = closed_cycle(program, "2020-2021", add_years(today, -3) - datetime.timedelta(days=1))
    populate(due, mentor, mentee, coordinator)
    closed_cycle(program, "2023-2024", add_years(today, -3) + datetime.timedelta(days=1))
    out = io.StringIO()

    call_command("apply_retention", stdout=out)

    assert out.getvalue() == (
        "health-leaders / 2020-2021: personal data erased (4 applications, 1 relationships)\ncycles_purged=1\n"
    )
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue() == "cycles_purged=0\n"


# --- What the coordinator reads ----------------------------------------------------------------------------


def _home(client: Client, program: Program, language: str = "en") -> str:
    with translation.override(language):
        url = reverse("programs:home", kwargs={"slug": program.slug})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_coordinator_reads_when_a_closed_cycles_personal_data_will_be_erased(
    client: Client, coordinator: User, program: Program, old_cycle: Cycle
) -> None:
    client.force_login(coordinator)
    content = _home(client, program)
    assert f"Personal data of this cycle will be erased on {date_format(DUE_ON, 'DATE_FORMAT')}." in content
    assert "June 30, 2026" in content


def test_the_coordinator_reads_when_it_was_erased_and_the_numbers_kept(
    client: Client, coordinator: User, program: Program, old_cycle: Cycle
) -> None:
    purge_expired_cycles(today=DUE_ON)
    client.force_login(coordinator)
    response = client.get(reverse("programs:home", kwargs={"slug": program.slug}))
    content = response.content.decode()
    assert "Personal data of this cycle was erased on June 30, 2026." in content
    assert "will be erased" not in content
    assert "Applications to 2022-2023 by status and role, kept as anonymous numbers (4 in all)" in content
    assert "<dt>Relationships formed</dt><dd>1</dd>" in content
    assert "<dt>Relationships completed</dt><dd>1</dd>" in content
    assert "<dt>Confirmed meeting hours</dt><dd>2.5</dd>" in content
    assert "<dt>Check-ins answered</dt><dd>2</dd>" in content
    rows = {row.status: row for row in dict(response.context["cycles"])[old_cycle]}
    assert (rows["accepted"].mentors, rows["accepted"].mentees, rows["declined"].mentees) == (1, 1, 1)
    assert rows["waitlisted"].total == 1


def test_the_cycles_staff_lists_say_why_they_are_empty_after_the_purge(
    client: Client, coordinator: User, program: Program, old_cycle: Cycle
) -> None:
    purge_expired_cycles(today=DUE_ON)
    client.force_login(coordinator)
    home = reverse("programs:home", kwargs={"slug": program.slug})
    for name in ("screening:list", "matching:board", "relationships_staff:list"):
        content = client.get(reverse(name, args=[program.slug, old_cycle.pk])).content.decode()
        assert "Personal data of this cycle was erased on June 30, 2026." in content, name
        assert f'<a href="{home}">The anonymous numbers kept are on the program' in content, name


def test_the_french_program_home_gives_the_erasure_date_in_french(
    client: Client, coordinator: User, program: Program, old_cycle: Cycle
) -> None:
    client.force_login(coordinator)
    content = _home(client, program, "fr")
    assert '<html lang="fr">' in content
    assert "30 juin 2026" in content


def test_open_cycles_carry_no_erasure_sentence(client: Client, coordinator: User, program: Program) -> None:
    running_cycle_of(program, name="Now")
    client.force_login(coordinator)
    content = _home(client, program)
    assert "Personal data of this cycle" not in content


def test_the_program_home_query_count_does_not_grow_with_closed_cycles(
    client: Client,
    coordinator: User,
    program: Program,
    old_cycle: Cycle,
    django_assert_num_queries: Any,
) -> None:
    client.force_login(coordinator)
    url = reverse("programs:home", kwargs={"slug": program.slug})
    # session, user, program, second factor, cycles with their counts and close times, role, header menu
    with django_assert_num_queries(7):
        client.get(url)
    for year in (2019, 2020, 2021):
        closed_cycle(program, str(year), datetime.date(year, 6, 30))
    # Erases 2019 to 2021 (due by 30 June 2024); 2022-2023 is due only in 2026.
    purge_expired_cycles(today=datetime.date(2024, 6, 30))
    with django_assert_num_queries(7):
        content = client.get(url).content.decode()
    assert content.count("Personal data of this cycle was erased on") == 3
    assert content.count("Personal data of this cycle will be erased on") == 1


# --- A model added later must not escape the purge ---------------------------------------------------------


def _foreign_keys_to(targets: set[type[Model]]) -> set[tuple[str, str, str]]:
    return {
        (model.__name__, field.name, field.remote_field.on_delete.__name__)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model in targets
    }


def test_every_model_pointing_to_a_cycle_is_purged_or_kept_on_purpose() -> None:
    """A new model with a foreign key to Cycle must be added to `_purge_cycle` (or here, if it is not personal)."""
    assert _foreign_keys_to({Cycle}) == {
        ("CycleStatusChange", "cycle", "CASCADE"),  # kept: the cycle's own history, no personal data
        ("SelfAssessment", "cycle", "CASCADE"),
        ("Application", "cycle", "CASCADE"),
        ("MatchingRun", "cycle", "CASCADE"),
        ("Proposal", "cycle", "CASCADE"),
        ("PairRule", "cycle", "CASCADE"),
        ("MatchingEvent", "cycle", "CASCADE"),
        ("MentorRequest", "cycle", "CASCADE"),
        ("Relationship", "cycle", "CASCADE"),
        ("NextCycleInvitation", "cycle", "CASCADE"),
    }


def test_rows_hanging_from_purged_rows_go_with_them() -> None:
    """Anything pointing to a purged row must cascade; SET_NULL only where the pointing row is purged too."""
    purged = {SelfAssessment, Application, MatchingRun, Proposal, Relationship, Agreement, Goal}
    not_cascading = {key for key in _foreign_keys_to(purged) if key[2] != "CASCADE"}
    assert not_cascading == {
        ("Application", "self_assessment", "SET_NULL"),
        ("Application", "preferred_mentor", "SET_NULL"),
        ("Proposal", "run", "SET_NULL"),
        ("MatchingEvent", "proposal", "SET_NULL"),
        ("Proposal", "relationship", "SET_NULL"),
    }


# --- The cycle's status page -------------------------------------------------------------------------------


def test_before_closing_the_coordinator_reads_that_closing_starts_the_retention_period(
    client: Client, coordinator: User, program: Program
) -> None:
    closing = running_cycle_of(program, name="Closing", status=Cycle.Status.CLOSING)
    client.force_login(coordinator)
    url = reverse("programs:cycle_status", kwargs={"slug": program.slug, "cycle_id": closing.pk})
    content = client.get(url).content.decode()
    assert "will be erased 3 years after the day it closes." in content


def test_the_status_page_of_a_closed_then_purged_cycle_gives_the_dates(
    client: Client, coordinator: User, program: Program, old_cycle: Cycle
) -> None:
    client.force_login(coordinator)
    url = reverse("programs:cycle_status", kwargs={"slug": program.slug, "cycle_id": old_cycle.pk})
    content = client.get(url).content.decode()
    assert "Personal data of this cycle will be erased on June 30, 2026." in content
    assert "Confirm: step back to “Closing”" in content
    purge_expired_cycles(today=DUE_ON)
    content = client.get(url).content.decode()
    assert (
        "Personal data of this cycle was erased on June 30, 2026. Its status can no longer change." in content
    )
    assert "Confirm: step back" not in content
