"""Every page the accessibility test visits, one line each: URL name, who opens it, and its URL arguments.

Issue #2's pages, participant and staff, in every state a person meets them in: a journey with an application
in each status, forms re-displayed with errors after a POST of bad input, the screening list with its filters,
the allauth and MFA pages. A case may take `steps` in the browser after opening its page (submit a form, sign
in) and then `lands_on` another URL name, e.g. the decision form re-displayed at its POST address.

Pages another helper is still building are listed with built=False: while ALLOW_UNBUILT_PAGES is True, such a
page whose URL name does not resolve yet is skipped with "page not built yet". Once every branch is merged,
set ALLOW_UNBUILT_PAGES = False (the single switch) so a missing page fails instead.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import get_resolver, reverse
from django.utils import translation
from playwright.sync_api import Page, Response

from tandem.accounts.models import User
from tandem.applications.models import Application
from tandem.programs.models import Cycle, Program, Question, Topic

ALLOW_UNBUILT_PAGES = False


@dataclass
class World:
    """The rows the pages need: one program with a recruiting cycle and an application, and its people.

    `people` are personas by name; `applications` holds one application per status ("accepted", ...),
    each of its own applicant, so each journey state has a page.
    """

    program: Program
    cycle: Cycle
    application: Application
    people: dict[str, User | None] = field(default_factory=dict)
    applications: dict[str, Application] = field(default_factory=dict)
    closed_cycle: Cycle | None = None
    topic: Topic | None = None
    question: Question | None = None


Kwargs = Callable[[World], dict[str, Any]]
Query = Callable[[World], str]
# Returns the response of the page the browser lands on.
Steps = Callable[[Page, World, str], Response]


def _none(world: World) -> dict[str, Any]:
    return {}


def _program(world: World) -> dict[str, Any]:
    return {"slug": world.program.slug}


def _cycle(world: World) -> dict[str, Any]:
    return {"slug": world.program.slug, "cycle_id": world.cycle.pk}


def _no_query(world: World) -> str:
    return ""


def _screened(world: World) -> dict[str, Any]:
    return {"slug": world.program.slug, "cycle_id": world.cycle.pk, "pk": world.application.pk}


def _password_reset_key(world: World) -> dict[str, Any]:
    """A valid reset link for Amira, as the email would carry it."""
    user = world.people["mentee"]
    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


# Fields a person types into; emptying them is the simplest bad input every form refuses.
_EMPTY_TYPED_FIELDS = """form => form.querySelectorAll(
  'input[type=text], input[type=email], input[type=number], input[type=date], input[type=url], textarea'
).forEach(input => { input.value = ''; })"""


def submit_emptied(form: str = "main form[method=post]:not([action])") -> Steps:
    """Steps: empty the typed fields of `form` (the page's own form by default) and submit it."""

    def steps(page: Page, world: World, language: str) -> Response:
        target = page.locator(form).first
        target.evaluate(_EMPTY_TYPED_FIELDS)
        with page.expect_navigation() as navigation:
            target.locator('button[type="submit"]').first.click()
        return navigation.value

    return steps


def sign_in_with_password(persona: str) -> Steps:
    """Steps: sign in on the login page with the persona's password (a TOTP holder then meets the code page)."""

    def steps(page: Page, world: World, language: str) -> Response:
        from tandem.e2e.flows import WORDS
        from tandem.testing.factories import PASSWORD

        words = WORDS[language]
        page.get_by_label(words["email"], exact=True).fill(world.people[persona].email)
        page.get_by_label(words["password"], exact=True).fill(PASSWORD)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=words["sign_in"], exact=True).click()
        return navigation.value

    return steps


@dataclass(frozen=True)
class PageCase:
    url_name: str
    persona: str  # "anonymous" or a key of World.people
    kwargs: Kwargs = _none
    built: bool = True
    # Some pages (e.g. adding an authenticator) first ask for the password again (allauth reauthentication).
    reauthenticate: bool = False
    query: Query = _no_query
    # Done in the browser once the page is open, e.g. submit bad input; the page checked is where it lands.
    steps: Steps | None = None
    lands_on: str | None = None  # URL name after `steps` or a redirect, when not url_name
    lands_on_kwargs: Kwargs | None = None  # its arguments, when not `kwargs`
    # A form re-displayed after a POST of bad input: the page must show the errors.
    shows_errors: bool = False
    variant: str = ""  # tells apart two cases of one page and persona in the test id

    @property
    def id(self) -> str:
        name = self.lands_on or self.url_name
        return f"{name}-{self.persona}-{self.variant}" if self.variant else f"{name}-{self.persona}"

    def path(self, world: World, language: str) -> str:
        """Where the browser goes first, with the query string if any."""
        with translation.override(language):
            path = reverse(self.url_name, kwargs=self.kwargs(world))
        query = self.query(world)
        return f"{path}?{query}" if query else path

    def landing_path(self, world: World, language: str) -> str:
        """The path of the page that is checked (without its query string)."""
        kwargs = (self.lands_on_kwargs or self.kwargs)(world)
        with translation.override(language):
            return reverse(self.lands_on or self.url_name, kwargs=kwargs)

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


