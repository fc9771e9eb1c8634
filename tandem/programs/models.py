import datetime
import itertools
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tandem.core.models import InterfaceLanguage, Stage, TimeStampedModel, localized

# The eight topics of the pharmaceutical-association seed: a program starts with them and edits freely.
DEFAULT_TOPICS: list[tuple[str, str]] = [
    ("Career Counseling", "Orientation de carrière"),
    ("Entrepreneurship", "Entrepreneuriat"),
    ("General Mentoring", "Mentorat général"),
    ("Social/Communication Skills", "Habiletés sociales et de communication"),
    ("Technical Counseling", "Conseils techniques"),
    ("Management Skills", "Compétences en gestion"),
    ("Leadership Skills", "Compétences en leadership"),
    ("Decision Making and Prioritization", "Prise de décision et priorisation"),
]


class CreditEarners(models.TextChoices):
    NOBODY = "nobody", _("No credits")
    CERTIFIED_MEMBERS = "certified", _("Certified members")
    ALL_PARTICIPANTS = "all", _("All participants")


class Program(TimeStampedModel):
    """A mentoring program run by an organization, year after year, in cycles."""

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    organizer = models.CharField(_("organizer"), max_length=200)
    contact_email = models.EmailField(_("contact email"), blank=True)
    languages_offered = models.JSONField(_("languages offered"), default=list)
    membership_required = models.BooleanField(_("membership required"), default=False)
    membership_label_en = models.CharField(
        _("membership number label (English)"), max_length=100, blank=True, default="Membership number"
    )
    membership_label_fr = models.CharField(
        _("membership number label (French)"), max_length=100, blank=True, default="Numéro de membre"
    )

    # Rules of the program (DESIGN.md and the seeds).
    mentor_capacity_limit = models.PositiveSmallIntegerField(
        _("most mentees per mentor"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    one_mentor_per_mentee = models.BooleanField(_("one mentor per mentee"), default=True)
    min_meeting_minutes_per_month = models.PositiveSmallIntegerField(
        _("minimum meeting time per month (minutes)"), default=60, validators=[MaxValueValidator(2400)]
    )
    credits_per_hour = models.DecimalField(
        _("continuing-education credits per hour"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
    )
    credit_earners = models.CharField(
        _("who earns credits"), max_length=12, choices=CreditEarners.choices, default=CreditEarners.NOBODY
    )
    credit_name_en = models.CharField(_("credit name (English)"), max_length=120, blank=True)
    credit_name_fr = models.CharField(_("credit name (French)"), max_length=120, blank=True)
    checkin_every_months = models.PositiveSmallIntegerField(
        _("program check-in every (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    forbid_same_employer = models.BooleanField(_("never pair people from the same employer"), default=False)
    forbid_reporting_line = models.BooleanField(_("never pair a person with their manager"), default=True)
    conflict_rules_en = models.TextField(_("conflict-of-interest rules (English)"), blank=True)
    conflict_rules_fr = models.TextField(_("conflict-of-interest rules (French)"), blank=True)
    # Law 25 / PIPEDA: personal data is kept no longer than needed (see tandem/programs/retention.py).
    retention_years = models.PositiveSmallIntegerField(
        _("years personal data is kept"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Personal data of a cycle is erased this many years after the cycle closes."),
    )

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ProgramRole", related_name="program_roles_in", blank=True
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credits_per_hour=0) | ~Q(credit_earners="nobody"),
                name="program_credits_have_earners",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def membership_label(self) -> str:
        return localized(self, "membership_label")

    @property
    def credit_name(self) -> str:
        return localized(self, "credit_name")

    @property
    def conflict_rules(self) -> str:
        return localized(self, "conflict_rules")

    @property
    def grants_credits(self) -> bool:
        return self.credits_per_hour > 0 and self.credit_earners != CreditEarners.NOBODY

    def clean(self) -> None:
        super().clean()
        offered = set(self.languages_offered or [])
        if not offered or not offered <= set(InterfaceLanguage.values):
            raise ValidationError({"languages_offered": _("Choose English, French or both.")})
        if self.credits_per_hour and self.credit_earners == CreditEarners.NOBODY:
            raise ValidationError(
                {"credit_earners": _("Say who earns the credits, or set credits per hour to 0.")}
            )


class ProgramRole(models.Model):
    """A person's staff role in one program. Coordinators and committee members are assigned per program."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        COMMITTEE = "committee", _("Committee member")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="roles", verbose_name=_("program")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="program_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("program role")
        verbose_name_plural = _("program roles")
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="one_role_per_person_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class Topic(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="topics", verbose_name=_("program")
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name_en"], name="unique_topic_name_per_program")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Questionnaire(models.Model):
    """A program-defined questionnaire: self-assessment or extra registration questions, per role."""

    class Kind(models.TextChoices):
        MENTOR_SELF_ASSESSMENT = "mentor_self", _("Mentor self-assessment")
        MENTEE_SELF_ASSESSMENT = "mentee_self", _("Mentee self-assessment")
        MENTOR_REGISTRATION = "mentor_registration", _("Mentor registration questions")
        MENTEE_REGISTRATION = "mentee_registration", _("Mentee registration questions")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="questionnaires", verbose_name=_("program")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    # Guidance shown after a self-assessment: which text depends on the share of "ready" answers.
    ready_threshold = models.PositiveSmallIntegerField(
        _("readiness threshold (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    guidance_ready_en = models.TextField(_("guidance when ready (English)"), blank=True)
    guidance_ready_fr = models.TextField(_("guidance when ready (French)"), blank=True)
    guidance_reflect_en = models.TextField(_("guidance when not yet ready (English)"), blank=True)
    guidance_reflect_fr = models.TextField(_("guidance when not yet ready (French)"), blank=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [models.UniqueConstraint(fields=["program", "kind"], name="one_questionnaire_per_kind")]

    def __str__(self) -> str:
        return f"{self.program} — {self.get_kind_display()}"

    @property
    def intro(self) -> str:
        return localized(self, "intro")

    @property
    def is_self_assessment(self) -> bool:
        return self.kind in {self.Kind.MENTOR_SELF_ASSESSMENT, self.Kind.MENTEE_SELF_ASSESSMENT}


class Question(models.Model):
    class Kind(models.TextChoices):
        # A statement the person rates from 1 (not at all) to 5 (completely); 4 and 5 count as "ready".
        SCALE = "scale", _("Agreement from 1 to 5")
        YES_NO = "yes_no", _("Yes or no")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    text_en = models.CharField(_("question (English)"), max_length=400)
    text_fr = models.CharField(_("question (French)"), max_length=400)
    help_en = models.CharField(_("help (English)"), max_length=400, blank=True)
    help_fr = models.CharField(_("help (French)"), max_length=400, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=12, choices=Kind.choices, default=Kind.SCALE)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Answers are stored as JSON keyed by question id: a question that has answers is archived (not asked
    # any more) rather than deleted, so those answers keep their wording.
    active = models.BooleanField(_("asked"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def help(self) -> str:
        return localized(self, "help")


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later. 29 February becomes 28 February in a common year: personal data is never
    kept a day longer than the retention period promises."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class CycleQuerySet(QuerySet):
    def with_closed_at(self) -> "CycleQuerySet":
        """Annotate `closed_at`: when each cycle last moved to "closed" (one subquery, no query per cycle)."""
        latest_close = (
            CycleStatusChange.objects.filter(cycle=OuterRef("pk"), to_status=Cycle.Status.CLOSED)
            .order_by("-changed_at", "-pk")
            .values("changed_at")[:1]
        )
        return self.annotate(closed_at=Subquery(latest_close))


class Cycle(TimeStampedModel):
    """One yearly round of a program: recruitment, matching, the relationships, closure."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECRUITING = "recruiting", _("Recruiting")
        MATCHING = "matching", _("Matching")
        RUNNING = "running", _("Running")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")

    # Each status may only move to the next one; a coordinator can step back one in case of a mistake.
    NEXT_STATUS = {
        Status.DRAFT: Status.RECRUITING,
        Status.RECRUITING: Status.MATCHING,
        Status.MATCHING: Status.RUNNING,
        Status.RUNNING: Status.CLOSING,
        Status.CLOSING: Status.CLOSED,
    }

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="cycles", verbose_name=_("program")
    )
    name = models.CharField(_("name"), max_length=120)
    recruitment_opens = models.DateField(_("recruitment opens"))
    recruitment_closes = models.DateField(_("recruitment closes"))
    matching_date = models.DateField(_("matching date"))
    starts = models.DateField(_("relationships start"))
    midpoint = models.DateField(_("mid-point review"))
    ends = models.DateField(_("relationships end"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Set by `purge_expired_cycles` once the retention period is over; the cycle row itself stays.
    personal_data_erased_on = models.DateField(
        _("personal data erased on"), null=True, blank=True, editable=False
    )
    # Numbers only, computed just before the erasure, so the program's history and evaluation survive it.
    retained_summary = models.JSONField(_("anonymous summary"), default=dict, blank=True, editable=False)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-starts", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="unique_cycle_name_per_program"),
            # Applicants pick a program, not a cycle: two cycles recruiting at once would be ambiguous.
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(status="recruiting"),
                name="one_recruiting_cycle_per_program",
                violation_error_message=_("Another cycle of this program is already recruiting."),
            ),
            models.CheckConstraint(
                condition=Q(recruitment_opens__lte=F("recruitment_closes"))
                & Q(recruitment_closes__lte=F("matching_date"))
                & Q(matching_date__lte=F("starts"))
                & Q(starts__lt=F("midpoint"))
                & Q(midpoint__lt=F("ends")),
                name="cycle_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} — {self.name}"

    def clean(self) -> None:
        super().clean()
        dates = [
            ("recruitment_opens", self.recruitment_opens),
            ("recruitment_closes", self.recruitment_closes),
            ("matching_date", self.matching_date),
            ("starts", self.starts),
            ("midpoint", self.midpoint),
            ("ends", self.ends),
        ]
        if any(value is None for _, value in dates):
            return
        for (_earlier_name, earlier), (later_name, later) in itertools.pairwise(dates):
            strictly = later_name in {"midpoint", "ends"}
            if later < earlier or (strictly and later == earlier):
                raise ValidationError(
                    {later_name: _("This date must come after the previous dates of the cycle.")}
                )

    def is_recruiting_on(self, day: "object") -> bool:
        return (
            self.status == self.Status.RECRUITING and self.recruitment_opens <= day <= self.recruitment_closes
        )

    @property
    def previous_status(self) -> str | None:
        """The status a coordinator may step back to, to undo a move made by mistake.

        None once personal data is erased: an emptied cycle must not look as if it could run again.
        """
        if self.personal_data_erased_on is not None:
            return None
        for earlier, later in self.NEXT_STATUS.items():
            if later == self.status:
                return earlier
        return None

    @property
    def next_status(self) -> str | None:
        return self.NEXT_STATUS.get(self.status)

    @cached_property
    def closed_on(self) -> datetime.date | None:
        """The day of the latest move to "closed" in the status history; None while the cycle is not closed.

        The retention clock starts on this day. Reads the `closed_at` annotation of
        `Cycle.objects.with_closed_at()` when present, else makes one query.
        """
        if self.status != self.Status.CLOSED:
            return None
        if "closed_at" in self.__dict__:
            closed_at = self.__dict__["closed_at"]
        else:
            closed_at = (
                self.status_changes.filter(to_status=self.Status.CLOSED)
                .order_by("-changed_at", "-pk")
                .values_list("changed_at", flat=True)
                .first()
            )
        return None if closed_at is None else timezone.localdate(closed_at)

    @property
    def personal_data_erasure_due_on(self) -> datetime.date | None:
        """When `purge_expired_cycles` erases the cycle's personal data; None if never closed or already erased."""
        if self.personal_data_erased_on is not None or self.closed_on is None:
            return None
        return add_years(self.closed_on, self.program.retention_years)

    @property
    def allowed_status_moves(self) -> list[str]:
        return [status for status in (self.next_status, self.previous_status) if status is not None]


class CycleStatusChange(models.Model):
    """Who moved a cycle from one status to another, and when. Never edited."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("cycle")
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Cycle.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Cycle.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("cycle status change")
        verbose_name_plural = _("cycle status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.from_status} → {self.to_status}"


DOCUMENT_EXTENSIONS = ["pdf", "docx", "doc", "pptx", "xlsx", "odt", "txt", "png", "jpg", "jpeg"]
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def validate_document_size(file: File) -> None:
    if file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB. Upload a smaller file or give a link."))


def document_upload_path(document: "ReferenceDocument", filename: str) -> str:
    """A random name: the uploaded file's own name may carry personal data and must not reach a URL."""
    extension = Path(filename).suffix.lower()
    return f"documents/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


class ReferenceDocument(TimeStampedModel):
    """A document or link a coordinator attaches to a stage, in one language or for both."""

    class DocumentLanguage(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")
        BOTH = "both", _("English and French")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="documents", verbose_name=_("program")
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=4, choices=DocumentLanguage.choices, default=DocumentLanguage.BOTH
    )
    file = models.FileField(
        _("file"),
        upload_to=document_upload_path,
        blank=True,
        validators=[
            FileExtensionValidator(allowed_extensions=DOCUMENT_EXTENSIONS),
            validate_document_size,
        ],
        help_text=_(
            "PDF, Word, PowerPoint, Excel, OpenDocument text, plain text, PNG or JPEG; 10 MB at most."
        ),
    )
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("reference document")
        verbose_name_plural = _("reference documents")
        ordering = ["stage", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="document_is_a_file_or_a_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_link(self) -> bool:
        return bool(self.url)

    def is_readable_in(self, language: str) -> bool:
        return self.language in {self.DocumentLanguage.BOTH, language[:2]}

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.file and self.url:
            errors["url"] = _("Attach a file or give a link, not both.")
        elif not self.file and not self.url:
            errors["file"] = _("Attach a file or give a link.")
        if not (self.title_en or self.title_fr):
            errors["title_en"] = _("Give the document a title in at least one language.")
        if errors:
            raise ValidationError(errors)
