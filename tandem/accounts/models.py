from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.models import InterfaceLanguage, Language, Region


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person: one account whatever the programs and roles they take part in.

    The profile lives on the user itself: it is read on almost every page, and one row per person
    keeps export and erasure simple.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=2, choices=Region.choices, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=InterfaceLanguage.choices,
        default=InterfaceLanguage.EN,
        help_text=_("Tandem's pages and emails use this language."),
    )
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    profile_visible = models.BooleanField(
        _("show my profile to other participants"),
        default=False,
        help_text=_("Off by default: only the program's coordinators see your profile until you opt in."),
    )

    erased_at = models.DateTimeField(
        _("erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the person erased their account but an ended relationship still points to it."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        if self.erased_at:
            return gettext("Former participant")
        return super().get_full_name()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]


class ConsentPurpose(models.TextChoices):
    PROGRAM_PARTICIPATION = "participation", _("Use my application to screen and match me in this program")
    PROFILE_SHARING = "profile_sharing", _("Show my profile to other participants")
    PROGRAM_EVALUATION = "evaluation", _("Use my anonymous answers in the program's evaluation")


class Consent(models.Model):
    """One decision of a person about one purpose (Law 25 / PIPEDA: consent is recorded per purpose).

    Rows are never edited: a withdrawal is a new row with granted=False, so the history stays provable.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("user"))
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("program"),
    )
    text_version = models.CharField(_("text version"), max_length=20)
    text = models.TextField(_("text shown"))
    granted = models.BooleanField(_("granted"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["user", "purpose", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.text_version})"
