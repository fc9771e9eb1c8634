"""The pair is told, on its workspace home, when the workspace of a closed cycle will be erased.

Nadia and Amira's cycle closed on 30 June 2025; the program keeps personal data 3 years.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tandem.programs.models import CreditEarners, Cycle, CycleStatusChange, Program
from tandem.programs.retention import purge_expired_cycles
from tandem.relationships.models import Relationship

pytestmark = pytest.mark.django_db

CLOSED_ON = datetime.date(2025, 6, 30)


def _close(cycle: Cycle, day: datetime.date) -> None:
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    change = CycleStatusChange.objects.create(
        cycle=cycle, from_status=Cycle.Status.CLOSING, to_status=Cycle.Status.CLOSED
    )
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    CycleStatusChange.objects.filter(pk=change.pk).update(changed_at=noon)


def _home(client: Client, pair: Relationship, language: str = "en") -> str:
    with translation.override(language):
        url = reverse("relationships:home", args=[pair.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def as_mentee(client: Client, pair: Relationship) -> Client:
    client.force_login(pair.mentee.user)
    return client


def test_a_pair_of_a_running_cycle_reads_nothing_about_erasure(as_mentee: Client, pair: Relationship) -> None:
    content = _home(as_mentee, pair)
    assert "will be erased" not in content
    assert "<title>Pair workspace" in content


def test_the_pair_of_a_closed_cycle_is_told_the_erasure_date_and_to_download_the_credit_statement(
    as_mentee: Client, pair: Relationship
) -> None:
    Program.objects.filter(pk=pair.cycle.program_id).update(
        credits_per_hour=Decimal("1"), credit_earners=CreditEarners.ALL_PARTICIPANTS, credit_name_en="MOC"
    )
    _close(pair.cycle, CLOSED_ON)
    content = _home(as_mentee, pair)
    assert "This workspace will be erased on June 30, 2028." in content
    credits_url = reverse("relationships:credits", args=[pair.pk])
    assert f'<a href="{credits_url}">Download your credit statement</a> before then.' in content


def test_without_credits_the_pair_is_told_the_date_without_a_statement_link(
    client: Client, pair: Relationship
) -> None:
    _close(pair.cycle, CLOSED_ON)
    client.force_login(pair.mentor.user)
    content = _home(client, pair)
    assert "This workspace will be erased on June 30, 2028." in content
    assert "Download your credit statement" not in content


def test_the_french_workspace_home_gives_the_date_in_french(as_mentee: Client, pair: Relationship) -> None:
    _close(pair.cycle, CLOSED_ON)
    content = _home(as_mentee, pair, "fr")
    assert '<html lang="fr">' in content
    assert "30 juin 2028" in content
    assert content.count("<h1") == 1


def test_once_erased_the_workspace_is_gone(as_mentee: Client, pair: Relationship) -> None:
    _close(pair.cycle, CLOSED_ON)
    purge_expired_cycles(today=datetime.date(2028, 6, 30))
    assert as_mentee.get(reverse("relationships:home", args=[pair.pk])).status_code == 404
    assert not Relationship.objects.filter(pk=pair.pk).exists()
