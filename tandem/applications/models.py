import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core.models import Region, TimeStampedModel, localized
from tandem.programs.models import Cycle, Questionnaire, Topic


class Role(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    EITHER = "either", _("Either")


class SelfAssessment(TimeStampedModel):
    """A person's answers to the program's 'is mentoring for me?' questionnaire for one role and cycle."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("person"),
    )
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="self_assessments", verbose_name=_("cycle")
    )
    role = models.CharField(_("role"), max_length=6, choices=Role.choices)
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="self_assessments",
        verbose_name=_("questionnaire"),
    )
    # {str(question_id): answer}; answers stay readable even if a question is later reworded.
    answers = models.JSONField(_("answers"), default=dict)
    readiness = models.PositiveSmallIntegerField(
        _("readiness (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(fields=["user", "cycle", "role"], name="one_self_assessment_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.cycle}"

    @property
    def is_ready(self) -> bool:
        return self.readiness is not None and self.readiness >= self.questionnaire.ready_threshold

    @property
    def guidance(self) -> str:
        """The program's advice after the questionnaire: go ahead, or take time to reflect."""
        return localized(self.questionnaire, "guidance_ready" if self.is_ready else "guidance_reflect")


class Application(TimeStampedModel):
    """A person's registration for one role in one cycle. Someone applying as both has two applications.

    An accepted application is what matching consumes.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="applications", verbose_name=_("cycle")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    role = models.CharField(_("role"), max_length=6, choices=Role.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    self_assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("self-assessment"),
    )

    # What the person tells the program (DESIGN.md, stage 2).
    context_of_practice = models.TextField(_("context of practice"), blank=True)
    motivation = models.TextField(_("motivation"))
    objectives = models.TextField(_("objectives"), blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    topics = models.ManyToManyField(Topic, related_name="applications", verbose_name=_("topics"))
    industry = models.CharField(_("industry or sector"), max_length=120, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    manager_email = models.EmailField(
        _("manager's email"),
        blank=True,
        help_text=_("Used only to avoid pairing you with someone in your reporting line."),
    )
    region = models.CharField(_("region"), max_length=2, choices=Region.choices)
    languages = models.JSONField(_("languages for mentoring"), default=list)
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"), validators=[MaxValueValidator(70)]
    )
    meeting_format = models.CharField(
        _("meeting format"), max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.EITHER
    )
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("how many mentees you can take"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    preferred_mentor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preferred_by",
        verbose_name=_("preferred mentor"),
        limit_choices_to={"role": Role.MENTOR},
    )
    people_to_avoid = models.TextField(
        _("people to avoid"),
        blank=True,
        help_text=_(
            "Names of people you should not be paired with (conflict of interest). Only coordinators see this."
        ),
    )
    membership_number = models.CharField(_("membership number"), max_length=60, blank=True)
    supervisor_supports = models.BooleanField(_("my supervisor supports my participation"), default=False)
    extra_answers = models.JSONField(_("answers to the program's questions"), default=dict, blank=True)

    # Screening (stage 3): only coordinators and committee members see these.
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    conversation_note = models.TextField(_("note of the initial conversation"), blank=True)
    conversation_on = models.DateField(_("initial conversation on"), null=True, blank=True)
    conversation_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conversation note saved by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user", "role"], name="one_application_per_role_per_cycle"
            ),
            models.CheckConstraint(
                condition=Q(role="mentee", capacity__isnull=True) | Q(role="mentor", capacity__gte=1),
                name="only_mentors_have_a_capacity",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.cycle}"

    @property
    def is_open_for_edit(self) -> bool:
        return self.status in {self.Status.SUBMITTED, self.Status.WAITLISTED, self.Status.ACCEPTED}

    def is_editable_on(self, day: datetime.date) -> bool:
        """The applicant may change their answers until recruitment closes, unless declined or withdrawn."""
        return self.is_open_for_edit and self.cycle.is_recruiting_on(day)

    @property
    def is_editable(self) -> bool:
        return self.is_editable_on(timezone.localdate())

    @property
    def is_withdrawable(self) -> bool:
        """A person may withdraw until the relationships start; after that, ending a pairing is another story."""
        return self.is_open_for_edit and self.cycle.status in {Cycle.Status.RECRUITING, Cycle.Status.MATCHING}


class StatusChange(models.Model):
    """Every status change of an application: who, when, from, to, why. Never edited."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("application")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Application.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Application.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
