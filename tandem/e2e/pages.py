"""Every page the accessibility test visits, one line each: URL name, who opens it, and its URL arguments.

Pages another helper is still building are listed with built=False: while ALLOW_UNBUILT_PAGES is True, such a
page whose URL name does not resolve yet is skipped with "page not built yet". Once every branch is merged,
set ALLOW_UNBUILT_PAGES = False (the single switch) so a missing page fails instead.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import get_resolver, reverse
from django.utils import translation

from tandem.accounts.models import User
from tandem.applications.models import Application
from tandem.programs.models import Cycle, Program

ALLOW_UNBUILT_PAGES = False


@dataclass
class World:
    """The rows the pages need: one program with a recruiting cycle and an application, and its people."""

    program: Program
    cycle: Cycle
    application: Application
    people: dict[str, User | None] = field(default_factory=dict)


Kwargs = Callable[[World], dict[str, Any]]


def _none(world: World) -> dict[str, Any]:
    return {}


def _program(world: World) -> dict[str, Any]:
    return {"slug": world.program.slug}


def _cycle(world: World) -> dict[str, Any]:
    return {"slug": world.program.slug, "cycle_id": world.cycle.pk}


@dataclass(frozen=True)
class PageCase:
    url_name: str
    persona: str  # "anonymous" or a key of World.people
    kwargs: Kwargs = _none
    built: bool = True
    # Some pages (e.g. adding an authenticator) first ask for the password again (allauth reauthentication).
    reauthenticate: bool = False

    @property
    def id(self) -> str:
        return f"{self.url_name}-{self.persona}"

    def path(self, world: World, language: str) -> str:
        with translation.override(language):
            return reverse(self.url_name, kwargs=self.kwargs(world))

    def param(self) -> object:
        """This case for pytest.mark.parametrize, skipped (before any fixture runs) while not built yet."""
        marks = [] if self.built else [skip_until_built(self.url_name)]
        return pytest.param(self, id=self.id, marks=marks)


def url_name_exists(url_name: str) -> bool:
    """Whether `namespace:name` is routed, without needing its URL arguments."""
    *namespaces, name = url_name.split(":")
    resolver = get_resolver()
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        _prefix, resolver = resolver.namespace_dict[namespace]
    return name in resolver.reverse_dict


def skip_until_built(*url_names: str) -> pytest.MarkDecorator:
    """Skip a test while one of its pages is not routed in this branch, as long as ALLOW_UNBUILT_PAGES."""
    missing = [name for name in url_names if not url_name_exists(name)]
    return pytest.mark.skipif(
        ALLOW_UNBUILT_PAGES and bool(missing), reason=f"page not built yet: {', '.join(missing)}"
    )


PAGES: list[PageCase] = [
    # Anyone
    PageCase("core:home", "anonymous"),
    PageCase("account_login", "anonymous"),
    PageCase("account_signup", "anonymous"),
    PageCase("account_reset_password", "anonymous"),
    PageCase("account_reset_password_done", "anonymous"),
    PageCase("account_email_verification_sent", "anonymous"),
    # Participants
    PageCase("applications:journey", "mentee"),
    PageCase("accounts:profile", "mentee"),
    PageCase("account_email", "mentee"),
    PageCase("account_change_password", "mentee"),
    # Where a coordinator without a second factor is sent.
    PageCase("mfa_activate_totp", "newcomer", reauthenticate=True),
    PageCase("account_reauthenticate", "mentee"),
    PageCase("applications:open_cycles", "mentee", built=False),
    PageCase(
        "applications:self_assess",
        "newcomer",
        lambda w: {"cycle_id": w.cycle.pk, "role": "mentee"},
        built=False,
    ),
    PageCase("applications:apply", "newcomer", lambda w: {"cycle_id": w.cycle.pk}, built=False),
    PageCase("applications:edit", "mentee", lambda w: {"pk": w.application.pk}, built=False),
    PageCase("applications:withdraw", "mentee", lambda w: {"pk": w.application.pk}, built=False),
    # Program staff
    PageCase("programs:list", "coordinator"),
    PageCase("programs:home", "coordinator", _program, built=False),
    PageCase("programs:edit", "coordinator", _program, built=False),
    PageCase("programs:topics", "coordinator", _program, built=False),
    PageCase(
        "programs:questionnaire",
        "coordinator",
        lambda w: {"slug": w.program.slug, "kind": "mentee_self"},
        built=False,
    ),
    PageCase("programs:documents", "coordinator", _program, built=False),
    PageCase("programs:team", "coordinator", _program, built=False),
    PageCase("programs:cycle_create", "coordinator", _program, built=False),
    PageCase("programs:cycle_edit", "coordinator", _cycle, built=False),
    PageCase("programs:cycle_status", "coordinator", _cycle, built=False),
    PageCase("screening:list", "coordinator", _cycle, built=False),
    PageCase(
        "screening:detail",
        "coordinator",
        lambda w: {"slug": w.program.slug, "cycle_id": w.cycle.pk, "pk": w.application.pk},
        built=False,
    ),
]
# Not pages, so not listed: programs:document (a redirect or a download), screening:export (CSV),
# screening:bulk (a POST endpoint).
