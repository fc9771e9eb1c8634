"""The participant's journey through a real browser and a real SMTP server (issue #2, "How it will be checked").

Sign up -> verify the address from the email aiosmtpd received -> sign in -> self-assess -> apply ->
a coordinator accepts on the screening page -> the applicant sees "accepted" on their journey.
Steps whose pages are still being built elsewhere skip with "page not built yet" (see pages.ALLOW_UNBUILT_PAGES).
"""

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.applications.models import Application, SelfAssessment
from tandem.e2e.axe import assert_no_axe_violations
from tandem.e2e.conftest import AXE_SCRIPT, QUIET_EMAIL_SETTING_WARNINGS, Browsing, MailCollector
from tandem.e2e.flows import NEW_PASSWORD, at, fill_sign_up, sign_in_with_form, sign_up_and_verify, url
from tandem.e2e.pages import skip_until_built
from tandem.programs.models import Cycle, Program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), QUIET_EMAIL_SETTING_WARNINGS]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_person_signs_up_verifies_their_address_by_email_and_signs_in(
    language: str, browsing: Browsing, mailbox: MailCollector
) -> None:
    email = f"lea.{language}@example.org"
    page = browsing.new_page(language)

    sign_up_and_verify(page, mailbox, language, email)

    user = User.objects.get(email=email)
    assert user.preferred_language == language
    other_device = browsing.new_page(language)
    sign_in_with_form(other_device, language, email, NEW_PASSWORD)
    expect(other_device.locator("html")).to_have_attribute("lang", language)


def test_an_unverified_person_cannot_sign_in_yet(browsing: Browsing, mailbox: MailCollector) -> None:
    fill_sign_up(browsing.new_page("en"), "en", "not.yet@example.org")
    mailbox.wait_for("not.yet@example.org")

    other_device = browsing.new_page("en")
    other_device.goto(url("account_login"))
    other_device.get_by_label("Email:", exact=True).fill("not.yet@example.org")
    other_device.get_by_label("Password:", exact=True).fill(NEW_PASSWORD)
    other_device.get_by_role("button", name="Sign In", exact=True).click()

    expect(other_device).to_have_url(at("account_email_verification_sent"))
    assert not User.objects.get(email="not.yet@example.org").emailaddress_set.get().verified


def _wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll the database until the browser's last request has done its work."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.1)


@skip_until_built("applications:self_assess", "applications:apply", "screening:detail")
def test_applicant_self_assesses_applies_is_accepted_and_sees_it_on_their_journey(
    browsing: Browsing, mailbox: MailCollector, program: Program, cycle: Cycle, coordinator: User
) -> None:
    email = "gabriel.fortin@example.org"
    page = browsing.new_page("en")
    sign_up_and_verify(page, mailbox, "en", email)
    applicant = User.objects.get(email=email)

    # Self-assessment: every statement answered "4" (agree).
    page.goto(url("applications:self_assess", cycle_id=cycle.pk, role="mentee"))
    questions = program.questionnaires.get(kind="mentee_self").questions.all()
    for question in questions:
        page.get_by_role("group", name=question.text_en).locator('input[type="radio"][value="4"]').check()
    page.get_by_role("button", name=re.compile(r"save|submit|continue|send", re.I)).first.click()
    _wait_for(lambda: SelfAssessment.objects.filter(user=applicant, cycle=cycle, role="mentee").exists())

    # Registration.
    page.goto(url("applications:apply", cycle_id=cycle.pk))
    page.get_by_label(re.compile(r"^motivation", re.I)).fill(
        "I want to grow as a leader in the health network."
    )
    page.get_by_label(re.compile(r"^objectives", re.I)).fill("Lead my team through a reorganization.")
    page.get_by_label(re.compile(r"^region", re.I)).select_option("QC")
    page.get_by_label(re.compile(r"^years of experience", re.I)).fill("4")
    page.get_by_role("checkbox", name="English", exact=True).check()
    page.get_by_role("checkbox", name=program.topics.first().name_en, exact=True).check()
    page.get_by_role("checkbox", name=re.compile(r"use my application to screen", re.I)).check()
    page.get_by_role("button", name=re.compile(r"apply|submit|send", re.I)).first.click()
    _wait_for(lambda: Application.objects.filter(user=applicant, cycle=cycle, role="mentee").exists())
    application = Application.objects.get(user=applicant, cycle=cycle, role="mentee")
    assert application.status == Application.Status.SUBMITTED

    # The coordinator (with a second factor) accepts on the screening page.
    staff_page = browsing.new_page("en")
    browsing.sign_in(staff_page, coordinator)
    staff_page.goto(url("screening:detail", slug=program.slug, cycle_id=cycle.pk, pk=application.pk))
    staff_page.get_by_role("button", name=re.compile(r"^accept", re.I)).first.click()
    _wait_for(lambda: Application.objects.get(pk=application.pk).status == Application.Status.ACCEPTED)

    # The applicant sees it.
    page.goto(url("applications:journey"))
    expect(page.get_by_text(re.compile(r"accepted", re.I)).first).to_be_visible()
    assert_no_axe_violations(page, AXE_SCRIPT)
