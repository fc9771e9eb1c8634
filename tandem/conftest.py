"""Named personas shared by the whole suite.

The same few people appear in every test so a failure reads like a story: Camille coordinates the
health-leaders program, Hugo coordinates another program, Nadia mentors and Amira is a mentee.
"""

from collections.abc import Iterator

import pytest
from django.utils import translation
from pytest_django.fixtures import Settings

from tandem.accounts.models import User
from tandem.programs.models import Cycle, Program, ProgramRole
from tandem.testing.factories import (
    CycleFactory,
    ProgramFactory,
    ProgramRoleFactory,
    UserFactory,
    give_second_factor,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    """Factories set a password for every person; the production hasher would make the suite crawl."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """A request under /fr/ leaves French active in the thread; each test starts in English again."""
    with translation.override("en"):
        yield


@pytest.fixture
def program(db: None) -> Program:
    return ProgramFactory(
        slug="health-leaders", name_en="Health Leaders Mentoring", name_fr="Mentorat des leaders en santé"
    )


@pytest.fixture
def other_program(db: None) -> Program:
    return ProgramFactory(
        slug="pharma", name_en="Pharma Mentoring", name_fr="Mentorat pharma", organizer="ISPE"
    )


@pytest.fixture
def cycle(program: Program) -> Cycle:
    return CycleFactory(program=program, name="2026-2027")


@pytest.fixture
def coordinator(program: Program) -> User:
    user = UserFactory(email="camille.tremblay@example.org", first_name="Camille", last_name="Tremblay")
    ProgramRoleFactory(program=program, user=user, role=ProgramRole.Role.COORDINATOR)
    give_second_factor(user)
    return user


@pytest.fixture
def committee_member(program: Program) -> User:
    user = UserFactory(email="marc.lavoie@example.org", first_name="Marc", last_name="Lavoie")
    ProgramRoleFactory(program=program, user=user, role=ProgramRole.Role.COMMITTEE)
    give_second_factor(user)
    return user


@pytest.fixture
def other_coordinator(other_program: Program) -> User:
    user = UserFactory(email="hugo.chen@example.org", first_name="Hugo", last_name="Chen", region="ON")
    ProgramRoleFactory(program=other_program, user=user, role=ProgramRole.Role.COORDINATOR)
    give_second_factor(user)
    return user


@pytest.fixture
def mentor(db: None) -> User:
    return UserFactory(
        email="nadia.bouchard@example.org", first_name="Nadia", last_name="Bouchard", years_of_experience=22
    )


@pytest.fixture
def mentee(db: None) -> User:
    return UserFactory(
        email="amira.haddad@example.org", first_name="Amira", last_name="Haddad", years_of_experience=4
    )


@pytest.fixture
def staff_without_grant(db: None) -> User:
    """A platform staff account (Django admin access) that holds no role in any program."""
    return UserFactory(email="admin.staff@example.org", first_name="Sam", last_name="Admin", is_staff=True)
