"""End-to-end rig: Debian's chromium driven by Playwright, a real SMTP server (aiosmtpd), axe-core.

Every browser test gets pytest-django's `live_server` (so a transactional database), one shared browser for
the package, a fresh context (cookies) per test, and `mailbox`, which points Django's email at the SMTP server.
Without chromium or axe-core the tests skip with the reason, unless TANDEM_REQUIRE_BROWSER=1 (CI), where
they fail: a CI that silently skips its browser tests proves nothing.

Run: `PYTHONPATH=. .venv/bin/python -m pytest tandem/e2e -q` (leave them out elsewhere with `-m "not browser"`).
A failing test leaves full-page screenshots of its pages in test-artifacts/ (git-ignored).
Needs: `apt-get install chromium` (never `playwright install`: no download at test time) and `npm install`
(axe-core, pinned in package.json).
"""

import datetime
import email
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from tandem.accounts.models import User
from tandem.applications.models import Role
from tandem.e2e.pages import World
from tandem.programs.models import Cycle, Program
from tandem.testing.factories import (
    ApplicationFactory,
    CycleFactory,
    ReferenceDocumentFactory,
    SelfAssessmentFactory,
    UserFactory,
)

CHROMIUM = Path(os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium"))
AXE_SCRIPT = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# Headless without a GPU, a sandbox (CI runs as root) or any call home: the machine has no internet.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts"
DEFAULT_TIMEOUT_MS = 10_000
# The project's settings still use EMAIL_* (Django 6.1 prefers MAILERS); overriding them warns at every test.
QUIET_EMAIL_SETTING_WARNINGS = pytest.mark.filterwarnings(r"ignore:The EMAIL_\w+ setting is deprecated")


def browser_missing_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: apt-get install chromium"
    if not AXE_SCRIPT.exists():
        return f"{AXE_SCRIPT} is missing: npm install --no-audit --no-fund"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing"
    return None


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("TANDEM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests are required (TANDEM_REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


# SMTP ------------------------------------------------------------------------------------------------


@dataclass
class ReceivedEmail:
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part is not None else ""


class MailCollector:
    """aiosmtpd handler that keeps every message it receives, and lets a test wait for one."""

    def __init__(self) -> None:
        self.messages: list[ReceivedEmail] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        message = email.message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[attr-defined]
        recipients = [address.lower() for address in envelope.rcpt_tos]  # type: ignore[attr-defined]
        with self._arrived:
            self.messages.append(ReceivedEmail(recipients=recipients, message=message))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self._arrived:
            self.messages.clear()

    def wait_for(self, to: str, *, timeout: float = 10.0) -> ReceivedEmail:
        """The first message to `to`, waiting up to `timeout` seconds for it to arrive."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for received in self.messages:
                    if to.lower() in received.recipients:
                        return received
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(m.recipients, m.subject) for m in self.messages]
                    raise AssertionError(f"No email to {to} within {timeout} s; received: {seen}")
                self._arrived.wait(remaining)

    def link_in(self, to: str, pattern: str, *, timeout: float = 10.0) -> str:
        """The first link in the message to `to` whose text matches the regular expression `pattern`."""
        received = self.wait_for(to, timeout=timeout)
        for link in re.findall(r"https?://[^\s<>\"']+", received.text):
            if re.search(pattern, link):
                return link
        raise AssertionError(f"No link matching {pattern!r} in the email to {to}:\n{received.text}")


def _free_port() -> int:
    # aiosmtpd's controller checks it is up by connecting to its port, so it cannot be given port 0.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[MailCollector, int]]:
    from aiosmtpd.controller import Controller

    collector = MailCollector()
    port = _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield collector, port
    finally:
        controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[MailCollector, int], settings: pytest.FixtureRequest) -> MailCollector:
    """Send this test's email through real SMTP to the local aiosmtpd server, at once (immediate tasks)."""
    collector, port = smtp_server
    collector.clear()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    smtp_backend = "django.core.mail.backends.smtp.EmailBackend"
    if hasattr(django_settings, "MAILERS"):  # Django 6.1's replacement of the EMAIL_* settings
        settings.MAILERS = {
            "default": {
                "BACKEND": smtp_backend,
                "OPTIONS": {
                    "host": "127.0.0.1",
                    "port": port,
                    "use_tls": False,
                    "use_ssl": False,
                    "timeout": 5,
                },
            }
        }
        return collector
    settings.EMAIL_BACKEND = smtp_backend
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return collector


# Browser ---------------------------------------------------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this package drives the browser: `-m "not browser"` leaves them all out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _fast_and_unthrottled(settings: pytest.FixtureRequest) -> None:
    """Sign-ups in seconds from one address would hit allauth's rate limits; slow hashing only costs time."""
    settings.ACCOUNT_RATE_LIMITS = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    reason = browser_missing_reason()
    if reason:
        _skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django refuses ORM calls from a thread with
    # a running loop unless told otherwise. Only for the life of this browser, then restored.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        _skip_or_fail(f"chromium did not start: {error}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    # Remember each phase's outcome on the test so fixtures can save a screenshot of a failure.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@dataclass
class Browsing:
    """What a browser test needs: open a context in a language, sign someone in, and build absolute URLs."""

    browser: object
    base_url: str
    request: pytest.FixtureRequest
    contexts: list

    def new_page(self, language: str = "en") -> object:
        context = self.browser.new_context(  # type: ignore[attr-defined]
            base_url=self.base_url, locale="fr-CA" if language == "fr" else "en-CA"
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        self.contexts.append(context)
        return context.new_page()

    def sign_in(self, page: object, user: User) -> None:
        """Sign `user` in by handing the browser a session made by Django's test client (no form, no TOTP)."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(  # type: ignore[attr-defined]
            [{"name": cookie.key, "value": cookie.value, "url": self.base_url}]
        )

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


@pytest.fixture
def browsing(browser: object, live_server: object, request: pytest.FixtureRequest) -> Iterator[Browsing]:
    session = Browsing(browser=browser, base_url=live_server.url, request=request, contexts=[])  # type: ignore[attr-defined]
    yield session
    failed = getattr(request.node, "report_call", None)
    for index, context in enumerate(session.contexts):
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            safe_name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
            for page_index, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{safe_name}-{index}-{page_index}.png"), full_page=True)
        context.close()


def screenshot_on(page: object, name: str) -> Path:
    """Save a screenshot under test-artifacts/ (git-ignored), e.g. to look at a page while writing a test."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def closed_cycle(program: Program) -> Cycle:
    """A cycle of the program whose recruitment closed yesterday and which is now matching."""
    today = timezone.localdate()
    return CycleFactory(
        program=program,
        name="2025-2026",
        recruitment_opens=today - datetime.timedelta(days=60),
        recruitment_closes=today - datetime.timedelta(days=1),
        matching_date=today + datetime.timedelta(days=10),
        starts=today + datetime.timedelta(days=20),
        midpoint=today + datetime.timedelta(days=150),
        ends=today + datetime.timedelta(days=300),
        status=Cycle.Status.MATCHING,  # a program recruits in one cycle at a time
    )


@pytest.fixture
def world(
    program: Program, cycle: Cycle, coordinator: User, committee_member: User, mentor: User, mentee: User
) -> World:
    """Camille coordinates the program and Marc sits on its committee; Amira applied as a mentee (submitted),
    Nadia mentors, Zoé has just signed up, and four more applicants stand at each other status."""
    assessment = SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    application = ApplicationFactory(user=mentee, cycle=cycle, role=Role.MENTEE, self_assessment=assessment)
    ApplicationFactory(user=mentor, cycle=cycle, role=Role.MENTOR)
    ReferenceDocumentFactory(program=program)
    RecoveryCodes.activate(coordinator)  # as after activating TOTP in the browser
    newcomer = UserFactory(email="zoe.martin@example.org", first_name="Zoé", last_name="Martin")
    people: dict[str, User | None] = {
        "coordinator": coordinator,
        "committee_member": committee_member,
        "mentor": mentor,
        "mentee": mentee,
        "newcomer": newcomer,
    }
    applications = {"submitted": application}
    for status in ("accepted", "waitlisted", "declined", "withdrawn"):
        applicant = UserFactory(email=f"{status}.applicant@example.org", last_name=status.capitalize())
        people[f"{status}_applicant"] = applicant
        applications[status] = ApplicationFactory(
            user=applicant,
            cycle=cycle,
            status=status,
            withdrawn_at=timezone.now() if status == "withdrawn" else None,
            decision_reason="Too few mentors this year." if status == "declined" else "",
        )
    return World(
        program=program,
        cycle=cycle,
        application=application,
        people=people,
        applications=applications,
        closed_cycle=closed_cycle(program),
        topic=program.topics.order_by("position").first(),
        question=program.questionnaires.get(kind="mentee_self").questions.order_by("position").first(),
    )
