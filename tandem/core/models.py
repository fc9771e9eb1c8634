"""Shared model pieces: timestamps and bilingual text that coordinators type."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def localized(obj: object, field: str, language: str | None = None) -> str:
    """Return `<field>_<language>` of obj, falling back to the other language when it is blank.

    Coordinators type program texts in English and French; a text typed in one language only is still
    better shown than an empty page.
    """
    language = (language or get_language() or "en")[:2]
    other = "en" if language == "fr" else "fr"
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_{other}", "") or ""


class Stage(models.IntegerChoices):
    """The ten stages of a mentoring cycle (DESIGN.md, 'The journey')."""

    SELF_ASSESSMENT = 1, _("Self-assessment")
    REGISTRATION = 2, _("Registration")
    SCREENING = 3, _("Screening")
    ORIENTATION = 4, _("Orientation and study of tools")
    MATCHING = 5, _("Matching")
    INTRODUCTION = 6, _("Introduction")
    FIRST_MEETING = 7, _("First formal meeting")
    FOLLOW_UP = 8, _("Follow-up of meetings")
    END_OF_PAIRING = 9, _("End of pairing")
    EVALUATION = 10, _("Evaluation")


class Region(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")
    OUTSIDE = "XX", _("Outside Canada")


class Language(models.TextChoices):
    """Languages a participant speaks; the interface itself is in English and French."""

    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    AR = "ar", _("Arabic")
    ZH = "zh", _("Chinese")
    PA = "pa", _("Punjabi")
    TL = "tl", _("Tagalog")
    PT = "pt", _("Portuguese")
    IT = "it", _("Italian")
    DE = "de", _("German")
    HI = "hi", _("Hindi")
    UK = "uk", _("Ukrainian")
    IU = "iu", _("Inuktitut")
    CR = "cr", _("Cree")
    ASL = "ase", _("American Sign Language")
    LSQ = "fcs", _("Quebec Sign Language")


class InterfaceLanguage(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
