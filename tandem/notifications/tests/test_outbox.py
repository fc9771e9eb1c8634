"""Nothing is lost when the mail server is down: a real SMTP server (aiosmtpd) is stopped, then started."""

import contextlib
import datetime
import logging
import socket
from collections.abc import Callable, Iterator

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.tasks import task_backends
from django.utils import timezone
from pytest_django.fixtures import Settings

from tandem.accounts.models import User
from tandem.notifications.models import OutgoingEmail
from tandem.notifications.services import Attachment, notify, purge_sent_emails, send_pending_emails
from tandem.notifications.tasks import retry_delay, send_outgoing_email
from tandem.testing.factories import UserFactory


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port(settings: Settings) -> int:
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 3},
        }
    }
    return port


@pytest.fixture
def person(db: None) -> User:
    return UserFactory(
        email="lea.gagnon@example.org", first_name="Léa", last_name="Gagnon", preferred_language="fr"
    )


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def stopped_then_started(smtp_port: int, inbox: Inbox) -> Iterator[Controller]:
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    yield controller
    with contextlib.suppress(AssertionError):  # raised when it was never started
        controller.stop()


def test_an_email_survives_a_mail_server_outage_and_is_sent_exactly_once(
    person: User, inbox: Inbox, stopped_then_started: Controller, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        email = notify(
            user=person,
            template="application_received",
            context={"program": None, "cycle": None, "applications": []},
            attachments=[Attachment("note.txt", b"hello", "text/plain")],
        )

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at is not None
    assert "lea.gagnon" not in caplog.text  # no personal data in the logs

    # Not due yet: the sweeper leaves it alone.
    assert send_pending_emails() == (0, 0)

    stopped_then_started.start()
    later = timezone.now() + retry_delay(1) + datetime.timedelta(seconds=1)
    assert send_pending_emails(now=later) == (1, 0)
    assert send_pending_emails(now=later) == (0, 0)
    call_command("send_pending_emails")

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2
    assert len(inbox.messages) == 1
    assert b"lea.gagnon@example.org" in inbox.messages[0]
    assert b"note.txt" in inbox.messages[0]


def test_a_failed_send_enqueues_a_retry_later_when_the_backend_can_defer(
    person: User, smtp_port: int, settings: Settings
) -> None:
    email = OutgoingEmail.objects.create(
        user=person, to=person.email, template="t", subject="s", text_body="b"
    )
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()

    send_outgoing_email.call(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    [retry] = backend.results
    assert retry.kwargs == {"email_id": email.pk}
    assert retry.task.run_after == email.next_attempt_at


def test_retry_delays_grow_and_stay_bounded() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert retry_delay(30) == datetime.timedelta(hours=1)


def test_notify_renders_in_the_recipients_language_and_sends_at_once_in_development(person: User) -> None:
    notify(
        user=person,
        template="application_received",
        context={"program": None, "cycle": None, "applications": []},
    )
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
    assert "/fr/" in mail.outbox[0].body


def test_sent_emails_are_purged_after_thirty_days_and_pending_ones_never(person: User) -> None:
    sent = OutgoingEmail.objects.create(
        user=person,
        to=person.email,
        template="t",
        subject="s",
        text_body="b",
        status="sent",
        sent_at=timezone.now(),
    )
    pending = OutgoingEmail.objects.create(
        user=person, to=person.email, template="t", subject="s", text_body="b"
    )
    assert purge_sent_emails() == 0
    assert purge_sent_emails(now=timezone.now() + datetime.timedelta(days=31)) == 1
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [pending.pk]
    assert not OutgoingEmail.objects.filter(pk=sent.pk).exists()


# Transactional: db_worker closes its database connection between tasks, as a real worker process does,
# which PostgreSQL does not survive inside a test's wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_worker_retries_until_the_server_is_back(
    person: User,
    inbox: Inbox,
    stopped_then_started: Controller,
    settings: Settings,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    """Production's path: the row is committed, `db_worker` sends; a refused connection re-enqueues later."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        email = notify(
            user=person,
            template="application_received",
            context={"program": None, "cycle": None, "applications": []},
        )
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay")

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert "ConnectionRefusedError" in email.last_error
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == email.next_attempt_at

    stopped_then_started.start()
    # A minute later: the retry is due.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay")

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(inbox.messages) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()
