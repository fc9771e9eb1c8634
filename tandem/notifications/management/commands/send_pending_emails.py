from typing import Any

from django.core.management.base import BaseCommand

from tandem.notifications.services import send_pending_emails


class Command(BaseCommand):
    help = "Retry emails that could not be sent yet (e.g. the mail server was down). Safe to run any time."

    def handle(self, *args: Any, **options: Any) -> None:
        sent, pending = send_pending_emails()
        self.stdout.write(f"sent={sent} still_pending={pending}")
