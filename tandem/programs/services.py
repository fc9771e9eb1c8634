"""Every write to programs, their rules, topics, questionnaires, cycles and documents."""

from typing import Any

from django.db import transaction

from tandem.accounts.models import User
from tandem.programs.defaults import GUIDANCE, default_questionnaires
from tandem.programs.models import DEFAULT_TOPICS, Program, ProgramRole, Question, Questionnaire, Topic


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
