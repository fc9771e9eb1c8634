"""Questionnaires the pair answers during the relationship: quarterly check-ins and the mid-point review.

Each participant answers alone. Coordinators see only whether the person is on track or would like help,
and the message the person chose to share with them; the reflection stays with its author.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.relationships.models import Relationship


class CheckIn(models.Model):
    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Program check-in")
        MIDPOINT = "midpoint", _("Mid-point review")

    class Standing(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        WOULD_LIKE_HELP = "help", _("Would like help")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("relationship")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # 1, 2, 3... for check-ins (each program period since the start); always 1 for the mid-point review.
    period = models.PositiveSmallIntegerField(_("period"))
    standing = models.CharField(_("how it is going"), max_length=10, choices=Standing.choices)
    reflection = models.TextField(_("private reflection"), max_length=4000, blank=True)
    shared_message = models.TextField(_("message for the coordinator"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-answered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "author", "kind", "period"], name="one_checkin_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id} {self.kind} {self.period}"
