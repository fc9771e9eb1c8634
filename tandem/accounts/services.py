import uuid

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Consent, ConsentPurpose, User
from tandem.programs.models import Program


@transaction.atomic
def update_profile(*, user: User, data: dict[str, object]) -> User:
    """Save the person's profile fields. Turning profile sharing on or off is recorded as a consent decision."""
    # Read the stored value: a bound ModelForm has already copied the new one onto `user`.
    was_visible = User.objects.filter(pk=user.pk).values_list("profile_visible", flat=True).get()
    for field, value in data.items():
        setattr(user, field, value)
    user.full_clean()
    user.save()
    if was_visible != user.profile_visible:
        record_consent(
            user=user,
            purpose=ConsentPurpose.PROFILE_SHARING,
            granted=user.profile_visible,
            text=str(User._meta.get_field("profile_visible").help_text),
        )
    return user


def record_consent(
    *, user: User, purpose: str, granted: bool, text: str, program: Program | None = None, version: str = "1"
) -> Consent:
    """Append one consent decision (never edits an earlier one)."""
    consent = Consent(
        user=user, purpose=purpose, granted=granted, text=text, text_version=version, program=program
    )
    consent.full_clean()
    consent.save()
    return consent


def export_personal_data(*, user: User) -> dict[str, object]:
    """Everything Tandem holds about the person, as plain JSON-ready data (Law 25 / PIPEDA access right)."""
    # Imported here: applications builds on accounts, not the other way round.
    from tandem.applications.models import Application, SelfAssessment
    from tandem.relationships.selectors import workspace_data_for_export

    profile_fields = [
        "email",
        "first_name",
        "last_name",
        "pronouns",
        "organization",
        "job_title",
        "region",
        "languages",
        "preferred_language",
        "years_of_experience",
        "profile_visible",
        "date_joined",
        "last_login",
    ]
    applications = (
        Application.objects.filter(user=user)
        .select_related("cycle__program")
        .prefetch_related("topics", "status_changes")
        .order_by("submitted_at")
    )
    return {
        "profile": {field: _jsonable(getattr(user, field)) for field in profile_fields},
        "consents": [
            {
                "purpose": consent.purpose,
                "program": consent.program.slug if consent.program else None,
                "granted": consent.granted,
                "text_version": consent.text_version,
                "text": consent.text,
                "recorded_at": consent.recorded_at.isoformat(),
            }
            for consent in user.consents.select_related("program").order_by("recorded_at", "pk")
        ],
        "program_roles": [
            {"program": role.program.slug, "role": role.role, "assigned_at": role.assigned_at.isoformat()}
            for role in user.program_roles.select_related("program")
        ],
        "self_assessments": [
            {
                "program": assessment.cycle.program.slug,
                "cycle": assessment.cycle.name,
                "role": assessment.role,
                "answers": assessment.answers,
                "readiness": assessment.readiness,
                "updated_at": assessment.updated_at.isoformat(),
            }
            for assessment in SelfAssessment.objects.filter(user=user).select_related("cycle__program")
        ],
        "applications": [
            {
                "program": application.cycle.program.slug,
                "cycle": application.cycle.name,
                "role": application.role,
                "status": application.status,
                "submitted_at": application.submitted_at.isoformat(),
                "context_of_practice": application.context_of_practice,
                "motivation": application.motivation,
                "objectives": application.objectives,
                "expertise": application.expertise,
                "topics": [topic.name_en for topic in application.topics.all()],
                "industry": application.industry,
                "employer": application.employer,
                "manager_email": application.manager_email,
                "region": application.region,
                "languages": application.languages,
                "years_of_experience": application.years_of_experience,
                "meeting_format": application.meeting_format,
                "availability": application.availability,
                "capacity": application.capacity,
                "people_to_avoid": application.people_to_avoid,
                "membership_number": application.membership_number,
                "supervisor_supports": application.supervisor_supports,
                "extra_answers": application.extra_answers,
                "status_history": [
                    {"from": change.from_status, "to": change.to_status, "at": change.changed_at.isoformat()}
                    for change in application.status_changes.all()
                ],
            }
            for application in applications
        ],
        # The pair workspaces the person can read (agreement, goals, meetings, own check-ins and concerns).
        "relationships": workspace_data_for_export(user),
    }


