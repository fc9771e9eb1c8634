"""Every matching route against every role: only the program's staff see the board, only the two people
introduced see their introduction, and everyone else gets 404 (or the sign-in page when anonymous)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.accounts.models import User
from tandem.matching.models import PairRule, Proposal
from tandem.matching.services import approve_proposals, introduce
from tandem.matching.tests.factories import ProposalFactory
from tandem.programs.models import Cycle, Program
from tandem.testing.factories import CycleFactory


@pytest.fixture
def proposal(cycle: Cycle) -> Proposal:
    return ProposalFactory(cycle=cycle, score=81)


def staff_urls(program: Program, cycle: Cycle, proposal: Proposal) -> dict[str, tuple[str, str]]:
    kwargs = {"slug": program.slug, "cycle_id": cycle.pk}
    rule = PairRule.objects.create(cycle=cycle, mentee=proposal.mentee, mentor=proposal.mentor, kind="block")
    return {
        "board": ("get", reverse("matching:board", kwargs=kwargs)),
        "run_status": ("get", reverse("matching:run_status", kwargs=kwargs)),
        "proposal": ("get", reverse("matching:proposal", kwargs={**kwargs, "pk": proposal.pk})),
        "run": ("post", reverse("matching:run", kwargs=kwargs)),
        "approve": ("post", reverse("matching:approve", kwargs=kwargs)),
        "introduce": ("post", reverse("matching:introduce", kwargs=kwargs)),
        "swap": ("post", reverse("matching:swap", kwargs={**kwargs, "pk": proposal.pk})),
        "add_rule": ("post", reverse("matching:add_rule", kwargs={**kwargs, "pk": proposal.pk})),
        "remove_rule": ("post", reverse("matching:remove_rule", kwargs={**kwargs, "rule_id": rule.pk})),
    }


def test_anonymous_visitors_are_sent_to_sign_in_from_every_staff_route(
    client: Client, program: Program, cycle: Cycle, proposal: Proposal
) -> None:
    for name, (method, url) in staff_urls(program, cycle, proposal).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name


@pytest.mark.parametrize("persona", ["mentee", "mentor", "other_coordinator", "staff_without_grant"])
def test_people_outside_the_program_staff_get_404_on_every_staff_route(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    program: Program,
    cycle: Cycle,
    proposal: Proposal,
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for name, (method, url) in staff_urls(program, cycle, proposal).items():
        assert getattr(client, method)(url).status_code == 404, name


def test_committee_members_see_and_comment_but_cannot_decide(
    client: Client, committee_member: User, program: Program, cycle: Cycle, proposal: Proposal
) -> None:
    client.force_login(committee_member)
    urls = staff_urls(program, cycle, proposal)
    board = client.get(urls["board"][1]).content.decode()
    assert proposal.mentee.user.display_name in board
    assert "Approve selected" not in board
    for name in ("run", "approve", "introduce", "swap", "add_rule", "remove_rule"):
        assert client.post(urls[name][1]).status_code == 404, name
    response = client.post(urls["proposal"][1], {"body": "Both in Quebec City, good."})
    assert response.status_code == 302
    assert list(proposal.comments.values_list("body", "author")) == [
        ("Both in Quebec City, good.", committee_member.pk)
    ]


def test_a_blank_comment_is_refused_and_nothing_is_saved(
    client: Client, committee_member: User, program: Program, cycle: Cycle, proposal: Proposal
) -> None:
    client.force_login(committee_member)
    url = reverse("matching:proposal", kwargs={"slug": program.slug, "cycle_id": cycle.pk, "pk": proposal.pk})
    response = client.post(url, {"body": "   "})
    assert response.status_code == 200
    assert response.context["comment_form"].errors == {"body": ["This field is required."]}
    assert not proposal.comments.exists()


def test_a_proposal_of_another_cycle_answers_404(
    client: Client, coordinator: User, program: Program, cycle: Cycle, other_program: Program
) -> None:
    foreign = ProposalFactory(cycle=CycleFactory(program=other_program))
    client.force_login(coordinator)
    url = reverse("matching:proposal", kwargs={"slug": program.slug, "cycle_id": cycle.pk, "pk": foreign.pk})
    assert client.get(url).status_code == 404


def test_coordinator_board_shows_proposals_with_reasons_and_approves_all(
    client: Client, coordinator: User, program: Program, cycle: Cycle, proposal: Proposal
) -> None:
    client.force_login(coordinator)
    kwargs = {"slug": program.slug, "cycle_id": cycle.pk}
    page = client.get(reverse("matching:board", kwargs=kwargs)).content.decode()
    assert proposal.mentee.user.display_name in page
    assert "same region (Quebec)" in page
    response = client.post(reverse("matching:approve", kwargs=kwargs), {"all": "1"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.approved_by) == ("approved", coordinator)


def test_board_reasons_are_in_french_on_french_pages(
    client: Client, coordinator: User, program: Program, cycle: Cycle, proposal: Proposal
) -> None:
    client.force_login(coordinator)
    url = reverse("matching:board", kwargs={"slug": program.slug, "cycle_id": cycle.pk}).replace(
        "/en/", "/fr/", 1
    )
    assert "même région (Québec)" in client.get(url).content.decode()


def test_board_query_count_does_not_grow_with_proposals(
    client: Client, coordinator: User, program: Program, cycle: Cycle
) -> None:
    client.force_login(coordinator)
    url = reverse("matching:board", kwargs={"slug": program.slug, "cycle_id": cycle.pk})
    ProposalFactory.create_batch(2, cycle=cycle)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ProposalFactory.create_batch(12, cycle=cycle)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def introduced(cycle: Cycle, coordinator: User) -> Proposal:
    proposal = ProposalFactory(cycle=cycle)
    approve_proposals(proposals=[proposal], by=coordinator)
    introduce(cycle=cycle, by=coordinator)
    proposal.refresh_from_db()
    return proposal


def test_only_the_two_people_introduced_see_their_introduction(
    client: Client, coordinator: User, cycle: Cycle, mentee: User, other_coordinator: User
) -> None:
    proposal = introduced(cycle, coordinator)
    url = reverse("introductions:detail", kwargs={"pk": proposal.pk})
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    for outsider in (mentee, coordinator, other_coordinator):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(proposal.mentee.user)
    page = client.get(url).content.decode()
    assert proposal.mentor.user.email in page
    assert "Meet your proposed mentor" in page


def test_answering_not_a_fit_keeps_the_reason_private(
    client: Client, coordinator: User, cycle: Cycle
) -> None:
    proposal = introduced(cycle, coordinator)
    client.force_login(proposal.mentee.user)
    url = reverse("introductions:detail", kwargs={"pk": proposal.pk})
    response = client.post(url, {"answer": "not_a_fit", "reason": "We work in the same team"})
    assert response.status_code == 302
    client.force_login(proposal.mentor.user)
    page = client.get(url).content.decode()
    assert "This introduction will not go further." in page
    assert "We work in the same team" not in page


def test_an_answer_must_be_chosen(client: Client, coordinator: User, cycle: Cycle) -> None:
    proposal = introduced(cycle, coordinator)
    client.force_login(proposal.mentor.user)
    response = client.post(
        reverse("introductions:detail", kwargs={"pk": proposal.pk}), {"reason": "typed text"}
    )
    assert response.status_code == 200
    assert "typed text" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.mentor_answer == "pending"
