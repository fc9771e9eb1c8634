"""Who may open which coordinator page. A page someone may not see answers 404, never 403."""

from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.programs.models import Cycle, Program, ProgramRole, Question, ReferenceDocument, Topic

pytestmark = pytest.mark.django_db

Objects = dict[str, object]
KwargsBuilder = Callable[[Objects], dict[str, object]]

# (url name, method, kwargs from the objects, who may open it)
ROUTES: list[tuple[str, str, KwargsBuilder, str]] = [
    ("programs:home", "get", lambda o: {"slug": o["program"].slug}, "staff"),
    ("programs:edit", "get", lambda o: {"slug": o["program"].slug}, "coordinator"),
    ("programs:topics", "get", lambda o: {"slug": o["program"].slug}, "coordinator"),
    (
        "programs:topic_edit",
        "get",
        lambda o: {"slug": o["program"].slug, "topic_id": o["topic"].pk},
        "coordinator",
    ),
    (
        "programs:topic_remove",
        "post",
        lambda o: {"slug": o["program"].slug, "topic_id": o["topic"].pk},
        "coordinator",
    ),
    (
        "programs:questionnaire",
        "get",
        lambda o: {"slug": o["program"].slug, "kind": "mentor_self"},
        "coordinator",
    ),
    (
        "programs:question_add",
        "post",
        lambda o: {"slug": o["program"].slug, "kind": "mentor_self"},
        "coordinator",
    ),
    (
        "programs:question_edit",
        "get",
        lambda o: {"slug": o["program"].slug, "kind": "mentor_self", "question_id": o["question"].pk},
        "coordinator",
    ),
    (
        "programs:question_remove",
        "post",
        lambda o: {"slug": o["program"].slug, "kind": "mentor_self", "question_id": o["question"].pk},
        "coordinator",
    ),
    (
        "programs:question_restore",
        "post",
        lambda o: {"slug": o["program"].slug, "kind": "mentor_self", "question_id": o["question"].pk},
        "coordinator",
    ),
    ("programs:cycle_create", "get", lambda o: {"slug": o["program"].slug}, "coordinator"),
    (
        "programs:cycle_edit",
        "get",
        lambda o: {"slug": o["program"].slug, "cycle_id": o["cycle"].pk},
        "coordinator",
    ),
    (
        "programs:cycle_status",
        "get",
        lambda o: {"slug": o["program"].slug, "cycle_id": o["cycle"].pk},
        "coordinator",
    ),
    ("programs:documents", "get", lambda o: {"slug": o["program"].slug}, "coordinator"),
    (
        "programs:document_remove",
        "post",
        lambda o: {"slug": o["program"].slug, "document_id": o["document"].pk},
        "coordinator",
    ),
    (
        "programs:document_move",
        "post",
        lambda o: {"slug": o["program"].slug, "document_id": o["document"].pk},
        "coordinator",
    ),
    ("programs:team", "get", lambda o: {"slug": o["program"].slug}, "coordinator"),
    (
        "programs:team_role",
        "post",
        lambda o: {"slug": o["program"].slug, "program_role_id": o["committee_role"].pk},
        "coordinator",
    ),
    (
        "programs:team_remove",
        "post",
        lambda o: {"slug": o["program"].slug, "program_role_id": o["committee_role"].pk},
        "coordinator",
    ),
]
ROUTE_IDS = [route[0].removeprefix("programs:") for route in ROUTES]


@pytest.fixture
def objects(
    program: Program,
    cycle: Cycle,
    topic: Topic,
    question: Question,
    document: ReferenceDocument,
    committee_role: ProgramRole,
) -> Objects:
    return {
        "program": program,
        "cycle": cycle,
        "topic": topic,
        "question": question,
        "document": document,
        "committee_role": committee_role,
    }


def _request(client: Client, method: str, url: str) -> HttpResponse:
    return getattr(client, method)(url)


