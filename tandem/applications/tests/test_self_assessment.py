"""Stage 1: the program's 'is mentoring for me?' questionnaire, its readiness score and guidance."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.applications.models import Application, Role, SelfAssessment
from tandem.applications.questionnaires import readiness
from tandem.applications.services import save_self_assessment
from tandem.applications.tests.conftest import closed_cycle
from tandem.programs.models import Cycle, Question, Questionnaire
from tandem.testing.factories import ApplicationFactory, CycleFactory, SelfAssessmentFactory

pytestmark = pytest.mark.django_db


def mentee_questionnaire(cycle: Cycle) -> Questionnaire:
    return cycle.program.questionnaires.get(kind=Questionnaire.Kind.MENTEE_SELF_ASSESSMENT)


def answers_form(questionnaire: Questionnaire, ratings: list[str]) -> dict[str, str]:
    questions = list(questionnaire.questions.all())
    return {f"question_{q.pk}": rating for q, rating in zip(questions, ratings, strict=True)}


def url(cycle: Cycle, role: str = "mentee") -> str:
    return reverse("applications:self_assess", args=[cycle.pk, role])


# --- Readiness ----------------------------------------------------------------------------------------------


def test_readiness_is_the_share_of_ready_answers_among_rated_ones(cycle: Cycle) -> None:
    questionnaire = mentee_questionnaire(cycle)
    yes_no = Question.objects.create(
        questionnaire=questionnaire,
        text_en="Does your manager know?",
        text_fr="Votre gestionnaire le sait-il?",
        kind=Question.Kind.YES_NO,
        position=10,
    )
    text = Question.objects.create(
        questionnaire=questionnaire,
        text_en="Anything else?",
        text_fr="Autre chose?",
        kind=Question.Kind.SHORT_TEXT,
        required=False,
        position=11,
    )
    scale = list(questionnaire.questions.filter(kind=Question.Kind.SCALE))
    answers = {str(q.pk): rating for q, rating in zip(scale, [5, 4, 3, 2, 1], strict=True)}
    answers |= {str(yes_no.pk): "yes", str(text.pk): "I am nervous."}
    # Ready: 5, 4 and yes = 3 of 6 rated answers; the text answer does not count.
    assert readiness(questionnaire.questions.all(), answers) == 50


def test_readiness_is_none_when_nothing_can_be_rated(cycle: Cycle) -> None:
    assert readiness([], {}) is None


# --- Service --------------------------------------------------------------------------------------------------


def test_retaking_the_self_assessment_updates_the_same_row(cycle: Cycle, mentee: User) -> None:
    questionnaire = mentee_questionnaire(cycle)
    ids = [str(q.pk) for q in questionnaire.questions.all()]
    save_self_assessment(user=mentee, cycle=cycle, questionnaire=questionnaire, answers=dict.fromkeys(ids, 2))
    again = save_self_assessment(
        user=mentee, cycle=cycle, questionnaire=questionnaire, answers=dict.fromkeys(ids, 5)
    )
    assert SelfAssessment.objects.filter(user=mentee, cycle=cycle).count() == 1
    assert again.readiness == 100
    assert again.answers == dict.fromkeys(ids, 5)


def test_self_assessment_taken_after_applying_is_linked_to_the_application(
    cycle: Cycle, mentee: User
) -> None:
    application = ApplicationFactory(cycle=cycle, user=mentee, role=Role.MENTEE)
    questionnaire = mentee_questionnaire(cycle)
    self_assessment = save_self_assessment(
        user=mentee,
        cycle=cycle,
        questionnaire=questionnaire,
        answers={str(q.pk): 4 for q in questionnaire.questions.all()},
    )
    application.refresh_from_db()
    assert application.self_assessment == self_assessment


def test_self_assessment_is_refused_once_recruitment_closed(program: object, mentee: User) -> None:
    cycle = closed_cycle(program)
    with pytest.raises(ValidationError):
        save_self_assessment(user=mentee, cycle=cycle, questionnaire=mentee_questionnaire(cycle), answers={})
    assert not SelfAssessment.objects.exists()


# --- Views ----------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client: Client, cycle: Cycle) -> None:
    response = client.get(url(cycle))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_questionnaire_is_an_accessible_radio_group_per_statement(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    client.force_login(mentee)
    response = client.get(url(cycle))
    html = response.content.decode()
    assert response.status_code == 200
    first = mentee_questionnaire(cycle).questions.first()
    assert "<fieldset" in html
    assert f"<legend>{first.text_en}" in html or first.text_en in html.split("<legend")[1]
    assert html.count('type="radio"') == 5 * 5
    assert "5 — Completely" in html


def test_answering_saves_readiness_and_shows_ready_guidance(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    client.force_login(mentee)
    questionnaire = mentee_questionnaire(cycle)
    response = client.post(url(cycle), answers_form(questionnaire, ["5", "4", "4", "5", "3"]))
    result_url = reverse("applications:self_assessment_result", args=[cycle.pk, "mentee"])
    assert response.status_code == 302
    assert response["Location"] == result_url
    self_assessment = SelfAssessment.objects.get(user=mentee, cycle=cycle, role=Role.MENTEE)
    assert self_assessment.readiness == 80
    page = client.get(result_url).content.decode()
    assert "You feel ready on 80% of the statements." in page
    assert "Your answers show you are ready for a mentoring relationship." in page
    assert reverse("applications:apply", args=[cycle.pk]) in page


def test_low_readiness_shows_the_reflect_guidance(client: Client, cycle: Cycle, mentee: User) -> None:
    client.force_login(mentee)
    questionnaire = mentee_questionnaire(cycle)
    client.post(url(cycle), answers_form(questionnaire, ["1", "2", "4", "3", "5"]))
    page = client.get(
        reverse("applications:self_assessment_result", args=[cycle.pk, "mentee"])
    ).content.decode()
    assert "You feel ready on 40% of the statements." in page
    assert "Some answers suggest this may not be the right time." in page


def test_the_result_page_is_in_french_for_a_french_reader(client: Client, cycle: Cycle, mentee: User) -> None:
    SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTEE, readiness=100)
    client.force_login(mentee)
    response = client.get(
        reverse("applications:self_assessment_result", args=[cycle.pk, "mentee"]).replace("/en/", "/fr/")
    )
    assert "Vos réponses montrent que vous êtes prêt·e" in response.content.decode()


def test_missing_answers_show_errors_keep_what_was_typed_and_save_nothing(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    client.force_login(mentee)
    questionnaire = mentee_questionnaire(cycle)
    data = answers_form(questionnaire, ["5", "4", "4", "5", "3"])
    first, *_, last = data
    del data[last]
    response = client.post(url(cycle), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the errors below." in html
    assert "This field is required." in html
    assert f'name="{first}" value="5" required id="id_{first}_4" checked' in html
    assert not SelfAssessment.objects.exists()


def test_an_out_of_scale_answer_is_refused(client: Client, cycle: Cycle, mentee: User) -> None:
    client.force_login(mentee)
    response = client.post(url(cycle), answers_form(mentee_questionnaire(cycle), ["9", "4", "4", "5", "3"]))
    assert "Select a valid choice." in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_retaking_shows_the_previous_answers(client: Client, cycle: Cycle, mentee: User) -> None:
    SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTEE)  # every answer 4
    client.force_login(mentee)
    html = client.get(url(cycle)).content.decode()
    assert html.count('value="4" required') == 5
    assert html.count("checked") == 5


def test_an_unknown_role_is_not_a_page(client: Client, cycle: Cycle, mentee: User) -> None:
    client.force_login(mentee)
    assert client.get(f"/en/applications/cycles/{cycle.pk}/self-assessment/coach/").status_code == 404
    assert client.get(f"/en/applications/cycles/{cycle.pk}/self-assessment/coach/result/").status_code == 404


def test_a_draft_cycle_is_not_shown_to_participants(client: Client, program: object, mentee: User) -> None:
    draft = CycleFactory(program=program, status=Cycle.Status.DRAFT)
    client.force_login(mentee)
    assert client.get(url(draft)).status_code == 404


def test_a_closed_recruitment_says_so_and_offers_the_open_cycles(
    client: Client, program: object, mentee: User
) -> None:
    cycle = closed_cycle(program)
    client.force_login(mentee)
    response = client.get(url(cycle))
    html = response.content.decode()
    assert "Recruitment is closed" in html
    assert reverse("applications:open_cycles") in html
    assert client.post(url(cycle), answers_form(mentee_questionnaire(cycle), ["5"] * 5)).status_code == 200
    assert not SelfAssessment.objects.exists()


def test_result_of_someone_who_never_answered_is_404(
    client: Client, cycle: Cycle, mentee: User, mentor: User
) -> None:
    SelfAssessmentFactory(user=mentor, cycle=cycle, role=Role.MENTEE)
    client.force_login(mentee)
    assert (
        client.get(reverse("applications:self_assessment_result", args=[cycle.pk, "mentee"])).status_code
        == 404
    )


def test_a_coordinator_of_another_program_can_self_assess_as_a_person(
    client: Client, cycle: Cycle, other_coordinator: User
) -> None:
    client.force_login(other_coordinator)
    response = client.post(
        url(cycle, "mentor"),
        {
            f"question_{q.pk}": "5"
            for q in cycle.program.questionnaires.get(
                kind=Questionnaire.Kind.MENTOR_SELF_ASSESSMENT
            ).questions.all()
        },
    )
    assert response.status_code == 302
    assert SelfAssessment.objects.get(user=other_coordinator).role == Role.MENTOR
    assert not Application.objects.exists()


def test_after_recruitment_the_result_stays_readable_without_retake_or_apply_links(
    client: Client, program: object, mentee: User
) -> None:
    cycle = closed_cycle(program, status=Cycle.Status.MATCHING)
    SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTEE, readiness=20)
    client.force_login(mentee)
    html = client.get(
        reverse("applications:self_assessment_result", args=[cycle.pk, "mentee"])
    ).content.decode()
    assert "Some answers suggest this may not be the right time." in html
    assert reverse("applications:self_assess", args=[cycle.pk, "mentee"]) + '"' not in html
    assert reverse("applications:apply", args=[cycle.pk]) not in html


def test_a_questionnaire_of_another_program_is_refused(
    cycle: Cycle, other_program: object, mentee: User
) -> None:
    foreign = other_program.questionnaires.get(kind=Questionnaire.Kind.MENTEE_SELF_ASSESSMENT)
    with pytest.raises(ValueError, match="self-assessment of the cycle's program"):
        save_self_assessment(user=mentee, cycle=cycle, questionnaire=foreign, answers={})
    assert not SelfAssessment.objects.exists()
