from typing import Any

from django.core.management.base import BaseCommand

from tandem.evaluations.services import send_checkin_reminders
from tandem.relationships.services import send_meeting_reminders


class Command(BaseCommand):
    help = (
        "Remind pairs with no meeting for the program's interval and participants with a check-in due. "
        "Idempotent: a reminder is sent once per period, so it can run daily (e.g. cron: 0 8 * * *)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        meetings = send_meeting_reminders()
        checkins = send_checkin_reminders()
        self.stdout.write(f"meeting_reminders={meetings} checkin_reminders={checkins}")