@pytest.mark.parametrize(("name", "method", "kwargs", "access"), ROUTES, ids=ROUTE_IDS)
def test_anonymous_visitor_is_sent_to_sign_in(
    client: Client, objects: Objects, name, method, kwargs, access
) -> None:
    url = reverse(name, kwargs=kwargs(objects))
    response = _request(client, method, url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize(("name", "method", "kwargs", "access"), ROUTES, ids=ROUTE_IDS)
def test_participant_without_a_role_gets_404(
    client: Client, objects: Objects, mentee: User, name, method, kwargs, access
) -> None:
    client.force_login(mentee)
    assert _request(client, method, reverse(name, kwargs=kwargs(objects))).status_code == 404


@pytest.mark.parametrize(("name", "method", "kwargs", "access"), ROUTES, ids=ROUTE_IDS)
def test_platform_staff_without_a_program_role_gets_404(
    client: Client, objects: Objects, staff_without_grant: User, name, method, kwargs, access
) -> None:
    client.force_login(staff_without_grant)
    assert _request(client, method, reverse(name, kwargs=kwargs(objects))).status_code == 404


@pytest.mark.parametrize(("name", "method", "kwargs", "access"), ROUTES, ids=ROUTE_IDS)
def test_coordinator_of_another_program_gets_404(
    client: Client, objects: Objects, other_coordinator: User, name, method, kwargs, access
) -> None:
    client.force_login(other_coordinator)
    assert _request(client, method, reverse(name, kwargs=kwargs(objects))).status_code == 404


@pytest.mark.parametrize(("name", "method", "kwargs", "access"), ROUTES, ids=ROUTE_IDS)
def test_committee_member_sees_the_home_but_no_settings_page(
    client: Client, objects: Objects, committee_member: User, name, method, kwargs, access
) -> None:
    client.force_login(committee_member)
    response = _request(client, method, reverse(name, kwargs=kwargs(objects)))
    assert response.status_code == (200 if access == "staff" else 404)


@pytest.mark.parametrize(("name", "method", "kwargs", "access"), ROUTES, ids=ROUTE_IDS)
def test_staff_without_a_second_factor_is_sent_to_set_one_up(
    client: Client, objects: Objects, staff_without_mfa: User, name, method, kwargs, access
) -> None:
    client.force_login(staff_without_mfa)
    response = _request(client, method, reverse(name, kwargs=kwargs(objects)))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    ("name", "method", "kwargs", "access"),
    [r for r in ROUTES if r[1] == "get"],
    ids=[i for i, r in zip(ROUTE_IDS, ROUTES, strict=True) if r[1] == "get"],
)
def test_coordinator_opens_every_page(
    client: Client, objects: Objects, coordinator: User, name, method, kwargs, access
) -> None:
    client.force_login(coordinator)
    response = client.get(reverse(name, kwargs=kwargs(objects)))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize(
    ("name", "method", "kwargs", "access"),
    [r for r in ROUTES if r[1] == "post"],
    ids=[i for i, r in zip(ROUTE_IDS, ROUTES, strict=True) if r[1] == "post"],
)
def test_actions_refuse_a_get(
    client: Client, objects: Objects, coordinator: User, name, method, kwargs, access
) -> None:
    client.force_login(coordinator)
    assert client.get(reverse(name, kwargs=kwargs(objects))).status_code == 405


# --- programs:list and programs:document -------------------------------------------------------------------


def test_program_list_sends_an_anonymous_visitor_to_sign_in(client: Client) -> None:
    response = client.get(reverse("programs:list"))
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('programs:list')}"


def test_program_list_shows_an_empty_state_to_a_participant(
    client: Client, mentee: User, program: Program
) -> None:
    client.force_login(mentee)
    content = client.get(reverse("programs:list")).content.decode()
    assert "You do not coordinate any program" in content
    assert program.name not in content


def test_program_list_sends_staff_without_a_second_factor_to_set_one_up(
    client: Client, staff_without_mfa: User
) -> None:
    client.force_login(staff_without_mfa)
    assert client.get(reverse("programs:list"))["Location"] == reverse("mfa_activate_totp")


def test_program_list_shows_only_the_programs_of_the_user(
    client: Client,
    coordinator: User,
    other_coordinator: User,
    program: Program,
    other_program: Program,
    cycle: Cycle,
) -> None:
    client.force_login(coordinator)
    content = client.get(reverse("programs:list")).content.decode()
    assert reverse("programs:home", kwargs={"slug": program.slug}) in content
    assert "Current cycle: 2026-2027" in content
    assert "You are a coordinator." in content
    assert other_program.name not in content


def test_program_list_shows_the_committee_role(
    client: Client, committee_member: User, program: Program
) -> None:
    client.force_login(committee_member)
    content = client.get(reverse("programs:list")).content.decode()
    assert "You are a committee member." in content
    assert "No cycle yet." in content


def test_a_document_link_asks_anonymous_visitors_to_sign_in(
    client: Client, document: ReferenceDocument
) -> None:
    url = reverse("programs:document", kwargs={"pk": document.pk})
    assert client.get(url)["Location"] == f"{reverse('account_login')}?next={url}"


def test_any_signed_in_person_follows_a_document_link(
    client: Client, mentee: User, document: ReferenceDocument
) -> None:
    client.force_login(mentee)
    response = client.get(reverse("programs:document", kwargs={"pk": document.pk}))
    assert response.status_code == 302
    assert response["Location"] == "https://example.org/roles.pdf"


def test_an_unknown_document_is_404(client: Client, mentee: User) -> None:
    client.force_login(mentee)
    assert client.get(reverse("programs:document", kwargs={"pk": 999999})).status_code == 404
