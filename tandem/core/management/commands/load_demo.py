"""`python manage.py load_demo [--reset] [--seed N]`: three demo programs with 150+ applicants each."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from tandem.core.demo import content
from tandem.core.demo.loader import load_demo, reset_demo


class Command(BaseCommand):
    help = (
        "Create three demo programs (health-leaders chapter, federal department, pharmaceutical association), "
        "each with a recruiting cycle and 150+ applicants, plus demo logins. Safe to run twice."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo programs and demo accounts first."
        )
        parser.add_argument(
            "--seed", type=int, default=content.DEFAULT_SEED, help="Seed of the generated people and answers."
        )

    def handle(self, *args: Any, reset: bool, seed: int, **options: Any) -> None:
        started = time.monotonic()
        if reset:
            reset_demo()
            self.stdout.write("Deleted the previous demo programs and accounts.")
        summary = load_demo(seed=seed)
        if summary.created:
            for name, cycle, applications in summary.programs:
                self.stdout.write(f"Created {name}, cycle {cycle}: {applications} applications.")
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f} s."))
        else:
            self.stdout.write("Demo data is already loaded (run with --reset to start again).")
        self.stdout.write("")
        self.stdout.write("Demo logins (demo data on this machine only):")
        for login in summary.logins:
            self.stdout.write(f"  {login.label:<36} {login.email:<34} {login.name}")
        self.stdout.write(f"  Password for every demo account: {content.DEMO_PASSWORD}")
        self.stdout.write(
            "  Note: the coordinators have no authenticator yet; Tandem asks them to set one up (TOTP) "
            "before opening a program page, as it does for every coordinator."
        )
