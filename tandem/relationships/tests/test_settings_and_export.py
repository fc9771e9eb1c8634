"""Coordinators edit the program's workspace texts; a person's export holds their workspaces."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.evaluations.services import answer_checkin
from tandem.programs.models import Program
from tandem.relationships import services
from tandem.relationships.models import CapabilityDomain, ProgramWorkspaceSettings, Relationship
from tandem.relationships.selectors import workspace_data_for_export, workspace_settings_for


def settings_data(**overrides: str) -> dict[str, str]:
    data = {
        "confidentiality_text_en": "We keep it between us.",
        "confidentiality_text_fr": "Cela reste entre nous.",
        "agreement_intro_en": "Agree on your rules.",
        "agreement_intro_fr": "Convenez de vos règles.",
        "meeting_interval_days": "30",
        "capability_domains": "Lead self | Être leader de soi-même\nEngage others | Mobiliser les autres",
    }
    data.update(overrides)
    return data


def test_a_coordinator_rewords_the_commitment_and_sets_the_framework(
    client: Client, coordinator: User, program: Program
) -> None:
    client.force_login(coordinator)
    edit = reverse("workspace_settings:edit", args=[program.slug])
    assert "Nous nous engageons" in client.get(edit).content.decode()

    assert client.post(edit, settings_data()).status_code == 302

    saved = ProgramWorkspaceSettings.objects.get(program=program)
    assert saved.confidentiality_version == "2"
    assert saved.meeting_interval_days == 30
    assert list(CapabilityDomain.objects.filter(program=program).values_list("name_en", "position")) == [
        ("Lead self", 0),
        ("Engage others", 1),
    ]


def test_a_malformed_framework_line_keeps_the_input_and_saves_nothing(
    client: Client, coordinator: User, program: Program
) -> None:
    client.force_login(coordinator)
    edit = reverse("workspace_settings:edit", args=[program.slug])
    response = client.post(
        edit, settings_data(capability_domains="Lead self without French", meeting_interval_days="2")
    )
    body = response.content.decode()
    assert "Line 1: write the English name, a vertical bar, then the French name." in body
    assert "Lead self without French" in body
    assert not ProgramWorkspaceSettings.objects.exists()
    assert not CapabilityDomain.objects.exists()


def test_the_settings_page_is_404_outside_the_program(
    client: Client, other_coordinator: User, mentor: User, program: Program
) -> None:
    edit = reverse("workspace_settings:edit", args=[program.slug])
    for person in (other_coordinator, mentor):
        client.force_login(person)
        assert client.get(edit).status_code == 404
        assert client.post(edit, settings_data()).status_code == 404
    assert workspace_settings_for(program).pk is None


def test_earlier_signatures_stay_valid_after_a_rewording(pair: Relationship, coordinator: User) -> None:
    services.sign_confidentiality(
        relationship=pair, by=pair.mentor.user, typed_name="Nadia Bouchard", language="en"
    )
    services.update_workspace_settings(
        program=pair.cycle.program,
        by=coordinator,
        fields={"confidentiality_text_en": "New words", "confidentiality_text_fr": "Nouveaux mots"},
        domains=[],
    )
    services.sign_confidentiality(
        relationship=pair, by=pair.mentee.user, typed_name="Amira Haddad", language="fr"
    )
    pair.refresh_from_db()
    assert pair.confidentiality_signed_at is not None
    versions = dict(pair.confidentiality_signatures.values_list("user__first_name", "text_version"))
    assert versions == {"Nadia": "1", "Amira": "2"}


def test_the_export_holds_the_persons_workspace_but_not_the_partners_private_answers(
    pair: Relationship,
) -> None:
    Relationship.objects.filter(pk=pair.pk).update(activated_on=pair.started_on)
    pair.refresh_from_db()
    services.log_meeting(
        relationship=pair,
        by=pair.mentee.user,
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        minutes=60,
        meeting_format="video",
        private_notes="Budget",
    )
    answer_checkin(
        relationship=pair,
        by=pair.mentor.user,
        kind="quarterly",
        period=1,
        standing="on_track",
        reflection="Mine",
    )

    [exported] = workspace_data_for_export(pair.mentee.user)

    assert exported["role"] == "mentee"
    assert exported["partner"] == "Nadia Bouchard"
    assert exported["meetings"][0]["private_notes"] == "Budget"
    assert exported["my_checkins"] == []
    [mentor_view] = workspace_data_for_export(pair.mentor.user)
    assert mentor_view["my_checkins"][0]["reflection"] == "Mine"
