"""Every write to programs, their rules, topics, questionnaires, cycles and documents."""

import enum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.programs import selectors
from tandem.programs.defaults import GUIDANCE, default_questionnaires
from tandem.programs.models import (
    DEFAULT_TOPICS,
    Cycle,
    CycleStatusChange,
    Program,
    ProgramRole,
    Question,
    Questionnaire,
    ReferenceDocument,
    Topic,
)


@transaction.atomic
def create_program(*, coordinators: list[User] | None = None, **fields: Any) -> Program:
    """Create a program with the default topics and questionnaires, and assign its first coordinators.

    Side effects: creates 8 topics, 4 questionnaires (self-assessment ones with default questions) and one
    ProgramRole per coordinator.
    """
    fields.setdefault("languages_offered", ["en", "fr"])
    program = Program(**fields)
    program.full_clean()
    program.save()
    Topic.objects.bulk_create(
        Topic(program=program, name_en=en, name_fr=fr, position=index)
        for index, (en, fr) in enumerate(DEFAULT_TOPICS)
    )
    for kind, statements in default_questionnaires():
        is_self = kind in {
            Questionnaire.Kind.MENTOR_SELF_ASSESSMENT,
            Questionnaire.Kind.MENTEE_SELF_ASSESSMENT,
        }
        questionnaire = Questionnaire.objects.create(
            program=program,
            kind=kind,
            guidance_ready_en=GUIDANCE["ready_en"] if is_self else "",
            guidance_ready_fr=GUIDANCE["ready_fr"] if is_self else "",
            guidance_reflect_en=GUIDANCE["reflect_en"] if is_self else "",
            guidance_reflect_fr=GUIDANCE["reflect_fr"] if is_self else "",
        )
        Question.objects.bulk_create(
            Question(questionnaire=questionnaire, text_en=en, text_fr=fr, position=index)
            for index, (en, fr) in enumerate(statements)
        )
    for user in coordinators or []:
        ProgramRole.objects.create(program=program, user=user, role=ProgramRole.Role.COORDINATOR)
    return program


# --- Program texts and rules -------------------------------------------------------------------------------

# In the order a coordinator reads them on the form.
PROGRAM_FIELD_ORDER = (
    "name_en",
    "name_fr",
    "description_en",
    "description_fr",
    "organizer",
    "contact_email",
    "languages_offered",
    "membership_required",
    "membership_label_en",
    "membership_label_fr",
    "mentor_capacity_limit",
    "one_mentor_per_mentee",
    "min_meeting_minutes_per_month",
    "credits_per_hour",
    "credit_earners",
    "credit_name_en",
    "credit_name_fr",
    "checkin_every_months",
    "forbid_same_employer",
    "forbid_reporting_line",
    "conflict_rules_en",
    "conflict_rules_fr",
    "retention_years",
)
PROGRAM_EDITABLE_FIELDS = frozenset(PROGRAM_FIELD_ORDER)


