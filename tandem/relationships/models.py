"""The mentoring relationship and the pair workspace built on it.

A relationship is a mentor and a mentee of one cycle who both agreed to start. Its workspace (agreement,
confidentiality commitment, goals, meetings, closing reflections) belongs to the two of them: coordinators
only ever read the lifecycle fields of `Relationship` (state, dates, signed-or-not, confirmed hours, flags),
never a workspace row's text. `selectors.py` is the one place that rule is enforced.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.applications.models import Application
from tandem.core.models import TimeStampedModel, localized
from tandem.programs.models import Cycle, Program
from tandem.relationships.defaults import (
    DEFAULT_AGREEMENT_INTRO_EN,
    DEFAULT_AGREEMENT_INTRO_FR,
    DEFAULT_CONFIDENTIALITY_EN,
    DEFAULT_CONFIDENTIALITY_FR,
)


class ProgramWorkspaceSettings(models.Model):
    """Program texts and rhythms the pair workspace needs, kept beside the program (not on it)."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="workspace_settings", verbose_name=_("program")
    )
    confidentiality_text_en = models.TextField(
        _("confidentiality commitment (English)"), default=DEFAULT_CONFIDENTIALITY_EN
    )
    confidentiality_text_fr = models.TextField(
        _("confidentiality commitment (French)"), default=DEFAULT_CONFIDENTIALITY_FR
    )
    # Raised by the coordinator whenever the commitment's wording changes; a signature records the version.
    confidentiality_version = models.CharField(_("confidentiality text version"), max_length=20, default="1")
    agreement_intro_en = models.TextField(
        _("agreement guidance (English)"), default=DEFAULT_AGREEMENT_INTRO_EN
    )
    agreement_intro_fr = models.TextField(
        _("agreement guidance (French)"), default=DEFAULT_AGREEMENT_INTRO_FR
    )
    meeting_interval_days = models.PositiveSmallIntegerField(
        _("remind a pair after this many days without a meeting"),
        default=31,
        validators=[MinValueValidator(7), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = _("workspace settings")
        verbose_name_plural = _("workspace settings")

    def __str__(self) -> str:
        return str(self.program)

    @property
    def confidentiality_text(self) -> str:
        return localized(self, "confidentiality_text")

    @property
    def agreement_intro(self) -> str:
        return localized(self, "agreement_intro")


class CapabilityDomain(models.Model):
    """A domain of the leadership capabilities framework a program uses (e.g. the five LEADS domains)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="capability_domains", verbose_name=_("program")
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("leadership capability domain")
        verbose_name_plural = _("leadership capability domains")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Relationship(TimeStampedModel):
    class Status(models.TextChoices):
        INTRODUCED = "introduced", _("Introduced")
        ACTIVE = "active", _("Active")
        EXTENDED = "extended", _("Extended")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    class EndReason(models.TextChoices):
        GOALS_MET_EARLY = "goals_met", _("Our goals were met early")
        NOT_WORKING = "not_working", _("The relationship is not working")
        OTHER = "other", _("Another reason")

    OPEN_STATUSES = ("introduced", "active", "extended")
    ENDED_STATUSES = ("completed", "ended_early")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="relationships", verbose_name=_("cycle")
    )
    mentor = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="relationships_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="relationships_as_mentee",
        verbose_name=_("mentee"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.INTRODUCED)
    started_on = models.DateField(_("started"))
    planned_end = models.DateField(_("planned end"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)

    # Lifecycle facts coordinators may see (DESIGN.md, privacy rule): when, never what.
    activated_on = models.DateField(_("active since"), null=True, blank=True)
    agreement_signed_at = models.DateTimeField(_("agreement signed by both"), null=True, blank=True)
    confidentiality_signed_at = models.DateTimeField(
        _("confidentiality commitment signed by both"), null=True, blank=True
    )
    extended_on = models.DateField(_("extended"), null=True, blank=True)
    mentor_wants_rematch = models.BooleanField(_("mentor asks to be matched again"), default=False)
    mentee_wants_rematch = models.BooleanField(_("mentee asks to be matched again"), default=False)
    mentor_asks_to_continue = models.BooleanField(_("mentor asks to continue next cycle"), default=False)
    mentee_asks_to_continue = models.BooleanField(_("mentee asks to continue next cycle"), default=False)

    # Pair-only: why it ended early, and a proposed extension waiting for the other's agreement.
    end_reason = models.CharField(_("reason"), max_length=12, choices=EndReason.choices, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    extension_proposed_end = models.DateField(_("proposed new end"), null=True, blank=True)
    extension_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("extension proposed by"),
    )
    # Self-declared on the credit statement page ("I am a certified member"); shown on the statement.
    mentor_certified = models.BooleanField(_("mentor is a certified member"), default=False)
    mentee_certified = models.BooleanField(_("mentee is a certified member"), default=False)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["introduced", "active", "extended"]),
                name="a_mentee_has_one_open_relationship",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor.user} / {self.mentee.user} ({self.cycle})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_ended(self) -> bool:
        return self.status in self.ENDED_STATUSES

    @property
    def rematch_requested(self) -> bool:
        return self.mentor_wants_rematch or self.mentee_wants_rematch

    @property
    def both_ask_to_continue(self) -> bool:
        return self.mentor_asks_to_continue and self.mentee_asks_to_continue

    def role_of(self, user: object) -> str | None:
        """'mentor' or 'mentee' for a participant of this pair (uses the loaded applications)."""
        user_id = getattr(user, "pk", None)
        if user_id is not None and self.mentor.user_id == user_id:
            return "mentor"
        if user_id is not None and self.mentee.user_id == user_id:
            return "mentee"
        return None

    def partner_of(self, user: object) -> object:
        return self.mentee.user if self.role_of(user) == "mentor" else self.mentor.user

    def participants(self) -> list[object]:
        return [self.mentor.user, self.mentee.user]


class MeetingFormatChoice(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")


class Agreement(TimeStampedModel):
    """The pair's ground rules. Any change raises `version`, which makes earlier signatures stale."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")
        OTHER = "other", _("Other (describe in the other rules)")

    relationship = models.OneToOneField(
        Relationship, on_delete=models.CASCADE, related_name="agreement", verbose_name=_("relationship")
    )
    meeting_frequency = models.CharField(_("how often we meet"), max_length=10, choices=Frequency.choices)
    usual_length_minutes = models.PositiveSmallIntegerField(
        _("usual length of a meeting (minutes)"), validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    meeting_format = models.CharField(_("usual format"), max_length=10, choices=MeetingFormatChoice.choices)
    cancellation_policy = models.TextField(_("when one of us must cancel"), max_length=2000)
    other_rules = models.TextField(_("other ground rules"), max_length=4000, blank=True)
    starts_on = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.relationship_id} v{self.version}"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.planned_end and self.planned_end <= self.starts_on:
            raise ValidationError({"planned_end": _("The planned end must come after the start.")})
        if self.starts_on and self.planned_end and (self.planned_end - self.starts_on).days > 3 * 366:
            raise ValidationError({"planned_end": _("A relationship lasts at most three years.")})


class AgreementSignature(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("agreement")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    version = models.PositiveIntegerField(_("version signed"))
    typed_name = models.CharField(_("full name as typed"), max_length=200)
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement signature")
        verbose_name_plural = _("agreement signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "user", "version"], name="one_agreement_signature_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.typed_name} v{self.version}"


class ConfidentialitySignature(models.Model):
    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="confidentiality_signatures",
        verbose_name=_("relationship"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    text_version = models.CharField(_("text version"), max_length=20)
    language = models.CharField(_("language of the text signed"), max_length=2)
    text = models.TextField(_("text signed"))
    typed_name = models.CharField(_("full name as typed"), max_length=200)
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        verbose_name = _("confidentiality signature")
        verbose_name_plural = _("confidentiality signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "user", "text_version"],
                name="one_confidentiality_signature_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.typed_name} v{self.text_version}"


class Goal(TimeStampedModel):
    """One SMART goal of the pair's worksheet."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    # The fields history records; a change to any of them adds a GoalChange row.
    TRACKED_FIELDS = (
        "specific",
        "measurable",
        "achievable",
        "relevant",
        "target_date",
        "status",
        "progress_notes",
        "capability",
    )

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="goals", verbose_name=_("relationship")
    )
    specific = models.CharField(_("specific: what exactly will be achieved"), max_length=300)
    measurable = models.TextField(_("measurable: how we will know it is achieved"), max_length=2000)
    achievable = models.TextField(_("achievable: why it is realistic"), max_length=2000, blank=True)
    relevant = models.TextField(_("relevant: why it matters now"), max_length=2000, blank=True)
    target_date = models.DateField(_("time-bound: target date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress_notes = models.TextField(_("progress notes"), max_length=4000, blank=True)
    capability = models.ForeignKey(
        CapabilityDomain,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leadership capability"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["target_date", "pk"]

    def __str__(self) -> str:
        return self.specific


class GoalChange(models.Model):
    """One edit of a goal: who, when, and each changed field's value before and after."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="changes", verbose_name=_("goal"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    # {field: [before, after]} as display strings.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("goal change")
        verbose_name_plural = _("goal changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.goal_id} @ {self.changed_at}"


class Meeting(TimeStampedModel):
    """A meeting planned, then logged as held by one side, then confirmed by the other: only then it counts."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        LOGGED = "logged", _("Held, waiting for confirmation")
        CONFIRMED = "confirmed", _("Held and confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("relationship")
    )
    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    meeting_format = models.CharField(_("format"), max_length=10, choices=MeetingFormatChoice.choices)
    planned_start = models.DateTimeField(_("planned start"), null=True, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned length (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField(_("date held"), null=True, blank=True)
    held_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    private_notes = models.TextField(_("private notes"), max_length=8000, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-planned_start", "-pk"]
        indexes = [models.Index(fields=["relationship", "status", "held_on"])]

    def __str__(self) -> str:
        return f"{self.relationship_id} {self.get_status_display()}"

    @property
    def planned_end(self) -> datetime.datetime | None:
        if self.planned_start is None or self.planned_minutes is None:
            return None
        return self.planned_start + datetime.timedelta(minutes=self.planned_minutes)

    @property
    def hours(self) -> float:
        return round((self.held_minutes or 0) / 60, 2)


class Concern(models.Model):
    """A concern one participant raises with the program's coordinators; the partner never sees it."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="concerns", verbose_name=_("relationship")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("raised by")
    )
    message = models.TextField(_("message to the coordinator"), max_length=4000)
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.relationship_id} @ {self.raised_at}"


class ClosingReflection(models.Model):
    """What one participant takes away from the relationship, written when it ends. The pair reads it."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("relationship")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("reflection"), max_length=4000)
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("closing reflection")
        verbose_name_plural = _("closing reflections")
        ordering = ["written_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "author"], name="one_reflection_per_participant")
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id} / {self.author_id}"


class ReminderSent(models.Model):
    """A reminder already sent for one period: the reminder command never sends it twice."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    period = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "user", "kind", "period"], name="one_reminder_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period}"


class NextCycleInvitation(models.Model):
    """A participant of a closed cycle was invited to the next one (sent once per cycle and person)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invited_to_mentor = models.BooleanField(default=False)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "user"], name="one_next_cycle_invitation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} / {self.user_id}"