def _jsonable(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


class ErasureRefused(Exception):
    """The account cannot be erased yet; the message says why."""


@transaction.atomic
def erase_account(*, user: User) -> None:
    """Delete the person and everything that is theirs (applications, self-assessments, consents, roles).

    Side effects: the audit trail keeps status changes that this person made on others' applications,
    with the author set to nobody. Refused while the person is the last coordinator of a program, so no
    program is left without anyone to run it, and while they are in an open mentoring relationship, whose
    workspace belongs to their partner too: the pair ends it first.

    A relationship that has ended stays the partner's record (meetings, goals, credit hours), so a person
    who had one is anonymised instead of deleted: see `_anonymise`.
    """
    from tandem.programs.models import ProgramRole
    from tandem.relationships.models import Relationship

    in_open_relationship = Relationship.objects.filter(
        models.Q(mentor__user=user) | models.Q(mentee__user=user), status__in=Relationship.OPEN_STATUSES
    ).exists()
    if in_open_relationship:
        raise ErasureRefused(
            _(
                "You are in a mentoring relationship. End it in your workspace first: its content is your partner's too."
            )
        )

    coordinated = ProgramRole.objects.filter(user=user, role=ProgramRole.Role.COORDINATOR).values("program")
    orphaned = (
        ProgramRole.objects.filter(program__in=coordinated, role=ProgramRole.Role.COORDINATOR)
        .values("program")
        .annotate(count=models.Count("pk"))
        .filter(count=1)
    )
    if orphaned.exists():
        raise ErasureRefused(
            _(
                "You are the only coordinator of a program. Hand it to another coordinator before erasing your account."
            )
        )
    if Relationship.objects.filter(models.Q(mentor__user=user) | models.Q(mentee__user=user)).exists():
        _anonymise(user)
    else:
        user.delete()


def _anonymise(user: User) -> None:
    """Erase everything about the person except the bare rows their partners' relationships point to.

    Side effects: deleted: consents, self-assessments, applications without a relationship, program roles,
    email addresses, second factors, notification preferences and queued emails, the person's check-ins,
    concerns and closing reflections, pending proposals and requests, admin log entries. Kept, stripped of
    every personal field: the account row (cannot sign in, shown as "Former participant"), the applications
    the relationships point to (withdrawn, so matching never offers the person again) and the fact and date
    of their signatures (the name they typed is blanked). The shared workspace (agreement, goals, meetings)
    stays with the partner. Records of who did what (approvals, meetings logged...) keep pointing to the
    anonymous account.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import LogEntry

    from tandem.applications.models import Application, SelfAssessment, StatusChange
    from tandem.evaluations.models import CheckIn
    from tandem.matching.models import MentorRequest, Proposal
    from tandem.notifications.models import NotificationPreference, OutgoingEmail
    from tandem.programs.models import ProgramRole
    from tandem.relationships.models import (
        AgreementSignature,
        ClosingReflection,
        Concern,
        ConfidentialitySignature,
        NextCycleInvitation,
        ReminderSent,
    )

    kept_ids = set(
        Application.objects.filter(user=user)
        .filter(
            models.Q(relationships_as_mentor__isnull=False) | models.Q(relationships_as_mentee__isnull=False)
        )
        .values_list("pk", flat=True)
    )
    Application.objects.filter(user=user).exclude(pk__in=kept_ids).delete()
    kept = Application.objects.filter(pk__in=kept_ids)
    Proposal.objects.filter(
        models.Q(mentee__in=kept) | models.Q(mentor__in=kept), relationship__isnull=True
    ).exclude(
        status__in=[Proposal.Status.INTRODUCED, Proposal.Status.ACCEPTED, Proposal.Status.NOT_A_FIT]
    ).delete()
    MentorRequest.objects.filter(models.Q(mentee__in=kept) | models.Q(mentor__in=kept)).delete()
    Proposal.objects.filter(mentee__in=kept).update(mentee_reason="")
    Proposal.objects.filter(mentor__in=kept).update(mentor_reason="")
    Application.topics.through.objects.filter(application_id__in=kept_ids).delete()
    StatusChange.objects.filter(application__in=kept).update(reason="")
    now = timezone.now()
    StatusChange.objects.bulk_create(
        StatusChange(
            application=application, from_status=application.status, to_status=Application.Status.WITHDRAWN
        )
        for application in kept.exclude(status=Application.Status.WITHDRAWN)
    )
    kept.update(
        status=Application.Status.WITHDRAWN,
        withdrawn_at=now,
        self_assessment=None,
        context_of_practice="",
        motivation="",
        objectives="",
        expertise="",
        industry="",
        employer="",
        manager_email="",
        languages=[],
        years_of_experience=0,
        availability="",
        preferred_mentor=None,
        people_to_avoid="",
        membership_number="",
        extra_answers={},
        decision_reason="",
        conversation_note="",
    )
    # Someone else may have named the person as their preferred mentor.
    Application.objects.filter(preferred_mentor__in=kept).update(preferred_mentor=None)
    SelfAssessment.objects.filter(user=user).delete()
    user.consents.all().delete()
    ProgramRole.objects.filter(user=user).delete()
    CheckIn.objects.filter(author=user).delete()
    Concern.objects.filter(raised_by=user).delete()
    ClosingReflection.objects.filter(author=user).delete()
    ReminderSent.objects.filter(user=user).delete()
    NextCycleInvitation.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    OutgoingEmail.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    LogEntry.objects.filter(user=user).delete()
    AgreementSignature.objects.filter(user=user).update(typed_name="")
    ConfidentialitySignature.objects.filter(user=user).update(typed_name="")
    Authenticator.objects.filter(user=user).delete()

    user.email = f"erased-{uuid.uuid4().hex}@erased.invalid"
    user.first_name = user.last_name = ""
    user.pronouns = user.organization = user.job_title = user.region = ""
    user.languages = []
    user.years_of_experience = None
    user.profile_visible = False
    user.is_active = user.is_staff = user.is_superuser = False
    user.erased_at = now
    # An unusable password also changes the session hash, which signs the person out everywhere.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
