from typing import Any

from django.core.management.base import BaseCommand

from tandem.notifications.services import purge_sent_emails, send_pending_emails


class Command(BaseCommand):
    help = (
        "Retry emails that could not be sent yet (e.g. the mail server was down) and delete sent emails "
        "older than 30 days. Safe to run any time, e.g. every 5 minutes from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent, pending = send_pending_emails()
        purged = purge_sent_emails()
        self.stdout.write(f"sent={sent} still_pending={pending} purged={purged}")