def _application_of(status: str) -> Kwargs:
    return lambda world: {"pk": world.applications[status].pk}


def _screening_filters(world: World) -> str:
    """Every filter of the list set to a value that still lists Amira, so the filtered table has a row."""
    return urlencode(
        {
            "q": "Haddad",
            "role": "mentee",
            "status": "submitted",
            "topic": world.topic.pk,
            "region": "QC",
            "language": "fr",
            "order": "name",
        }
    )


_ANY_STAFF_FORM_ERRORS = submit_emptied()

PAGES: list[PageCase] = [
    # Anyone
    PageCase("core:home", "anonymous"),
    PageCase("account_login", "anonymous"),
    PageCase(
        "account_login",
        "anonymous",
        variant="errors",
        steps=submit_emptied("main form[method=post]"),
        shows_errors=True,
    ),
    PageCase("account_signup", "anonymous"),
    PageCase(
        "account_signup",
        "anonymous",
        variant="errors",
        steps=submit_emptied("main form[method=post]"),
        shows_errors=True,
    ),
    PageCase("account_reset_password", "anonymous"),
    PageCase("account_reset_password_done", "anonymous"),
    PageCase(
        "account_reset_password_from_key",
        "anonymous",
        _password_reset_key,
        # allauth moves the key out of the address into the session, then shows the form.
        lands_on_kwargs=lambda world: {
            "uidb36": user_pk_to_url_str(world.people["mentee"]),
            "key": "set-password",
        },
    ),
    PageCase(
        "account_reset_password_from_key",
        "anonymous",
        lambda world: {"uidb36": "zz", "key": "not-a-valid-key"},
        variant="bad-key",
    ),
    PageCase("account_reset_password_from_key_done", "anonymous"),
    PageCase("account_email_verification_sent", "anonymous"),
    PageCase("account_inactive", "anonymous"),
    # Signing in as a person with an authenticator: the code is asked for next.
    PageCase(
        "account_login", "anonymous", steps=sign_in_with_password("coordinator"), lands_on="mfa_authenticate"
    ),
    # Participants
    PageCase("applications:journey", "newcomer", variant="no-application"),
    PageCase("applications:journey", "mentee", variant="submitted"),
    PageCase("applications:journey", "accepted_applicant", variant="accepted"),
    PageCase("applications:journey", "waitlisted_applicant", variant="waitlisted"),
    PageCase("applications:journey", "declined_applicant", variant="declined"),
    PageCase("applications:journey", "withdrawn_applicant", variant="withdrawn"),
    PageCase("applications:open_cycles", "newcomer"),
    PageCase("applications:open_cycles", "mentee"),
    PageCase("applications:self_assess", "newcomer", lambda w: {"cycle_id": w.cycle.pk, "role": "mentee"}),
    PageCase(
        "applications:self_assess",
        "newcomer",
        lambda w: {"cycle_id": w.cycle.pk, "role": "mentor"},
        variant="errors",
        steps=submit_emptied(),
        shows_errors=True,
    ),
    PageCase(
        "applications:self_assess",
        "newcomer",
        lambda w: {"cycle_id": w.closed_cycle.pk, "role": "mentee"},
        variant="recruitment-closed",
    ),
    PageCase(
        "applications:self_assessment_result",
        "mentee",
        lambda w: {"cycle_id": w.cycle.pk, "role": "mentee"},
    ),
    PageCase("applications:apply", "newcomer", lambda w: {"cycle_id": w.cycle.pk}),
    PageCase(
        "applications:apply",
        "newcomer",
        lambda w: {"cycle_id": w.cycle.pk},
        variant="errors",
        steps=submit_emptied(),
        shows_errors=True,
    ),
    PageCase("applications:edit", "mentee", lambda w: {"pk": w.application.pk}),
    PageCase(
        "applications:edit",
        "mentee",
        lambda w: {"pk": w.application.pk},
        variant="errors",
        steps=submit_emptied(),
        shows_errors=True,
    ),
    PageCase("applications:edit", "accepted_applicant", _application_of("accepted"), variant="locked"),
    PageCase("applications:withdraw", "mentee", lambda w: {"pk": w.application.pk}),
    PageCase("accounts:profile", "mentee"),
    PageCase("accounts:profile", "mentee", variant="errors", steps=submit_emptied(), shows_errors=True),
    PageCase("accounts:erase", "mentee"),
    PageCase("accounts:erase", "mentee", variant="errors", steps=submit_emptied(), shows_errors=True),
    PageCase("account_email", "mentee"),
    PageCase("account_change_password", "mentee"),
    PageCase("account_logout", "mentee"),
    PageCase("account_reauthenticate", "mentee"),
    # Where a coordinator without a second factor is sent.
    PageCase("mfa_activate_totp", "newcomer", reauthenticate=True),
    PageCase("mfa_index", "coordinator"),
    PageCase("mfa_reauthenticate", "coordinator"),
    PageCase("mfa_deactivate_totp", "coordinator", reauthenticate=True),
    PageCase("mfa_view_recovery_codes", "coordinator", reauthenticate=True),
    PageCase("mfa_generate_recovery_codes", "coordinator", reauthenticate=True),
    # Program staff
    PageCase("programs:list", "coordinator"),
    PageCase("programs:list", "mentee", variant="no-program"),
    PageCase("programs:home", "coordinator", _program),
    PageCase("programs:home", "committee_member", _program),
    PageCase("programs:edit", "coordinator", _program),
    PageCase(
        "programs:edit",
        "coordinator",
        _program,
        variant="errors",
        steps=_ANY_STAFF_FORM_ERRORS,
        shows_errors=True,
    ),
    PageCase("programs:topics", "coordinator", _program),
    PageCase(
        "programs:topics",
        "coordinator",
        _program,
        variant="errors",
        steps=_ANY_STAFF_FORM_ERRORS,
        shows_errors=True,
    ),
    PageCase(
        "programs:topic_edit", "coordinator", lambda w: {"slug": w.program.slug, "topic_id": w.topic.pk}
    ),
    *[
        PageCase(
            "programs:questionnaire",
            "coordinator",
            lambda w, kind=kind: {"slug": w.program.slug, "kind": kind},
            variant=kind,
        )
        for kind in ("mentee_self", "mentor_self", "mentee_registration", "mentor_registration")
    ],
    PageCase(
        "programs:questionnaire",
        "coordinator",
        lambda w: {"slug": w.program.slug, "kind": "mentee_self"},
        variant="errors",
        steps=submit_emptied("main form[action$='/questions/']"),
        lands_on="programs:question_add",
        shows_errors=True,
    ),
    PageCase(
        "programs:question_edit",
        "coordinator",
        lambda w: {"slug": w.program.slug, "kind": "mentee_self", "question_id": w.question.pk},
    ),
    PageCase("programs:documents", "coordinator", _program),
    PageCase(
        "programs:documents",
        "coordinator",
        _program,
        variant="errors",
        steps=submit_emptied("main form[enctype='multipart/form-data']"),
        shows_errors=True,
    ),
    PageCase("programs:team", "coordinator", _program),
    PageCase(
        "programs:team",
        "coordinator",
        _program,
        variant="errors",
        steps=_ANY_STAFF_FORM_ERRORS,
        shows_errors=True,
    ),
    PageCase("programs:cycle_create", "coordinator", _program),
    PageCase(
        "programs:cycle_create",
        "coordinator",
        _program,
        variant="errors",
        steps=_ANY_STAFF_FORM_ERRORS,
        shows_errors=True,
    ),
    PageCase("programs:cycle_edit", "coordinator", _cycle),
    PageCase("programs:cycle_status", "coordinator", _cycle),
    PageCase("screening:list", "coordinator", _cycle),
    PageCase("screening:list", "coordinator", _cycle, variant="filtered", query=_screening_filters),
    PageCase("screening:list", "committee_member", _cycle),
    PageCase("screening:detail", "coordinator", _screened),
    PageCase(
        "screening:detail",
        "coordinator",
        _screened,
        variant="errors",
        steps=submit_emptied("main form[action*='/decision/']"),
        lands_on="screening:decide",
        shows_errors=True,
    ),
    PageCase(
        "screening:detail",
        "coordinator",
        _screened,
        variant="errors",
        steps=submit_emptied("main form[action*='/conversation/']"),
        lands_on="screening:conversation",
        shows_errors=True,
    ),
    PageCase(
        "screening:detail",
        "coordinator",
        lambda w: {**_cycle(w), "pk": w.applications["withdrawn"].pk},
        variant="withdrawn",
    ),
]
# Not pages, so not listed: programs:document (a redirect or a download), screening:export (CSV),
# screening:bulk (a POST endpoint that redirects to the list), accounts:export (a JSON download),
# mfa_download_recovery_codes (a text file). account_confirm_email needs a key from the email: the
# end-to-end sign-up checks it. POST-only actions (topic_remove, team_role, ...) redirect to checked pages.
