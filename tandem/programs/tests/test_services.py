import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from pytest_django.fixtures import Settings

from tandem.accounts.models import User
from tandem.applications.models import Role
from tandem.programs import services
from tandem.programs.models import (
    DEFAULT_TOPICS,
    Cycle,
    CycleStatusChange,
    Program,
    ProgramRole,
    Question,
    ReferenceDocument,
    Topic,
)
from tandem.programs.tests.conftest import cycle_dates
from tandem.testing.factories import (
    ApplicationFactory,
    CycleFactory,
    ProgramFactory,
    ReferenceDocumentFactory,
    SelfAssessmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- Programs ----------------------------------------------------------------------------------------------


def test_a_new_program_starts_with_the_eight_default_topics_and_four_questionnaires() -> None:
    program = ProgramFactory()
    assert [t.name_en for t in program.topics.order_by("position")] == [en for en, _ in DEFAULT_TOPICS]
    assert program.questionnaires.count() == 4


def test_update_program_refuses_credits_without_earners(program: Program) -> None:
    with pytest.raises(ValidationError) as error:
        services.update_program(program=program, credits_per_hour=Decimal("1"), credit_earners="nobody")
    assert "credit_earners" in error.value.error_dict
    program.refresh_from_db()
    assert program.credits_per_hour == 0


def test_update_program_cannot_change_the_slug(program: Program) -> None:
    with pytest.raises(TypeError):
        services.update_program(program=program, slug="renamed")


# --- Topics ------------------------------------------------------------------------------------------------


def test_a_new_topic_goes_after_the_last_one(program: Program) -> None:
    topic = services.add_topic(program=program, name_en="Ethics", name_fr="Éthique")
    assert topic.position == len(DEFAULT_TOPICS)
    assert list(program.topics.all())[-1] == topic


def test_a_topic_name_is_unique_in_its_program(program: Program) -> None:
    with pytest.raises(ValidationError):
        services.add_topic(program=program, name_en=DEFAULT_TOPICS[0][0], name_fr="Autre")


def test_an_unused_topic_is_deleted(program: Program, topic: Topic) -> None:
    assert services.remove_topic(topic=topic) == services.Removal.DELETED
    assert not Topic.objects.filter(pk=topic.pk).exists()


def test_a_topic_chosen_in_an_application_is_withdrawn_not_deleted(cycle: Cycle, topic: Topic) -> None:
    application = ApplicationFactory(cycle=cycle, topics=[topic])
    assert services.remove_topic(topic=topic) == services.Removal.ARCHIVED
    topic.refresh_from_db()
    assert topic.active is False
    assert list(application.topics.all()) == [topic]


# --- Questionnaires ----------------------------------------------------------------------------------------


def test_registration_questionnaires_have_no_readiness_settings(program: Program) -> None:
    registration = program.questionnaires.get(kind="mentee_registration")
    with pytest.raises(TypeError):
        services.update_questionnaire(questionnaire=registration, ready_threshold=50)


def test_a_new_question_goes_after_the_last_one(program: Program) -> None:
    questionnaire = program.questionnaires.get(kind="mentee_registration")
    first = services.add_question(
        questionnaire=questionnaire, text_en="Why now?", text_fr="Pourquoi maintenant?"
    )
    second = services.add_question(
        questionnaire=questionnaire, text_en="Who?", text_fr="Qui?", kind="short_text"
    )
    assert (first.position, second.position) == (0, 1)


def test_an_unanswered_question_is_deleted(question: Question) -> None:
    assert services.remove_question(question=question) == services.Removal.DELETED
    assert not Question.objects.filter(pk=question.pk).exists()


def test_an_answered_self_assessment_question_is_archived_with_its_text(
    cycle: Cycle, question: Question
) -> None:
    assessment = SelfAssessmentFactory(cycle=cycle, role=Role.MENTOR)
    assert str(question.pk) in assessment.answers
    assert services.remove_question(question=question) == services.Removal.ARCHIVED
    question.refresh_from_db()
    assert question.active is False
    assert question.text_en.startswith("I can commit")


def test_an_answered_registration_question_is_archived(cycle: Cycle, program: Program) -> None:
    questionnaire = program.questionnaires.get(kind="mentee_registration")
    question = services.add_question(questionnaire=questionnaire, text_en="Why now?", text_fr="Pourquoi?")
    ApplicationFactory(cycle=cycle, extra_answers={str(question.pk): "Because."})
    assert services.remove_question(question=question) == services.Removal.ARCHIVED
    assert Question.objects.get(pk=question.pk).active is False


# --- Cycles ------------------------------------------------------------------------------------------------


def test_a_new_cycle_is_a_draft(program: Program) -> None:
    cycle = services.create_cycle(program=program, name="2027", **cycle_dates(datetime.date(2027, 1, 10)))
    assert cycle.status == Cycle.Status.DRAFT


def test_a_cycle_with_dates_out_of_order_is_refused_on_the_right_date(program: Program) -> None:
    dates = cycle_dates(datetime.date(2027, 1, 10))
    dates["midpoint"] = dates["ends"] + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.create_cycle(program=program, name="2027", **dates)
    assert list(error.value.error_dict) == ["ends"]
    assert not program.cycles.exists()


@pytest.mark.parametrize(
    ("start", "to", "end"),
    [
        ("draft", "recruiting", "recruiting"),
        ("recruiting", "matching", "matching"),
        ("matching", "running", "running"),
        ("running", "closing", "closing"),
        ("closing", "closed", "closed"),
        ("closed", "closing", "closing"),
        ("matching", "recruiting", "recruiting"),
        ("recruiting", "draft", "draft"),
    ],
)
def test_a_cycle_moves_one_status_forward_or_back(
    program: Program, coordinator: User, start: str, to: str, end: str
) -> None:
    cycle = CycleFactory(program=program, status=start)
    services.advance_cycle_status(cycle=cycle, by=coordinator, to=to)
    cycle.refresh_from_db()
    assert cycle.status == end
    change = CycleStatusChange.objects.get(cycle=cycle)
    assert (change.from_status, change.to_status, change.changed_by) == (start, to, coordinator)


@pytest.mark.parametrize(
    ("start", "to"),
    [("draft", "matching"), ("draft", "draft"), ("recruiting", "closed"), ("closed", "draft")],
)
def test_a_cycle_cannot_skip_statuses(program: Program, coordinator: User, start: str, to: str) -> None:
    cycle = CycleFactory(program=program, status=start)
    with pytest.raises(ValidationError):
        services.advance_cycle_status(cycle=cycle, by=coordinator, to=to)
    cycle.refresh_from_db()
    assert cycle.status == start
    assert not CycleStatusChange.objects.exists()


def test_only_one_cycle_of_a_program_recruits_at_a_time(
    cycle: Cycle, draft_cycle: Cycle, coordinator: User
) -> None:
    assert cycle.status == Cycle.Status.RECRUITING
    with pytest.raises(ValidationError) as error:
        services.advance_cycle_status(cycle=draft_cycle, by=coordinator, to=Cycle.Status.RECRUITING)
    assert error.value.code == "already_recruiting"
    draft_cycle.refresh_from_db()
    assert draft_cycle.status == Cycle.Status.DRAFT


def test_cycles_of_different_programs_recruit_at_the_same_time(cycle: Cycle, other_program: Program) -> None:
    other = CycleFactory(program=other_program, status=Cycle.Status.RECRUITING)
    assert other.status == cycle.status == Cycle.Status.RECRUITING


def test_the_database_refuses_a_second_recruiting_cycle(cycle: Cycle, draft_cycle: Cycle) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.filter(pk=draft_cycle.pk).update(status=Cycle.Status.RECRUITING)


def test_update_cycle_never_changes_the_status(cycle: Cycle) -> None:
    with pytest.raises(TypeError):
        services.update_cycle(cycle=cycle, status=Cycle.Status.CLOSED)


# --- Documents ---------------------------------------------------------------------------------------------


def test_a_document_is_a_link(program: Program) -> None:
    document = services.add_document(
        program=program,
        stage=1,
        title_en="Roles",
        title_fr="Rôles",
        language="both",
        url="https://example.org/r",
    )
    assert document.is_link
    assert document.position == 0


def test_a_document_is_a_file_or_a_link_not_both(
    program: Program, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("roles.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.add_document(
            program=program,
            stage=1,
            title_en="Roles",
            title_fr="",
            language="en",
            file=upload,
            url="https://x.org",
        )
    assert "url" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.add_document(program=program, stage=1, title_en="Roles", title_fr="", language="en")
    assert "file" in error.value.error_dict
    assert not ReferenceDocument.objects.exists()


def test_an_uploaded_file_is_stored_under_a_random_name(
    program: Program, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("Amira Haddad CV.pdf", b"%PDF-1.4", content_type="application/pdf")
    document = services.add_document(
        program=program, stage=2, title_en="Guide", title_fr="Guide", language="both", file=upload
    )
    assert "Amira" not in document.file.name
    assert document.file.name.endswith(".pdf")


@pytest.mark.parametrize("name", ["script.exe", "page.html", "image.svg"])
def test_a_document_of_an_unsafe_type_is_refused(program: Program, name: str) -> None:
    upload = SimpleUploadedFile(name, b"content")
    with pytest.raises(ValidationError) as error:
        services.add_document(
            program=program, stage=2, title_en="X", title_fr="X", language="both", file=upload
        )
    assert "file" in error.value.error_dict


def test_a_document_over_10_mb_is_refused(program: Program) -> None:
    upload = SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as error:
        services.add_document(
            program=program, stage=2, title_en="X", title_fr="X", language="both", file=upload
        )
    assert "file" in error.value.error_dict


def test_moving_a_document_swaps_it_with_its_neighbour(program: Program) -> None:
    first, _second, third = (ReferenceDocumentFactory(program=program, stage=4, title_en=t) for t in "ABC")
    ReferenceDocumentFactory(program=program, stage=5, title_en="other stage")
    services.move_document(document=third, up=True)
    assert list(program.documents.filter(stage=4).values_list("title_en", flat=True)) == ["A", "C", "B"]
    services.move_document(document=first, up=True)  # already first: nothing moves
    assert list(program.documents.filter(stage=4).values_list("title_en", flat=True)) == ["A", "C", "B"]


def test_removing_a_document_deletes_its_file_once_committed(
    program: Program,
    settings: Settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Callable[..., ContextManager[object]],
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("guide.txt", b"hello")
    document = services.add_document(
        program=program, stage=2, title_en="G", title_fr="G", language="en", file=upload
    )
    path = Path(document.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_document(document=document)
    assert not ReferenceDocument.objects.exists()
    assert not path.exists()


# --- Team --------------------------------------------------------------------------------------------------


def test_a_person_with_an_account_joins_the_team(program: Program, mentor: User) -> None:
    role = services.add_team_member(program=program, email="  NADIA.Bouchard@example.org ", role="committee")
    assert (role.user, role.role) == (mentor, "committee")


def test_a_team_member_needs_an_account(program: Program) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_team_member(program=program, email="nobody@example.org", role="committee")
    assert "No account" in error.value.error_dict["email"][0].message


def test_a_person_joins_a_team_once(program: Program, committee_member: User) -> None:
    with pytest.raises(ValidationError):
        services.add_team_member(program=program, email=committee_member.email, role="coordinator")


def test_the_last_coordinator_cannot_be_removed(program: Program, coordinator: User) -> None:
    role = ProgramRole.objects.get(program=program, user=coordinator)
    with pytest.raises(ValidationError) as error:
        services.remove_team_member(program_role=role)
    assert error.value.code == "last_coordinator"
    assert ProgramRole.objects.filter(pk=role.pk).exists()


def test_the_last_coordinator_cannot_become_a_committee_member(program: Program, coordinator: User) -> None:
    role = ProgramRole.objects.get(program=program, user=coordinator)
    with pytest.raises(ValidationError):
        services.change_team_role(program_role=role, role="committee")
    role.refresh_from_db()
    assert role.role == "coordinator"


def test_a_coordinator_leaves_when_another_remains(program: Program, coordinator: User) -> None:
    second = UserFactory()
    services.add_team_member(program=program, email=second.email, role="coordinator")
    services.remove_team_member(program_role=ProgramRole.objects.get(program=program, user=coordinator))
    assert list(program.roles.values_list("user", flat=True)) == [second.pk]


def test_a_committee_member_can_be_removed(committee_role: ProgramRole, coordinator: User) -> None:
    services.remove_team_member(program_role=committee_role)
    assert not ProgramRole.objects.filter(pk=committee_role.pk).exists()
