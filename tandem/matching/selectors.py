"""Reads of the matching workflow, through the requesting user's access."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from tandem.accounts.models import User
from tandem.applications.journey import MatchingProgress, MatchingState
from tandem.applications.models import Application
from tandem.matching.models import MatchingEvent, MatchingMode, MatchingRun, MentorRequest, PairRule, Proposal
from tandem.programs.models import Cycle

BOARD_STATUSES = (
    Proposal.Status.PROPOSED,
    Proposal.Status.APPROVED,
    Proposal.Status.INTRODUCED,
    Proposal.Status.ACCEPTED,
)


def latest_run(cycle: Cycle) -> MatchingRun | None:
    return cycle.matching_runs.select_related("requested_by").first()


def board_proposals(cycle: Cycle, status: str | None = None) -> QuerySet[Proposal]:
    statuses = [status] if status in BOARD_STATUSES else list(BOARD_STATUSES)
    return (
        Proposal.objects.filter(cycle=cycle, status__in=statuses)
        .select_related("mentee__user", "mentor__user", "approved_by")
        .annotate(comment_count=Count("comments"))
        .order_by("status", "-score", "pk")
    )


def status_counts(cycle: Cycle) -> dict[str, int]:
    rows = Proposal.objects.filter(cycle=cycle).values("status").annotate(count=Count("pk"))
    return {row["status"]: row["count"] for row in rows}


def mentor_names(application_ids: set[int]) -> dict[int, str]:
    applications = Application.objects.filter(pk__in=application_ids).select_related("user")
    return {application.pk: application.user.get_full_name() for application in applications}


def get_proposal_for_staff(cycle: Cycle, pk: int) -> Proposal:
    try:
        return (
            Proposal.objects.select_related("mentee__user", "mentor__user", "cycle__program", "approved_by")
            .prefetch_related("mentee__topics", "mentor__topics", "comments__author")
            .get(cycle=cycle, pk=pk)
        )
    except Proposal.DoesNotExist:
        raise Http404 from None


def mentors_with_room(cycle: Cycle) -> QuerySet[Application]:
    load = Count("proposals_as_mentor", filter=Q(proposals_as_mentor__status__in=Proposal.LOAD_STATUSES))
    return (
        Application.objects.filter(cycle=cycle, role="mentor", status=Application.Status.ACCEPTED)
        .annotate(load=load)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def pair_rules(cycle: Cycle) -> QuerySet[PairRule]:
    return PairRule.objects.filter(cycle=cycle).select_related("mentee__user", "mentor__user", "created_by")


def events(cycle: Cycle, limit: int = 30) -> QuerySet[MatchingEvent]:
    return MatchingEvent.objects.filter(cycle=cycle).select_related("actor", "proposal__mentee__user")[:limit]


def get_introduction_for_participant(user: User, pk: int) -> Proposal:
    """An introduction the user is one of the two people of; anyone else gets 404."""
    visible = Q(mentee__user=user) | Q(mentor__user=user)
    try:
        return (
            Proposal.objects.filter(visible)
            .filter(
                status__in=[Proposal.Status.INTRODUCED, Proposal.Status.ACCEPTED, Proposal.Status.NOT_A_FIT]
            )
            .select_related("mentee__user", "mentor__user", "cycle__program")
            .prefetch_related("mentee__topics", "mentor__topics")
            .get(pk=pk)
        )
    except Proposal.DoesNotExist:
        raise Http404 from None


def introductions_for(user: User) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(Q(mentee__user=user) | Q(mentor__user=user))
        .filter(status__in=[Proposal.Status.INTRODUCED, Proposal.Status.ACCEPTED])
        .select_related("mentee__user", "mentor__user", "cycle__program")
    )


def get_own_mentee_application(user: User, pk: int) -> Application:
    try:
        return Application.objects.select_related("cycle__program", "user").get(
            pk=pk, user=user, role="mentee"
        )
    except Application.DoesNotExist:
        raise Http404 from None


def requests_of_mentee(mentee: Application) -> QuerySet[MentorRequest]:
    return mentee.requests_sent.select_related("mentor__user").order_by("-created_at")


def pending_requests_for_mentor(user: User) -> QuerySet[MentorRequest]:
    return (
        MentorRequest.objects.filter(mentor__user=user, status=MentorRequest.Status.PENDING)
        .select_related("mentee__user", "cycle__program")
        .prefetch_related("mentee__topics")
        .order_by("expires_at")
    )


def get_pending_request_for_mentor(user: User, pk: int) -> MentorRequest:
    try:
        return pending_requests_for_mentor(user).get(pk=pk)
    except MentorRequest.DoesNotExist:
        raise Http404 from None


def matching_progress_for(user: User) -> dict[int, MatchingProgress]:
    """Stage 5 and 6 of the journey for each cycle the person is a participant of: two queries."""
    progress: dict[int, MatchingProgress] = {}
    proposals = (
        Proposal.objects.filter(Q(mentee__user=user) | Q(mentor__user=user))
        .filter(status__in=[Proposal.Status.INTRODUCED, Proposal.Status.ACCEPTED, Proposal.Status.NOT_A_FIT])
        .select_related("mentee", "mentor")
        .order_by("updated_at", "pk")
    )
    for proposal in proposals:  # later ones win: the newest introduction is what matters
        link = reverse("introductions:detail", kwargs={"pk": proposal.pk})
        mine = proposal.mentee_answer if proposal.mentee.user_id == user.pk else proposal.mentor_answer
        if proposal.status == Proposal.Status.ACCEPTED:
            state = MatchingState.AGREED
        elif proposal.status == Proposal.Status.NOT_A_FIT:
            state, link = MatchingState.NOT_A_FIT, ""
        elif mine == Proposal.Answer.PENDING:
            state = MatchingState.INTRODUCED
        else:
            state = MatchingState.WAITING_FOR_OTHER
        current = progress.get(proposal.cycle_id)
        if current is None or current.state != MatchingState.AGREED:
            progress[proposal.cycle_id] = MatchingProgress(state=state, link=link)
    self_selecting = (
        Application.objects.filter(
            user=user,
            role="mentee",
            status=Application.Status.ACCEPTED,
            cycle__status__in=[Cycle.Status.MATCHING, Cycle.Status.RUNNING],
            cycle__program__matching_settings__mode=MatchingMode.SELF_SELECTION,
        )
        .annotate(
            pending=Count("requests_sent", filter=Q(requests_sent__status=MentorRequest.Status.PENDING))
        )
        .only("pk", "cycle_id")
    )
    for application in self_selecting:
        current = progress.get(application.cycle_id)
        if current is not None and current.state != MatchingState.NOT_A_FIT:
            continue
        progress[application.cycle_id] = MatchingProgress(
            state=MatchingState.REQUEST_PENDING if application.pending else MatchingState.CHOOSE_MENTOR,
            link=reverse("introductions:choose", kwargs={"pk": application.pk}),
        )
    return progress
