"""The screening pages pass axe-core (WCAG 2.1 AA) in English and French, in Debian's chromium."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.applications.models import Application, Role, StatusChange
from tandem.applications.tests.screening_support import (
    applicant,
    screening_test_defaults,  # noqa: F401 - autouse fixture
)
from tandem.programs.models import Cycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium")


@pytest.fixture
def browser_page(live_server: object, coordinator: User, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    if not (AXE.exists() and CHROMIUM):
        if os.environ.get("TANDEM_REQUIRE_BROWSER"):
            pytest.fail("chromium and node_modules/axe-core are required here")
        pytest.skip("chromium or axe-core is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(coordinator)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        yield context.new_page()
        browser.close()


def axe_violations(page: object) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": violation["id"], "nodes": [node["target"] for node in violation["nodes"]]}
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_list_and_application_pages_have_no_axe_violations(
    browser_page: object, live_server: object, cycle: Cycle, coordinator: User, language: str
) -> None:
    amira = applicant(cycle, "Amira", "Haddad", role=Role.MENTEE)
    applicant(cycle, "Nadia", "Bouchard", role=Role.MENTOR, status=Application.Status.ACCEPTED)
    StatusChange.objects.create(
        application=amira, from_status="", to_status="submitted", changed_by=amira.user
    )
    pages = [
        reverse("screening:list", args=[cycle.program.slug, cycle.pk]) + "?role=mentee",
        reverse("screening:detail", args=[cycle.program.slug, cycle.pk, amira.pk]),
    ]
    for path in pages:
        browser_page.goto(live_server.url + path.replace("/en/", f"/{language}/", 1))
        assert browser_page.locator("h1").count() == 1
        assert axe_violations(browser_page) == [], path

    # The decision form shown again with its error summary.
    browser_page.check("#id_decision-decision_2")
    with browser_page.expect_navigation():
        browser_page.locator("form[action$='/decision/'] button[type=submit]").click()
    assert browser_page.locator(".error-summary").count() == 1
    assert axe_violations(browser_page) == []
