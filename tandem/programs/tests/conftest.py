"""Fixtures of the programs app's tests: one object of each kind a coordinator page works on."""

import datetime

import pytest

from tandem.accounts.models import User
from tandem.programs.models import Cycle, Program, ProgramRole, Question, ReferenceDocument, Topic
from tandem.testing.factories import CycleFactory, ProgramRoleFactory, ReferenceDocumentFactory, UserFactory


@pytest.fixture
def topic(program: Program) -> Topic:
    return program.topics.order_by("position").first()


@pytest.fixture
def question(program: Program) -> Question:
    return program.questionnaires.get(kind="mentor_self").questions.order_by("position").first()


@pytest.fixture
def document(program: Program) -> ReferenceDocument:
    return ReferenceDocumentFactory(program=program, stage=1)


@pytest.fixture
def committee_role(program: Program, committee_member: User) -> ProgramRole:
    return ProgramRole.objects.get(program=program, user=committee_member)


@pytest.fixture
def staff_without_mfa(program: Program) -> User:
    """A coordinator of the program who has not set up an authenticator app yet."""
    user = UserFactory(email="lea.gagnon@example.org", first_name="Léa", last_name="Gagnon")
    ProgramRoleFactory(program=program, user=user, role=ProgramRole.Role.COORDINATOR)
    return user


def cycle_dates(start: datetime.date) -> dict[str, datetime.date]:
    """Dates of a valid cycle whose recruitment opens on `start`."""
    return {
        "recruitment_opens": start,
        "recruitment_closes": start + datetime.timedelta(days=30),
        "matching_date": start + datetime.timedelta(days=45),
        "starts": start + datetime.timedelta(days=60),
        "midpoint": start + datetime.timedelta(days=200),
        "ends": start + datetime.timedelta(days=330),
    }


@pytest.fixture
def draft_cycle(program: Program) -> Cycle:
    return CycleFactory(program=program, name="2027-2028", status=Cycle.Status.DRAFT)
