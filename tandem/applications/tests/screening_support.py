"""Helpers shared by the screening tests. Test modules import `screening_test_defaults` to switch it on."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.fixtures import Settings

from tandem.accounts.models import User
from tandem.applications.models import Application
from tandem.programs.models import Cycle
from tandem.testing.factories import ApplicationFactory, UserFactory


def applicant(cycle: Cycle, first_name: str, last_name: str, **fields: Any) -> Application:
    """An application by a new person named `first_name last_name`; `user__*` fields go to the person."""
    user_fields = {
        key.removeprefix("user__"): value for key, value in fields.items() if key.startswith("user__")
    }
    application_fields = {key: value for key, value in fields.items() if not key.startswith("user__")}
    user = UserFactory(
        first_name=first_name,
        last_name=last_name,
        email=f"{first_name}.{last_name}@example.org".lower(),
        **user_fields,
    )
    return ApplicationFactory(cycle=cycle, user=user, **application_fields)


def list_url(cycle: Cycle, query: str = "") -> str:
    url = reverse("screening:list", args=[cycle.program.slug, cycle.pk])
    return f"{url}?{query}" if query else url


def detail_url(application: Application, *, via: Cycle | None = None) -> str:
    cycle = via or application.cycle
    return reverse("screening:detail", args=[cycle.program.slug, cycle.pk, application.pk])


def decide_url(application: Application) -> str:
    cycle = application.cycle
    return reverse("screening:decide", args=[cycle.program.slug, cycle.pk, application.pk])


def conversation_url(application: Application) -> str:
    cycle = application.cycle
    return reverse("screening:conversation", args=[cycle.program.slug, cycle.pk, application.pk])


def bulk_url(cycle: Cycle) -> str:
    return reverse("screening:bulk", args=[cycle.program.slug, cycle.pk])


def export_url(cycle: Cycle, query: str = "") -> str:
    url = reverse("screening:export", args=[cycle.program.slug, cycle.pk])
    return f"{url}?{query}" if query else url


def names_in(html: str, candidates: list[str]) -> set[str]:
    """Which of the candidate names a page shows."""
    return {name for name in candidates if name in html}


def full_name(user: User) -> str:
    return user.display_name


@pytest.fixture(autouse=True)
def screening_test_defaults(settings: Settings) -> Iterator[None]:
    """Fast password hashing, and English again after each test.

    Factories hash a password per person: a fast hasher keeps tests with 40 applicants quick. A request
    under /fr/ leaves French active in the thread, which would change the next test's `reverse()`.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    translation.activate(settings.LANGUAGE_CODE)
