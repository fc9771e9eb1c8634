"""Background tasks that send email. They run in `manage.py db_worker` (or at once with the immediate backend)."""

import base64
import datetime
import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)
_ADDRESS = re.compile(r"[^\s'\"<>]+@[^\s'\"<>]+")

# Retry a failed send after 1, 2, 4, ... minutes, never waiting more than an hour between attempts.
MAX_BACKOFF = datetime.timedelta(hours=1)


def retry_delay(attempts: int) -> datetime.timedelta:
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@task()
def send_email(*, to: str, subject: str, text_body: str, html_body: str | None = None) -> None:
    """Send one already-rendered email. Kept for callers that do not need the outbox's retry guarantee."""
    message = EmailMultiAlternatives(
        subject=subject, body=text_body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def deliver_outgoing_email(email_id: int) -> bool:
    """Send one pending OutgoingEmail; True when it is sent (now or before). Safe to call twice.

    The row is locked while sending, so two workers (or the sweeper and a retry) never both send it. On a
    failure the error (never the address) is recorded and the row stays pending for the next attempt.
    """
    from tandem.notifications.models import OutgoingEmail

    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            return False
        if email.status == OutgoingEmail.Status.SENT:
            return True
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.text_body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        for attachment in email.attachments:
            message.attach(
                attachment["filename"], base64.b64decode(attachment["content_b64"]), attachment["mimetype"]
            )
        email.attempts += 1
        try:
            message.send()
        except Exception as error:
            # Some SMTP errors quote the recipient: keep the error, never the address.
            email.last_error = f"{type(error).__name__}: {_ADDRESS.sub('<address>', str(error))}"[:300]
            email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning(
                "Email #%s not sent (attempt %s): %s", email.pk, email.attempts, type(error).__name__
            )
            return False
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["status", "sent_at", "attempts", "last_error"])
        return True


@task()
def send_outgoing_email(*, email_id: int) -> None:
    """Send a stored email; on failure, enqueue itself again later when the backend can defer tasks.

    With a backend that cannot defer (the immediate one), `manage.py send_pending_emails` picks it up.
    """
    from tandem.notifications.models import OutgoingEmail

    if deliver_outgoing_email(email_id):
        return
    if not send_outgoing_email.get_backend().supports_defer:
        return
    next_attempt_at = (
        OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if next_attempt_at is not None:
        send_outgoing_email.using(run_after=next_attempt_at).enqueue(email_id=email_id)
