"""Emails to people, always in the recipient's own language, sent through background tasks."""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from tandem.accounts.models import User
from tandem.notifications.tasks import send_email


def notify(*, user: User, template: str, context: dict[str, Any]) -> None:
    """Render `notifications/email/<template>_subject.txt` and `_body.txt` in the user's language and enqueue.

    Side effects: enqueues one `send_email` task (sent at once with the immediate backend).
    """
    with translation.override(user.preferred_language):
        full_context = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **context}
        subject = render_to_string(f"notifications/email/{template}_subject.txt", full_context)
        body = render_to_string(f"notifications/email/{template}_body.txt", full_context)
    send_email.enqueue(to=user.email, subject=" ".join(subject.split()), text_body=body)
