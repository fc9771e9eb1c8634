"""The committee's matching workflow: runs of the engine, proposals, locks and blocks, introductions.

The engine itself (`tandem.matching.engine`) is pure Python and knows nothing of these models;
`tandem.matching.adapter` turns a cycle's accepted applications into an engine instance.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.applications.models import Application
from tandem.core.models import TimeStampedModel
from tandem.programs.models import Cycle, Program
from tandem.relationships.models import Relationship


class MatchingMode(models.TextChoices):
    COMMITTEE = "committee", _("The committee matches, helped by the engine")
    SELF_SELECTION = "self_selection", _("Mentees choose among suggested mentors")


class MatchingSettings(models.Model):
    """How one program matches. Weights are relative; the engine rescales them to 100 points."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="matching_settings", verbose_name=_("program")
    )
    mode = models.CharField(
        _("matching mode"), max_length=16, choices=MatchingMode.choices, default=MatchingMode.COMMITTEE
    )
    weight_topics = models.PositiveSmallIntegerField(_("weight of shared topics"), default=25)
    weight_industry = models.PositiveSmallIntegerField(_("weight of the same industry"), default=10)
    weight_expertise = models.PositiveSmallIntegerField(_("weight of expertise areas"), default=20)
    weight_region = models.PositiveSmallIntegerField(_("weight of region"), default=10)
    weight_seniority = models.PositiveSmallIntegerField(_("weight of the seniority gap"), default=10)
    weight_text = models.PositiveSmallIntegerField(_("weight of goals matching experience"), default=25)
    preferred_bonus = models.PositiveSmallIntegerField(
        _("bonus for the mentor a mentee named"), default=10, validators=[MaxValueValidator(50)]
    )
    min_score = models.PositiveSmallIntegerField(
        _("minimum score of a pair"), default=0, validators=[MaxValueValidator(100)]
    )
    seniority_min_gap = models.PositiveSmallIntegerField(
        _("mentor has at least this many more years"), default=3
    )
    seniority_max_gap = models.PositiveSmallIntegerField(_("and at most this many more years"), default=25)
    request_expiry_days = models.PositiveSmallIntegerField(
        _("days a mentor has to answer a mentee's request"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self) -> str:
        return str(self.program)


class MatchingRun(TimeStampedModel):
    """One run of the engine over a cycle's accepted applications, done as a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    class Mode(models.TextChoices):
        OPTIMAL = "optimal", _("Most mentees matched, then best total fit")
        STABLE = "stable", _("Stable (no pair would rather be together)")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="matching_runs", verbose_name=_("cycle")
    )
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.OPTIMAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    step = models.CharField(_("current step"), max_length=40, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    mentees_considered = models.PositiveIntegerField(_("mentees considered"), default=0)
    mentors_considered = models.PositiveIntegerField(_("mentors considered"), default=0)
    matched = models.PositiveIntegerField(_("mentees matched"), null=True, blank=True)
    total_score = models.PositiveIntegerField(_("total score"), null=True, blank=True)
    optimal = models.BooleanField(_("proven optimal"), null=True)
    # [{"mentee": application id, "reason": {"code": ..., "params": {...}}}]
    unmatched = models.JSONField(_("unmatched mentees"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(status__in=["queued", "running"]),
                name="one_unfinished_matching_run_per_cycle",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class Proposal(TimeStampedModel):
    """A proposed mentor for a mentee, from the engine, a coordinator's swap, or a mentee's request."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        INTRODUCED = "introduced", _("Introduced")
        ACCEPTED = "accepted", _("Both agreed to start")
        NOT_A_FIT = "not_a_fit", _("Not a fit")
        SUPERSEDED = "superseded", _("Replaced")

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        START = "start", _("Let's start")
        NOT_A_FIT = "not_a_fit", _("Not a fit")

    # A mentee holds at most one of these at a time: that is "one mentor per mentee" in the database.
    HOLDING_STATUSES = ("approved", "introduced", "accepted")
    # A mentor's capacity is consumed by these.
    LOAD_STATUSES = HOLDING_STATUSES

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("cycle")
    )
    run = models.ForeignKey(
        MatchingRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("run"),
    )
    mentee = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="proposals_as_mentee", verbose_name=_("mentee")
    )
    mentor = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="proposals_as_mentor", verbose_name=_("mentor")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    # Engine output kept as data so it can be shown in either language: [{"code": ..., "params": {...}}].
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    contributions = models.JSONField(_("points per criterion"), default=dict, blank=True)
    # [{"mentor": application id, "score": int, "free_capacity": int}]
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    flags = models.JSONField(_("points to check"), default=list, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    introduced_at = models.DateTimeField(_("introduced"), null=True, blank=True)
    mentee_answer = models.CharField(
        _("mentee's answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    mentor_answer = models.CharField(
        _("mentor's answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    # Seen by the program's staff only, never by the other person.
    mentee_reason = models.TextField(_("mentee's private reason"), blank=True)
    mentor_reason = models.TextField(_("mentor's private reason"), blank=True)
    relationship = models.OneToOneField(
        Relationship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("relationship"),
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["approved", "introduced", "accepted"]),
                name="a_mentee_holds_one_mentor_at_a_time",
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="proposed"),
                name="one_open_proposal_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(mentee=models.F("mentor")), name="proposal_pairs_two_applications"
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.mentee.user} ← {self.mentor.user} ({self.score})"


class PairRule(TimeStampedModel):
    """A coordinator's lock (must pair) or block (never pair) for one mentee and one mentor of a cycle."""

    class Kind(models.TextChoices):
        LOCK = "lock", _("Must pair")
        BLOCK = "block", _("Never pair")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="pair_rules", verbose_name=_("cycle")
    )
    mentee = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentee")
    )
    mentor = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentor")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pair rule")
        verbose_name_plural = _("pair rules")
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="one_rule_per_pair"),
            models.UniqueConstraint(fields=["mentee"], condition=Q(kind="lock"), name="one_lock_per_mentee"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentee.user} / {self.mentor.user}"


