import json

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Consent, User
from tandem.accounts.services import erase_account, record_consent
from tandem.applications.models import Application, StatusChange
from tandem.evaluations.models import CheckIn
from tandem.notifications.models import OutgoingEmail
from tandem.notifications.services import notify
from tandem.programs.models import Cycle, Program, ProgramRole
from tandem.relationships import services as workspace
from tandem.relationships.models import (
    AgreementSignature,
    ClosingReflection,
    ConfidentialitySignature,
    Relationship,
)
from tandem.relationships.tests.fixtures import make_pair, running_cycle_of, sign_agreement_and_commitment
from tandem.testing.factories import PASSWORD, ApplicationFactory, CycleFactory


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


@pytest.fixture
def completed_pair(program: Program, mentor: User, mentee: User) -> Relationship:
    """Nadia mentored Amira through a cycle that ended as planned: a confirmed two-hour meeting, a goal,
    a check-in each and Amira's closing reflection. Amira has also applied to the program's next cycle."""
    pair = make_pair(running_cycle_of(program, started_days_ago=340), mentor, mentee)
    Application.objects.filter(pk=pair.mentee_id).update(motivation="AMIRA-PRIVATE-MOTIVATION")
    meeting = workspace.log_meeting(
        relationship=pair, by=mentor, held_on=timezone.localdate(), minutes=120, meeting_format="video"
    )
    workspace.confirm_meeting(meeting=meeting, by=mentee)
    workspace.create_goal(
        relationship=pair,
        by=mentee,
        fields={
            "specific": "Lead the budget review",
            "measurable": "Presented",
            "target_date": timezone.localdate(),
        },
    )
    for person in (mentor, mentee):
        CheckIn.objects.create(
            relationship=pair,
            author=person,
            kind="quarterly",
            period=1,
            standing="good",
            reflection=f"{person.pk}-CHECKIN",
        )
    Relationship.objects.filter(pk=pair.pk).update(
        status=Relationship.Status.COMPLETED, ended_on=timezone.localdate(), planned_end=timezone.localdate()
    )
    ClosingReflection.objects.create(relationship=pair, author=mentee, text="AMIRA-TAKEAWAY")
    sign_agreement_and_commitment(pair)
    ApplicationFactory(user=mentee, cycle=CycleFactory(program=program), motivation="AMIRA-NEXT-CYCLE")
    record_consent(user=mentee, purpose="participation", granted=True, text="I agree.", program=program)
    return pair


def test_erasure_after_an_ended_relationship_keeps_the_partners_history_without_the_person(
    client: Client, completed_pair: Relationship, mentor: User, mentee: User
) -> None:
    client.force_login(mentee)
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    erased = User.objects.get(pk=mentee.pk)
    assert erased.erased_at is not None
    assert erased.email.endswith("@erased.invalid")
    assert (erased.first_name, erased.last_name, erased.is_active, erased.has_usable_password()) == (
        "",
        "",
        False,
        False,
    )
    assert not User.objects.filter(email="amira.haddad@example.org").exists()
    assert not Client().login(email="amira.haddad@example.org", password=PASSWORD)
    assert Consent.objects.filter(user=erased).count() == 0
    # Only the application the relationship points to is kept, withdrawn and without her words.
    kept = Application.objects.get(user=erased)
    assert kept.pk == completed_pair.mentee_id
    assert (kept.status, kept.motivation, list(kept.topics.all())) == ("withdrawn", "", [])
    assert list(kept.status_changes.values_list("from_status", "to_status", "changed_by")) == [
        ("accepted", "withdrawn", None)
    ]
    assert not Application.objects.filter(
        motivation__in=["AMIRA-PRIVATE-MOTIVATION", "AMIRA-NEXT-CYCLE"]
    ).exists()
    assert list(CheckIn.objects.values_list("author", flat=True)) == [mentor.pk]
    assert not ClosingReflection.objects.exists()

    # Nadia keeps the relationship, its meeting, goal and credit hours, and sees a former participant.
    client.force_login(mentor)
    assert not AgreementSignature.objects.filter(typed_name__icontains="Amira").exists()
    assert not ConfidentialitySignature.objects.filter(typed_name__icontains="Amira").exists()
    for name in (
        "relationships:home",
        "relationships:agreement",
        "relationships:confidentiality",
        "relationships:meetings",
        "relationships:goals",
        "relationships:credits",
    ):
        body = client.get(reverse(name, args=[completed_pair.pk])).content.decode()
        assert "Amira" not in body, name
        assert "amira.haddad" not in body, name
    assert (
        "Former participant"
        in client.get(reverse("relationships:home", args=[completed_pair.pk])).content.decode()
    )
    assert (
        "Lead the budget review"
        in client.get(reverse("relationships:goals", args=[completed_pair.pk])).content.decode()
    )
    assert "2.00" in client.get(reverse("relationships:credits", args=[completed_pair.pk])).content.decode()
    export = client.get(reverse("accounts:export")).content.decode()
    assert "Amira" not in export
    relationship = json.loads(export)["relationships"][0]
    assert relationship["partner"] == "Former participant"
    assert sorted(s["name"] for s in relationship["agreement"]["signatures"]) == [
        "Former participant",
        "Nadia Bouchard",
    ]


