"""A pair in a running cycle, shared by the workspace, evaluation and notification tests.

Nadia (mentor) and Amira (mentee) were matched in the health-leaders program's running cycle, which
started 100 days ago; Camille coordinates the program.
"""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from tandem.accounts.models import User
from tandem.applications.models import Application, Role
from tandem.programs.models import Cycle, Program
from tandem.relationships.models import Agreement, AgreementSignature, ConfidentialitySignature, Relationship
from tandem.testing.factories import ApplicationFactory, CycleFactory, RelationshipFactory, UserFactory

SENTINEL = "SENTINEL-7f3a-private"


def running_cycle_of(program: Program, *, started_days_ago: int = 100, **overrides: Any) -> Cycle:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=started_days_ago)
    fields: dict[str, Any] = {
        "program": program,
        "recruitment_opens": start - datetime.timedelta(days=90),
        "recruitment_closes": start - datetime.timedelta(days=40),
        "matching_date": start - datetime.timedelta(days=20),
        "starts": start,
        "midpoint": start + datetime.timedelta(days=180),
        "ends": start + datetime.timedelta(days=330),
        "status": Cycle.Status.RUNNING,
        **overrides,
    }
    return CycleFactory(**fields)


def make_pair(cycle: Cycle, mentor: User, mentee: User, **fields: Any) -> Relationship:
    mentor_application = ApplicationFactory(
        cycle=cycle, user=mentor, role=Role.MENTOR, status=Application.Status.ACCEPTED
    )
    mentee_application = ApplicationFactory(
        cycle=cycle, user=mentee, role=Role.MENTEE, status=Application.Status.ACCEPTED
    )
    return RelationshipFactory(cycle=cycle, mentor=mentor_application, mentee=mentee_application, **fields)


def sign_agreement_and_commitment(pair: Relationship) -> Agreement:
    """Both partners signed a monthly video agreement and the confidentiality commitment, each typing their name."""
    agreement = Agreement.objects.create(
        relationship=pair,
        meeting_frequency=Agreement.Frequency.MONTHLY,
        usual_length_minutes=60,
        meeting_format="video",
        cancellation_policy="A day ahead.",
        starts_on=pair.started_on,
        planned_end=pair.planned_end,
    )
    for person in (pair.mentor.user, pair.mentee.user):
        AgreementSignature.objects.create(
            agreement=agreement, user=person, version=1, typed_name=person.get_full_name()
        )
        ConfidentialitySignature.objects.create(
            relationship=pair,
            user=person,
            text_version="1",
            language="en",
            text="What we say stays between us.",
            typed_name=person.get_full_name(),
        )
    return agreement


@pytest.fixture
def running_cycle(program: Program) -> Cycle:
    return running_cycle_of(program, name="2026-2027 running")


@pytest.fixture
def pair(running_cycle: Cycle, mentor: User, mentee: User) -> Relationship:
    return make_pair(running_cycle, mentor, mentee)


@pytest.fixture
def other_participant(db: None) -> User:
    return UserFactory(email="olivier.roy@example.org", first_name="Olivier", last_name="Roy")
