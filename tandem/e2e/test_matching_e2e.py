"""The committee's matching workflow in a real browser (issue #3, section 4).

A coordinator runs matching, swaps a mentor after seeing the effect, approves, sends the introductions
(received by a real SMTP server), and both people say "let's start" from the link in their email; the
mentee's journey then moves to the first formal meeting. axe-core checks each page in English and French.
"""

import re

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.e2e.axe import assert_no_axe_violations
from tandem.e2e.conftest import AXE_SCRIPT, QUIET_EMAIL_SETTING_WARNINGS, Browsing, MailCollector
from tandem.matching.models import Proposal
from tandem.matching.tests.factories import AcceptedMenteeFactory, AcceptedMentorFactory
from tandem.programs.models import Cycle, Program
from tandem.relationships.models import Relationship
from tandem.testing.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), QUIET_EMAIL_SETTING_WARNINGS]


@pytest.fixture
def matching_cycle(cycle: Cycle) -> Cycle:
    cycle.status = Cycle.Status.MATCHING
    cycle.save()
    return cycle


def test_coordinator_runs_adjusts_approves_and_both_people_accept(
    browsing: Browsing,
    mailbox: MailCollector,
    program: Program,
    matching_cycle: Cycle,
    coordinator: User,
    mentee: User,
    mentor: User,
) -> None:
    topics = list(program.topics.all())
    amira = AcceptedMenteeFactory(
        cycle=matching_cycle, user=mentee, topics=topics[:2], languages=["fr", "en"]
    )
    nadia = AcceptedMentorFactory(
        cycle=matching_cycle, user=mentor, topics=topics[:2], capacity=1, languages=["fr"]
    )
    other = UserFactory(email="olivier.roy@example.org", first_name="Olivier", last_name="Roy")
    olivier = AcceptedMentorFactory(
        cycle=matching_cycle, user=other, topics=topics[4:6], capacity=1, region="NB"
    )

    staff = browsing.new_page("en")
    browsing.sign_in(staff, coordinator)
    board_path = f"/en/programs/{program.slug}/cycles/{matching_cycle.pk}/matching/"
    staff.goto(browsing.url(board_path))
    assert_no_axe_violations(staff, AXE_SCRIPT)

    staff.get_by_role("button", name="Run matching").click()
    expect(staff.get_by_text("Proven optimal")).to_be_visible()
    proposal = Proposal.objects.get(mentee=amira, status="proposed")
    assert proposal.mentor == nadia  # shared topics and language
    assert_no_axe_violations(staff, AXE_SCRIPT)

    # Adjust: look at the effect of giving Amira to Olivier, use him, then go back to Nadia.
    staff.get_by_role("link", name="Amira Haddad").click()
    assert_no_axe_violations(staff, AXE_SCRIPT)
    staff.get_by_label("Another mentor").select_option(str(olivier.pk))
    staff.get_by_role("button", name="See the effect").click()
    expect(staff.get_by_role("heading", name="Effect of the change")).to_be_visible()
    assert_no_axe_violations(staff, AXE_SCRIPT)
    staff.get_by_role("button", name="Use this mentor").click()
    expect(staff.get_by_text("The mentor is changed.")).to_be_visible()
    assert Proposal.objects.get(mentee=amira, status="proposed").mentor == olivier
    staff.get_by_label("Another mentor").select_option(str(nadia.pk))
    staff.get_by_role("button", name="See the effect").click()
    staff.get_by_role("button", name="Use this mentor").click()
    expect(staff.get_by_text("The mentor is changed.")).to_be_visible()

    staff.goto(browsing.url(board_path))
    staff.get_by_role("button", name="Approve all proposed pairs").click()
    expect(staff.get_by_text("1 proposals approved.")).to_be_visible()
    staff.get_by_role("button", name="Send the introductions of approved pairs").click()
    expect(staff.get_by_text("Introductions sent to 1 pairs.")).to_be_visible()

    for person in (mentee, mentor):
        link = mailbox.link_in(person.email, r"https?://\S+/matching/introductions/\d+/")
        path = re.sub(r"^https?://[^/]+", "", link)
        page = browsing.new_page("en")
        browsing.sign_in(page, person)
        page.goto(browsing.url(path))
        assert_no_axe_violations(page, AXE_SCRIPT)
        page.get_by_label("Let's start").check()
        page.get_by_role("button", name="Send my answer").click()
        expect(page.get_by_text("Thank you, your answer is saved.")).to_be_visible()

    relationship = Relationship.objects.get()
    assert (relationship.mentee, relationship.mentor) == (amira, nadia)
    journey = browsing.new_page("en")
    browsing.sign_in(journey, mentee)
    journey.goto(browsing.url("/en/applications/"))
    expect(
        journey.get_by_text("Sign your agreement and the confidentiality commitment together")
    ).to_be_visible()


