"""Stage 2 continued: the owner edits until recruitment closes and may withdraw until the cycle runs."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.applications.models import Application, Role, StatusChange
from tandem.applications.services import submit_applications, update_application, withdraw_application
from tandem.applications.tests.conftest import closed_cycle
from tandem.applications.tests.helpers import registration_data
from tandem.programs.models import Cycle, Program
from tandem.testing.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def amira_application(cycle: Cycle, mentee: User) -> Application:
    return ApplicationFactory(cycle=cycle, user=mentee, role=Role.MENTEE)


def edit_url(application: Application) -> str:
    return reverse("applications:edit", args=[application.pk])


def withdraw_url(application: Application) -> str:
    return reverse("applications:withdraw", args=[application.pk])


def edit_data(application: Application, **overrides: object) -> dict[str, object]:
    data = registration_data(application.cycle.program, **overrides)
    for name in ("roles", "consent"):
        data.pop(name, None)
    return data


# --- Access ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_of", [edit_url, withdraw_url])
def test_anonymous_is_sent_to_sign_in(client: Client, amira_application: Application, url_of: object) -> None:
    response = client.get(url_of(amira_application))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url_of", [edit_url, withdraw_url])
def test_another_participant_gets_404(
    client: Client, amira_application: Application, mentor: User, url_of: object
) -> None:
    client.force_login(mentor)
    assert client.get(url_of(amira_application)).status_code == 404
    assert client.post(url_of(amira_application), {}).status_code == 404
    amira_application.refresh_from_db()
    assert amira_application.status == Application.Status.SUBMITTED


@pytest.mark.parametrize("url_of", [edit_url, withdraw_url])
def test_staff_of_the_program_or_another_get_404_on_these_personal_pages(
    client: Client, amira_application: Application, coordinator: User, other_coordinator: User, url_of: object
) -> None:
    for staff in (coordinator, other_coordinator):
        client.force_login(staff)
        assert client.get(url_of(amira_application)).status_code == 404


# --- Edit -----------------------------------------------------------------------------------------------------


def test_the_owner_sees_their_answers_without_the_roles_and_consent(
    client: Client, amira_application: Application, mentee: User
) -> None:
    client.force_login(mentee)
    form = client.get(edit_url(amira_application)).context["form"]
    assert form["motivation"].value() == "Grow as a leader in the health network."
    assert "roles" not in form.fields
    assert "consent" not in form.fields
    assert "capacity" not in form.fields  # a mentee's application has no mentor questions


def test_the_owner_saves_changes(client: Client, amira_application: Application, mentee: User) -> None:
    client.force_login(mentee)
    response = client.post(
        edit_url(amira_application), edit_data(amira_application, objectives="Coach my team")
    )
    assert response.status_code == 302
    amira_application.refresh_from_db()
    assert amira_application.objectives == "Coach my team"
    assert amira_application.status == Application.Status.SUBMITTED


def test_a_mentor_edits_capacity_within_the_program_limit(client: Client, cycle: Cycle, mentor: User) -> None:
    application = ApplicationFactory(cycle=cycle, user=mentor, role=Role.MENTOR, capacity=1)
    client.force_login(mentor)
    response = client.post(edit_url(application), edit_data(application, capacity="9", motivation="Changed"))
    assert "Ensure this value is less than or equal to 3." in response.content.decode()
    assert 'name="capacity" value="9"' in response.content.decode()
    application.refresh_from_db()
    assert (application.capacity, application.motivation) == (1, "Grow as a leader in the health network.")
    client.post(edit_url(application), edit_data(application, capacity="3"))
    application.refresh_from_db()
    assert application.capacity == 3


def test_bad_input_on_edit_keeps_what_was_typed_and_changes_nothing(
    client: Client, amira_application: Application, mentee: User
) -> None:
    client.force_login(mentee)
    response = client.post(
        edit_url(amira_application), edit_data(amira_application, motivation="", objectives="New goals typed")
    )
    html = response.content.decode()
    assert "Please correct the errors below." in html
    assert "New goals typed" in html
    amira_application.refresh_from_db()
    assert amira_application.objectives == "Learn to lead change in a large team."


def test_editing_after_recruitment_closed_is_refused(client: Client, program: Program, mentee: User) -> None:
    application = ApplicationFactory(cycle=closed_cycle(program), user=mentee, role=Role.MENTEE)
    client.force_login(mentee)
    response = client.post(edit_url(application), edit_data(application, objectives="Too late"))
    assert response.status_code == 200
    assert "This application can no longer be changed" in response.content.decode()
    application.refresh_from_db()
    assert application.objectives == "Learn to lead change in a large team."


@pytest.mark.parametrize("status", [Application.Status.DECLINED, Application.Status.WITHDRAWN])
def test_a_declined_or_withdrawn_application_cannot_be_edited(
    client: Client, cycle: Cycle, mentee: User, status: str
) -> None:
    application = ApplicationFactory(cycle=cycle, user=mentee, status=status)
    client.force_login(mentee)
    response = client.post(edit_url(application), edit_data(application, objectives="Changed"))
    assert "A withdrawn or declined application is closed." in response.content.decode()
    application.refresh_from_db()
    assert application.objectives == "Learn to lead change in a large team."


# --- Withdraw -------------------------------------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_first(
    client: Client, amira_application: Application, mentee: User
) -> None:
    client.force_login(mentee)
    html = client.get(withdraw_url(amira_application)).content.decode()
    assert "You are about to withdraw your application as Mentee" in html
    assert "<button" in html
    amira_application.refresh_from_db()
    assert amira_application.status == Application.Status.SUBMITTED


def test_withdrawing_records_the_change(client: Client, amira_application: Application, mentee: User) -> None:
    client.force_login(mentee)
    response = client.post(withdraw_url(amira_application))
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:journey")
    amira_application.refresh_from_db()
    assert amira_application.status == Application.Status.WITHDRAWN
    assert amira_application.withdrawn_at is not None
    change = StatusChange.objects.get(application=amira_application)
    assert (change.from_status, change.to_status, change.changed_by) == ("submitted", "withdrawn", mentee)


def test_withdrawing_is_allowed_during_matching(client: Client, program: Program, mentee: User) -> None:
    application = ApplicationFactory(
        cycle=closed_cycle(program, status=Cycle.Status.MATCHING),
        user=mentee,
        status=Application.Status.ACCEPTED,
    )
    client.force_login(mentee)
    client.post(withdraw_url(application))
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_withdrawing_is_refused_once_the_cycle_runs(client: Client, program: Program, mentee: User) -> None:
    application = ApplicationFactory(
        cycle=closed_cycle(program, status=Cycle.Status.RUNNING),
        user=mentee,
        status=Application.Status.ACCEPTED,
    )
    client.force_login(mentee)
    response = client.post(withdraw_url(application))
    assert "This application can no longer be changed" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert not StatusChange.objects.exists()


def test_withdrawing_twice_is_refused_by_the_service(amira_application: Application, mentee: User) -> None:
    withdraw_application(application=amira_application, by=mentee)
    with pytest.raises(ValidationError):
        withdraw_application(application=amira_application, by=mentee)
    assert StatusChange.objects.count() == 1


# --- Services guard what the forms already check -----------------------------------------------------------------


def test_submitting_after_recruitment_closed_is_refused_by_the_service(
    program: Program, mentee: User
) -> None:
    with pytest.raises(ValidationError):
        submit_applications(
            user=mentee,
            cycle=closed_cycle(program),
            roles=[Role.MENTEE],
            fields={"motivation": "x", "region": "QC", "languages": ["fr"], "years_of_experience": 3},
            topics=[],
            extra_answers={},
            profile_visible=False,
        )
    assert not Application.objects.exists()


def test_the_service_refuses_a_mentor_who_did_not_opt_in(
    cycle: Cycle, mentee: User, hidden_mentor_application: Application
) -> None:
    with pytest.raises(ValidationError) as error:
        submit_applications(
            user=mentee,
            cycle=cycle,
            roles=[Role.MENTEE],
            fields={
                "motivation": "x",
                "objectives": "y",
                "region": "QC",
                "languages": ["fr"],
                "years_of_experience": 3,
                "preferred_mentor": hidden_mentor_application,
            },
            topics=[],
            extra_answers={},
            profile_visible=False,
        )
    assert "preferred_mentor" in error.value.message_dict
    assert not Application.objects.filter(user=mentee).exists()


def test_the_service_refuses_an_edit_after_recruitment_closed(program: Program, mentee: User) -> None:
    application = ApplicationFactory(cycle=closed_cycle(program), user=mentee)
    with pytest.raises(ValidationError):
        update_application(
            application=application, fields={"motivation": "Too late"}, topics=[], extra_answers={}
        )
    application.refresh_from_db()
    assert application.motivation == "Grow as a leader in the health network."
