"""Program-wide work: meeting reminders and the coordinators' workspace settings."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from tandem.accounts.models import User
from tandem.notifications.services import notify, reminders_enabled
from tandem.programs.models import Program
from tandem.relationships.models import (
    CapabilityDomain,
    Meeting,
    ProgramWorkspaceSettings,
    Relationship,
    ReminderSent,
)
from tandem.relationships.selectors import workspace_settings_for

# --- Reminders ----------------------------------------------------------------------------------------------


def _record_reminder(relationship: Relationship, user: User, kind: str, period: str) -> bool:
    """True when this reminder was not sent yet for this period (and now is recorded as sent)."""
    _reminder, created = ReminderSent.objects.get_or_create(
        relationship=relationship, user=user, kind=kind, period=period
    )
    return created


def send_meeting_reminders(*, today: datetime.date | None = None) -> int:
    """Remind pairs with no meeting logged for the program's interval; once per interval. Returns emails sent.

    Side effects: ReminderSent rows; emails reminder_no_meeting to each participant who keeps reminders on.
    """
    today = today or timezone.localdate()
    sent = 0
    pairs = (
        Relationship.objects.filter(status__in=[Relationship.Status.ACTIVE, Relationship.Status.EXTENDED])
        .select_related("cycle__program", "mentor__user", "mentee__user")
        .annotate(
            last_meeting=Max(
                "meetings__held_on",
                filter=Q(meetings__status__in=[Meeting.Status.LOGGED, Meeting.Status.CONFIRMED]),
            )
        )
    )
    intervals: dict[int, int] = {}
    for relationship in pairs:
        program = relationship.cycle.program
        if program.pk not in intervals:
            intervals[program.pk] = workspace_settings_for(program).meeting_interval_days
        interval = intervals[program.pk]
        reference = relationship.last_meeting or relationship.activated_on or relationship.started_on
        elapsed = (today - reference).days
        if elapsed < interval:
            continue
        period = f"{reference.isoformat()}+{elapsed // interval}"
        for person in relationship.participants():
            if not reminders_enabled(person):
                continue
            with transaction.atomic():
                if _record_reminder(relationship, person, "no_meeting", period):
                    notify(
                        user=person,
                        template="reminder_no_meeting",
                        context={"relationship": relationship, "days": elapsed},
                    )
                    sent += 1
    return sent


# --- Program settings (coordinators) ---------------------------------------------------------------------


@transaction.atomic
def update_workspace_settings(
    *, program: Program, by: User, fields: dict[str, Any], domains: list[tuple[str, str]]
) -> ProgramWorkspaceSettings:
    """Save the program's workspace texts and capability domains.

    A reworded confidentiality text gets a new version: pairs who sign from now on sign the new text;
    signatures already given stay valid (each keeps the text its signer saw). Domains are matched by position,
    so a renamed domain keeps the goals linked to it; removed domains are unlinked from goals. No email.
    """
    settings_ = ProgramWorkspaceSettings.objects.select_for_update().filter(program=program).first()
    if settings_ is None:
        settings_ = ProgramWorkspaceSettings(program=program)
    text_changed = any(
        getattr(settings_, name) != fields[name]
        for name in ("confidentiality_text_en", "confidentiality_text_fr")
        if name in fields
    )
    for name, value in fields.items():
        setattr(settings_, name, value)
    if text_changed and settings_.pk is not None:
        settings_.confidentiality_version = str(int(settings_.confidentiality_version or "1") + 1)
    elif text_changed:
        settings_.confidentiality_version = "2"
    settings_.full_clean()
    settings_.save()

    existing = list(CapabilityDomain.objects.filter(program=program).order_by("position", "pk"))
    for position, (name_en, name_fr) in enumerate(domains):
        domain = existing[position] if position < len(existing) else CapabilityDomain(program=program)
        domain.name_en, domain.name_fr, domain.position = name_en, name_fr, position
        domain.full_clean()
        domain.save()
    CapabilityDomain.objects.filter(pk__in=[d.pk for d in existing[len(domains) :]]).delete()
    return settings_
