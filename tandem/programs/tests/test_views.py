"""The coordinator pages at work: what they show, what they save, and what they refuse."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tandem.accounts.models import User
from tandem.applications.models import Application, Role
from tandem.programs.models import (
    Cycle,
    CycleStatusChange,
    Program,
    ProgramRole,
    Question,
    ReferenceDocument,
    Topic,
)
from tandem.programs.tests.conftest import cycle_dates
from tandem.testing.factories import ApplicationFactory, ReferenceDocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client: Client, coordinator: User) -> Client:
    client.force_login(coordinator)
    return client


def _dates_as_post(dates: dict[str, datetime.date]) -> dict[str, str]:
    return {name: value.isoformat() for name, value in dates.items()}


# --- Program home ------------------------------------------------------------------------------------------


def test_home_counts_applications_by_status_and_role(
    coordinator_client: Client, program: Program, cycle: Cycle
) -> None:
    ApplicationFactory.create_batch(2, cycle=cycle, role=Role.MENTEE)
    ApplicationFactory(cycle=cycle, role=Role.MENTOR, status=Application.Status.ACCEPTED)
    ApplicationFactory(cycle=cycle, role=Role.MENTEE, status=Application.Status.DECLINED)
    response = coordinator_client.get(reverse("programs:home", kwargs={"slug": program.slug}))
    rows = {row.status: row for row in dict(response.context["cycles"])[cycle]}
    assert (rows["submitted"].mentors, rows["submitted"].mentees, rows["submitted"].total) == (0, 2, 2)
    assert (rows["accepted"].mentors, rows["accepted"].mentees) == (1, 0)
    assert rows["declined"].mentees == 1
    assert rows["withdrawn"].total == 0
    assert "(4 in all)" in response.content.decode()


def test_home_lists_cycles_newest_first_with_coordinator_actions(
    coordinator_client: Client, program: Program, cycle: Cycle, draft_cycle: Cycle
) -> None:
    draft_cycle.starts, draft_cycle.midpoint, draft_cycle.ends = (
        cycle.ends + datetime.timedelta(days=1),
        cycle.ends + datetime.timedelta(days=100),
        cycle.ends + datetime.timedelta(days=200),
    )
    draft_cycle.save()
    response = coordinator_client.get(reverse("programs:home", kwargs={"slug": program.slug}))
    assert [c.name for c, _rows in response.context["cycles"]] == ["2027-2028", "2026-2027"]
    content = response.content.decode()
    assert reverse("programs:cycle_status", kwargs={"slug": program.slug, "cycle_id": cycle.pk}) in content
    assert reverse("programs:team", kwargs={"slug": program.slug}) in content


def test_home_offers_no_settings_to_a_committee_member(
    client: Client, committee_member: User, program: Program, cycle: Cycle
) -> None:
    client.force_login(committee_member)
    content = client.get(reverse("programs:home", kwargs={"slug": program.slug})).content.decode()
    assert "2026-2027" in content
    assert reverse("programs:edit", kwargs={"slug": program.slug}) not in content
    assert (
        reverse("programs:cycle_status", kwargs={"slug": program.slug, "cycle_id": cycle.pk}) not in content
    )


# --- Texts and rules ---------------------------------------------------------------------------------------


def _program_post(program: Program, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name_en": program.name_en,
        "name_fr": program.name_fr,
        "description_en": program.description_en,
        "description_fr": program.description_fr,
        "organizer": program.organizer,
        "contact_email": "",
        "languages_offered": ["en", "fr"],
        "membership_label_en": "Membership number",
        "membership_label_fr": "Numéro de membre",
        "mentor_capacity_limit": "3",
        "one_mentor_per_mentee": "on",
        "min_meeting_minutes_per_month": "60",
        "credits_per_hour": "0",
        "credit_earners": "nobody",
        "credit_name_en": "",
        "credit_name_fr": "",
        "checkin_every_months": "3",
        "forbid_reporting_line": "on",
        "conflict_rules_en": "",
        "conflict_rules_fr": "",
        "retention_years": "3",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_coordinator_saves_the_rules_of_the_program(coordinator_client: Client, program: Program) -> None:
    url = reverse("programs:edit", kwargs={"slug": program.slug})
    response = coordinator_client.post(
        url,
        _program_post(
            program,
            languages_offered=["fr"],
            membership_required="on",
            credits_per_hour="1.00",
            credit_earners="certified",
            credit_name_en="MOC Section 1",
            credit_name_fr="MDC section 1",
            min_meeting_minutes_per_month="90",
        ),
    )
    assert response["Location"] == reverse("programs:home", kwargs={"slug": program.slug})
    program.refresh_from_db()
    assert program.languages_offered == ["fr"]
    assert program.membership_required is True
    assert (program.credits_per_hour, program.credit_earners) == (Decimal("1.00"), "certified")
    assert program.min_meeting_minutes_per_month == 90
    assert program.slug == "health-leaders"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"credits_per_hour": "1.5", "credit_name_en": "MOC"}, "credit_earners", "Say who earns the credits"),
        ({"languages_offered": None}, "languages_offered", "Choose English, French or both."),
        ({"name_en": ""}, "name_en", "This field is required."),
        ({"mentor_capacity_limit": "0"}, "mentor_capacity_limit", "greater than or equal to 1"),
        (
            {"membership_required": "on", "membership_label_en": "", "membership_label_fr": ""},
            "membership_label_en",
            "Say what the membership number is called",
        ),
        ({"retention_years": "0"}, "retention_years", "greater than or equal to 1"),
        ({"retention_years": "11"}, "retention_years", "less than or equal to 10"),
    ],
)
def test_bad_rules_are_shown_with_what_was_typed_and_nothing_is_saved(
    coordinator_client: Client, program: Program, changes: dict[str, object], field: str, message: str
) -> None:
    url = reverse("programs:edit", kwargs={"slug": program.slug})
    response = coordinator_client.post(url, _program_post(program, organizer="Typed organizer", **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    content = response.content.decode()
    assert "Please correct the errors below." in content
    assert 'value="Typed organizer"' in content
    program.refresh_from_db()
    assert program.organizer == "Quebec Chapter"
    assert program.credits_per_hour == 0


# --- Topics ------------------------------------------------------------------------------------------------


def test_coordinator_adds_a_topic(coordinator_client: Client, program: Program) -> None:
    url = reverse("programs:topics", kwargs={"slug": program.slug})
    response = coordinator_client.post(url, {"name_en": "Ethics", "name_fr": "Éthique", "position": ""})
    assert response["Location"] == url
    assert program.topics.order_by("position").last().name_fr == "Éthique"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name_en": "Ethics", "name_fr": ""}, "name_fr"),
        ({"name_en": "Career Counseling", "name_fr": "Typed"}, None),
    ],
)
def test_a_bad_new_topic_is_refused_with_what_was_typed(
    coordinator_client: Client, program: Program, data: dict[str, str], field: str | None
) -> None:
    response = coordinator_client.post(reverse("programs:topics", kwargs={"slug": program.slug}), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    if field:
        assert field in response.context["form"].errors
    assert f'value="{data["name_en"]}"' in response.content.decode()
    assert program.topics.count() == 8


def test_coordinator_renames_and_moves_a_topic(
    coordinator_client: Client, program: Program, topic: Topic
) -> None:
    url = reverse("programs:topic_edit", kwargs={"slug": program.slug, "topic_id": topic.pk})
    response = coordinator_client.post(
        url, {"name_en": "Careers", "name_fr": "Carrières", "position": "20", "active": "on"}
    )
    assert response["Location"] == reverse("programs:topics", kwargs={"slug": program.slug})
    topic.refresh_from_db()
    assert (topic.name_en, topic.name_fr, topic.position, topic.active) == ("Careers", "Carrières", 20, True)


def test_a_bad_topic_edit_keeps_what_was_typed(
    coordinator_client: Client, program: Program, topic: Topic
) -> None:
    url = reverse("programs:topic_edit", kwargs={"slug": program.slug, "topic_id": topic.pk})
    response = coordinator_client.post(url, {"name_en": "Typed name", "name_fr": "", "position": "-1"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name_fr", "position"}
    assert 'value="Typed name"' in response.content.decode()
    topic.refresh_from_db()
    assert topic.name_en == "Career Counseling"


def test_removing_a_chosen_topic_withdraws_it(
    coordinator_client: Client, program: Program, cycle: Cycle, topic: Topic
) -> None:
    ApplicationFactory(cycle=cycle, topics=[topic])
    response = coordinator_client.post(
        reverse("programs:topic_remove", kwargs={"slug": program.slug, "topic_id": topic.pk}), follow=True
    )
    assert "it is no longer offered" in response.content.decode()
    assert Topic.objects.get(pk=topic.pk).active is False


def test_removing_an_unused_topic_deletes_it(
    coordinator_client: Client, program: Program, topic: Topic
) -> None:
    coordinator_client.post(
        reverse("programs:topic_remove", kwargs={"slug": program.slug, "topic_id": topic.pk})
    )
    assert not Topic.objects.filter(pk=topic.pk).exists()


def test_a_topic_of_another_program_is_404(
    coordinator_client: Client, program: Program, other_program: Program
) -> None:
    foreign = other_program.topics.first()
    url = reverse("programs:topic_edit", kwargs={"slug": program.slug, "topic_id": foreign.pk})
    assert coordinator_client.get(url).status_code == 404


# --- Questionnaires ----------------------------------------------------------------------------------------


def test_questionnaire_page_lists_its_questions(coordinator_client: Client, program: Program) -> None:
    response = coordinator_client.get(
        reverse("programs:questionnaire", kwargs={"slug": program.slug, "kind": "mentor_self"})
    )
    content = response.content.decode()
    assert "I can commit at least one hour a month to a mentee" in content
    assert 'aria-current="page"' in content
    assert "ready_threshold" in response.context["settings_form"].fields


def test_registration_questionnaire_has_no_readiness_fields(
    coordinator_client: Client, program: Program
) -> None:
    response = coordinator_client.get(
        reverse("programs:questionnaire", kwargs={"slug": program.slug, "kind": "mentee_registration"})
    )
    assert set(response.context["settings_form"].fields) == {"intro_en", "intro_fr"}


def test_an_unknown_questionnaire_kind_is_404(coordinator_client: Client, program: Program) -> None:
    assert (
        coordinator_client.get(
            reverse("programs:questionnaire", kwargs={"slug": program.slug, "kind": "nope"})
        ).status_code
        == 404
    )


def test_coordinator_saves_the_guidance(coordinator_client: Client, program: Program) -> None:
    url = reverse("programs:questionnaire", kwargs={"slug": program.slug, "kind": "mentee_self"})
    response = coordinator_client.post(
        url,
        {
            "intro_en": "Take five minutes.",
            "intro_fr": "Prenez cinq minutes.",
            "ready_threshold": "60",
            "guidance_ready_en": "Go!",
            "guidance_ready_fr": "Allez!",
            "guidance_reflect_en": "Think.",
            "guidance_reflect_fr": "Réfléchissez.",
        },
    )
    assert response["Location"] == url
    questionnaire = program.questionnaires.get(kind="mentee_self")
    assert (questionnaire.intro_fr, questionnaire.ready_threshold) == ("Prenez cinq minutes.", 60)


def test_a_bad_threshold_is_refused_with_what_was_typed(coordinator_client: Client, program: Program) -> None:
    url = reverse("programs:questionnaire", kwargs={"slug": program.slug, "kind": "mentee_self"})
    response = coordinator_client.post(url, {"intro_en": "Typed intro", "ready_threshold": "150"})
    assert response.status_code == 200
    assert "ready_threshold" in response.context["settings_form"].errors
    assert "Typed intro" in response.content.decode()
    assert program.questionnaires.get(kind="mentee_self").intro_en == ""


def test_coordinator_adds_a_question(coordinator_client: Client, program: Program) -> None:
    url = reverse("programs:question_add", kwargs={"slug": program.slug, "kind": "mentor_registration"})
    response = coordinator_client.post(
        url, {"text_en": "Which board?", "text_fr": "Quel conseil?", "kind": "short_text", "required": "on"}
    )
    assert response["Location"] == reverse(
        "programs:questionnaire", kwargs={"slug": program.slug, "kind": "mentor_registration"}
    )
    question = program.questionnaires.get(kind="mentor_registration").questions.get()
    assert (question.text_fr, question.kind, question.required, question.position) == (
        "Quel conseil?",
        "short_text",
        True,
        0,
    )


def test_a_bad_question_is_refused_with_what_was_typed(coordinator_client: Client, program: Program) -> None:
    url = reverse("programs:question_add", kwargs={"slug": program.slug, "kind": "mentor_registration"})
    response = coordinator_client.post(url, {"text_en": "Typed question", "text_fr": "", "kind": "bogus"})
    assert response.status_code == 200
    assert set(response.context["question_form"].errors) == {"text_fr", "kind"}
    assert 'value="Typed question"' in response.content.decode()
    assert not program.questionnaires.get(kind="mentor_registration").questions.exists()


def test_coordinator_edits_a_question(
    coordinator_client: Client, program: Program, question: Question
) -> None:
    url = reverse(
        "programs:question_edit",
        kwargs={"slug": program.slug, "kind": "mentor_self", "question_id": question.pk},
    )
    coordinator_client.post(
        url,
        {
            "text_en": "New",
            "text_fr": "Nouveau",
            "help_en": "h",
            "help_fr": "a",
            "kind": "scale",
            "position": "9",
        },
    )
    question.refresh_from_db()
    assert (question.text_en, question.position, question.required) == ("New", 9, False)


def test_a_bad_question_edit_keeps_what_was_typed(
    coordinator_client: Client, program: Program, question: Question
) -> None:
    url = reverse(
        "programs:question_edit",
        kwargs={"slug": program.slug, "kind": "mentor_self", "question_id": question.pk},
    )
    response = coordinator_client.post(
        url, {"text_en": "Typed", "text_fr": "", "kind": "scale", "position": ""}
    )
    assert set(response.context["form"].errors) == {"text_fr", "position"}
    assert 'value="Typed"' in response.content.decode()
    question.refresh_from_db()
    assert question.text_en.startswith("I can commit")


def test_a_question_of_another_questionnaire_is_404(
    coordinator_client: Client, program: Program, question: Question
) -> None:
    url = reverse(
        "programs:question_edit",
        kwargs={"slug": program.slug, "kind": "mentee_self", "question_id": question.pk},
    )
    assert coordinator_client.get(url).status_code == 404


def test_removing_an_answered_question_archives_it_and_it_can_be_asked_again(
    coordinator_client: Client, program: Program, cycle: Cycle, question: Question
) -> None:
    from tandem.testing.factories import SelfAssessmentFactory

    SelfAssessmentFactory(cycle=cycle, role=Role.MENTOR)
    kwargs = {"slug": program.slug, "kind": "mentor_self", "question_id": question.pk}
    response = coordinator_client.post(reverse("programs:question_remove", kwargs=kwargs), follow=True)
    assert "it is no longer asked" in response.content.decode()
    assert Question.objects.get(pk=question.pk).active is False
    coordinator_client.post(reverse("programs:question_restore", kwargs=kwargs))
    assert Question.objects.get(pk=question.pk).active is True


# --- Cycles ------------------------------------------------------------------------------------------------


def test_coordinator_creates_a_draft_cycle(coordinator_client: Client, program: Program) -> None:
    url = reverse("programs:cycle_create", kwargs={"slug": program.slug})
    data = {"name": "2027-2028", **_dates_as_post(cycle_dates(datetime.date(2027, 2, 1)))}
    response = coordinator_client.post(url, data)
    assert response["Location"] == reverse("programs:home", kwargs={"slug": program.slug})
    cycle = program.cycles.get()
    assert (cycle.name, cycle.status, cycle.ends) == ("2027-2028", "draft", datetime.date(2027, 12, 28))


def test_a_date_out_of_order_is_shown_on_that_date(coordinator_client: Client, program: Program) -> None:
    dates = cycle_dates(datetime.date(2027, 2, 1))
    dates["matching_date"] = dates["recruitment_closes"] - datetime.timedelta(days=1)
    response = coordinator_client.post(
        reverse("programs:cycle_create", kwargs={"slug": program.slug}),
        {"name": "Typed cycle", **_dates_as_post(dates)},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["matching_date"]
    content = response.content.decode()
    assert 'value="Typed cycle"' in content
    assert f'value="{dates["matching_date"].isoformat()}"' in content
    assert not program.cycles.exists()


def test_a_cycle_name_is_unique_in_its_program(
    coordinator_client: Client, program: Program, cycle: Cycle
) -> None:
    response = coordinator_client.post(
        reverse("programs:cycle_create", kwargs={"slug": program.slug}),
        {"name": cycle.name, **_dates_as_post(cycle_dates(datetime.date(2027, 2, 1)))},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert program.cycles.count() == 1


def test_an_unreadable_date_is_refused(coordinator_client: Client, program: Program) -> None:
    data = {"name": "X", **_dates_as_post(cycle_dates(datetime.date(2027, 2, 1))), "starts": "31/31/2027"}
    response = coordinator_client.post(reverse("programs:cycle_create", kwargs={"slug": program.slug}), data)
    assert list(response.context["form"].errors) == ["starts"]
    assert 'value="31/31/2027"' in response.content.decode()


def test_coordinator_edits_the_dates_of_a_cycle(
    coordinator_client: Client, program: Program, cycle: Cycle
) -> None:
    url = reverse("programs:cycle_edit", kwargs={"slug": program.slug, "cycle_id": cycle.pk})
    dates = cycle_dates(datetime.date(2027, 2, 1))
    coordinator_client.post(url, {"name": "Renamed", **_dates_as_post(dates)})
    cycle.refresh_from_db()
    assert (cycle.name, cycle.recruitment_opens, cycle.status) == (
        "Renamed",
        dates["recruitment_opens"],
        "recruiting",
    )


def test_a_bad_cycle_edit_saves_nothing(coordinator_client: Client, program: Program, cycle: Cycle) -> None:
    url = reverse("programs:cycle_edit", kwargs={"slug": program.slug, "cycle_id": cycle.pk})
    dates = cycle_dates(datetime.date(2027, 2, 1))
    dates["ends"] = dates["midpoint"]
    response = coordinator_client.post(url, {"name": "Typed", **_dates_as_post(dates)})
    assert list(response.context["form"].errors) == ["ends"]
    cycle.refresh_from_db()
    assert cycle.name == "2026-2027"


def test_a_cycle_of_another_program_is_404(
    coordinator_client: Client, program: Program, other_program: Program
) -> None:
    from tandem.testing.factories import CycleFactory

    foreign = CycleFactory(program=other_program)
    url = reverse("programs:cycle_edit", kwargs={"slug": program.slug, "cycle_id": foreign.pk})
    assert coordinator_client.get(url).status_code == 404


def test_the_status_page_asks_to_confirm_the_next_and_previous_moves(
    coordinator_client: Client, program: Program, cycle: Cycle
) -> None:
    content = coordinator_client.get(
        reverse("programs:cycle_status", kwargs={"slug": program.slug, "cycle_id": cycle.pk})
    ).content.decode()
    assert "Confirm: move to “Matching”" in content
    assert "Confirm: step back to “Draft”" in content


def test_coordinator_moves_a_cycle_on_and_the_move_is_recorded(
    coordinator_client: Client, coordinator: User, program: Program, cycle: Cycle
) -> None:
    url = reverse("programs:cycle_status", kwargs={"slug": program.slug, "cycle_id": cycle.pk})
    response = coordinator_client.post(url, {"to": "matching"}, follow=True)
    assert "is now “Matching”" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == "matching"
    change = CycleStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "recruiting",
        "matching",
        coordinator,
    )
    history = coordinator_client.get(url).content.decode()
    assert "Camille Tremblay" in history


@pytest.mark.parametrize("target", ["closed", "bogus", ""])
def test_a_cycle_cannot_jump_statuses(
    coordinator_client: Client, program: Program, cycle: Cycle, target: str
) -> None:
    url = reverse("programs:cycle_status", kwargs={"slug": program.slug, "cycle_id": cycle.pk})
    response = coordinator_client.post(url, {"to": target})
    assert response.status_code == 200
    assert response.context["messages"]
    cycle.refresh_from_db()
    assert cycle.status == "recruiting"
    assert not CycleStatusChange.objects.exists()


def test_a_second_cycle_cannot_open_while_one_recruits(
    coordinator_client: Client, program: Program, cycle: Cycle, draft_cycle: Cycle
) -> None:
    url = reverse("programs:cycle_status", kwargs={"slug": program.slug, "cycle_id": draft_cycle.pk})
    response = coordinator_client.post(url, {"to": "recruiting"})
    assert "already recruiting" in response.content.decode()
    draft_cycle.refresh_from_db()
    assert draft_cycle.status == "draft"


# --- Documents ---------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_coordinator_adds_a_link(coordinator_client: Client, program: Program) -> None:
    url = reverse("programs:documents", kwargs={"slug": program.slug})
    response = coordinator_client.post(
        url,
        {
            "stage": "4",
            "title_en": "Orientation",
            "title_fr": "",
            "language": "en",
            "url": "https://example.org/o",
        },
    )
    assert response["Location"] == url
    document = program.documents.get()
    assert (document.stage, document.language, document.url) == (4, "en", "https://example.org/o")


def test_coordinator_uploads_a_file_that_participants_download_under_a_safe_name(
    coordinator_client: Client, client: Client, mentee: User, program: Program, media: Path
) -> None:
    upload = SimpleUploadedFile(
        "Amira's notes.docx", b"PK\x03\x04 docx", content_type="application/octet-stream"
    )
    coordinator_client.post(
        reverse("programs:documents", kwargs={"slug": program.slug}),
        {
            "stage": "7",
            "title_en": "Agreement template",
            "title_fr": "Modèle d'entente",
            "language": "both",
            "file": upload,
        },
    )
    document = program.documents.get()
    assert "Amira" not in document.file.name
    client.force_login(mentee)
    response = client.get(reverse("programs:document", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agreement-template.docx"'
    assert b"".join(response.streaming_content) == b"PK\x03\x04 docx"


def test_a_pdf_opens_in_the_browser(client: Client, mentee: User, program: Program, media: Path) -> None:
    from tandem.programs.services import add_document

    document = add_document(
        program=program,
        stage=1,
        title_en="Guide",
        title_fr="Guide",
        language="both",
        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4"),
    )
    client.force_login(mentee)
    response = client.get(reverse("programs:document", kwargs={"pk": document.pk}))
    assert response["Content-Disposition"] == 'inline; filename="guide.pdf"'


@pytest.mark.parametrize(
    ("data", "with_file", "field"),
    [
        ({"stage": "1", "title_en": "Typed title", "language": "en"}, False, "file"),
        (
            {"stage": "1", "title_en": "Typed title", "language": "en", "url": "https://example.org/x"},
            True,
            "url",
        ),
        ({"stage": "1", "title_en": "Typed title", "language": "en", "url": "not a link"}, False, "url"),
        (
            {"stage": "99", "title_en": "Typed title", "language": "en", "url": "https://example.org/x"},
            False,
            "stage",
        ),
        (
            {
                "stage": "1",
                "title_en": "",
                "title_fr": "",
                "language": "en",
                "url": "https://example.org/typed",
            },
            False,
            "title_en",
        ),
    ],
)
def test_a_bad_document_is_refused_with_what_was_typed(
    coordinator_client: Client,
    program: Program,
    media: Path,
    data: dict[str, str],
    with_file: bool,
    field: str,
) -> None:
    if with_file:
        data = {**data, "file": SimpleUploadedFile("guide.pdf", b"%PDF-1.4")}
    response = coordinator_client.post(reverse("programs:documents", kwargs={"slug": program.slug}), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    content = response.content.decode()
    assert "Please correct the errors below." in content
    assert ('value="Typed title"' in content) or ('value="https://example.org/typed"' in content)
    assert not ReferenceDocument.objects.exists()
    assert not any(media.rglob("*.pdf"))


def test_a_file_of_a_forbidden_type_is_refused(
    coordinator_client: Client, program: Program, media: Path
) -> None:
    response = coordinator_client.post(
        reverse("programs:documents", kwargs={"slug": program.slug}),
        {"stage": "1", "title_en": "T", "language": "en", "file": SimpleUploadedFile("x.html", b"<script>")},
    )
    assert "file" in response.context["form"].errors
    assert not ReferenceDocument.objects.exists()


def test_documents_are_listed_by_stage_and_reordered(coordinator_client: Client, program: Program) -> None:
    first = ReferenceDocumentFactory(program=program, stage=8, title_en="First", position=0)
    second = ReferenceDocumentFactory(program=program, stage=8, title_en="Second", position=1)
    url = reverse("programs:documents", kwargs={"slug": program.slug})
    response = coordinator_client.get(url)
    stages = dict(response.context["stages"])
    assert [d.title_en for d in stages[8]] == ["First", "Second"]
    assert stages[1] == []
    move = coordinator_client.post(
        reverse("programs:document_move", kwargs={"slug": program.slug, "document_id": second.pk}),
        {"direction": "up"},
    )
    assert move["Location"] == f"{url}#stage-8"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (0, 1)


def test_coordinator_removes_a_document(
    coordinator_client: Client, program: Program, document: ReferenceDocument
) -> None:
    coordinator_client.post(
        reverse("programs:document_remove", kwargs={"slug": program.slug, "document_id": document.pk})
    )
    assert not ReferenceDocument.objects.exists()


def test_a_document_of_another_program_cannot_be_removed(
    coordinator_client: Client, program: Program, other_program: Program
) -> None:
    foreign = ReferenceDocumentFactory(program=other_program)
    url = reverse("programs:document_remove", kwargs={"slug": program.slug, "document_id": foreign.pk})
    assert coordinator_client.post(url).status_code == 404
    assert ReferenceDocument.objects.filter(pk=foreign.pk).exists()


# --- Team --------------------------------------------------------------------------------------------------


def test_team_lists_coordinators_first(
    coordinator_client: Client, program: Program, committee_member: User
) -> None:
    response = coordinator_client.get(reverse("programs:team", kwargs={"slug": program.slug}))
    assert [m.user.first_name for m in response.context["members"]] == ["Camille", "Marc"]


def test_coordinator_adds_a_committee_member(
    coordinator_client: Client, program: Program, mentor: User
) -> None:
    url = reverse("programs:team", kwargs={"slug": program.slug})
    response = coordinator_client.post(url, {"email": mentor.email, "role": "committee"})
    assert response["Location"] == url
    assert ProgramRole.objects.get(program=program, user=mentor).role == "committee"


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("nobody@example.org", "committee", "No account uses this address"),
        ("not-an-email", "committee", "Enter a valid email address."),
        ("camille.tremblay@example.org", "committee", "already on the program"),
        ("nadia.bouchard@example.org", "king", "Select a valid choice."),
    ],
)
def test_a_bad_team_addition_is_refused_with_what_was_typed(
    coordinator_client: Client, program: Program, mentor: User, email: str, role: str, message: str
) -> None:
    response = coordinator_client.post(
        reverse("programs:team", kwargs={"slug": program.slug}), {"email": email, "role": role}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'value="{email}"' in response.content.decode()
    assert program.roles.count() == 1


def test_coordinator_changes_a_role(
    coordinator_client: Client, program: Program, committee_role: ProgramRole
) -> None:
    coordinator_client.post(
        reverse("programs:team_role", kwargs={"slug": program.slug, "program_role_id": committee_role.pk}),
        {"role": "coordinator"},
    )
    committee_role.refresh_from_db()
    assert committee_role.role == "coordinator"


def test_the_last_coordinator_cannot_step_down_or_leave(
    coordinator_client: Client, coordinator: User, program: Program
) -> None:
    own = ProgramRole.objects.get(program=program, user=coordinator)
    response = coordinator_client.post(
        reverse("programs:team_role", kwargs={"slug": program.slug, "program_role_id": own.pk}),
        {"role": "committee"},
        follow=True,
    )
    assert "A program needs at least one coordinator" in response.content.decode()
    response = coordinator_client.post(
        reverse("programs:team_remove", kwargs={"slug": program.slug, "program_role_id": own.pk}), follow=True
    )
    assert "A program needs at least one coordinator" in response.content.decode()
    own.refresh_from_db()
    assert own.role == "coordinator"


def test_a_coordinator_who_leaves_goes_back_to_their_programs(
    coordinator_client: Client, coordinator: User, program: Program
) -> None:
    ProgramRole.objects.create(program=program, user=UserFactory(), role="coordinator")
    own = ProgramRole.objects.get(program=program, user=coordinator)
    response = coordinator_client.post(
        reverse("programs:team_remove", kwargs={"slug": program.slug, "program_role_id": own.pk})
    )
    assert response["Location"] == reverse("programs:list")
    assert not ProgramRole.objects.filter(pk=own.pk).exists()


def test_coordinator_removes_a_committee_member(
    coordinator_client: Client, program: Program, committee_role: ProgramRole
) -> None:
    coordinator_client.post(
        reverse("programs:team_remove", kwargs={"slug": program.slug, "program_role_id": committee_role.pk})
    )
    assert not ProgramRole.objects.filter(pk=committee_role.pk).exists()


def test_an_add_link_starts_the_document_form_on_its_stage(
    coordinator_client: Client, program: Program
) -> None:
    response = coordinator_client.get(
        reverse("programs:documents", kwargs={"slug": program.slug}), {"stage": "7"}
    )
    assert '<option value="7" selected>' in response.content.decode()


def test_bad_rules_do_not_change_the_program_name_in_the_page(
    coordinator_client: Client, program: Program
) -> None:
    response = coordinator_client.post(
        reverse("programs:edit", kwargs={"slug": program.slug}),
        _program_post(program, name_en="Typed name", name_fr=""),
    )
    assert "Back to Health Leaders Mentoring" in response.content.decode()


def test_a_coordinator_who_steps_down_lands_on_the_home(
    coordinator_client: Client, coordinator: User, program: Program
) -> None:
    ProgramRole.objects.create(program=program, user=UserFactory(), role="coordinator")
    own = ProgramRole.objects.get(program=program, user=coordinator)
    response = coordinator_client.post(
        reverse("programs:team_role", kwargs={"slug": program.slug, "program_role_id": own.pk}),
        {"role": "committee"},
    )
    assert response["Location"] == reverse("programs:home", kwargs={"slug": program.slug})
    own.refresh_from_db()
    assert own.role == "committee"


def test_a_bad_role_change_is_refused(
    coordinator_client: Client, program: Program, committee_role: ProgramRole
) -> None:
    response = coordinator_client.post(
        reverse("programs:team_role", kwargs={"slug": program.slug, "program_role_id": committee_role.pk}),
        {"role": "king"},
        follow=True,
    )
    assert "Choose a role from the list." in response.content.decode()
    committee_role.refresh_from_db()
    assert committee_role.role == "committee"


def test_a_document_whose_file_is_gone_is_404(
    client: Client, mentee: User, program: Program, media: Path
) -> None:
    from tandem.programs.services import add_document

    document = add_document(
        program=program,
        stage=1,
        title_en="Guide",
        title_fr="Guide",
        language="both",
        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4"),
    )
    Path(document.file.path).unlink()
    client.force_login(mentee)
    assert client.get(reverse("programs:document", kwargs={"pk": document.pk})).status_code == 404
