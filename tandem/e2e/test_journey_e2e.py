"""The participant's journey through a real browser and a real SMTP server (issue #2, "How it will be checked").

Sign up -> verify the address from the email aiosmtpd received -> sign in -> self-assess -> apply ->
a coordinator accepts on the screening page -> the applicant sees "accepted" on their journey.
Selectors are the words a person reads, taken from the translation catalogue, so the journey runs in both
languages and keeps passing once the French of newer strings is written.
"""

import re
from collections.abc import Callable

import pytest
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.applications.consents import PARTICIPATION_CONSENT_TEXT
from tandem.applications.models import Application, SelfAssessment
from tandem.e2e.axe import assert_no_axe_violations
from tandem.e2e.conftest import AXE_SCRIPT, QUIET_EMAIL_SETTING_WARNINGS, Browsing, MailCollector
from tandem.e2e.flows import NEW_PASSWORD, at, fill_sign_up, sign_in_with_form, sign_up_and_verify, url
from tandem.programs.models import Cycle, Program
from tandem.programs.selectors import questions_to_ask

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


def _words(language: str) -> Callable[[str | Promise], str]:
    """The interface's own words in `language`, from the same catalogue the pages use.

    Before a string is translated it reads the same in both languages, and the test keeps passing once the
    French is written: a label renamed in the code fails here the way it would confuse a person.
    """

    def translated(text: str | Promise) -> str:
        with translation.override(language):
            return str(text) if isinstance(text, Promise) else gettext(text)

    return translated


def _subjects_to(mailbox: MailCollector, email: str) -> list[str]:
    # Sent at once (immediate tasks) before the page that follows the form is answered.
    return [message.subject for message in mailbox.messages if email in message.recipients]


def _label(field_label: object) -> re.Pattern[str]:
    """A field's label followed by the form's label suffix (":" in English, " :" in French)."""
    return re.compile(r"^" + re.escape(capfirst(str(field_label))) + r"\s*:?$")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_applicant_self_assesses_applies_is_accepted_and_sees_it_on_their_journey(
    language: str,
    browsing: Browsing,
    mailbox: MailCollector,
    program: Program,
    cycle: Cycle,
    coordinator: User,
) -> None:
    t = _words(language)
    email = f"gabriel.fortin.{language}@example.org"
    page = browsing.new_page(language)
    sign_up_and_verify(page, mailbox, language, email)
    applicant = User.objects.get(email=email)

    # From the journey to the cycle open for recruitment, by the links a person follows.
    page.get_by_role("link", name=t("See the programs open for recruitment")).click()
    page.get_by_role("link", name=t("Take the self-assessment as %(role)s") % {"role": t("Mentee")}).click()
    expect(page).to_have_url(at("applications:self_assess", language, cycle_id=cycle.pk, role="mentee"))

    # Self-assessment: every statement of the program's questionnaire answered "4 — Mostly".
    with translation.override(language):
        statements = [
            question.text for question in questions_to_ask(program.questionnaires.get(kind="mentee_self"))
        ]
    assert statements, "the program's default questionnaire has statements"
    for statement in statements:
        page.get_by_role("group", name=statement).get_by_role("radio", name=t("4 — Mostly")).check()
    page.get_by_role("button", name=t("See my result"), exact=True).click()
    expect(page).to_have_url(
        at("applications:self_assessment_result", language, cycle_id=cycle.pk, role="mentee")
    )
    assessment = SelfAssessment.objects.get(user=applicant, cycle=cycle, role="mentee")
    assert sorted(set(assessment.answers.values())) == [4]
    assert len(assessment.answers) == len(statements)
    assert assessment.readiness == 100

    # Registration, on the real form.
    page.get_by_role("link", name=t("Apply to this cycle")).click()
    expect(page).to_have_url(at("applications:apply", language, cycle_id=cycle.pk))
    topic = program.topics.order_by("position").first()
    with translation.override(language):
        topic_name = topic.name
    page.get_by_role("group", name=t("I apply as")).get_by_role("checkbox", name=t("Mentee")).check()
    page.get_by_label(_label(t("motivation"))).fill("I want to grow as a leader in the health network.")
    page.get_by_role("group", name=capfirst(t("topics"))).get_by_role(
        "checkbox", name=topic_name, exact=True
    ).check()
    page.get_by_label(_label(t("region"))).select_option("QC")
    page.get_by_role("group", name=t("Languages for mentoring")).get_by_role(
        "checkbox", name=t("French"), exact=True
    ).check()
    page.get_by_label(_label(t("years of experience"))).fill("4")
    page.get_by_label(_label(t("Your goals as a mentee"))).fill("Lead my team through a reorganization.")
    page.get_by_label(t(PARTICIPATION_CONSENT_TEXT)).check()
    page.get_by_role("button", name=t("Submit my application"), exact=True).click()

    expect(page).to_have_url(at("applications:journey", language))
    application = Application.objects.get(user=applicant, cycle=cycle)
    assert application.role == "mentee"
    assert application.status == Application.Status.SUBMITTED
    assert application.self_assessment == assessment
    assert list(application.topics.all()) == [topic]
    assert (application.region, application.languages, application.years_of_experience) == ("QC", ["fr"], 4)
    with translation.override(language):
        program_name = program.name
    assert t("Your application to %(program)s is received") % {"program": program_name} in _subjects_to(
        mailbox, email
    )

    # The coordinator (with a second factor) accepts on the screening page.
    staff_page = browsing.new_page(language)
    browsing.sign_in(staff_page, coordinator)
    staff_page.goto(
        url("screening:detail", language, slug=program.slug, cycle_id=cycle.pk, pk=application.pk)
    )
    staff_page.get_by_role("radio", name=t("Accept"), exact=True).check()
    staff_page.get_by_role("button", name=t("Record the decision"), exact=True).click()
    expect(staff_page).to_have_url(
        at("screening:detail", language, slug=program.slug, cycle_id=cycle.pk, pk=application.pk)
    )
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.status_changes.get(to_status=Application.Status.ACCEPTED).changed_by == coordinator
    assert t("Your application to %(program)s is accepted") % {"program": program_name} in _subjects_to(
        mailbox, email
    )

    # The applicant reads it on their journey: screening done, "Your application was accepted."
    page.goto(url("applications:journey", language))
    stage_heading = t("Stage %(number)s: %(name)s") % {"number": 3, "name": t("Screening")}
    screening_stage = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=stage_heading, exact=True)
    )
    expect(screening_stage.locator("p")).to_have_text(f"{t('Done')} {t('Your application was accepted.')}")
    expect(page.get_by_role("table").get_by_role("row").nth(1)).to_contain_text(t("Accepted"))
    assert_no_axe_violations(page, AXE_SCRIPT)
