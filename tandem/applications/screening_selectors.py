"""Reads for screening (stage 3): a cycle's applications as its program's staff see them.

Every function here expects a `program` the caller obtained through `program_staff_required`, so the
user is known to be on that program's staff; what remains to check is that the cycle and the application
really belong to that program. Anything else answers 404, never a hint that it exists.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, Lag, Lead
from django.db.models.lookups import Contains
from django.http import Http404

from tandem.accounts.models import User
from tandem.applications.models import Application, SelfAssessment, StatusChange
from tandem.core.models import Language
from tandem.core.search import Folded, fold
from tandem.programs.models import Cycle, Program, Question, Questionnaire, Topic

ORDERINGS: dict[str, tuple[str, ...]] = {
    "-submitted": ("-submitted_at", "-pk"),
    "submitted": ("submitted_at", "pk"),
    "name": ("user__last_name", "user__first_name", "pk"),
    "-name": ("-user__last_name", "-user__first_name", "-pk"),
}
DEFAULT_ORDERING = "-submitted"

# Fields a coordinator's search words are looked for in: who the person is and what they wrote.
SEARCH_FIELDS = (
    "user__first_name",
    "user__last_name",
    "user__email",
    "user__organization",
    "employer",
    "motivation",
    "objectives",
)


@dataclass(frozen=True)
class ScreeningFilters:
    """What the coordinator narrowed the list to. Empty values mean 'any'."""

    role: str = ""
    status: str = ""
    topic: Topic | None = None
    region: str = ""
    language: str = ""
    search: str = ""
    ordering: str = DEFAULT_ORDERING


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class AnsweredQuestion:
    question: str
    answer: Any
    kind: str = ""


def speaks(language: str) -> Q:
    """Applications whose `languages` JSON list holds the code `language`.

    `languages__contains` on a JSONField is PostgreSQL-only; matching the quoted code in the JSON text
    works on SQLite and PostgreSQL alike, and the quotes keep "fr" from matching inside another code.
    Only known codes are looked for, so a quote or a wildcard can never reach the pattern.
    """
    if language not in Language.values:
        return Q(pk__in=[])
    return Q(languages__icontains=f'"{language}"')


def _matches_every_word(search: str) -> Q:
    """Each word must appear in at least one field, so "Amira Haddad" finds her by first and last name.

    Words and fields are both folded (small letters, no accents) so "cote" finds "Côté" on SQLite and
    PostgreSQL alike; `contains` escapes the LIKE wildcards, so a typed "%" or "_" is looked for as such.
    """
    condition = Q()
    for word in search.split():
        any_field = Q()
        for field in SEARCH_FIELDS:
            any_field |= Q(Contains(Folded(field), fold(word)))
        condition &= any_field
    return condition


def _readiness() -> Coalesce:
    """The readiness of the self-assessment behind the application, linked or found by person, cycle, role."""
    same_person_cycle_role = SelfAssessment.objects.filter(
        user=OuterRef("user"), cycle=OuterRef("cycle"), role=OuterRef("role")
    ).values("readiness")[:1]
    return Coalesce(F("self_assessment__readiness"), Subquery(same_person_cycle_role))


def applications_for_screening(
    user: User, program: Program, cycle: Cycle, filters: ScreeningFilters | None = None
) -> QuerySet[Application]:
    """The cycle's applications narrowed by `filters`, with what the list and the export show prefetched.

    Each application carries `readiness` (self-assessment %, or None) and `applied_as_both`.
    """
    if cycle.program_id != program.pk:
        raise Http404
    filters = filters or ScreeningFilters()
    other_role_same_cycle = Application.objects.filter(
        cycle=OuterRef("cycle"), user=OuterRef("user")
    ).exclude(role=OuterRef("role"))
    applications = (
        Application.objects.filter(cycle=cycle)
        .select_related("user")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position", "pk")))
        .annotate(readiness=_readiness(), applied_as_both=Exists(other_role_same_cycle))
    )
    if filters.role:
        applications = applications.filter(role=filters.role)
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.topic is not None:
        applications = applications.filter(topics=filters.topic)
    if filters.region:
        applications = applications.filter(region=filters.region)
    if filters.language:
        applications = applications.filter(speaks(filters.language))
    if filters.search.strip():
        applications = applications.filter(_matches_every_word(filters.search))
    return applications.order_by(*ORDERINGS.get(filters.ordering, ORDERINGS[DEFAULT_ORDERING]))


def applications_of_cycle(user: User, program: Program, cycle: Cycle) -> QuerySet[Application]:
    """All the cycle's applications, plainly: what a bulk action may pick from."""
    if cycle.program_id != program.pk:
        raise Http404
    return Application.objects.filter(cycle=cycle).select_related("user")


