"""The mentoring relationship: a mentor and a mentee of one cycle who both agreed to start.

The pair workspace (agreement, confidentiality, goals, meetings) builds on this model.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.applications.models import Application
from tandem.core.models import TimeStampedModel
from tandem.programs.models import Cycle


class Relationship(TimeStampedModel):
    class Status(models.TextChoices):
        INTRODUCED = "introduced", _("Introduced")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    OPEN_STATUSES = ("introduced", "active")
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

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["introduced", "active"]),
                name="a_mentee_has_one_open_relationship",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor.user} / {self.mentee.user} ({self.cycle})"
