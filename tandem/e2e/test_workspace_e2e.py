"""A pair's year in the browser (issue #4, "How it will be checked").

Nadia (mentor, English) and Amira (mentee, French) both sign the agreement and the confidentiality
commitment, Amira adds a goal, Nadia plans a meeting (the .ics from the email parses with icalendar), Amira
logs it and Nadia confirms it, Camille (coordinator) sees the hours and not the notes, Amira opens her credit
statement, then ends early and asks to be rematched. Every page visited passes axe-core, in both languages.

Fields and buttons are found by their `name` (not their label) so the test holds once the lead translates.
"""

import datetime
import re
import time
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tandem.accounts.models import User
from tandem.e2e.axe import assert_no_axe_violations
from tandem.e2e.conftest import AXE_SCRIPT, QUIET_EMAIL_SETTING_WARNINGS, Browsing, MailCollector
from tandem.programs.models import Program
from tandem.relationships.models import Goal, Meeting, Relationship
from tandem.relationships.tests.fixtures import make_pair, running_cycle_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), QUIET_EMAIL_SETTING_WARNINGS]

PRIVATE_NOTES = "We rehearsed the board presentation NOTES-E2E-7c1"


@pytest.fixture
def pair(program: Program, mentor: User, mentee: User) -> Relationship:
    """Nadia and Amira, matched in the program's cycle that started 100 days ago."""
    return make_pair(running_cycle_of(program, name="2026-2027 running"), mentor, mentee)