def neighbours_in_list(
    user: User, program: Program, cycle: Cycle, filters: ScreeningFilters, application: Application
) -> tuple[int | None, int | None]:
    """The previous and next applications' numbers in the filtered, ordered list, in one query.

    The database numbers the rows (a window function), so this costs the same for 40 or 40,000 applications.
    """
    ordering = ORDERINGS.get(filters.ordering, ORDERINGS[DEFAULT_ORDERING])
    row = (
        applications_for_screening(user, program, cycle, filters)
        .prefetch_related(None)
        .annotate(
            previous_pk=Window(Lag("pk"), order_by=list(ordering)),
            next_pk=Window(Lead("pk"), order_by=list(ordering)),
            # The row's own number as a window: a filter on a window applies after the windows are
            # computed over the whole list (Django's QUALIFY), where `pk=` would leave a list of one.
            this_pk=Window(Max("pk"), partition_by=[F("pk")]),
        )
        .filter(this_pk=application.pk)
        .values("previous_pk", "next_pk")
        .first()
    )
    return (row["previous_pk"], row["next_pk"]) if row else (None, None)


def get_application_for_screening(user: User, program: Program, cycle: Cycle, pk: int) -> Application:
    """One application of the cycle with its history, or 404 (also for another program's application)."""
    if cycle.program_id != program.pk:
        raise Http404
    history = Prefetch("status_changes", queryset=StatusChange.objects.select_related("changed_by"))
    try:
        return (
            Application.objects.filter(cycle=cycle, cycle__program=program)
            .select_related(
                "user",
                "cycle__program",
                "self_assessment__questionnaire",
                "preferred_mentor__user",
                "conversation_recorded_by",
            )
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position", "pk")), history)
            .annotate(readiness=_readiness())
            .get(pk=pk)
        )
    except Application.DoesNotExist:
        raise Http404 from None


def other_application_in_cycle(application: Application) -> Application | None:
    """The same person's application for the other role in the same cycle, if they applied as both."""
    return (
        Application.objects.filter(cycle_id=application.cycle_id, user_id=application.user_id)
        .exclude(pk=application.pk)
        .first()
    )


def status_counts(cycle: Cycle) -> list[StatusCount]:
    """How many of the cycle's applications are in each status, in one aggregate query."""
    counts = Application.objects.filter(cycle=cycle).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Application.Status.values}
    )
    return [StatusCount(status, str(label), counts[status]) for status, label in Application.Status.choices]


def _answered(questionnaire: Questionnaire | None, answers: dict[str, Any]) -> list[AnsweredQuestion]:
    """Pair stored answers with their question's text, in the questionnaire's order.

    Answers to a question removed since are still shown: they are part of what the person submitted.
    """
    if not answers:
        return []
    questions: list[Question] = list(questionnaire.questions.all()) if questionnaire else []
    answered = [
        AnsweredQuestion(question.text, answers[str(question.pk)], question.kind)
        for question in questions
        if str(question.pk) in answers
    ]
    known = {str(question.pk) for question in questions}
    answered += [AnsweredQuestion("", answer) for key, answer in answers.items() if key not in known]
    return answered


def self_assessment_for(application: Application) -> SelfAssessment | None:
    """The self-assessment behind the application: the linked one, else the person's for that cycle and role."""
    if application.self_assessment is not None:
        return application.self_assessment
    return (
        SelfAssessment.objects.select_related("questionnaire")
        .filter(user_id=application.user_id, cycle_id=application.cycle_id, role=application.role)
        .first()
    )


def self_assessment_answers(self_assessment: SelfAssessment | None) -> list[AnsweredQuestion]:
    if self_assessment is None:
        return []
    return _answered(self_assessment.questionnaire, self_assessment.answers)


def extra_answers(application: Application) -> list[AnsweredQuestion]:
    """The answers to the program's own registration questions for the application's role."""
    questionnaire = Questionnaire.objects.filter(
        program_id=application.cycle.program_id, kind=f"{application.role}_registration"
    ).first()
    return _answered(questionnaire, application.extra_answers)
