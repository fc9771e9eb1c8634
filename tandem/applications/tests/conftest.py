"""Fixtures for the participant pages: a recruiting cycle, applications, and a stand-in for a route not merged yet."""

import datetime

import pytest
from django.utils import timezone

from tandem.accounts.models import User
from tandem.applications.models import Application, Role
from tandem.programs.models import Cycle, Program
from tandem.testing.factories import ApplicationFactory, CycleFactory, UserFactory


def closed_cycle(program: Program, **overrides: object) -> Cycle:
    """A cycle whose recruitment closed yesterday (status still recruiting: dates alone close it)."""
    today = timezone.localdate()
    fields = {
        "program": program,
        "recruitment_opens": today - datetime.timedelta(days=60),
        "recruitment_closes": today - datetime.timedelta(days=1),
        "matching_date": today + datetime.timedelta(days=10),
        "starts": today + datetime.timedelta(days=20),
        "midpoint": today + datetime.timedelta(days=150),
        "ends": today + datetime.timedelta(days=300),
        **overrides,
    }
    return CycleFactory(**fields)


@pytest.fixture
def visible_mentor_application(cycle: Cycle, mentor: User) -> Application:
    """Nadia mentors in the cycle and chose to show her profile to other participants."""
    mentor.profile_visible = True
    mentor.job_title = "Chief nursing officer"
    mentor.organization = "CHU de Québec"
    mentor.save()
    return ApplicationFactory(
        cycle=cycle, user=mentor, role=Role.MENTOR, capacity=2, expertise="Leading change"
    )


@pytest.fixture
def hidden_mentor_application(cycle: Cycle) -> Application:
    """A mentor who kept the default: their profile is not shown to other participants."""
    hidden = UserFactory(first_name="Hélène", last_name="Discrète", profile_visible=False)
    return ApplicationFactory(cycle=cycle, user=hidden, role=Role.MENTOR, capacity=1)


@pytest.fixture
def french_mentee(db: None) -> User:
    return UserFactory(
        email="lea.gagnon@example.org", first_name="Léa", last_name="Gagnon", preferred_language="fr"
    )
