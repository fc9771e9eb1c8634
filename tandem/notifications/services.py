"""Emails to people, always in the recipient's own language, sent through background tasks."""

import base64
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks.backends.immediate import ImmediateBackend
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from tandem.accounts.models import User
from tandem.notifications.models import NotificationPreference, OutgoingEmail
from tandem.notifications.tasks import deliver_outgoing_email, send_outgoing_email


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def render_plain_text(name: str, context: dict[str, Any]) -> str:
    """Render a plain-text email template without HTML escaping: "L'Équipe & co" must not become "L&#x27;…"."""
    return get_template(name).template.render(Context(context, autoescape=False))


def notify(
    *,
    user: User,
    template: str,
    context: dict[str, Any],
    attachments: Iterable[Attachment] | None = None,
) -> OutgoingEmail | None:
    """Render `notifications/email/<template>_subject.txt` and `_body.txt` in the user's language and enqueue.

    Nothing is sent to an inactive account (deactivated, or erased and kept only for a partner's history).

    Side effects: writes one OutgoingEmail row (inside the caller's transaction, so the email exists if and
    only if the change it reports was saved) and, once that transaction commits, enqueues `send_outgoing_email`
    (sent at once with the immediate backend). Attachments are rendered by the caller (e.g. an .ics file).
    """
    if not user.is_active:
        return None
    with translation.override(user.preferred_language):
        full_context = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **context}
        subject = render_plain_text(f"notifications/email/{template}_subject.txt", full_context)
        body = render_plain_text(f"notifications/email/{template}_body.txt", full_context)
    email = OutgoingEmail.objects.create(
        user=user,
        to=user.email,
        template=template,
        subject=" ".join(subject.split())[:300],
        text_body=body,
        attachments=[
            {
                "filename": attachment.filename,
                "mimetype": attachment.mimetype,
                "content_b64": base64.b64encode(attachment.content).decode("ascii"),
            }
            for attachment in attachments or []
        ],
    )
    if isinstance(send_outgoing_email.get_backend(), ImmediateBackend):
        # Same connection, so the uncommitted row is visible; tests and development see the email at once.
        send_outgoing_email.enqueue(email_id=email.pk)
    else:
        # A worker reads the row from another connection: enqueue only once the row is committed.
        transaction.on_commit(lambda: send_outgoing_email.enqueue(email_id=email.pk))
    return email


def reminders_enabled(user: User) -> bool:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.reminders_enabled if preference else True


def set_reminders_enabled(*, user: User, enabled: bool) -> NotificationPreference:
    """Turn reminder emails on or off for this person. No side effects beyond the preference row."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    preference.reminders_enabled = enabled
    preference.full_clean()
    preference.save()
    return preference


def send_pending_emails(*, limit: int = 500, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Retry emails still pending whose next attempt is due. Returns (sent, still pending).

    Side effects: sends email; records errors on the rows that fail again. Run it from cron or a periodic
    task (`manage.py send_pending_emails`); it is safe to run while workers are also sending.
    """
    now = now or timezone.now()
    due = (
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING)
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for email_id in list(due):
        if deliver_outgoing_email(email_id):
            sent += 1
        else:
            failed += 1
    return sent, failed


# Sent emails hold names and links: keep them only long enough to answer "did it go out?".
SENT_EMAIL_RETENTION = datetime.timedelta(days=30)


def purge_sent_emails(*, now: datetime.datetime | None = None) -> int:
    """Delete emails sent more than SENT_EMAIL_RETENTION ago. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - SENT_EMAIL_RETENTION
    deleted, _by_model = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
