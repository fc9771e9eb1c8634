"""Helpers shared by the relationship services: who may act, typed signatures, emails to the partner."""

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.notifications.services import notify
from tandem.programs.models import ProgramRole
from tandem.relationships.models import (
    Relationship,
)

AGREEMENT_FIELDS = (
    "meeting_frequency",
    "usual_length_minutes",
    "meeting_format",
    "cancellation_policy",
    "other_rules",
    "starts_on",
    "planned_end",
)
GOAL_FIELDS = (
    "specific",
    "measurable",
    "achievable",
    "relevant",
    "target_date",
    "status",
    "progress_notes",
    "capability",
)
# A planned end may be recorded from this many days before the planned date; before that it is an early end.
PLANNED_END_WINDOW_DAYS = 31


def _require_participant(relationship: Relationship, user: User) -> str:
    role = relationship.role_of(user)
    if role is None:
        raise ValidationError(_("Only the mentor and the mentee of this relationship can do this."))
    return role


def _require_open(relationship: Relationship) -> None:
    if not relationship.is_open:
        raise ValidationError(_("This relationship has ended: its workspace can be read but not changed."))


def _normalized(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def check_typed_name(user: User, typed_name: str) -> str:
    """A signature is the person's full name as in their profile (accents and capitals do not matter)."""
    typed = " ".join(typed_name.split())
    if len(typed) < 2:
        raise ValidationError({"typed_name": _("Type your full name to sign.")})
    expected = user.get_full_name()
    if expected and _normalized(typed) != _normalized(expected):
        raise ValidationError(
            {
                "typed_name": _("Type your full name as it appears in your profile: %(name)s.")
                % {"name": expected}
            }
        )
    return typed


def workspace_url(relationship: Relationship, name: str = "relationships:home", **kwargs: Any) -> str:
    """Path of a workspace page in the active language (callers add settings.SITE_URL for emails)."""
    return reverse(name, kwargs={"pk": relationship.pk, **kwargs})


def _notify_partner(relationship: Relationship, by: User, template: str, **context: Any) -> None:
    partner = relationship.partner_of(by)
    notify(user=partner, template=template, context={"relationship": relationship, "by": by, **context})


def _coordinators(relationship: Relationship) -> list[User]:
    return list(
        User.objects.filter(
            program_roles__program=relationship.cycle.program,
            program_roles__role=ProgramRole.Role.COORDINATOR,
        )
    )


def _activate_if_ready(relationship: Relationship) -> None:
    """Both signed the agreement and the confidentiality commitment: the relationship is active."""
    if (
        relationship.status == Relationship.Status.INTRODUCED
        and relationship.agreement_signed_at
        and relationship.confidentiality_signed_at
    ):
        relationship.status = Relationship.Status.ACTIVE
        relationship.activated_on = timezone.localdate()
