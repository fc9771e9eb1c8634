"""Participant-side reads: always filtered by the requesting person. What they may not see answers 404."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from tandem.accounts.models import User
from tandem.applications.journey import (
    CycleProgress,
    MatchingProgress,
    StageStanding,
    compute_stages,
    most_advanced_status,
)
from tandem.applications.models import Application, Role, SelfAssessment
from tandem.programs.models import Cycle, Program, Question, Questionnaire, ReferenceDocument

SELF_ASSESSMENT_KIND = {
    Role.MENTOR: Questionnaire.Kind.MENTOR_SELF_ASSESSMENT,
    Role.MENTEE: Questionnaire.Kind.MENTEE_SELF_ASSESSMENT,
}
REGISTRATION_KIND = {
    Role.MENTOR: Questionnaire.Kind.MENTOR_REGISTRATION,
    Role.MENTEE: Questionnaire.Kind.MENTEE_REGISTRATION,
}
# Applications that can still lead to a pairing: a mentor in one of these can be someone's preferred mentor.
ACTIVE_STATUSES = (Application.Status.SUBMITTED, Application.Status.ACCEPTED, Application.Status.WAITLISTED)


def _my_self_assessments(user: User) -> Prefetch:
    return Prefetch(
        "self_assessments",
        queryset=SelfAssessment.objects.filter(user=user).order_by("role"),
        to_attr="my_self_assessments",
    )


def _my_applications(user: User) -> Prefetch:
    return Prefetch(
        "applications",
        queryset=Application.objects.filter(user=user).order_by("role"),
        to_attr="my_applications",
    )


# --- Cycles open for recruitment -------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleStanding:
    role: Role
    self_assessment: SelfAssessment | None
    application: Application | None


@dataclass(frozen=True)
class OpenCycle:
    """A recruiting cycle and what this person already did in it."""

    cycle: Cycle
    self_assessments: list[SelfAssessment]
    applications: list[Application]

    @classmethod
    def of(cls, cycle: Cycle) -> "OpenCycle":
        """Wrap a cycle from `open_cycles_for`, whose person-specific rows are already prefetched."""
        return cls(
            cycle=cycle, self_assessments=cycle.my_self_assessments, applications=cycle.my_applications
        )

    @property
    def roles(self) -> list["RoleStanding"]:
        self_assessments = {sa.role: sa for sa in self.self_assessments}
        applications = {application.role: application for application in self.applications}
        return [
            RoleStanding(
                role=role, self_assessment=self_assessments.get(role), application=applications.get(role)
            )
            for role in Role
        ]

    @property
    def roles_to_apply(self) -> list[str]:
        applied = {application.role for application in self.applications}
        return [role for role in Role.values if role not in applied]


def recruiting_cycles(*, on: datetime.date | None = None) -> QuerySet[Cycle]:
    day = on or timezone.localdate()
    return Cycle.objects.filter(
        status=Cycle.Status.RECRUITING, recruitment_opens__lte=day, recruitment_closes__gte=day
    ).order_by("recruitment_closes", "pk")


def open_cycles_for(user: User) -> QuerySet[Cycle]:
    """Cycles recruiting today with this person's self-assessments and applications, in a fixed number of queries."""
    return (
        recruiting_cycles()
        .select_related("program")
        .prefetch_related(_my_self_assessments(user), _my_applications(user))
    )


def get_participant_cycle(user: User, cycle_id: int) -> Cycle:
    """A cycle a signed-in person may look at: any cycle past its draft (a draft is the coordinators' secret)."""
    try:
        return Cycle.objects.select_related("program").exclude(status=Cycle.Status.DRAFT).get(pk=cycle_id)
    except Cycle.DoesNotExist:
        raise Http404 from None


# --- Questionnaires ------------------------------------------------------------------------------------------


def questionnaire_with_questions(program: Program, kind: str) -> Questionnaire | None:
    return (
        Questionnaire.objects.filter(program=program, kind=kind)
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position", "pk")))
        .first()
    )


def get_self_assessment_questionnaire(program: Program, role: str) -> Questionnaire:
    if role not in SELF_ASSESSMENT_KIND:
        raise Http404
    questionnaire = questionnaire_with_questions(program, SELF_ASSESSMENT_KIND[role])
    if questionnaire is None:
        raise Http404
    return questionnaire


def registration_questionnaires(program: Program) -> dict[str, Questionnaire | None]:
    return {role: questionnaire_with_questions(program, kind) for role, kind in REGISTRATION_KIND.items()}


def own_self_assessment(user: User, cycle: Cycle, role: str) -> SelfAssessment | None:
    return (
        SelfAssessment.objects.select_related("questionnaire")
        .filter(user=user, cycle=cycle, role=role)
        .first()
    )


def get_own_self_assessment(user: User, cycle: Cycle, role: str) -> SelfAssessment:
    self_assessment = own_self_assessment(user, cycle, role)
    if self_assessment is None:
        raise Http404
    return self_assessment


# --- Applications ---------------------------------------------------------------------------------------------


