"""Answers to check-ins and the mid-point review, and their reminders."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.evaluations.models import CheckIn
from tandem.evaluations.selectors import due_checkins, pending_checkins
from tandem.notifications.services import notify, reminders_enabled
from tandem.programs.models import ProgramRole
from tandem.relationships.models import Relationship, ReminderSent


@transaction.atomic
def answer_checkin(
    *,
    relationship: Relationship,
    by: User,
    kind: str,
    period: int,
    standing: str,
    reflection: str = "",
    shared_message: str = "",
) -> CheckIn:
    """Record one participant's answer to a due check-in (once per period).

    Side effects: when the person would like help, emails the program's coordinators (checkin_help_requested)
    without the answers themselves.
    """
    if relationship.role_of(by) is None:
        raise ValidationError(_("Only the mentor and the mentee of this relationship can do this."))
    if (kind, period) not in {(due.kind, due.period) for due in due_checkins(relationship)}:
        raise ValidationError(_("This check-in is not open."))
    if CheckIn.objects.filter(relationship=relationship, author=by, kind=kind, period=period).exists():
        raise ValidationError(_("You already answered this check-in."))
    checkin = CheckIn(
        relationship=relationship,
        author=by,
        kind=kind,
        period=period,
        standing=standing,
        reflection=reflection.strip(),
        shared_message=shared_message.strip(),
    )
    checkin.full_clean()
    checkin.save()
    if standing == CheckIn.Standing.WOULD_LIKE_HELP:
        coordinators = User.objects.filter(
            program_roles__program=relationship.cycle.program,
            program_roles__role=ProgramRole.Role.COORDINATOR,
        )
        for coordinator in coordinators:
            notify(
                user=coordinator, template="checkin_help_requested", context={"relationship": relationship}
            )
    return checkin


def send_checkin_reminders(*, today: datetime.date | None = None) -> int:
    """Remind each participant once per check-in they still owe. Returns emails sent.

    Side effects: ReminderSent rows; emails reminder_checkin_due to participants who keep reminders on.
    """
    today = today or timezone.localdate()
    sent = 0
    pairs = Relationship.objects.filter(status__in=Relationship.OPEN_STATUSES).select_related(
        "cycle__program", "mentor__user", "mentee__user"
    )
    for relationship in pairs:
        for person in relationship.participants():
            if not reminders_enabled(person):
                continue
            for due in pending_checkins(relationship, person, today=today):
                with transaction.atomic():
                    _row, created = ReminderSent.objects.get_or_create(
                        relationship=relationship,
                        user=person,
                        kind=f"checkin_{due.kind}",
                        period=str(due.period),
                    )
                    if created:
                        notify(
                            user=person,
                            template="reminder_checkin_due",
                            context={"relationship": relationship, "due": due},
                        )
                        sent += 1
    return sent
