import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from tandem.accounts.models import User
from tandem.core.permissions import program_staff_required
from tandem.programs.models import Program, ProgramRole
from tandem.testing.factories import ProgramRoleFactory, UserFactory


@program_staff_required()
def staff_page(request: HttpRequest, program: Program) -> HttpResponse:
    return HttpResponse(f"program {program.slug}")


@program_staff_required(roles=frozenset({ProgramRole.Role.COORDINATOR}))
def coordinator_page(request: HttpRequest, program: Program) -> HttpResponse:
    return HttpResponse(f"settings of {program.slug}")


def call(view, user: User | AnonymousUser, slug: str) -> HttpResponse:
    request = RequestFactory().get(f"/en/programs/{slug}/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return view(request, slug=slug)


def test_program_staff_reach_their_program(
    coordinator: User, committee_member: User, program: Program
) -> None:
    assert call(staff_page, coordinator, program.slug).content == b"program health-leaders"
    assert call(staff_page, committee_member, program.slug).content == b"program health-leaders"


def test_committee_members_get_404_on_coordinator_only_pages(
    committee_member: User, program: Program
) -> None:
    with pytest.raises(Http404):
        call(coordinator_page, committee_member, program.slug)


def test_coordinator_of_another_program_gets_404(other_coordinator: User, program: Program) -> None:
    with pytest.raises(Http404):
        call(staff_page, other_coordinator, program.slug)


def test_participant_and_platform_staff_without_a_role_get_404(
    mentee: User, staff_without_grant: User, program: Program
) -> None:
    for user in (mentee, staff_without_grant):
        with pytest.raises(Http404):
            call(staff_page, user, program.slug)


def test_unknown_program_gets_404_even_for_a_coordinator(coordinator: User) -> None:
    with pytest.raises(Http404):
        call(staff_page, coordinator, "no-such-program")


def test_anonymous_visitor_is_sent_to_sign_in(program: Program) -> None:
    response = call(staff_page, AnonymousUser(), program.slug)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/en/programs/health-leaders/"


def test_staff_without_a_second_factor_must_set_one_up_first(program: Program) -> None:
    user = UserFactory()
    ProgramRoleFactory(program=program, user=user, role=ProgramRole.Role.COORDINATOR)
    response = call(staff_page, user, program.slug)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_second_factor_rule_can_be_turned_off_for_a_local_demo(program: Program, settings) -> None:
    settings.TANDEM_COORDINATOR_MFA_REQUIRED = False
    user = UserFactory()
    ProgramRoleFactory(program=program, user=user, role=ProgramRole.Role.COORDINATOR)
    assert call(staff_page, user, program.slug).content == b"program health-leaders"
