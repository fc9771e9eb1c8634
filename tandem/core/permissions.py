"""Access rules shared by every app's views. Objects a user may not see answer 404, never 403."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.programs.selectors import STAFF_ROLES, get_program_for_staff

View = Callable[..., HttpResponse]


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def program_staff_required(roles: frozenset[str] = STAFF_ROLES) -> Callable[[View], View]:
    """Load the program named by the `slug` URL argument for a staff member, or answer 404.

    The view receives `program` instead of `slug`. Staff see applicants' personal data, so they must
    have a second factor (TOTP) before they can open any program page.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            program = get_program_for_staff(request.user, slug, roles=roles)
            if settings.TANDEM_COORDINATOR_MFA_REQUIRED and not has_second_factor(request.user):
                messages.warning(
                    request,
                    _(
                        "Program staff must protect their account with an authenticator app before continuing."
                    ),
                )
                return redirect("mfa_activate_totp")
            return view(request, *args, program=program, **kwargs)

        return wrapper

    return decorator