def path(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(name, args=list(args))


def _wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the database never reached the expected state")
        time.sleep(0.05)


def calendar_attachment(mailbox: MailCollector, to: str, timeout: float = 10.0) -> object:
    """The meeting.ics part of the first email to `to` that carries one (earlier emails have none)."""
    mailbox.wait_for(to, timeout=timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for received in list(mailbox.messages):
            if to in received.recipients:
                for part in received.message.iter_attachments():
                    if part.get_filename() == "meeting.ics":
                        return part
        time.sleep(0.05)
    raise AssertionError(f"no email with meeting.ics to {to}")


def open_checked(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.ok, f"{url} answered {response.status}"
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page, AXE_SCRIPT)


def sign(page: Page, url: str, full_name: str) -> None:
    open_checked(page, url)
    page.locator("input[name=typed_name]").fill(full_name)
    page.locator("input[name=confirm]").check()
    page.locator("form:has(input[name=typed_name]) button[type=submit]").click()
    expect(page.locator("input[name=typed_name]")).to_have_count(0)


def test_a_pair_signs_sets_a_goal_meets_and_ends_early_with_a_rematch(
    browsing: Browsing, mailbox: MailCollector, pair: Relationship, coordinator: User
) -> None:
    started = time.monotonic()
    mentor, mentee = pair.mentor.user, pair.mentee.user
    mentee.preferred_language = "fr"
    mentee.save()
    nadia, amira = browsing.new_page("en"), browsing.new_page("fr")
    browsing.sign_in(nadia, mentor)
    browsing.sign_in(amira, mentee)

    # Nadia writes the agreement (first with a wrong length: what she typed stays) and signs it.
    open_checked(nadia, path("relationships:agreement_edit", "en", pair.pk))
    nadia.locator("input[name=meeting_frequency][value=monthly]").check()
    nadia.locator("input[name=usual_length_minutes]").fill("5000")
    nadia.locator("input[name=meeting_format][value=video]").check()
    nadia.locator("textarea[name=cancellation_policy]").fill("Tell the other a day before.")
    nadia.locator("main form.narrow button[type=submit]").click()
    expect(nadia.locator(".error-summary")).to_be_visible()
    expect(nadia.locator("textarea[name=cancellation_policy]")).to_have_value("Tell the other a day before.")
    assert_no_axe_violations(nadia, AXE_SCRIPT)
    nadia.locator("input[name=usual_length_minutes]").fill("60")
    nadia.locator("main form.narrow button[type=submit]").click()
    expect(nadia).to_have_url(re.compile(re.escape(path("relationships:agreement", "en", pair.pk)) + "$"))
    sign(nadia, path("relationships:agreement", "en", pair.pk), "Nadia Bouchard")
    sign(nadia, path("relationships:confidentiality", "en", pair.pk), "Nadia Bouchard")

    # Amira signs both, in French.
    sign(amira, path("relationships:agreement", "fr", pair.pk), "Amira Haddad")
    sign(amira, path("relationships:confidentiality", "fr", pair.pk), "Amira Haddad")
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ACTIVE

    # Amira adds a SMART goal.
    open_checked(amira, path("relationships:goal_create", "fr", pair.pk))
    amira.locator("input[name=specific]").fill("Présenter le budget au conseil")
    amira.locator("textarea[name=measurable]").fill("Le conseil l'adopte")
    amira.locator("input[name=target_date]").fill(
        (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    )
    amira.locator("form.narrow button[type=submit]").click()
    _wait_for(lambda: Goal.objects.filter(relationship=pair).exists())
    open_checked(amira, path("relationships:goals", "fr", pair.pk))
    expect(amira.get_by_text("Présenter le budget au conseil").first).to_be_visible()

    # Nadia plans a meeting: both receive an invitation with a calendar file.
    open_checked(nadia, path("relationships:meetings", "en", pair.pk))
    starts = timezone.localtime() + datetime.timedelta(days=7)
    nadia.locator("input[name=starts_at]").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    nadia.locator("input[name=minutes]").fill("90")
    nadia.locator("input[name=meeting_format][value=video]").check()
    nadia.locator("form.narrow button[type=submit]").click()
    _wait_for(lambda: Meeting.objects.filter(relationship=pair).exists())
    ics_part = calendar_attachment(mailbox, mentee.email)
    assert ics_part.get_content_type() == "text/calendar"
    event = Calendar.from_ical(ics_part.get_content()).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == starts.replace(second=0, microsecond=0)
    for prop in ("DTEND", "SUMMARY", "UID", "ORGANIZER", "ATTENDEE"):
        assert prop in event
    download = nadia.request.get(path("relationships:meeting_ics", "en", pair.pk, Meeting.objects.get().pk))
    assert download.headers["content-type"].startswith("text/calendar")
    assert Calendar.from_ical(download.body()).walk("VEVENT")

    # Amira logs it as held (the date is today, for the test) with private notes; Nadia confirms.
    meeting = Meeting.objects.get()
    open_checked(amira, path("relationships:meeting_log", "fr", pair.pk, meeting.pk))
    amira.locator("input[name=held_on]").fill(timezone.localdate().isoformat())
    amira.locator("textarea[name=private_notes]").fill(PRIVATE_NOTES)
    amira.locator("form.narrow button[type=submit]").click()
    _wait_for(lambda: Meeting.objects.get().status == Meeting.Status.LOGGED)
    open_checked(nadia, path("relationships:meetings", "en", pair.pk))
    expect(nadia.get_by_text(PRIVATE_NOTES)).to_be_visible()
    nadia.locator(f"form[action$='/meetings/{meeting.pk}/confirm/'] button").click()
    _wait_for(lambda: Meeting.objects.get().status == Meeting.Status.CONFIRMED)

    # Camille sees the hours, never the notes.
    camille = browsing.new_page("en")
    browsing.sign_in(camille, coordinator)
    open_checked(camille, path("relationships_staff:list", "en", pair.cycle.program.slug, pair.cycle_id))
    body = camille.content()
    assert "1.5" in body
    assert "NOTES-E2E" not in body
    assert "Présenter le budget" not in body
    open_checked(camille, path("relationships_staff:list", "fr", pair.cycle.program.slug, pair.cycle_id))

    # Amira opens her printable credit statement.
    open_checked(amira, path("relationships:credits", "fr", pair.pk))
    expect(amira.locator("tfoot")).to_contain_text("1,50")  # French decimal comma
    expect(amira.locator("html")).to_have_attribute("lang", "fr")

    # Amira ends early and asks to be rematched.
    open_checked(amira, path("relationships:closure", "fr", pair.pk))
    amira.locator("input[name=early-reason][value=not_working]").check()
    amira.locator("input[name=early-wants_rematch]").check()
    amira.locator("input[name=early-confirm]").check()
    amira.locator("button[name=action][value=early]").click()
    _wait_for(lambda: Relationship.objects.get(pk=pair.pk).status == "ended_early")
    pair.refresh_from_db()
    assert pair.mentee_wants_rematch
    open_checked(amira, path("relationships:closure", "fr", pair.pk))
    mailbox.wait_for(mentor.email)
    print(f"workspace e2e flow took {time.monotonic() - started:.1f} s")


WORKSPACE_PAGES = [
    "relationships:mine",
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
    "evaluations:answer",
    "notifications:preferences",
]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_workspace_page_passes_axe(
    language: str, browsing: Browsing, pair: Relationship, coordinator: User
) -> None:
    Relationship.objects.filter(pk=pair.pk).update(activated_on=pair.started_on, status="active")
    page = browsing.new_page(language)
    browsing.sign_in(page, pair.mentee.user)
    for name in WORKSPACE_PAGES:
        if name in ("relationships:mine", "notifications:preferences"):
            url = path(name, language)
        elif name == "evaluations:answer":
            url = path(name, language, pair.pk, "quarterly", 1)
        else:
            url = path(name, language, pair.pk)
        open_checked(page, url)
    # A form shown with its errors.
    page.goto(path("relationships:closure", language, pair.pk))
    page.locator("button[name=action][value=early]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page, AXE_SCRIPT)
    staff = browsing.new_page(language)
    browsing.sign_in(staff, coordinator)
    open_checked(staff, path("relationships_staff:list", language, pair.cycle.program.slug, pair.cycle_id))
