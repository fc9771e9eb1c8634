from typing import Any

from django.core.management.base import BaseCommand

from tandem.programs.retention import purge_expired_cycles


class Command(BaseCommand):
    help = (
        "Erase the personal data of closed cycles whose program's retention period is over, keeping an "
        "anonymous summary. Idempotent: a cycle is purged once, so it can run daily (e.g. cron: 0 3 * * *)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = purge_expired_cycles()
        for cycle in purged:
            summary = cycle.retained_summary
            self.stdout.write(
                f"{cycle.program.slug} / {cycle.name}: personal data erased "
                f"({summary['application_total']} applications, {summary['relationship_total']} relationships)"
            )
        self.stdout.write(f"cycles_purged={len(purged)}")
