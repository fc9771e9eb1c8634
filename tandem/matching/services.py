"""Every write of the committee's matching workflow.

Concurrency: approving locks the mentors' application rows (in id order, so two coordinators never
deadlock) before counting their load, and the database refuses a mentee holding two mentors. Two
coordinators approving at the same moment can therefore never exceed a capacity.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.applications.models import Application
from tandem.matching.models import MatchingEvent, MatchingSettings, PairRule, Proposal, ProposalComment
from tandem.notifications.services import notify
from tandem.programs.models import Cycle
from tandem.relationships.models import Relationship


class MatchingRefused(Exception):
    """The action breaks a rule of the workflow; the message says which, in the user's language."""


def _event(
    *, cycle: Cycle, action: str, actor: User | None, proposal: Proposal | None = None, **details: object
) -> None:
    MatchingEvent.objects.create(cycle=cycle, action=action, actor=actor, proposal=proposal, details=details)


@transaction.atomic
def set_pair_rule(
    *, cycle: Cycle, mentee: Application, mentor: Application, kind: str, by: User, note: str = ""
) -> PairRule:
    """Lock (must pair) or block (never pair) a mentee and a mentor; replaces an earlier rule on that pair.

    Side effects: a lock replaces any other lock of the mentee; an event is recorded.
    """
    if mentee.cycle_id != cycle.pk or mentor.cycle_id != cycle.pk:
        raise MatchingRefused(_("Both applications must belong to this cycle."))
    if mentee.role != "mentee" or mentor.role != "mentor":
        raise MatchingRefused(_("Choose a mentee and a mentor."))
    if mentee.user_id == mentor.user_id:
        raise MatchingRefused(_("A person cannot mentor themselves."))
    if kind == PairRule.Kind.LOCK:
        PairRule.objects.filter(mentee=mentee, kind=PairRule.Kind.LOCK).exclude(mentor=mentor).delete()
    rule = PairRule.objects.filter(mentee=mentee, mentor=mentor).first() or PairRule(
        mentee=mentee, mentor=mentor
    )
    rule.cycle, rule.kind, rule.created_by, rule.note = cycle, kind, by, note
    rule.full_clean(validate_unique=False)  # the one-rule-per-pair row is the one being updated
    rule.save()
    _event(cycle=cycle, action=kind, actor=by, mentee=mentee.pk, mentor=mentor.pk, note=note)
    return rule


@transaction.atomic
def clear_pair_rule(*, rule: PairRule, by: User) -> None:
    _event(
        cycle=rule.cycle,
        action=MatchingEvent.Action.CLEAR_RULE,
        actor=by,
        mentee=rule.mentee_id,
        mentor=rule.mentor_id,
        kind=rule.kind,
    )
    rule.delete()


def mentor_loads(mentor_ids: Iterable[int]) -> Counter[int]:
    """How many mentees each mentor already holds (approved, introduced or agreed)."""
    rows = (
        Proposal.objects.filter(mentor_id__in=list(mentor_ids), status__in=Proposal.LOAD_STATUSES)
        .values("mentor_id")
        .annotate(count=Count("pk"))
    )
    return Counter({row["mentor_id"]: row["count"] for row in rows})


