"""Every participant-side write: self-assessments, applications, edits and withdrawals.

Screening writes (coordinator decisions) live in the screening modules of this app.
"""

from collections.abc import Iterable, Mapping, Sequence
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import ConsentPurpose, User
from tandem.accounts.services import record_consent, update_profile
from tandem.applications.consents import PARTICIPATION_CONSENT_TEXT, PARTICIPATION_CONSENT_VERSION
from tandem.applications.models import Application, Role, SelfAssessment, StatusChange
from tandem.applications.questionnaires import readiness
from tandem.applications.selectors import preferred_mentor_choices
from tandem.notifications.services import notify
from tandem.programs.models import Cycle, Questionnaire, Topic
from tandem.programs.selectors import questions_to_ask

ROLE_OF_SELF_ASSESSMENT = {
    Questionnaire.Kind.MENTOR_SELF_ASSESSMENT: Role.MENTOR,
    Questionnaire.Kind.MENTEE_SELF_ASSESSMENT: Role.MENTEE,
}
# Answers that only make sense for one role; an application in the other role never keeps them.
ROLE_ONLY_FIELDS = {
    Role.MENTOR: frozenset({"capacity", "expertise"}),
    Role.MENTEE: frozenset({"objectives", "preferred_mentor"}),
}


def fields_for_role(role: str, fields: Mapping[str, object]) -> dict[str, object]:
    other_roles_fields = frozenset().union(
        *(names for other, names in ROLE_ONLY_FIELDS.items() if other != role)
    )
    return {name: value for name, value in fields.items() if name not in other_roles_fields}


def _ensure_recruiting(cycle: Cycle) -> None:
    if not cycle.is_recruiting_on(timezone.localdate()):
        raise ValidationError(_("Recruitment for this cycle is closed."))


def _ensure_preferred_mentor_allowed(*, fields: Mapping[str, object], cycle: Cycle, user: User) -> None:
    """A mentee may only name a mentor of the same cycle who chose to be seen (privacy by default)."""
    preferred = fields.get("preferred_mentor")
    if (
        preferred is not None
        and not preferred_mentor_choices(cycle, for_user=user).filter(pk=preferred.pk).exists()
    ):
        raise ValidationError({"preferred_mentor": _("Choose a mentor from the list.")})


def _record_status_change(
    *, application: Application, from_status: str, by: User | None, reason: str = ""
) -> StatusChange:
    change = StatusChange(
        application=application,
        from_status=from_status,
        to_status=application.status,
        changed_by=by,
        reason=reason,
    )
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def save_self_assessment(
    *, user: User, cycle: Cycle, questionnaire: Questionnaire, answers: Mapping[str, object]
) -> SelfAssessment:
    """Save (or replace, when re-taken) the person's self-assessment for the questionnaire's role and cycle.

    Side effects: computes readiness; links the self-assessment to the person's application in that role
    and cycle when one exists and has none yet.
    """
    if questionnaire.program_id != cycle.program_id or not questionnaire.is_self_assessment:
        raise ValueError("The questionnaire must be a self-assessment of the cycle's program.")
    _ensure_recruiting(cycle)
    role = ROLE_OF_SELF_ASSESSMENT[questionnaire.kind]
    kept_answers = {key: value for key, value in answers.items() if value is not None}
    self_assessment = SelfAssessment.objects.select_for_update().filter(
        user=user, cycle=cycle, role=role
    ).first() or SelfAssessment(user=user, cycle=cycle, role=role)
    self_assessment.questionnaire = questionnaire
    self_assessment.answers = kept_answers
    self_assessment.readiness = readiness(questions_to_ask(questionnaire), kept_answers)
    self_assessment.full_clean()
    self_assessment.save()
    Application.objects.filter(user=user, cycle=cycle, role=role, self_assessment__isnull=True).update(
        self_assessment=self_assessment
    )
    return self_assessment


@transaction.atomic
def submit_applications(
    *,
    user: User,
    cycle: Cycle,
    roles: Sequence[str],
    fields: Mapping[str, object],
    topics: Iterable[Topic],
    extra_answers: Mapping[str, Mapping[str, object]],
    profile_visible: bool,
) -> list[Application]:
    """Register the person in one or both roles of a cycle, all or nothing.

    Side effects: one Application and one StatusChange ("" → submitted) per role, linked to the person's
    self-assessment for that role when there is one; one PROGRAM_PARTICIPATION consent with its text and
    version; when `profile_visible` changes, the profile and a PROFILE_SHARING consent; after commit, an
    acknowledgement email in the person's language.
    """
    _ensure_recruiting(cycle)
    if not roles:
        raise ValidationError(_("Choose at least one role."))
    _ensure_preferred_mentor_allowed(fields=fields, cycle=cycle, user=user)
    topics = list(topics)
    self_assessments = {sa.role: sa for sa in SelfAssessment.objects.filter(user=user, cycle=cycle)}
    applications = []
    for role in roles:
        application = Application(
            cycle=cycle,
            user=user,
            role=role,
            status=Application.Status.SUBMITTED,
            self_assessment=self_assessments.get(role),
            extra_answers=dict(extra_answers.get(role, {})),
            **fields_for_role(role, fields),
        )
        application.full_clean()
        application.save()
        application.topics.set(topics)
        _record_status_change(application=application, from_status="", by=user)
        applications.append(application)
    record_consent(
        user=user,
        purpose=ConsentPurpose.PROGRAM_PARTICIPATION,
        granted=True,
        text=str(PARTICIPATION_CONSENT_TEXT),
        version=PARTICIPATION_CONSENT_VERSION,
        program=cycle.program,
    )
    if profile_visible != user.profile_visible:
        update_profile(user=user, data={"profile_visible": profile_visible})
    transaction.on_commit(
        partial(
            notify,
            user=user,
            template="application_received",
            context={
                "cycle": cycle,
                "program": cycle.program,
                "applications": applications,
            },
        )
    )
    return applications


@transaction.atomic
def update_application(
    *,
    application: Application,
    fields: Mapping[str, object],
    topics: Iterable[Topic],
    extra_answers: Mapping[str, object],
) -> Application:
    """Save the applicant's changes. Allowed until recruitment closes, never once declined or withdrawn."""
    if not application.is_editable_on(timezone.localdate()):
        raise ValidationError(_("This application can no longer be changed."))
    _ensure_preferred_mentor_allowed(fields=fields, cycle=application.cycle, user=application.user)
    for name, value in fields_for_role(application.role, fields).items():
        setattr(application, name, value)
    application.extra_answers = dict(extra_answers)
    application.full_clean()
    application.save()
    application.topics.set(list(topics))
    return application


@transaction.atomic
def withdraw_application(*, application: Application, by: User) -> Application:
    """Withdraw an application until the relationships start.

    Side effects: status withdrawn, withdrawn_at set, one StatusChange row.
    """
    # Lock the row so a coordinator's decision and the withdrawal cannot interleave.
    application = Application.objects.select_for_update().select_related("cycle").get(pk=application.pk)
    if not application.is_withdrawable:
        raise ValidationError(_("This application can no longer be withdrawn."))
    previous = application.status
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.full_clean()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _record_status_change(application=application, from_status=previous, by=by)
    return application
