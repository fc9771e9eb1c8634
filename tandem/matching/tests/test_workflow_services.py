import pytest
from django.core import mail

from tandem.accounts.models import User
from tandem.matching.models import MatchingEvent, PairRule, Proposal
from tandem.matching.services import (
    MatchingRefused,
    add_comment,
    answer_introduction,
    approve_proposals,
    introduce,
    rematch_queue,
    set_pair_rule,
)
from tandem.matching.tests.factories import AcceptedMenteeFactory, AcceptedMentorFactory, ProposalFactory
from tandem.programs.models import Cycle
from tandem.relationships.models import Relationship
from tandem.testing.factories import UserFactory


def test_approving_records_who_and_when(cycle: Cycle, coordinator: User) -> None:
    proposal = ProposalFactory(cycle=cycle)
    assert approve_proposals(proposals=[proposal], by=coordinator) == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    assert proposal.approved_by == coordinator
    assert proposal.approved_at is not None
    assert MatchingEvent.objects.filter(proposal=proposal, action="approve", actor=coordinator).count() == 1


def test_mentor_cannot_exceed_capacity_and_nothing_is_approved(cycle: Cycle, coordinator: User) -> None:
    mentor = AcceptedMentorFactory(cycle=cycle, capacity=1)
    first = ProposalFactory(cycle=cycle, mentor=mentor)
    second = ProposalFactory(cycle=cycle, mentor=mentor)
    with pytest.raises(MatchingRefused, match="can take 1 mentees and already has 0"):
        approve_proposals(proposals=[first, second], by=coordinator)
    assert set(Proposal.objects.values_list("status", flat=True)) == {"proposed"}


def test_mentor_capacity_counts_mentees_approved_earlier(cycle: Cycle, coordinator: User) -> None:
    mentor = AcceptedMentorFactory(cycle=cycle, capacity=2)
    approve_proposals(proposals=[ProposalFactory(cycle=cycle, mentor=mentor)], by=coordinator)
    approve_proposals(proposals=[ProposalFactory(cycle=cycle, mentor=mentor)], by=coordinator)
    third = ProposalFactory(cycle=cycle, mentor=mentor)
    with pytest.raises(MatchingRefused, match="already has 2"):
        approve_proposals(proposals=[third], by=coordinator)


def test_a_mentee_never_holds_two_mentors(cycle: Cycle, coordinator: User) -> None:
    mentee = AcceptedMenteeFactory(cycle=cycle)
    first = ProposalFactory(cycle=cycle, mentee=mentee)
    approve_proposals(proposals=[first], by=coordinator)
    # A second proposal can only exist once the first is no longer open, e.g. built by hand:
    second = Proposal.objects.create(
        cycle=cycle, mentee=mentee, mentor=AcceptedMentorFactory(cycle=cycle), score=50, status="proposed"
    )
    with pytest.raises(MatchingRefused, match="already has an approved mentor"):
        approve_proposals(proposals=[second], by=coordinator)
    second.refresh_from_db()
    assert second.status == "proposed"


def test_introductions_email_both_people_in_their_own_language(cycle: Cycle, coordinator: User) -> None:
    mentee = AcceptedMenteeFactory(
        cycle=cycle, user=UserFactory(email="lea@example.org", preferred_language="fr")
    )
    mentor = AcceptedMentorFactory(
        cycle=cycle, user=UserFactory(email="tom@example.org", preferred_language="en")
    )
    proposal = ProposalFactory(cycle=cycle, mentee=mentee, mentor=mentor)
    approve_proposals(proposals=[proposal], by=coordinator)

    assert introduce(cycle=cycle, by=coordinator) == 1

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.INTRODUCED
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"lea@example.org", "tom@example.org"}
    assert "/fr/" in by_recipient["lea@example.org"].body
    assert "/en/" in by_recipient["tom@example.org"].body
    assert mentor.user.get_full_name() in by_recipient["lea@example.org"].body
    assert mentee.user.get_full_name() in by_recipient["tom@example.org"].body


