from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from tandem.notifications.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Delivery state for operations; neither the address nor the body is shown."""

    list_display = ["pk", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    fields = ["template", "status", "attempts", "last_error", "next_attempt_at", "created_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