@transaction.atomic
def approve_proposals(*, proposals: Iterable[Proposal], by: User) -> int:
    """Approve proposals, all or none. Refused when a mentor would exceed their capacity.

    Side effects: one event per approved proposal. Emails go out later, with `introduce`.
    """
    ids = sorted({p.pk for p in proposals})
    if not ids:
        raise MatchingRefused(_("Select at least one proposal."))
    locked = list(Proposal.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    mentor_ids = sorted({p.mentor_id for p in locked})
    # Lock the mentors' rows before counting their load: a concurrent approval waits here.
    mentors = {
        a.pk: a for a in Application.objects.select_for_update().filter(pk__in=mentor_ids).order_by("pk")
    }
    not_open = [p for p in locked if p.status != Proposal.Status.PROPOSED]
    if not_open:
        raise MatchingRefused(
            _("%(count)d of the selected proposals were already decided or replaced.")
            % {"count": len(not_open)}
        )
    loads = mentor_loads(mentor_ids)
    adding = Counter(p.mentor_id for p in locked)
    for mentor_id, extra in adding.items():
        mentor = mentors[mentor_id]
        if loads[mentor_id] + extra > (mentor.capacity or 0):
            raise MatchingRefused(
                _("%(name)s can take %(capacity)d mentees and already has %(load)d.")
                % {
                    "name": mentor.user.get_full_name(),
                    "capacity": mentor.capacity or 0,
                    "load": loads[mentor_id],
                }
            )
    now = timezone.now()
    try:
        with transaction.atomic():
            for proposal in locked:
                proposal.status = Proposal.Status.APPROVED
                proposal.approved_by = by
                proposal.approved_at = now
                proposal.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    except IntegrityError:
        raise MatchingRefused(_("One of these mentees already has an approved mentor.")) from None
    for proposal in locked:
        _event(cycle=proposal.cycle, action=MatchingEvent.Action.APPROVE, actor=by, proposal=proposal)
    return len(locked)


@transaction.atomic
def introduce(*, cycle: Cycle, by: User) -> int:
    """Send the introductions of every approved pair of the cycle.

    Side effects: each mentor and mentee receives an email in their own language with the other's
    presentation sheet and a link to answer "let's start" or "not a fit".
    """
    approved = list(
        Proposal.objects.select_for_update()
        .filter(cycle=cycle, status=Proposal.Status.APPROVED)
        .select_related("mentee__user", "mentor__user", "cycle__program")
    )
    now = timezone.now()
    for proposal in approved:
        proposal.status = Proposal.Status.INTRODUCED
        proposal.introduced_at = now
        proposal.save(update_fields=["status", "introduced_at", "updated_at"])
        for me, other in ((proposal.mentee, proposal.mentor), (proposal.mentor, proposal.mentee)):
            notify(
                user=me.user,
                template="introduction",
                context={"proposal": proposal, "me": me, "other": other, "program": cycle.program},
            )
        _event(cycle=cycle, action=MatchingEvent.Action.INTRODUCE, actor=by, proposal=proposal)
    return len(approved)


@transaction.atomic
def answer_introduction(*, proposal: Proposal, user: User, answer: str, reason: str = "") -> Proposal:
    """Record a mentor's or mentee's answer to their introduction.

    "Not a fit" ends the proposal at once: the pair is blocked for this cycle, the mentee returns to the
    rematch queue, and the other person is told without the reason (which only staff see). When both say
    "let's start", the relationship is created.
    """
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("mentee__user", "mentor__user", "cycle")
        .get(pk=proposal.pk)
    )
    if proposal.status != Proposal.Status.INTRODUCED:
        raise MatchingRefused(_("This introduction is closed."))
    if answer not in {Proposal.Answer.START, Proposal.Answer.NOT_A_FIT}:
        raise MatchingRefused(_("Choose an answer."))
    if user.pk not in {proposal.mentee.user_id, proposal.mentor.user_id}:
        raise MatchingRefused(_("Only the two people introduced can answer."))
    side = "mentee" if proposal.mentee.user_id == user.pk else "mentor"
    setattr(proposal, f"{side}_answer", answer)
    setattr(proposal, f"{side}_reason", reason.strip() if answer == Proposal.Answer.NOT_A_FIT else "")
    if answer == Proposal.Answer.NOT_A_FIT:
        proposal.status = Proposal.Status.NOT_A_FIT
        PairRule.objects.update_or_create(
            mentee=proposal.mentee,
            mentor=proposal.mentor,
            defaults={"cycle": proposal.cycle, "kind": PairRule.Kind.BLOCK, "note": "not a fit"},
        )
        other = proposal.mentor if side == "mentee" else proposal.mentee
        notify(
            user=other.user,
            template="introduction_closed",
            context={"proposal": proposal, "program": proposal.cycle.program},
        )
    elif proposal.mentee_answer == proposal.mentor_answer == Proposal.Answer.START:
        proposal.status = Proposal.Status.ACCEPTED
    proposal.full_clean()
    proposal.save()
    if proposal.status == Proposal.Status.ACCEPTED:
        start_relationship(proposal=proposal)
    _event(
        cycle=proposal.cycle,
        action=MatchingEvent.Action.ANSWER,
        actor=user,
        proposal=proposal,
        side=side,
        answer=answer,
    )
    return proposal


def start_relationship(*, proposal: Proposal) -> Relationship:
    """Both people agreed: the relationship exists from today (or the cycle's start) to the cycle's end."""
    cycle = proposal.cycle
    proposal.relationship = Relationship.objects.create(
        cycle=cycle,
        mentor=proposal.mentor,
        mentee=proposal.mentee,
        started_on=max(timezone.localdate(), cycle.starts),
        planned_end=cycle.ends,
    )
    proposal.save(update_fields=["relationship", "updated_at"])
    return proposal.relationship


def add_comment(*, proposal: Proposal, author: User, body: str) -> ProposalComment:
    """A staff comment on a proposal, kept with its author and time."""
    if proposal.status not in {Proposal.Status.PROPOSED, Proposal.Status.APPROVED}:
        raise MatchingRefused(_("Comments close once the pair is introduced."))
    comment = ProposalComment(proposal=proposal, author=author, body=body.strip())
    comment.full_clean()
    comment.save()
    _event(cycle=proposal.cycle, action=MatchingEvent.Action.COMMENT, actor=author, proposal=proposal)
    return comment


def rematch_queue(cycle: Cycle) -> list[Application]:
    """Accepted mentees who said or heard "not a fit" and hold no mentor now."""
    return list(
        Application.objects.filter(cycle=cycle, role="mentee", status=Application.Status.ACCEPTED)
        .filter(proposals_as_mentee__status=Proposal.Status.NOT_A_FIT)
        .exclude(proposals_as_mentee__status__in=Proposal.HOLDING_STATUSES)
        .select_related("user")
        .distinct()
    )


def update_matching_settings(
    *, settings: MatchingSettings, data: dict[str, object], by: User
) -> MatchingSettings:
    """Save how the program matches. Applies to the next run; proposals already made keep their scores."""
    for field, value in data.items():
        setattr(settings, field, value)
    settings.full_clean()
    settings.save()
    return settings