def _assign(instance: Model, fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Cannot change {sorted(unknown)} here.")
    for name, value in fields.items():
        setattr(instance, name, value)


def update_program(*, program: Program, **fields: Any) -> Program:
    """Change a program's texts and rules. The slug never changes here: it is in bookmarked addresses."""
    _assign(program, fields, PROGRAM_EDITABLE_FIELDS)
    program.full_clean()
    program.save()
    return program


# --- Topics ------------------------------------------------------------------------------------------------


def add_topic(*, program: Program, name_en: str, name_fr: str, position: int | None = None) -> Topic:
    """Add a topic at the given position, or after the last one."""
    if position is None:
        last = program.topics.aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
    topic = Topic(program=program, name_en=name_en, name_fr=name_fr, position=position)
    topic.full_clean()
    topic.save()
    return topic


def update_topic(*, topic: Topic, **fields: Any) -> Topic:
    _assign(topic, fields, frozenset({"name_en", "name_fr", "position", "active"}))
    topic.full_clean()
    topic.save()
    return topic


class Removal(enum.StrEnum):
    DELETED = "deleted"
    ARCHIVED = "archived"


def remove_topic(*, topic: Topic) -> Removal:
    """Delete a topic nobody chose; a topic chosen in an application is only withdrawn from the form.

    Applications keep pointing to their topics, so the screening and matching of past cycles stay readable.
    """
    if topic.applications.exists():
        if topic.active:
            topic.active = False
            topic.save(update_fields=["active"])
        return Removal.ARCHIVED
    topic.delete()
    return Removal.DELETED


# --- Questionnaires ----------------------------------------------------------------------------------------

QUESTIONNAIRE_TEXT_FIELDS = frozenset({"intro_en", "intro_fr"})
SELF_ASSESSMENT_FIELDS = frozenset(
    {
        "ready_threshold",
        "guidance_ready_en",
        "guidance_ready_fr",
        "guidance_reflect_en",
        "guidance_reflect_fr",
    }
)
QUESTION_FIELDS = frozenset({"text_en", "text_fr", "help_en", "help_fr", "kind", "required", "position"})


def update_questionnaire(*, questionnaire: Questionnaire, **fields: Any) -> Questionnaire:
    """Change a questionnaire's introduction and, for a self-assessment, its readiness threshold and guidance."""
    allowed = QUESTIONNAIRE_TEXT_FIELDS
    if questionnaire.is_self_assessment:
        allowed |= SELF_ASSESSMENT_FIELDS
    _assign(questionnaire, fields, allowed)
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def add_question(*, questionnaire: Questionnaire, **fields: Any) -> Question:
    """Add a question, after the last one unless a position is given."""
    if fields.get("position") is None:
        last = questionnaire.questions.aggregate(last=Max("position"))["last"]
        fields["position"] = 0 if last is None else last + 1
    question = Question(questionnaire=questionnaire)
    _assign(question, fields, QUESTION_FIELDS)
    question.full_clean()
    question.save()
    return question


def update_question(*, question: Question, **fields: Any) -> Question:
    _assign(question, fields, QUESTION_FIELDS | {"active"})
    question.full_clean()
    question.save()
    return question


def remove_question(*, question: Question) -> Removal:
    """Delete a question nobody answered; archive one that has answers.

    Answers are stored as JSON keyed by question id, so an answered question must keep its row (and its
    wording) for those answers to stay readable. An archived question is no longer asked.
    """
    if selectors.question_has_answers(question):
        if question.active:
            question.active = False
            question.save(update_fields=["active"])
        return Removal.ARCHIVED
    question.delete()
    return Removal.DELETED


# --- Cycles ------------------------------------------------------------------------------------------------

CYCLE_DATE_FIELDS = frozenset(
    {"name", "recruitment_opens", "recruitment_closes", "matching_date", "starts", "midpoint", "ends"}
)


def create_cycle(*, program: Program, **fields: Any) -> Cycle:
    """Create a cycle in draft: it opens for recruitment only when a coordinator moves it on."""
    cycle = Cycle(program=program, status=Cycle.Status.DRAFT)
    _assign(cycle, fields, CYCLE_DATE_FIELDS)
    cycle.full_clean()
    cycle.save()
    return cycle


def update_cycle(*, cycle: Cycle, **fields: Any) -> Cycle:
    """Change a cycle's name and dates. Its status changes only through `advance_cycle_status`."""
    _assign(cycle, fields, CYCLE_DATE_FIELDS)
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def advance_cycle_status(*, cycle: Cycle, by: User, to: str) -> Cycle:
    """Move a cycle to its next status, or back one step to undo a mistake.

    Only one cycle of a program may be recruiting at a time (also a database constraint, which settles a
    race between two coordinators). Side effects: records a CycleStatusChange (who, when, from, to).
    """
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if to not in locked.allowed_status_moves:
        raise ValidationError(
            _("A cycle in “%(current)s” cannot move to “%(target)s”."),
            code="invalid_transition",
            params={"current": locked.get_status_display(), "target": _status_label(to)},
        )
    if (
        to == Cycle.Status.RECRUITING
        and Cycle.objects.filter(program_id=locked.program_id, status=Cycle.Status.RECRUITING)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise ValidationError(
            _("Another cycle of this program is already recruiting. Move it on before opening this one."),
            code="already_recruiting",
        )
    from_status = locked.status
    locked.status = to
    try:
        with transaction.atomic():
            locked.save(update_fields=["status", "updated_at"])
    except IntegrityError:
        raise ValidationError(
            _("Another cycle of this program is already recruiting. Move it on before opening this one."),
            code="already_recruiting",
        ) from None
    CycleStatusChange.objects.create(cycle=locked, from_status=from_status, to_status=to, changed_by=by)
    cycle.status = locked.status
    cycle.updated_at = locked.updated_at
    return cycle


def _status_label(status: str) -> str:
    try:
        return str(Cycle.Status(status).label)
    except ValueError:
        return status


# --- Reference documents -----------------------------------------------------------------------------------


@transaction.atomic
def add_document(
    *,
    program: Program,
    stage: int,
    title_en: str,
    title_fr: str,
    language: str,
    file: File | None = None,
    url: str = "",
) -> ReferenceDocument:
    """Attach a file or a link (exactly one) to a stage, after the stage's last document.

    Side effects: stores the uploaded file under a random name (the original name may hold personal data).
    """
    last = program.documents.filter(stage=stage).aggregate(last=Max("position"))["last"]
    document = ReferenceDocument(
        program=program,
        stage=stage,
        title_en=title_en,
        title_fr=title_fr,
        language=language,
        file=file or "",
        url=url,
        position=0 if last is None else last + 1,
    )
    document.full_clean()
    document.save()
    return document


def remove_document(*, document: ReferenceDocument) -> None:
    """Delete a document. Side effects: its stored file is deleted once the transaction commits."""
    stored_file = document.file
    document.delete()
    if stored_file:
        storage, name = stored_file.storage, stored_file.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def move_document(*, document: ReferenceDocument, up: bool) -> None:
    """Swap a document with its neighbour in the same stage, renumbering the stage so positions stay distinct."""
    siblings = list(
        ReferenceDocument.objects.select_for_update()
        .filter(program_id=document.program_id, stage=document.stage)
        .order_by("position", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == document.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    ReferenceDocument.objects.bulk_update(siblings, ["position"])


# --- Team --------------------------------------------------------------------------------------------------


def add_team_member(*, program: Program, email: str, role: str) -> ProgramRole:
    """Give an existing account a staff role in the program. Accounts are never created here.

    The person must set up a second factor before opening the program's pages.
    """
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": _("No account uses this address. Ask the person to sign up first, then add them.")}
        )
    if ProgramRole.objects.filter(program=program, user=user).exists():
        raise ValidationError({"email": _("This person is already on the program's team.")})
    program_role = ProgramRole(program=program, user=user, role=role)
    program_role.full_clean()
    program_role.save()
    return program_role


def _ensure_another_coordinator(program_role: ProgramRole, message: str) -> None:
    if program_role.role != ProgramRole.Role.COORDINATOR:
        return
    others = ProgramRole.objects.filter(program_id=program_role.program_id, role=ProgramRole.Role.COORDINATOR)
    if not others.exclude(pk=program_role.pk).exists():
        raise ValidationError(message, code="last_coordinator")


@transaction.atomic
def change_team_role(*, program_role: ProgramRole, role: str) -> ProgramRole:
    """Change a team member's role. A program always keeps at least one coordinator."""
    # Lock the program's coordinators so two coordinators demoting each other cannot both succeed.
    list(
        ProgramRole.objects.select_for_update().filter(
            program_id=program_role.program_id, role=ProgramRole.Role.COORDINATOR
        )
    )
    if role != program_role.role:
        _ensure_another_coordinator(
            program_role, _("A program needs at least one coordinator. Add another coordinator first.")
        )
    program_role.role = role
    program_role.full_clean()
    program_role.save(update_fields=["role"])
    return program_role


@transaction.atomic
def remove_team_member(*, program_role: ProgramRole) -> None:
    """Take a person off the program's team. A program always keeps at least one coordinator."""
    list(
        ProgramRole.objects.select_for_update().filter(
            program_id=program_role.program_id, role=ProgramRole.Role.COORDINATOR
        )
    )
    _ensure_another_coordinator(
        program_role, _("A program needs at least one coordinator. Add another coordinator first.")
    )
    program_role.delete()
