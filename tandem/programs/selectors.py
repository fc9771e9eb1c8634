"""Reads of programs and cycles, always through the requesting user's roles.

A person who is not on a program's staff gets a 404 for that program, never a hint that it exists.
"""

from django.db.models import QuerySet
from django.http import Http404

from tandem.accounts.models import User
from tandem.programs.models import Cycle, Program, ProgramRole

STAFF_ROLES = frozenset({ProgramRole.Role.COORDINATOR, ProgramRole.Role.COMMITTEE})


def has_any_program_role(user: User) -> bool:
    return user.is_authenticated and ProgramRole.objects.filter(user=user).exists()


def programs_for_staff(user: User, *, roles: frozenset[str] = STAFF_ROLES) -> QuerySet[Program]:
    if not user.is_authenticated:
        return Program.objects.none()
    return Program.objects.filter(roles__user=user, roles__role__in=roles).distinct()


def get_program_for_staff(user: User, slug: str, *, roles: frozenset[str] = STAFF_ROLES) -> Program:
    try:
        return programs_for_staff(user, roles=roles).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404 from None


def get_cycle_for_staff(user: User, program: Program, cycle_id: int) -> Cycle:
    """The cycle of a program the user already has access to (the caller got `program` from a selector)."""
    try:
        return program.cycles.get(pk=cycle_id)
    except Cycle.DoesNotExist:
        raise Http404 from None


def role_in_program(user: User, program: Program) -> str | None:
    return ProgramRole.objects.filter(user=user, program=program).values_list("role", flat=True).first()