def introduced(cycle: Cycle, coordinator: User) -> Proposal:
    proposal = ProposalFactory(cycle=cycle)
    approve_proposals(proposals=[proposal], by=coordinator)
    introduce(cycle=cycle, by=coordinator)
    mail.outbox.clear()
    proposal.refresh_from_db()
    return proposal


def test_both_saying_lets_start_creates_the_relationship(cycle: Cycle, coordinator: User) -> None:
    proposal = introduced(cycle, coordinator)
    answer_introduction(proposal=proposal, user=proposal.mentee.user, answer="start")
    assert not Relationship.objects.exists()
    answer_introduction(proposal=proposal, user=proposal.mentor.user, answer="start")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    relationship = Relationship.objects.get()
    assert (relationship.mentor, relationship.mentee, relationship.status) == (
        proposal.mentor,
        proposal.mentee,
        "introduced",
    )
    assert relationship.planned_end == cycle.ends


def test_not_a_fit_blocks_the_pair_and_returns_the_mentee_to_the_rematch_queue(
    cycle: Cycle, coordinator: User
) -> None:
    proposal = introduced(cycle, coordinator)
    answer_introduction(
        proposal=proposal, user=proposal.mentor.user, answer="not_a_fit", reason="Conflict with my team"
    )

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NOT_A_FIT
    assert proposal.mentor_reason == "Conflict with my team"
    assert PairRule.objects.get(mentee=proposal.mentee, mentor=proposal.mentor).kind == PairRule.Kind.BLOCK
    assert rematch_queue(cycle) == [proposal.mentee]
    # The mentee is told, without the private reason.
    assert [m.to[0] for m in mail.outbox] == [proposal.mentee.user.email]
    assert "Conflict with my team" not in mail.outbox[0].body


def test_only_the_two_people_introduced_can_answer(cycle: Cycle, coordinator: User, mentee: User) -> None:
    proposal = introduced(cycle, coordinator)
    with pytest.raises(MatchingRefused, match="Only the two people introduced can answer"):
        answer_introduction(proposal=proposal, user=mentee, answer="start")


def test_a_lock_replaces_the_mentees_earlier_lock(cycle: Cycle, coordinator: User) -> None:
    mentee = AcceptedMenteeFactory(cycle=cycle)
    first, second = AcceptedMentorFactory(cycle=cycle), AcceptedMentorFactory(cycle=cycle)
    set_pair_rule(cycle=cycle, mentee=mentee, mentor=first, kind="lock", by=coordinator)
    set_pair_rule(cycle=cycle, mentee=mentee, mentor=second, kind="lock", by=coordinator)
    assert list(PairRule.objects.values_list("mentor", "kind")) == [(second.pk, "lock")]


def test_nobody_can_be_locked_with_themselves(cycle: Cycle, coordinator: User, mentor: User) -> None:
    as_mentee = AcceptedMenteeFactory(cycle=cycle, user=mentor)
    as_mentor = AcceptedMentorFactory(cycle=cycle, user=mentor)
    with pytest.raises(MatchingRefused, match="cannot mentor themselves"):
        set_pair_rule(cycle=cycle, mentee=as_mentee, mentor=as_mentor, kind="lock", by=coordinator)


def test_committee_comments_close_once_the_pair_is_introduced(
    cycle: Cycle, coordinator: User, committee_member: User
) -> None:
    proposal = ProposalFactory(cycle=cycle)
    comment = add_comment(proposal=proposal, author=committee_member, body="  Same hospital?  ")
    assert (comment.body, comment.author) == ("Same hospital?", committee_member)
    approve_proposals(proposals=[proposal], by=coordinator)
    introduce(cycle=cycle, by=coordinator)
    proposal.refresh_from_db()
    with pytest.raises(MatchingRefused):
        add_comment(proposal=proposal, author=committee_member, body="Too late")
