import json

from django.test import Client
from django.urls import reverse

from tandem.accounts.models import Consent, User
from tandem.accounts.services import record_consent
from tandem.applications.models import Application, StatusChange
from tandem.programs.models import Cycle, Program, ProgramRole
from tandem.testing.factories import PASSWORD, ApplicationFactory


def test_anonymous_visitor_cannot_export_or_erase(client: Client, db: None) -> None:
    for name in ("accounts:export", "accounts:erase"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_export_contains_the_persons_profile_consents_and_applications_only(
    client: Client, mentee: User, mentor: User, cycle: Cycle
) -> None:
    own = ApplicationFactory(user=mentee, cycle=cycle, motivation="Apprendre à diriger une équipe")
    ApplicationFactory(user=mentor, cycle=cycle, role="mentor", motivation="Someone else's motivation")
    StatusChange.objects.create(application=own, from_status="", to_status="submitted", changed_by=mentee)
    record_consent(user=mentee, purpose="participation", granted=True, text="I agree.", program=cycle.program)
    client.force_login(mentee)

    response = client.get(reverse("accounts:export"))

    assert response["Content-Disposition"].startswith('attachment; filename="tandem-my-data-')
    data = json.loads(response.content)
    assert data["profile"]["email"] == "amira.haddad@example.org"
    assert [a["motivation"] for a in data["applications"]] == ["Apprendre à diriger une équipe"]
    assert data["applications"][0]["status_history"][0]["to"] == "submitted"
    assert [(c["purpose"], c["granted"], c["program"]) for c in data["consents"]] == [
        ("participation", True, "health-leaders")
    ]
    assert "Someone else's motivation" not in response.content.decode()


def test_erasing_the_account_deletes_the_person_and_their_applications(
    client: Client, mentee: User, cycle: Cycle
) -> None:
    ApplicationFactory(user=mentee, cycle=cycle)
    record_consent(user=mentee, purpose="participation", granted=True, text="I agree.")
    client.force_login(mentee)

    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(email="amira.haddad@example.org").exists()
    assert Application.objects.count() == 0
    assert Consent.objects.count() == 0


def test_erasure_with_a_wrong_password_keeps_everything(client: Client, mentee: User) -> None:
    client.force_login(mentee)
    response = client.post(reverse("accounts:erase"), {"password": "not-my-password", "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["This is not your password."]}
    assert User.objects.filter(pk=mentee.pk).exists()


def test_the_last_coordinator_of_a_program_cannot_erase_their_account(
    client: Client, coordinator: User, program: Program
) -> None:
    client.force_login(coordinator)
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert "You are the only coordinator of a program." in response.content.decode()
    assert ProgramRole.objects.filter(user=coordinator, program=program).exists()


def test_a_person_in_an_open_relationship_cannot_erase_their_account(client: Client, db: None) -> None:
    from tandem.testing.factories import RelationshipFactory

    pair = RelationshipFactory(status="active")
    mentee = pair.mentee.user
    client.force_login(mentee)
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert "You are in a mentoring relationship." in response.content.decode()
    assert User.objects.filter(pk=mentee.pk).exists()
