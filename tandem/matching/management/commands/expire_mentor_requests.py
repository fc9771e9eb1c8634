from django.core.management.base import BaseCommand

from tandem.matching.self_selection import expire_requests


class Command(BaseCommand):
    help = "Close mentor requests that got no answer in time and tell the mentees (run it daily)."

    def handle(self, *args: object, **options: object) -> None:
        count = expire_requests()
        self.stdout.write(f"{count} request(s) expired.")
