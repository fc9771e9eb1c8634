"""Who may open the screening pages: the program's coordinators and committee members, no one else."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.applications.models import Application, StatusChange
from tandem.applications.tests.screening_support import (
    applicant,
    bulk_url,
    conversation_url,
    decide_url,
    detail_url,
    export_url,
    list_url,
    screening_test_defaults,  # noqa: F401 - autouse fixture
)
from tandem.programs.models import Cycle, Program, ProgramRole
from tandem.testing.factories import CycleFactory, ProgramRoleFactory, UserFactory

# (name, method, url builder, POST data builder)
Endpoint = tuple[str, str, Callable[[Application], str], Callable[[Application], dict]]
ENDPOINTS: list[Endpoint] = [
    ("list", "get", lambda a: list_url(a.cycle), lambda a: {}),
    ("detail", "get", detail_url, lambda a: {}),
    ("export", "get", lambda a: export_url(a.cycle), lambda a: {}),
    (
        "decide",
        "post",
        decide_url,
        lambda a: {"decision-decision": "waitlisted", "decision-reason": "Full this year"},
    ),
    (
        "conversation",
        "post",
        conversation_url,
        lambda a: {"conversation-on": "2026-01-15", "conversation-note": "Motivated"},
    ),
    (
        "bulk",
        "post",
        lambda a: bulk_url(a.cycle),
        lambda a: {"applications": [a.pk], "decision": "waitlisted", "reason": ""},
    ),
]
ENDPOINT_IDS = [endpoint[0] for endpoint in ENDPOINTS]


@pytest.fixture
def application(cycle: Cycle) -> Application:
    return applicant(cycle, "Amira", "Haddad")


def call(client: Client, endpoint: Endpoint, application: Application) -> object:
    _name, method, url, data = endpoint
    return getattr(client, method)(url(application), data(application))


def nothing_changed(application: Application) -> bool:
    application.refresh_from_db()
    return (
        application.status == Application.Status.SUBMITTED
        and application.conversation_note == ""
        and not StatusChange.objects.exists()
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_anonymous_visitor_is_sent_to_sign_in(
    client: Client, application: Application, endpoint: Endpoint
) -> None:
    response = call(client, endpoint, application)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert nothing_changed(application)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_participant_gets_404(
    client: Client, application: Application, mentor: User, endpoint: Endpoint
) -> None:
    client.force_login(mentor)
    assert call(client, endpoint, application).status_code == 404
    assert nothing_changed(application)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_the_applicant_gets_404_on_screening_pages(
    client: Client, application: Application, endpoint: Endpoint
) -> None:
    client.force_login(application.user)
    assert call(client, endpoint, application).status_code == 404
    assert nothing_changed(application)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_platform_staff_without_a_program_role_gets_404(
    client: Client, application: Application, staff_without_grant: User, endpoint: Endpoint
) -> None:
    client.force_login(staff_without_grant)
    assert call(client, endpoint, application).status_code == 404
    assert nothing_changed(application)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_coordinator_of_another_program_gets_404(
    client: Client, application: Application, other_coordinator: User, endpoint: Endpoint
) -> None:
    client.force_login(other_coordinator)
    assert call(client, endpoint, application).status_code == 404
    assert nothing_changed(application)


@pytest.mark.parametrize(
    "endpoint", [ENDPOINTS[1], ENDPOINTS[3], ENDPOINTS[4]], ids=["detail", "decide", "conversation"]
)
def test_an_application_of_another_program_through_own_cycle_url_gets_404(
    client: Client,
    application: Application,
    other_program: Program,
    other_coordinator: User,
    endpoint: Endpoint,
) -> None:
    """Hugo may open his own cycle's pages, but Camille's application number through them is 404."""
    _name, method, url, data = endpoint
    own_cycle = CycleFactory(program=other_program)
    through_own_cycle = Application(pk=application.pk, cycle=own_cycle)
    client.force_login(other_coordinator)

    response = getattr(client, method)(url(through_own_cycle), data(application))

    assert response.status_code == 404
    assert nothing_changed(application)


def test_bulk_action_refuses_an_application_of_another_program(
    client: Client, application: Application, other_program: Program, other_coordinator: User
) -> None:
    own_cycle = CycleFactory(program=other_program)
    client.force_login(other_coordinator)

    response = client.post(
        bulk_url(own_cycle), {"applications": [application.pk], "decision": "waitlisted"}, follow=True
    )

    assert response.redirect_chain == [(list_url(own_cycle), 302)]
    assert "is not one of the available choices" in response.content.decode()
    assert nothing_changed(application)


@pytest.mark.parametrize("url", [list_url, export_url], ids=["list", "export"])
def test_own_cycle_pages_never_show_another_programs_applications(
    client: Client, application: Application, other_program: Program, other_coordinator: User, url: Callable
) -> None:
    own_cycle = CycleFactory(program=other_program)
    applicant(own_cycle, "Olivier", "Gagnon")
    client.force_login(other_coordinator)

    response = client.get(url(own_cycle))

    content = (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if response.streaming
        else response.content.decode()
    )
    assert "Gagnon" in content
    assert "Haddad" not in content


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_a_cycle_of_another_program_gets_404(
    client: Client,
    application: Application,
    other_program: Program,
    other_coordinator: User,
    endpoint: Endpoint,
) -> None:
    """Hugo's program slug with Camille's cycle number: the cycle is not his program's."""
    _name, method, url, data = endpoint
    client.force_login(other_coordinator)
    mixed = url(application).replace(
        f"/programs/{application.cycle.program.slug}/", f"/programs/{other_program.slug}/"
    )

    response = getattr(client, method)(mixed, data(application))

    assert response.status_code == 404
    assert nothing_changed(application)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("persona", ["coordinator", "committee_member"])
def test_program_staff_may_screen(
    client: Client, application: Application, endpoint: Endpoint, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = call(client, endpoint, application)
    name, method = endpoint[0], endpoint[1]
    if method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        application.refresh_from_db()
        if name == "conversation":
            assert application.conversation_note == "Motivated"
        else:
            assert application.status == Application.Status.WAITLISTED


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_program_staff_without_a_second_factor_is_sent_to_set_one_up(
    client: Client, application: Application, program: Program, endpoint: Endpoint
) -> None:
    no_totp = UserFactory(first_name="Léa", last_name="Sansfacteur")
    ProgramRoleFactory(program=program, user=no_totp, role=ProgramRole.Role.COORDINATOR)
    client.force_login(no_totp)

    response = call(client, endpoint, application)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert nothing_changed(application)


@pytest.mark.parametrize(
    ("endpoint", "wrong_method"),
    [(ENDPOINTS[0], "post"), (ENDPOINTS[1], "post"), (ENDPOINTS[2], "post"), (ENDPOINTS[5], "get")],
    ids=["list", "detail", "export", "bulk"],
)
def test_endpoints_answer_only_their_method(
    client: Client, application: Application, coordinator: User, endpoint: Endpoint, wrong_method: str
) -> None:
    client.force_login(coordinator)
    response = getattr(client, wrong_method)(endpoint[2](application))
    assert response.status_code == 405
