import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tandem.accounts.models import User
from tandem.programs import selectors
from tandem.programs.models import Cycle, Program, Question, ReferenceDocument
from tandem.programs.services import add_document
from tandem.testing.factories import CycleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_current_cycle_is_the_newest_one_not_closed(program: Program, coordinator: User) -> None:
    start = datetime.date(2030, 1, 1)
    CycleFactory(
        program=program,
        name="future closed by mistake",
        status=Cycle.Status.CLOSED,
        recruitment_opens=start,
        recruitment_closes=start,
        matching_date=start,
        starts=start,
        midpoint=start + datetime.timedelta(days=1),
        ends=start + datetime.timedelta(days=2),
    )
    running = CycleFactory(program=program, name="running", status=Cycle.Status.RUNNING)
    [listed] = selectors.staff_programs_with_current_cycle(coordinator)
    assert listed.current_cycle == running
    assert listed.my_role == "coordinator"


def test_a_participant_has_no_staff_programs(program: Program, mentee: User) -> None:
    assert selectors.staff_programs_with_current_cycle(mentee) == []


def test_an_archived_question_stays_in_its_questionnaire_for_old_answers(question: Question) -> None:
    question.active = False
    question.save()
    assert question in question.questionnaire.questions.all()
    assert question not in question.questionnaire.questions.filter(active=True)


def test_platform_admin_creates_a_program_with_default_topics_and_questionnaires(client: Client) -> None:
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    coordinator = UserFactory(email="new.coordinator@example.org")
    client.force_login(admin)
    response = client.post(
        reverse("admin:programs_program_add"),
        {
            "slug": "engineers",
            "name_en": "Engineers Mentoring",
            "name_fr": "Mentorat des ingénieurs",
            "organizer": "Order of Engineers",
            "languages_offered": '["en", "fr"]',
            "membership_label_en": "Member number",
            "membership_label_fr": "Numéro de membre",
            "mentor_capacity_limit": "2",
            "one_mentor_per_mentee": "on",
            "min_meeting_minutes_per_month": "60",
            "credits_per_hour": "0",
            "credit_earners": "nobody",
            "checkin_every_months": "3",
            "retention_years": "3",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-user": str(coordinator.pk),
            "roles-0-role": "coordinator",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    program = Program.objects.get(slug="engineers")
    assert program.topics.count() == 8
    assert program.questionnaires.count() == 4
    assert list(program.roles.values_list("user__email", "role")) == [
        ("new.coordinator@example.org", "coordinator")
    ]


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:programs_program_changelist",
        "admin:programs_cycle_changelist",
        "admin:programs_questionnaire_changelist",
        "admin:programs_referencedocument_changelist",
    ],
)
def test_admin_lists_open(client: Client, url_name: str, cycle: Cycle, document: ReferenceDocument) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(url_name)).status_code == 200


def test_admin_program_page_opens(client: Client, program: Program) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:programs_program_change", args=[program.pk]))
    assert "Career Counseling" in response.content.decode()


def test_archived_questions_are_no_longer_asked(program: Program, question: Question) -> None:
    questionnaire = question.questionnaire
    question.active = False
    question.save()
    asked = list(selectors.questions_to_ask(questionnaire))
    assert question not in asked
    assert len(asked) == questionnaire.questions.count() - 1


def test_admin_deletes_a_document_and_its_file(
    client: Client,
    program: Program,
    settings: Settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Callable[..., ContextManager[object]],
) -> None:
    settings.MEDIA_ROOT = tmp_path
    document = add_document(
        program=program,
        stage=1,
        title_en="Guide",
        title_fr="Guide",
        language="both",
        file=SimpleUploadedFile("x.txt", b"hello"),
    )
    path = Path(document.file.path)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:programs_referencedocument_delete", args=[document.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not ReferenceDocument.objects.exists()
    assert not path.exists()
