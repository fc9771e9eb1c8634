"""The privacy rule as a matrix: every role by every workspace route, download and admin page.

A sentinel string is written into every private field of the pair's workspace. Only the pair's mentor and
mentee read it; everyone else signed in gets 404, anonymous visitors are sent to sign in, and the
coordinator's page and the admin never contain it.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.evaluations.models import CheckIn
from tandem.evaluations.services import answer_checkin
from tandem.relationships import services
from tandem.relationships.models import Meeting, Relationship
from tandem.relationships.tests.fixtures import SENTINEL
from tandem.testing.factories import UserFactory

SHARED = "SHARED-WITH-COORDINATOR-4b1"
ROLES = [
    "mentor",
    "mentee",
    "other_participant",
    "coordinator",
    "other_coordinator",
    "staff_without_grant",
    "anonymous",
]
PAIR_ROLES = {"mentor", "mentee"}


@dataclass(frozen=True)
class Route:
    name: str
    method: str = "get"
    # Whether the page shows workspace content (the sentinel) to the pair.
    shows_content: bool = False


@pytest.fixture
def full_workspace(pair: Relationship, coordinator: User) -> dict[str, int]:
    """A pair that used every part of its workspace, with the sentinel in every private field."""
    mentor, mentee = pair.mentor.user, pair.mentee.user
    services.save_agreement(
        relationship=pair,
        by=mentor,
        fields={
            "meeting_frequency": "monthly",
            "usual_length_minutes": 60,
            "meeting_format": "video",
            "cancellation_policy": f"Cancel 24h before {SENTINEL}",
            "other_rules": f"Rules {SENTINEL}",
            "starts_on": pair.started_on,
            "planned_end": pair.planned_end,
        },
    )
    for person in (mentor, mentee):
        services.sign_agreement(relationship=pair, by=person, typed_name=person.get_full_name())
        services.sign_confidentiality(
            relationship=pair, by=person, typed_name=person.get_full_name(), language="en"
        )
    # The pair has been active since the cycle started, so its first check-in is open.
    Relationship.objects.filter(pk=pair.pk).update(activated_on=pair.started_on)
    pair.refresh_from_db()
    goal = services.create_goal(
        relationship=pair,
        by=mentee,
        fields={
            "specific": f"Goal {SENTINEL}",
            "measurable": f"Measure {SENTINEL}",
            "achievable": SENTINEL,
            "relevant": SENTINEL,
            "target_date": timezone.localdate() + datetime.timedelta(days=60),
            "status": "in_progress",
            "progress_notes": f"Notes {SENTINEL}",
        },
    )
    planned = services.plan_meeting(
        relationship=pair,
        by=mentor,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        minutes=60,
        meeting_format="in_person",
        location=f"Room {SENTINEL}",
    )
    held = services.log_meeting(
        relationship=pair,
        by=mentee,
        held_on=timezone.localdate() - datetime.timedelta(days=3),
        minutes=75,
        meeting_format="video",
        private_notes=f"We discussed {SENTINEL}",
    )
    logged = services.log_meeting(
        relationship=pair,
        by=mentee,
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        minutes=30,
        meeting_format="phone",
        private_notes=f"Short call {SENTINEL}",
    )
    services.confirm_meeting(meeting=held, by=mentor)
    answer_checkin(
        relationship=pair,
        by=mentee,
        kind=CheckIn.Kind.QUARTERLY,
        period=1,
        standing="help",
        reflection=f"Private {SENTINEL}",
        shared_message=SHARED,
    )
    services.raise_concern(relationship=pair, by=mentor, message=f"Concern {SHARED}")
    services.ask_to_continue(relationship=pair, by=mentee)
    return {"goal": goal.pk, "planned": planned.pk, "held": held.pk, "logged": logged.pk}


def workspace_routes(pair: Relationship, ids: dict[str, int]) -> dict[str, tuple[str, Route]]:
    pk = pair.pk
    routes = {
        "home": (reverse("relationships:home", args=[pk]), Route("home")),
        "agreement": (reverse("relationships:agreement", args=[pk]), Route("agreement", shows_content=True)),
        "agreement_edit": (
            reverse("relationships:agreement_edit", args=[pk]),
            Route("agreement_edit", shows_content=True),
        ),
        "confidentiality": (reverse("relationships:confidentiality", args=[pk]), Route("confidentiality")),
        "goals": (reverse("relationships:goals", args=[pk]), Route("goals", shows_content=True)),
        "goal_create": (reverse("relationships:goal_create", args=[pk]), Route("goal_create")),
        "goal_edit": (
            reverse("relationships:goal_edit", args=[pk, ids["goal"]]),
            Route("goal_edit", shows_content=True),
        ),
        "meetings": (reverse("relationships:meetings", args=[pk]), Route("meetings", shows_content=True)),
        "meeting_log_new": (reverse("relationships:meeting_log_new", args=[pk]), Route("meeting_log_new")),
        "meeting_log": (
            reverse("relationships:meeting_log", args=[pk, ids["planned"]]),
            Route("meeting_log"),
        ),
        "meeting_ics": (
            reverse("relationships:meeting_ics", args=[pk, ids["planned"]]),
            Route("meeting_ics", shows_content=True),
        ),
        "concern": (reverse("relationships:concern", args=[pk]), Route("concern")),
        "credits": (reverse("relationships:credits", args=[pk]), Route("credits")),
        "closure": (reverse("relationships:closure", args=[pk]), Route("closure")),
        "checkins": (reverse("evaluations:checkins", args=[pk]), Route("checkins")),
        "checkin_answer": (reverse("evaluations:answer", args=[pk, "quarterly", 1]), Route("checkin_answer")),
        "meeting_confirm": (
            reverse("relationships:meeting_confirm", args=[pk, ids["logged"]]),
            Route("meeting_confirm", method="post"),
        ),
        "meeting_cancel": (
            reverse("relationships:meeting_cancel", args=[pk, ids["planned"]]),
            Route("meeting_cancel", method="post"),
        ),
        "closure_post": (reverse("relationships:closure", args=[pk]), Route("closure_post", method="post")),
        "agreement_sign": (
            reverse("relationships:agreement", args=[pk]),
            Route("agreement_sign", method="post"),
        ),
    }
    return routes


ROUTE_NAMES = [
    "home",
    "agreement",
    "agreement_edit",
    "confidentiality",
    "goals",
    "goal_create",
    "goal_edit",
    "meetings",
    "meeting_log_new",
    "meeting_log",
    "meeting_ics",
    "concern",
    "credits",
    "closure",
    "checkins",
    "checkin_answer",
    "meeting_confirm",
    "meeting_cancel",
    "closure_post",
    "agreement_sign",
]


def client_for(role: str, request: pytest.FixtureRequest) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize("route_name", ROUTE_NAMES)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_pair_reads_its_workspace(
    role: str,
    route_name: str,
    pair: Relationship,
    full_workspace: dict[str, int],
    request: pytest.FixtureRequest,
) -> None:
    url, route = workspace_routes(pair, full_workspace)[route_name]
    client = client_for(role, request)
    before = _state(pair)

    if route.method == "post":
        data = {"action": "no_continue", "typed_name": "x", "confirm": "on"}
        response = client.post(url, data)
    else:
        response = client.get(url)

    body = response.content.decode()
    if role in PAIR_ROLES:
        if route_name == "checkin_answer" and role == "mentee":
            # Amira already answered it: she is sent back to her check-ins.
            assert response.status_code == 302
        elif route.method == "get":
            assert response.status_code == 200, (role, route_name)
            if route.shows_content:
                assert SENTINEL in body
        return
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
    assert SENTINEL not in body
    assert _state(pair) == before, "a refused request changed nothing"


def _state(pair: Relationship) -> tuple[object, ...]:
    pair.refresh_from_db()
    return (
        pair.status,
        pair.mentee_asks_to_continue,
        list(pair.meetings.order_by("pk").values_list("status", flat=True)),
    )


def test_the_checkin_reflection_is_read_by_its_author_only(
    pair: Relationship, full_workspace: dict[str, int], client: Client
) -> None:
    url = reverse("evaluations:checkins", args=[pair.pk])
    client.force_login(pair.mentee.user)
    assert f"Private {SENTINEL}" in client.get(url).content.decode()
    client.force_login(pair.mentor.user)
    assert SENTINEL not in client.get(url).content.decode()


def test_the_partner_does_not_see_a_concern(
    pair: Relationship, full_workspace: dict[str, int], client: Client
) -> None:
    client.force_login(pair.mentee.user)
    for name in ("relationships:home", "relationships:closure", "relationships:concern"):
        assert SHARED not in client.get(reverse(name, args=[pair.pk])).content.decode()


STAFF_PAGES = ["staff_list"]


@pytest.mark.parametrize("role", ROLES)
def test_the_coordinators_page_shows_state_hours_and_shared_messages_never_content(
    role: str, pair: Relationship, full_workspace: dict[str, int], request: pytest.FixtureRequest
) -> None:
    url = reverse("relationships_staff:list", args=[pair.cycle.program.slug, pair.cycle_id])
    response = client_for(role, request).get(url)
    body = response.content.decode()
    assert SENTINEL not in body
    if role == "coordinator":
        assert response.status_code == 200
        assert "1.25" in body  # 75 confirmed minutes; the 30 unconfirmed ones do not count
        assert SHARED in body  # the check-in message and the concern were meant for the coordinator
        assert "Would like help" in body
        assert "At risk" in body
        assert "One participant asks to continue next cycle" in body
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 404


ADMIN_MODELS = [
    "relationships/relationship",
    "relationships/agreement",
    "relationships/agreementsignature",
    "relationships/confidentialitysignature",
    "relationships/goal",
    "relationships/goalchange",
    "relationships/meeting",
    "relationships/concern",
    "relationships/closingreflection",
    "evaluations/checkin",
]


@pytest.mark.parametrize("model", ADMIN_MODELS)
@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_the_admin_never_shows_workspace_content(
    role: str, model: str, pair: Relationship, full_workspace: dict[str, int], request: pytest.FixtureRequest
) -> None:
    if role == "superuser":
        client = Client()
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
    else:
        client = client_for(role, request)
    for url in (f"/en/admin/{model}/", f"/en/admin/{model}/{pair.pk}/change/"):
        response = client.get(url)
        assert SENTINEL not in response.content.decode()
        if role == "superuser" and model == "relationships/relationship":
            assert response.status_code == 200
        elif role in {"anonymous", *PAIR_ROLES, "other_participant", "coordinator", "other_coordinator"}:
            # Not staff: the admin sends them to its sign-in page.
            assert response.status_code == 302
        else:
            assert response.status_code == 404, (role, url)


def test_the_matrix_covers_every_workspace_route() -> None:
    from tandem.evaluations import urls as evaluation_urls
    from tandem.relationships import urls as workspace_urls

    named = {p.name for p in workspace_urls.urlpatterns} | {p.name for p in evaluation_urls.urlpatterns}
    covered = {
        "home",
        "agreement",
        "agreement_edit",
        "confidentiality",
        "goals",
        "goal_create",
        "goal_edit",
        "meetings",
        "meeting_log_new",
        "meeting_log",
        "meeting_ics",
        "concern",
        "credits",
        "closure",
        "checkins",
        "answer",
        "meeting_confirm",
        "meeting_cancel",
        "mine",  # lists only the person's own relationships (tested in test_views)
    }
    assert named == covered
    assert Meeting.Status.CONFIRMED  # the matrix's data includes confirmed, logged and planned meetings


@pytest.mark.parametrize("role", ROLES)
def test_only_the_pair_finds_the_workspace_in_its_data_export(
    role: str, pair: Relationship, full_workspace: dict[str, int], request: pytest.FixtureRequest
) -> None:
    response = client_for(role, request).get(reverse("accounts:export"))
    body = response.content.decode()
    if role in PAIR_ROLES:
        assert response.status_code == 200
        assert f"We discussed {SENTINEL}" in body  # meeting notes are the pair's, so each may export them
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert SENTINEL not in body
    if role == "mentor":
        assert f"Private {SENTINEL}" not in body  # Amira's check-in reflection is hers alone


@pytest.mark.parametrize("role", ["coordinator", "committee_member"])
def test_the_screening_export_carries_no_workspace_content(
    role: str, pair: Relationship, full_workspace: dict[str, int], request: pytest.FixtureRequest
) -> None:
    response = client_for(role, request).get(
        reverse("screening:export", args=[pair.cycle.program.slug, pair.cycle_id])
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Amira" in body.decode()  # the export is about this cycle's applicants
    assert SENTINEL not in body.decode()