# Every link from a model to a person, and what erasure does with it when the account row must stay (an
# ended relationship points to it). A new model pointing to a person fails this test until it is placed.
ERASED_WITH_THE_PERSON = {
    "admin.LogEntry.user",
    "account.EmailAddress.user",
    "mfa.Authenticator.user",
    "accounts.Consent.user",
    "programs.ProgramRole.user",
    "applications.SelfAssessment.user",
    "evaluations.CheckIn.author",
    "relationships.Concern.raised_by",
    "relationships.ClosingReflection.author",
    "relationships.ReminderSent.user",
    "relationships.NextCycleInvitation.user",
    "notifications.OutgoingEmail.user",
    "notifications.NotificationPreference.user",
}
KEPT_POINTING_TO_THE_ANONYMOUS_ACCOUNT = {
    # Emptied and withdrawn when a relationship points to them, deleted otherwise.
    "applications.Application.user",
    # The partner's record that both signed; the typed name is blanked.
    "relationships.AgreementSignature.user",
    "relationships.ConfidentialitySignature.user",
    # Who did what: audit facts, now pointing to "Former participant".
    "applications.Application.conversation_recorded_by",
    "applications.StatusChange.changed_by",
    "programs.CycleStatusChange.changed_by",
    "matching.MatchingRun.requested_by",
    "matching.Proposal.approved_by",
    "matching.PairRule.created_by",
    "matching.MatchingEvent.actor",
    "matching.ProposalComment.author",
    "relationships.Relationship.ended_by",
    "relationships.Relationship.extension_proposed_by",
    "relationships.Goal.created_by",
    "relationships.GoalChange.changed_by",
    "relationships.Meeting.planned_by",
    "relationships.Meeting.logged_by",
    "relationships.Meeting.confirmed_by",
}


def test_every_model_pointing_to_a_person_is_erased_or_kept_on_purpose() -> None:
    links = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is User
    }
    assert links == ERASED_WITH_THE_PERSON | KEPT_POINTING_TO_THE_ANONYMOUS_ACCOUNT


def test_an_erased_person_is_never_emailed_again(completed_pair: Relationship, mentee: User) -> None:
    erase_account(user=mentee)
    mail.outbox.clear()

    assert (
        notify(
            user=User.objects.get(pk=mentee.pk),
            template="relationship_ended",
            context={"relationship": completed_pair, "by": None},
        )
        is None
    )
    assert mail.outbox == []
    assert not OutgoingEmail.objects.filter(user=mentee).exists()


def test_without_any_relationship_the_person_is_deleted_outright(mentee: User, cycle: Cycle) -> None:
    ApplicationFactory(user=mentee, cycle=cycle)
    erase_account(user=mentee)
    assert not User.objects.filter(pk=mentee.pk).exists()
