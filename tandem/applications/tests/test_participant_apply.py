"""Stage 2: registration as mentor, mentee or both, with consent, privacy by default and an acknowledgement."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tandem.accounts.models import Consent, ConsentPurpose, User
from tandem.applications.consents import PARTICIPATION_CONSENT_TEXT, PARTICIPATION_CONSENT_VERSION
from tandem.applications.models import Application, Role, StatusChange
from tandem.applications.tests.conftest import closed_cycle
from tandem.applications.tests.helpers import registration_data
from tandem.programs.models import Cycle, Program, Question, Questionnaire
from tandem.testing.factories import ApplicationFactory, SelfAssessmentFactory

pytestmark = pytest.mark.django_db


def apply_url(cycle: Cycle) -> str:
    return reverse("applications:apply", args=[cycle.pk])


@pytest.fixture
def post_application(
    client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> Callable[..., Any]:
    """POST the registration form and run what waits for the commit (the acknowledgement email)."""

    def post(cycle: Cycle, data: dict[str, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(apply_url(cycle), data)

    return post


# --- Access ---------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client: Client, cycle: Cycle) -> None:
    response = client.get(apply_url(cycle))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={apply_url(cycle)}"


def test_the_form_prefills_from_the_profile(client: Client, cycle: Cycle, mentee: User) -> None:
    mentee.organization = "CISSS de Laval"
    mentee.save()
    client.force_login(mentee)
    response = client.get(apply_url(cycle))
    form = response.context["form"]
    assert form["employer"].value() == "CISSS de Laval"
    assert form["region"].value() == "QC"
    assert form["languages"].value() == ["fr", "en"]
    assert form["years_of_experience"].value() == 4
    assert form["profile_visible"].value() is False


def test_the_consent_text_and_its_version_are_shown(client: Client, cycle: Cycle, mentee: User) -> None:
    client.force_login(mentee)
    html = client.get(apply_url(cycle)).content.decode()
    assert str(PARTICIPATION_CONSENT_TEXT).replace("'", "&#x27;") in html
    assert f"Consent text, version {PARTICIPATION_CONSENT_VERSION}." in html


def test_closed_recruitment_shows_a_clear_page_and_saves_nothing(
    client: Client, program: Program, mentee: User
) -> None:
    cycle = closed_cycle(program)
    client.force_login(mentee)
    response = client.post(apply_url(cycle), registration_data(program))
    assert "Recruitment is closed" in response.content.decode()
    assert not Application.objects.exists()


def test_a_cycle_in_matching_is_closed_for_applications(
    client: Client, program: Program, mentee: User
) -> None:
    cycle = closed_cycle(program, status=Cycle.Status.MATCHING)
    client.force_login(mentee)
    assert "Recruitment is closed" in client.get(apply_url(cycle)).content.decode()


def test_a_draft_cycle_is_404(client: Client, program: Program, mentee: User) -> None:
    cycle = closed_cycle(program, status=Cycle.Status.DRAFT)
    client.force_login(mentee)
    assert client.get(apply_url(cycle)).status_code == 404


# --- Applying -------------------------------------------------------------------------------------------------


def test_applying_as_both_creates_two_applications_two_status_changes_and_one_consent(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(mentee)
    response = post_application(cycle, registration_data(cycle.program, roles=("mentor", "mentee")))
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:journey")

    mentor_app = Application.objects.get(user=mentee, cycle=cycle, role=Role.MENTOR)
    mentee_app = Application.objects.get(user=mentee, cycle=cycle, role=Role.MENTEE)
    assert (mentor_app.capacity, mentor_app.expertise, mentor_app.objectives) == (
        2,
        "Leading change in large teams.",
        "",
    )
    assert (mentee_app.capacity, mentee_app.expertise) == (None, "")
    assert mentee_app.objectives == "Learn to lead change in a large team."
    for application in (mentor_app, mentee_app):
        assert application.status == Application.Status.SUBMITTED
        assert application.supervisor_supports is True
        assert application.languages == ["fr", "en"]
        assert application.topics.count() == 2
    changes = StatusChange.objects.filter(application__user=mentee).order_by("application__role")
    assert [(c.from_status, c.to_status, c.changed_by) for c in changes] == [("", "submitted", mentee)] * 2

    consent = Consent.objects.get(user=mentee)
    assert consent.purpose == ConsentPurpose.PROGRAM_PARTICIPATION
    assert consent.granted is True
    assert consent.program == cycle.program
    assert consent.text_version == PARTICIPATION_CONSENT_VERSION
    assert consent.text == str(PARTICIPATION_CONSENT_TEXT)


def test_the_acknowledgement_email_is_sent_in_english_to_an_english_applicant(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(mentee)
    post_application(cycle, registration_data(cycle.program, roles=("mentor", "mentee")))
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [mentee.email]
    assert email.subject == "Your application to Health Leaders Mentoring is received"
    assert "Hello Amira Haddad," in email.body
    assert (
        "We received your application to Health Leaders Mentoring (2026-2027) as:\n- Mentor\n- Mentee"
        in email.body
    )
    assert "http://127.0.0.1:8000/en/applications/" in email.body


def test_the_acknowledgement_email_is_rendered_in_french_for_a_french_applicant(
    client: Client, cycle: Cycle, french_mentee: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(french_mentee)
    post_application(cycle, registration_data(cycle.program))
    email = mail.outbox[0]
    # The program's own French name and a French link prove the email was rendered with French active.
    assert "Mentorat des leaders en santé" in email.subject
    assert "/fr/applications/" in email.body
    assert "/en/" not in email.body
    with translation.override("fr"):
        assert date_format(cycle.recruitment_closes, "DATE_FORMAT") in email.body  # e.g. "23 décembre 2026"


def test_the_self_assessment_is_kept_with_the_application(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    self_assessment = SelfAssessmentFactory(user=mentee, cycle=cycle, role=Role.MENTEE)
    client.force_login(mentee)
    post_application(cycle, registration_data(cycle.program))
    assert Application.objects.get(user=mentee).self_assessment == self_assessment


def test_a_person_cannot_apply_twice_in_the_same_role(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    ApplicationFactory(cycle=cycle, user=mentee, role=Role.MENTEE)
    client.force_login(mentee)
    response = post_application(cycle, registration_data(cycle.program, roles=("mentee",)))
    assert "Select a valid choice. mentee is not one of the available choices." in response.content.decode()
    assert Application.objects.filter(user=mentee).count() == 1
    assert not Consent.objects.exists()


def test_after_one_role_only_the_other_is_offered(client: Client, cycle: Cycle, mentee: User) -> None:
    ApplicationFactory(cycle=cycle, user=mentee, role=Role.MENTEE)
    client.force_login(mentee)
    form = client.get(apply_url(cycle)).context["form"]
    assert [value for value, _label in form.fields["roles"].choices] == ["mentor"]


def test_after_both_roles_the_person_is_sent_to_their_journey(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    ApplicationFactory(cycle=cycle, user=mentee, role=Role.MENTEE)
    ApplicationFactory(cycle=cycle, user=mentee, role=Role.MENTOR)
    client.force_login(mentee)
    response = client.get(apply_url(cycle), follow=True)
    assert response.redirect_chain == [(reverse("applications:journey"), 302)]
    assert "You have already applied to this cycle as a mentor and as a mentee." in response.content.decode()


# --- Bad input: errors shown, typed input kept, nothing saved --------------------------------------------------


def assert_nothing_saved(applicant: User) -> None:
    assert not Application.objects.filter(user=applicant).exists()
    assert not StatusChange.objects.filter(application__user=applicant).exists()
    assert not Consent.objects.filter(user=applicant).exists()
    assert not mail.outbox


def test_both_roles_with_a_capacity_over_the_program_limit_creates_neither(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(mentee)
    data = registration_data(
        cycle.program, roles=("mentor", "mentee"), capacity="4", motivation="Typed by me"
    )
    response = post_application(cycle, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the errors below." in html
    assert "Ensure this value is less than or equal to 3." in html
    assert ">\nTyped by me</textarea>" in html
    assert 'name="capacity" value="4"' in html
    assert_nothing_saved(mentee)


def test_a_mentor_without_capacity_is_refused(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(mentee)
    response = post_application(cycle, registration_data(cycle.program, roles=("mentor",), capacity=""))
    assert response.context["form"].errors["capacity"] == ["This field is required."]
    assert_nothing_saved(mentee)


def test_a_mentee_without_goals_is_refused(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(mentee)
    response = post_application(cycle, registration_data(cycle.program, objectives=""))
    assert response.context["form"].errors["objectives"] == ["This field is required."]
    assert_nothing_saved(mentee)


def test_answers_for_a_role_not_chosen_are_ignored(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(mentee)
    response = post_application(cycle, registration_data(cycle.program, roles=("mentee",), capacity="99"))
    assert response.status_code == 302
    assert Application.objects.get(user=mentee).capacity is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"roles": []}, "roles", "This field is required."),
        ({"consent": None}, "consent", "This field is required."),
        ({"motivation": ""}, "motivation", "This field is required."),
        ({"topics": []}, "topics", "This field is required."),
        ({"languages": []}, "languages", "This field is required."),
        ({"region": "ZZ"}, "region", "Select a valid choice. ZZ is not one of the available choices."),
        ({"years_of_experience": "seventy-one"}, "years_of_experience", "Enter a whole number."),
        ({"manager_email": "not-an-email"}, "manager_email", "Enter a valid email address."),
    ],
)
def test_bad_input_shows_the_error_and_saves_nothing(
    client: Client,
    cycle: Cycle,
    mentee: User,
    post_application: Callable[..., Any],
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    client.force_login(mentee)
    response = post_application(cycle, registration_data(cycle.program, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert_nothing_saved(mentee)


def test_membership_number_is_required_with_the_program_label_when_the_program_requires_it(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    program = cycle.program
    program.membership_required = True
    program.membership_label_en = "CCHL member number"
    program.save()
    client.force_login(mentee)
    response = post_application(cycle, registration_data(program))
    assert "CCHL member number" in response.content.decode()
    assert response.context["form"].errors["membership_number"] == ["This field is required."]
    assert_nothing_saved(mentee)
    response = post_application(cycle, registration_data(program, membership_number="M-1234"))
    assert response.status_code == 302
    assert Application.objects.get(user=mentee).membership_number == "M-1234"


def test_no_membership_field_when_the_program_does_not_require_it(
    client: Client, cycle: Cycle, mentee: User
) -> None:
    client.force_login(mentee)
    assert "membership_number" not in client.get(apply_url(cycle)).context["form"].fields


# --- Program questions ----------------------------------------------------------------------------------------


def test_program_registration_questions_are_asked_and_kept_per_role(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    mentee_questions = cycle.program.questionnaires.get(kind=Questionnaire.Kind.MENTEE_REGISTRATION)
    mentor_questions = cycle.program.questionnaires.get(kind=Questionnaire.Kind.MENTOR_REGISTRATION)
    goal = Question.objects.create(
        questionnaire=mentee_questions,
        text_en="Which capability do you want to grow?",
        text_fr="Quelle capacité voulez-vous développer?",
        kind=Question.Kind.SHORT_TEXT,
    )
    lived = Question.objects.create(
        questionnaire=mentor_questions,
        text_en="Have you mentored before?",
        text_fr="Avez-vous déjà été mentor?",
        kind=Question.Kind.YES_NO,
    )
    client.force_login(mentee)
    html = client.get(apply_url(cycle)).content.decode()
    assert "Which capability do you want to grow?" in html
    assert "Have you mentored before?" in html

    response = post_application(cycle, registration_data(cycle.program, roles=("mentee",)))
    assert response.context["form"].errors[f"mentee_{goal.pk}"] == ["This field is required."]
    assert_nothing_saved(mentee)

    data = registration_data(
        cycle.program,
        roles=("mentor", "mentee"),
        **{
            f"mentee_{goal.pk}": "Engage my physicians",
            f"mentor_{lived.pk}": "yes",
        },
    )
    assert post_application(cycle, data).status_code == 302
    assert Application.objects.get(role=Role.MENTEE).extra_answers == {str(goal.pk): "Engage my physicians"}
    assert Application.objects.get(role=Role.MENTOR).extra_answers == {str(lived.pk): "yes"}


# --- Privacy by default ---------------------------------------------------------------------------------------


def test_only_mentors_who_opted_in_can_be_named_as_preferred_mentor(
    client: Client,
    cycle: Cycle,
    mentee: User,
    visible_mentor_application: Application,
    hidden_mentor_application: Application,
) -> None:
    client.force_login(mentee)
    html = client.get(apply_url(cycle)).content.decode()
    assert "Nadia Bouchard — Chief nursing officer, CHU de Québec" in html
    assert "Discrète" not in html


def test_a_hidden_mentor_cannot_be_named_even_by_a_forged_post(
    client: Client,
    cycle: Cycle,
    mentee: User,
    hidden_mentor_application: Application,
    post_application: Callable[..., Any],
) -> None:
    client.force_login(mentee)
    response = post_application(
        cycle, registration_data(cycle.program, preferred_mentor=str(hidden_mentor_application.pk))
    )
    assert "preferred_mentor" in response.context["form"].errors
    assert_nothing_saved(mentee)


def test_a_mentee_can_name_a_visible_mentor(
    client: Client,
    cycle: Cycle,
    mentee: User,
    visible_mentor_application: Application,
    post_application: Callable[..., Any],
) -> None:
    client.force_login(mentee)
    data = registration_data(cycle.program, preferred_mentor=str(visible_mentor_application.pk))
    assert post_application(cycle, data).status_code == 302
    assert Application.objects.get(user=mentee).preferred_mentor == visible_mentor_application


def test_a_mentor_of_another_cycle_is_not_offered(
    client: Client, cycle: Cycle, mentee: User, mentor: User, program: Program
) -> None:
    mentor.profile_visible = True
    mentor.save()
    other_cycle = closed_cycle(program, name="2025-2026", status=Cycle.Status.MATCHING)
    ApplicationFactory(cycle=other_cycle, user=mentor, role=Role.MENTOR)
    client.force_login(mentee)
    assert "Bouchard" not in client.get(apply_url(cycle)).content.decode()


def test_profile_stays_private_unless_the_applicant_opts_in(
    client: Client, cycle: Cycle, mentee: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(mentee)
    post_application(cycle, registration_data(cycle.program))
    mentee.refresh_from_db()
    assert mentee.profile_visible is False
    assert not Consent.objects.filter(purpose=ConsentPurpose.PROFILE_SHARING).exists()


def test_opting_in_shows_the_profile_and_records_the_consent(
    client: Client, cycle: Cycle, mentor: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(mentor)
    post_application(cycle, registration_data(cycle.program, roles=("mentor",), profile_visible="on"))
    mentor.refresh_from_db()
    assert mentor.profile_visible is True
    sharing = Consent.objects.get(user=mentor, purpose=ConsentPurpose.PROFILE_SHARING)
    assert sharing.granted is True


def test_a_coordinator_of_another_program_may_apply_as_a_person(
    client: Client, cycle: Cycle, other_coordinator: User, post_application: Callable[..., Any]
) -> None:
    client.force_login(other_coordinator)
    assert post_application(cycle, registration_data(cycle.program, roles=("mentor",))).status_code == 302
    assert Application.objects.get(user=other_coordinator).role == Role.MENTOR