class MatchingEvent(models.Model):
    """Every decision of the workflow, who and when: runs, swaps, locks, approvals, introductions, answers."""

    class Action(models.TextChoices):
        RUN = "run", _("Ran the matching")
        SWAP = "swap", _("Changed the mentor")
        LOCK = "lock", _("Locked a pair")
        BLOCK = "block", _("Blocked a pair")
        CLEAR_RULE = "clear_rule", _("Removed a lock or block")
        APPROVE = "approve", _("Approved")
        INTRODUCE = "introduce", _("Sent the introductions")
        ANSWER = "answer", _("Answered the introduction")
        REQUEST = "request", _("Asked a mentor")
        COMMENT = "comment", _("Commented")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="matching_events", verbose_name=_("cycle")
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("proposal"),
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("matching event")
        verbose_name_plural = _("matching events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class ProposalComment(models.Model):
    """A committee member's or coordinator's comment on a proposal before approval. Staff only."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("proposal")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class MentorRequest(TimeStampedModel):
    """Self-selection mode: a mentee asks one suggested mentor, who accepts or declines within capacity."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the mentor")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired without an answer")
        WITHDRAWN = "withdrawn", _("Withdrawn by the mentee")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="mentor_requests", verbose_name=_("cycle")
    )
    mentee = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="requests_sent", verbose_name=_("mentee")
    )
    mentor = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="requests_received", verbose_name=_("mentor")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    message = models.TextField(_("message to the mentor"), blank=True, max_length=1000)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Seen by the program's staff only.
    decline_reason = models.TextField(_("mentor's private reason"), blank=True)

    class Meta:
        verbose_name = _("mentor request")
        verbose_name_plural = _("mentor requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(status="pending"), name="one_pending_request_per_mentee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee.user} → {self.mentor.user} ({self.get_status_display()})"
