"""Reads of programs and cycles, always through the requesting user's roles.

A person who is not on a program's staff gets a 404 for that program, never a hint that it exists.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.accounts.models import User
from tandem.applications.models import Application, Role, SelfAssessment
from tandem.programs.models import (
    Cycle,
    Program,
    ProgramRole,
    Question,
    Questionnaire,
    ReferenceDocument,
    Topic,
)

STAFF_ROLES = frozenset({ProgramRole.Role.COORDINATOR, ProgramRole.Role.COMMITTEE})


def has_any_program_role(user: User) -> bool:
    return user.is_authenticated and ProgramRole.objects.filter(user=user).exists()


def programs_for_staff(user: User, *, roles: frozenset[str] = STAFF_ROLES) -> QuerySet[Program]:
    if not user.is_authenticated:
        return Program.objects.none()
    return Program.objects.filter(roles__user=user, roles__role__in=roles).distinct()


def get_program_for_staff(user: User, slug: str, *, roles: frozenset[str] = STAFF_ROLES) -> Program:
    try:
        return programs_for_staff(user, roles=roles).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404 from None


def get_cycle_for_staff(user: User, program: Program, cycle_id: int) -> Cycle:
    """The cycle of a program the user already has access to (the caller got `program` from a selector)."""
    try:
        return program.cycles.get(pk=cycle_id)
    except Cycle.DoesNotExist:
        raise Http404 from None


def role_in_program(user: User, program: Program) -> str | None:
    return ProgramRole.objects.filter(user=user, program=program).values_list("role", flat=True).first()


def staff_programs_with_current_cycle(user: User) -> list[Program]:
    """The programs the user is staff of, each with `my_role` and `current_cycle` (None when there is none).

    The current cycle is the newest one that is not closed, else the newest closed one. Two queries whatever
    the number of programs and cycles.
    """
    if not user.is_authenticated:
        return []
    programs = list(
        Program.objects.filter(roles__user=user, roles__role__in=STAFF_ROLES)
        .annotate(my_role=F("roles__role"))
        .prefetch_related(
            Prefetch(
                "cycles",
                queryset=Cycle.objects.order_by(
                    Case(When(status=Cycle.Status.CLOSED, then=1), default=0), "-starts", "-pk"
                ),
                to_attr="cycles_newest_first",
            )
        )
    )
    for program in programs:
        program.current_cycle = next(iter(program.cycles_newest_first), None)
    return programs


# (status, role) pairs counted on the program home, in display order.
APPLICATION_COUNT_KEYS: list[tuple[str, str]] = [
    (status, role) for status in Application.Status.values for role in Role.values
]


def cycles_with_application_counts(program: Program) -> QuerySet[Cycle]:
    """A program's cycles, newest first, each annotated with `count_<status>_<role>`, `count_total` and
    `closed_at` (for `Cycle.closed_on` and the retention dates).

    One query for all cycles: the counts are conditional aggregates, never a query per cycle.
    """
    counts = {
        f"count_{status}_{role}": Count(
            "applications", filter=Q(applications__status=status, applications__role=role)
        )
        for status, role in APPLICATION_COUNT_KEYS
    }
    return (
        program.cycles.with_closed_at()
        .annotate(count_total=Count("applications"), **counts)
        .order_by("-starts", "-pk")
    )


@dataclass(frozen=True)
class ApplicationCountRow:
    status: str
    label: str
    mentors: int
    mentees: int

    @property
    def total(self) -> int:
        return self.mentors + self.mentees


def application_count_table(cycle: Cycle) -> list[ApplicationCountRow]:
    """One row per application status, from a cycle annotated by `cycles_with_application_counts`.

    Once the cycle's personal data is erased, the rows come from its anonymous summary instead.
    """
    if cycle.personal_data_erased_on is not None:
        kept = cycle.retained_summary.get("applications", {})
        return [
            ApplicationCountRow(
                status=status,
                label=label,
                mentors=kept.get(Role.MENTOR, {}).get(status, 0),
                mentees=kept.get(Role.MENTEE, {}).get(status, 0),
            )
            for status, label in Application.Status.choices
        ]
    return [
        ApplicationCountRow(
            status=status,
            label=label,
            mentors=getattr(cycle, f"count_{status}_{Role.MENTOR}"),
            mentees=getattr(cycle, f"count_{status}_{Role.MENTEE}"),
        )
        for status, label in Application.Status.choices
    ]


def topics_with_usage(program: Program) -> QuerySet[Topic]:
    """A program's topics, each with `application_count`: how many applications chose it."""
    return program.topics.annotate(application_count=Count("applications"))


def get_topic(program: Program, topic_id: int) -> Topic:
    return get_object_or_404(program.topics, pk=topic_id)


def get_questionnaire(program: Program, kind: str) -> Questionnaire:
    return get_object_or_404(program.questionnaires, kind=kind)


def questions_to_ask(questionnaire: Questionnaire) -> QuerySet[Question]:
    """The questions a participant answers now. Archived ones stay in the database for past answers."""
    return questionnaire.questions.filter(active=True).order_by("position", "pk")


def question_has_answers(question: Question) -> bool:
    """Whether anyone answered the question: answers are JSON keyed by question id, so look for the key."""
    key = str(question.pk)
    if question.questionnaire.is_self_assessment:
        return SelfAssessment.objects.filter(
            questionnaire_id=question.questionnaire_id, answers__has_key=key
        ).exists()
    return Application.objects.filter(
        cycle__program_id=question.questionnaire.program_id, extra_answers__has_key=key
    ).exists()


def get_question(questionnaire: Questionnaire, question_id: int) -> Question:
    return get_object_or_404(questionnaire.questions, pk=question_id)


def documents_for_staff(program: Program) -> dict[int, list[ReferenceDocument]]:
    """Every document of a program, grouped by stage in stage order; stages without documents are left out."""
    grouped: dict[int, list[ReferenceDocument]] = {}
    for document in program.documents.order_by("stage", "position", "pk"):
        grouped.setdefault(document.stage, []).append(document)
    return grouped


def get_document_for_staff(program: Program, document_id: int) -> ReferenceDocument:
    return get_object_or_404(program.documents, pk=document_id)


def get_document(user: User, document_id: int) -> ReferenceDocument:
    """A document any signed-in person may open: documents are program material, not personal data."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(ReferenceDocument, pk=document_id)


def team_of(program: Program) -> QuerySet[ProgramRole]:
    """The program's coordinators then committee members, by name, with their accounts."""
    return (
        program.roles.select_related("user")
        .annotate(coordinator_first=Case(When(role=ProgramRole.Role.COORDINATOR, then=0), default=1))
        .order_by("coordinator_first", "user__last_name", "user__first_name", "user__email")
    )


def get_program_role(program: Program, program_role_id: int) -> ProgramRole:
    return get_object_or_404(program.roles.select_related("user"), pk=program_role_id)
