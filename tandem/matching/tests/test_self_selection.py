import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.matching.adapter import settings_for
from tandem.matching.models import MatchingMode, MentorRequest, Proposal
from tandem.matching.self_selection import answer_request, expire_requests, request_mentor, suggest_mentors
from tandem.matching.services import MatchingRefused
from tandem.matching.tests.factories import AcceptedMenteeFactory, AcceptedMentorFactory
from tandem.programs.models import Cycle
from tandem.relationships.models import Relationship


@pytest.fixture
def self_selection_cycle(cycle: Cycle) -> Cycle:
    cycle.status = Cycle.Status.MATCHING
    cycle.save()
    matching_settings = settings_for(cycle)
    matching_settings.mode = MatchingMode.SELF_SELECTION
    matching_settings.request_expiry_days = 5
    matching_settings.save()
    return cycle


def test_suggestions_are_eligible_mentors_best_first_with_reasons(self_selection_cycle: Cycle) -> None:
    topics = list(self_selection_cycle.program.topics.all())
    mentee = AcceptedMenteeFactory(cycle=self_selection_cycle, topics=topics[:3], languages=["fr"])
    close = AcceptedMentorFactory(
        cycle=self_selection_cycle, topics=topics[:3], languages=["fr"], region="QC"
    )
    far = AcceptedMentorFactory(cycle=self_selection_cycle, topics=topics[5:], languages=["fr"], region="BC")
    AcceptedMentorFactory(cycle=self_selection_cycle, languages=["en"])  # no shared language: never suggested
    suggestions = suggest_mentors(mentee=mentee)
    assert [s.mentor for s in suggestions] == [close, far]
    assert suggestions[0].score > suggestions[1].score
    assert any(r["code"] == "shared_topics" for r in suggestions[0].reasons)


def test_accepted_request_starts_the_relationship_and_tells_the_mentee(self_selection_cycle: Cycle) -> None:
    mentee = AcceptedMenteeFactory(cycle=self_selection_cycle)
    mentor = AcceptedMentorFactory(cycle=self_selection_cycle, capacity=1)
    sent = request_mentor(mentee=mentee, mentor=mentor, by=mentee.user, message="Bonjour!")
    assert [m.to[0] for m in mail.outbox] == [mentor.user.email]
    assert sent.expires_at.date() == (timezone.now() + datetime.timedelta(days=5)).date()

    answer_request(request=sent, by=mentor.user, accept=True)

    relationship = Relationship.objects.get()
    assert (relationship.mentee, relationship.mentor) == (mentee, mentor)
    assert Proposal.objects.get().status == Proposal.Status.ACCEPTED
    assert mail.outbox[-1].to == [mentee.user.email]


def test_a_mentor_with_no_room_left_cannot_accept(self_selection_cycle: Cycle) -> None:
    mentor = AcceptedMentorFactory(cycle=self_selection_cycle, capacity=1)
    first, second = (
        AcceptedMenteeFactory(cycle=self_selection_cycle),
        AcceptedMenteeFactory(cycle=self_selection_cycle),
    )
    first_request = request_mentor(mentee=first, mentor=mentor, by=first.user)
    second_request = request_mentor(mentee=second, mentor=mentor, by=second.user)
    answer_request(request=first_request, by=mentor.user, accept=True)
    with pytest.raises(MatchingRefused, match="no room left"):
        answer_request(request=second_request, by=mentor.user, accept=True)
    assert Relationship.objects.count() == 1


def test_a_mentee_has_one_request_waiting_at_a_time(self_selection_cycle: Cycle) -> None:
    mentee = AcceptedMenteeFactory(cycle=self_selection_cycle)
    first, second = (
        AcceptedMentorFactory(cycle=self_selection_cycle),
        AcceptedMentorFactory(cycle=self_selection_cycle),
    )
    request_mentor(mentee=mentee, mentor=first, by=mentee.user)
    with pytest.raises(MatchingRefused, match="already have a request waiting"):
        request_mentor(mentee=mentee, mentor=second, by=mentee.user)


def test_unanswered_requests_expire_once_and_the_mentee_chooses_again(self_selection_cycle: Cycle) -> None:
    mentee = AcceptedMenteeFactory(cycle=self_selection_cycle)
    mentor = AcceptedMentorFactory(cycle=self_selection_cycle)
    sent = request_mentor(mentee=mentee, mentor=mentor, by=mentee.user)
    later = timezone.now() + datetime.timedelta(days=6)
    assert expire_requests(now=later) == 1
    assert expire_requests(now=later) == 0
    sent.refresh_from_db()
    assert sent.status == MentorRequest.Status.EXPIRED
    assert mail.outbox[-1].to == [mentee.user.email]
    assert [s.mentor for s in suggest_mentors(mentee=mentee)] == [mentor]


def test_declining_keeps_the_reason_from_the_mentee(self_selection_cycle: Cycle) -> None:
    mentee = AcceptedMenteeFactory(cycle=self_selection_cycle)
    mentor = AcceptedMentorFactory(cycle=self_selection_cycle)
    sent = request_mentor(mentee=mentee, mentor=mentor, by=mentee.user)
    answer_request(request=sent, by=mentor.user, accept=False, reason="I manage her sister")
    sent.refresh_from_db()
    assert (sent.status, sent.decline_reason) == ("declined", "I manage her sister")
    assert "I manage her sister" not in mail.outbox[-1].body


def test_self_selection_is_closed_in_committee_programs(cycle: Cycle) -> None:
    cycle.status = Cycle.Status.MATCHING
    cycle.save()
    mentee = AcceptedMenteeFactory(cycle=cycle)
    with pytest.raises(MatchingRefused, match="cannot choose a mentor"):
        request_mentor(mentee=mentee, mentor=AcceptedMentorFactory(cycle=cycle), by=mentee.user)


def test_the_choose_page_is_the_mentees_own(
    client: Client, self_selection_cycle: Cycle, mentee: User, mentor: User
) -> None:
    application = AcceptedMenteeFactory(cycle=self_selection_cycle, user=mentee)
    AcceptedMentorFactory(cycle=self_selection_cycle, user=mentor)
    url = reverse("introductions:choose", kwargs={"pk": application.pk})
    client.force_login(mentor)
    assert client.get(url).status_code == 404
    client.force_login(mentee)
    page = client.get(url).content.decode()
    assert "Nadia Bouchard" in page
    response = client.post(
        url, {"mentor": application.cycle.applications.get(role="mentor").pk, "message": "Hello"}
    )
    assert response.status_code == 302
    assert MentorRequest.objects.get().message == "Hello"


def test_the_mentor_answers_on_their_requests_page(
    client: Client, self_selection_cycle: Cycle, mentee: User, mentor: User
) -> None:
    mentee_application = AcceptedMenteeFactory(cycle=self_selection_cycle, user=mentee)
    mentor_application = AcceptedMentorFactory(cycle=self_selection_cycle, user=mentor)
    sent = request_mentor(mentee=mentee_application, mentor=mentor_application, by=mentee)
    client.force_login(mentee)
    assert "Amira Haddad" not in client.get(reverse("introductions:requests")).content.decode()
    client.force_login(mentor)
    url = reverse("introductions:requests")
    assert "Amira Haddad" in client.get(url).content.decode()
    response = client.post(url, {"request": sent.pk, f"r{sent.pk}-reason": "kept"})
    assert response.status_code == 200
    assert "kept" in response.content.decode()
    response = client.post(url, {"request": sent.pk, f"r{sent.pk}-answer": "accept"})
    assert response.status_code == 302
    assert Relationship.objects.filter(mentor=mentor_application, mentee=mentee_application).exists()