def test_matching_pages_have_no_accessibility_violations_in_french(
    browsing: Browsing,
    mailbox: MailCollector,
    program: Program,
    matching_cycle: Cycle,
    coordinator: User,
    mentee: User,
) -> None:
    AcceptedMenteeFactory(cycle=matching_cycle, user=mentee)
    AcceptedMentorFactory(cycle=matching_cycle)
    staff = browsing.new_page("fr")
    browsing.sign_in(staff, coordinator)
    staff.goto(browsing.url(f"/fr/programs/{program.slug}/cycles/{matching_cycle.pk}/matching/"))
    staff.locator("form[action$='/matching/run/'] button[type=submit]").click()
    expect(staff.locator("html")).to_have_attribute("lang", "fr")
    assert_no_axe_violations(staff, AXE_SCRIPT)
    staff.locator("table a").first.click()
    assert_no_axe_violations(staff, AXE_SCRIPT)
    staff.goto(browsing.url(f"/fr/programs/{program.slug}/matching-settings/"))
    assert_no_axe_violations(staff, AXE_SCRIPT)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_participant_matching_pages_have_no_accessibility_violations(
    language: str,
    browsing: Browsing,
    mailbox: MailCollector,
    matching_cycle: Cycle,
    coordinator: User,
    mentee: User,
    mentor: User,
) -> None:
    """Self-selection (a mentee's suggestions, a mentor's requests) and an introduction, in both languages."""
    from tandem.matching.adapter import settings_for
    from tandem.matching.self_selection import request_mentor
    from tandem.matching.services import approve_proposals, introduce

    matching_settings = settings_for(matching_cycle)
    matching_settings.mode = "self_selection"
    matching_settings.save()
    amira = AcceptedMenteeFactory(cycle=matching_cycle, user=mentee)
    AcceptedMentorFactory(cycle=matching_cycle, user=mentor)
    AcceptedMentorFactory(cycle=matching_cycle)
    page = browsing.new_page(language)
    browsing.sign_in(page, mentee)
    page.goto(browsing.url(f"/{language}/matching/choose/{amira.pk}/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page, AXE_SCRIPT)

    other_mentee = AcceptedMenteeFactory(cycle=matching_cycle)
    request_mentor(
        mentee=other_mentee, mentor=amira.cycle.applications.get(user=mentor), by=other_mentee.user
    )
    mentor_page = browsing.new_page(language)
    browsing.sign_in(mentor_page, mentor)
    mentor_page.goto(browsing.url(f"/{language}/matching/requests/"))
    assert_no_axe_violations(mentor_page, AXE_SCRIPT)

    proposal = Proposal.objects.create(
        cycle=matching_cycle, mentee=amira, mentor=AcceptedMentorFactory(cycle=matching_cycle), score=70
    )
    approve_proposals(proposals=[proposal], by=coordinator)
    introduce(cycle=matching_cycle, by=coordinator)
    page.goto(browsing.url(f"/{language}/matching/introductions/{proposal.pk}/"))
    assert_no_axe_violations(page, AXE_SCRIPT)
