"""Every write of screening (stage 3): decisions on applications and the note of the initial conversation."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.applications.models import Application, StatusChange
from tandem.notifications.services import notify
from tandem.programs.models import Cycle

Status = Application.Status

DECISIONS = (Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED)
# Which decision may follow which status. Once matching starts, accepted applications are what the
# committee pairs, so taking one back is for the matching stage (a rematch), not for screening. A
# declined application may be reconsidered (a mistake, or a place that opened up), like a waitlisted one.
ALLOWED_DECISIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset(DECISIONS),
    Status.WAITLISTED: frozenset(DECISIONS),
    Status.ACCEPTED: frozenset({Status.WAITLISTED, Status.DECLINED}),
    Status.DECLINED: frozenset({Status.ACCEPTED, Status.WAITLISTED}),
}
CYCLE_STATUSES_BEFORE_MATCHING = frozenset({Cycle.Status.DRAFT, Cycle.Status.RECRUITING})


@dataclass(frozen=True)
class Blocked:
    application: Application
    reason: str


class DecisionBlocked(Exception):
    """Some applications of a bulk decision could not take it; nothing was changed."""

    def __init__(self, blocked: list[Blocked]) -> None:
        super().__init__(f"{len(blocked)} application(s) cannot take this decision")
        self.blocked = blocked


@dataclass(frozen=True)
class DecisionCounts:
    changed: int
    by_previous_status: dict[str, int]


def blocking_reason(application: Application, decision: str) -> str | None:
    """Why `application` (as read now) cannot take `decision`, or None when it can.

    What rules out every decision (withdrawn, matching started) is said before "already".
    """
    if decision not in DECISIONS:
        return str(_("Choose accept, waitlist or decline."))
    if application.status == Status.WITHDRAWN:
        return str(_("The applicant withdrew this application; it can no longer be changed."))
    if (
        application.status == Status.ACCEPTED
        and application.cycle.status not in CYCLE_STATUSES_BEFORE_MATCHING
    ):
        return str(_("Matching has started: an accepted application can no longer be changed here."))
    if application.status == decision:
        return str(
            _("The application is already %(status)s.") % {"status": application.get_status_display().lower()}
        )
    if decision not in ALLOWED_DECISIONS.get(application.status, frozenset()):
        return str(_("This decision is not possible for this application."))
    return None


def possible_decisions(application: Application) -> list[str]:
    return [decision for decision in DECISIONS if blocking_reason(application, decision) is None]


def _validate_reason(decision: str, reason: str) -> None:
    if decision == Status.DECLINED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})


def _clean_changed(instance: Application, changed: set[str]) -> None:
    """Validate only what screening changes: the rest is the applicant's and was validated when submitted.

    (Validating every foreign key would also cost a query each, per application of a bulk action.)
    """
    untouched = [field.name for field in instance._meta.concrete_fields if field.name not in changed]
    instance.full_clean(exclude=untouched, validate_unique=False, validate_constraints=False)


def _apply(application: Application, decision: str, reason: str, by: User) -> StatusChange:
    """Change the (locked, freshly read) application's status and keep the change in its history."""
    change = StatusChange(
        application=application,
        from_status=application.status,
        to_status=decision,
        changed_by=by,
        reason=reason,
    )
    # The application and the user are the ones just read under lock: no need to query them again.
    change.full_clean(exclude=["application", "changed_by"])
    change.save()
    application.status = decision
    application.decision_reason = reason
    _clean_changed(application, {"status", "decision_reason"})
    application.save(update_fields=["status", "decision_reason", "updated_at"])
    return change


def _tell_applicant(application: Application, *, share_reason: bool) -> None:
    notify(
        user=application.user,
        template="application_decision",
        context={
            "application": application,
            "program": application.cycle.program,
            "cycle": application.cycle,
            "reason": application.decision_reason if share_reason else "",
        },
    )


def _locked(applications: Iterable[Application]) -> list[Application]:
    """Re-read the applications under a row lock, in primary-key order so two bulk actions never deadlock.

    The status read here, not the one the caller holds, is what a decision starts from: another
    coordinator may have decided a moment ago.
    """
    pks = [application.pk for application in applications]
    return list(
        Application.objects.select_for_update(of=("self",))
        .select_related("user", "cycle__program")
        .filter(pk__in=pks)
        .order_by("pk")
    )


@transaction.atomic
def decide(
    *, application: Application, decision: str, reason: str, by: User, share_reason: bool = False
) -> Application:
    """Accept, waitlist or decline one application.

    Raises ValidationError when the transition is not allowed (withdrawn, declined, same status, accepted
    after matching started) or a decline has no reason; then nothing changes.
    Side effects: one StatusChange row; `decision_reason` saved; after commit, an email to the applicant
    in their preferred language (the reason is in it only when `share_reason`: reasons may be internal).
    """
    reason = reason.strip()
    _validate_reason(decision, reason)
    (current,) = _locked([application])
    problem = blocking_reason(current, decision)
    if problem:
        raise ValidationError(problem)
    _apply(current, decision, reason, by)
    transaction.on_commit(partial(_tell_applicant, current, share_reason=share_reason))
    # The caller's copy may have been stale; leave it showing what is now true.
    application.status, application.decision_reason = current.status, current.decision_reason
    return current


@transaction.atomic
def decide_many(
    *,
    applications: Iterable[Application],
    decision: str,
    reason: str,
    by: User,
    share_reason: bool = False,
) -> DecisionCounts:
    """Take one decision on several applications: all of them change, or none.

    Raises DecisionBlocked listing each application that cannot take the decision and why; raises
    ValidationError for a decline without reason.
    Side effects: one StatusChange per application; after commit, one email per applicant.
    """
    reason = reason.strip()
    _validate_reason(decision, reason)
    current = _locked(applications)
    blocked = [
        Blocked(application, problem)
        for application in current
        if (problem := blocking_reason(application, decision))
    ]
    if blocked:
        raise DecisionBlocked(blocked)
    previous = Counter(application.status for application in current)
    for application in current:
        _apply(application, decision, reason, by)
        transaction.on_commit(partial(_tell_applicant, application, share_reason=share_reason))
    return DecisionCounts(changed=len(current), by_previous_status=dict(previous))


def record_conversation(*, application: Application, on: datetime.date, note: str, by: User) -> Application:
    """Keep the date and the coordinator's note of the initial conversation with the applicant.

    Raises ValidationError for a date in the future (the note is about a conversation that took place).
    Side effects: updates `conversation_on`, `conversation_note` and who saved them (`by`); no email, the
    note is internal.
    """
    if on > timezone.localdate():
        raise ValidationError({"on": _("The conversation cannot be in the future.")})
    application.conversation_on = on
    application.conversation_note = note.strip()
    application.conversation_recorded_by = by
    _clean_changed(application, {"conversation_on", "conversation_note"})
    application.save(
        update_fields=["conversation_on", "conversation_note", "conversation_recorded_by", "updated_at"]
    )
    return application