def get_own_application(user: User, pk: int) -> Application:
    """The person's own application; anyone else's answers 404, whoever asks."""
    try:
        return (
            Application.objects.select_related("cycle__program", "preferred_mentor__user")
            .prefetch_related("topics")
            .get(pk=pk, user=user)
        )
    except Application.DoesNotExist:
        raise Http404 from None


def applied_roles(user: User, cycle: Cycle) -> set[str]:
    return set(Application.objects.filter(user=user, cycle=cycle).values_list("role", flat=True))


def preferred_mentor_choices(cycle: Cycle, *, for_user: User) -> QuerySet[Application]:
    """Mentors of the cycle a mentee may name. Privacy by default: only mentors who opted in to be seen."""
    return (
        Application.objects.filter(
            cycle=cycle, role=Role.MENTOR, status__in=ACTIVE_STATUSES, user__profile_visible=True
        )
        .exclude(user=for_user)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# --- My journey -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentLink:
    document: ReferenceDocument
    # Set when the document is only in the other interface language, so the reader knows before opening it.
    other_language: str | None = None


@dataclass(frozen=True)
class JourneyStage:
    standing: StageStanding
    documents: list[DocumentLink] = field(default_factory=list)


@dataclass(frozen=True)
class CycleJourney:
    cycle: Cycle
    stages: list[JourneyStage]
    applications: list[Application]
    self_assessments: list[SelfAssessment]
    can_apply: bool
    # The person's relationship in this cycle, for the link to the pair workspace (a mentor may have several).
    relationship_id: int | None = None
    relationship_count: int = 0


def documents_by_stage(documents: list[ReferenceDocument], language: str) -> dict[int, list[DocumentLink]]:
    """Group documents by stage; in each, those readable in `language` (or in both) come first."""
    grouped: dict[int, list[DocumentLink]] = {}
    readable_first = sorted(documents, key=lambda doc: (doc.stage, not doc.is_readable_in(language)))
    for document in readable_first:
        in_other = not document.is_readable_in(language)
        grouped.setdefault(document.stage, []).append(
            DocumentLink(document=document, other_language=document.language if in_other else None)
        )
    return grouped


def cycles_of(user: User) -> QuerySet[Cycle]:
    """Cycles the person is in: they self-assessed or applied there. Newest first."""
    return (
        Cycle.objects.filter(
            Q(pk__in=SelfAssessment.objects.filter(user=user).values("cycle"))
            | Q(pk__in=Application.objects.filter(user=user).values("cycle"))
        )
        .select_related("program")
        .order_by("-recruitment_opens", "-pk")
    )


def journey_for(user: User, *, matching: Mapping[int, MatchingProgress] | None = None) -> list[CycleJourney]:
    """Each cycle the person is in with the ten stages and their documents, in a fixed number of queries.

    `matching` (cycle id → progress) comes from the matching app, which builds on this one: the page
    that shows the journey asks it and passes it in.
    """
    language = (get_language() or "en")[:2]
    today = timezone.localdate()
    cycles = cycles_of(user).prefetch_related(
        _my_self_assessments(user),
        _my_applications(user),
        Prefetch(
            "program__documents", queryset=ReferenceDocument.objects.order_by("stage", "position", "pk")
        ),
    )
    relationships = _relationship_by_cycle(user)
    journeys = []
    for cycle in cycles:
        relationship = relationships.get(cycle.pk)
        progress = CycleProgress(
            self_assessed=bool(cycle.my_self_assessments),
            application_status=most_advanced_status([app.status for app in cycle.my_applications]),
            matching=(matching or {}).get(cycle.pk),
            relationship_status=relationship[1] if relationship else None,
        )
        documents = documents_by_stage(list(cycle.program.documents.all()), language)
        stages = [
            JourneyStage(standing=standing, documents=documents.get(standing.stage, []))
            for standing in compute_stages(progress)
        ]
        journeys.append(
            CycleJourney(
                cycle=cycle,
                stages=stages,
                applications=cycle.my_applications,
                self_assessments=cycle.my_self_assessments,
                can_apply=cycle.is_recruiting_on(today) and len(cycle.my_applications) < len(Role.values),
                relationship_id=relationship[0] if relationship else None,
                relationship_count=relationship[2] if relationship else 0,
            )
        )
    return journeys


def _relationship_by_cycle(user: User) -> dict[int, tuple[int, str, int]]:
    """{cycle_id: (relationship id, status, how many)} in one query: the stages follow an open relationship
    first (a mentor with several mentees is still following up while one pair has ended), else the latest."""
    from tandem.relationships.models import Relationship

    found: dict[int, tuple[int, str, int]] = {}
    rows = (
        Relationship.objects.filter(Q(mentor__user=user) | Q(mentee__user=user))
        .order_by("started_on", "pk")
        .values_list("cycle_id", "pk", "status")
    )
    for cycle_id, pk, status in rows:
        count = found[cycle_id][2] + 1 if cycle_id in found else 1
        keep_earlier = cycle_id in found and found[cycle_id][1] in Relationship.OPEN_STATUSES
        if keep_earlier and status not in Relationship.OPEN_STATUSES:
            found[cycle_id] = (*found[cycle_id][:2], count)
        else:
            found[cycle_id] = (pk, status, count)
    return found
