"""Emails waiting to be sent, and each person's reminder preference.

An email is a row first, written in the same transaction as the change it reports, then a background task
sends it. If the mail server is down the row stays pending with the error, and is retried until it is sent:
nothing is lost, and a row marked sent is never sent again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    to = models.EmailField(_("recipient"))
    template = models.CharField(_("template"), max_length=80)
    subject = models.CharField(_("subject"), max_length=300)
    text_body = models.TextField(_("body"))
    # [{"filename": ..., "mimetype": ..., "content_b64": ...}]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.template} ({self.status})"


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    reminders_enabled = models.BooleanField(
        _("send me reminders"),
        default=True,
        help_text=_(
            "Reminders when no meeting was logged for a while and when a check-in is due. "
            "Messages about your relationship itself are always sent."
        ),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user_id)
