"""Admin for relationships: lifecycle fields only. Workspace content models are deliberately not registered:
the pair's agreement, goals, notes and reflections are not readable here, not even by superusers."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse

from tandem.relationships.models import CapabilityDomain, ProgramWorkspaceSettings, Relationship


class NotFoundWithoutPermissionAdmin(admin.ModelAdmin):
    """Staff without the model's permission get 404, as everywhere else in Tandem, instead of admin's 403."""

    def _require_view(self, request: HttpRequest) -> None:
        if not self.has_view_or_change_permission(request):
            raise Http404

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._require_view(request)
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self._require_view(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._require_view(request)
        return super().history_view(request, object_id, extra_context)


@admin.register(Relationship)
class RelationshipAdmin(NotFoundWithoutPermissionAdmin):
    list_display = ["pk", "cycle", "status", "started_on", "planned_end", "ended_on"]
    list_filter = ["status", "cycle__program"]
    list_select_related = ["cycle__program"]
    fields = [
        "cycle",
        "mentor",
        "mentee",
        "status",
        "started_on",
        "activated_on",
        "planned_end",
        "extended_on",
        "ended_on",
        "agreement_signed_at",
        "confidentiality_signed_at",
        "mentor_wants_rematch",
        "mentee_wants_rematch",
        "mentor_asks_to_continue",
        "mentee_asks_to_continue",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ProgramWorkspaceSettings)
class ProgramWorkspaceSettingsAdmin(NotFoundWithoutPermissionAdmin):
    list_display = ["program", "confidentiality_version", "meeting_interval_days"]
    raw_id_fields = ["program"]


@admin.register(CapabilityDomain)
class CapabilityDomainAdmin(NotFoundWithoutPermissionAdmin):
    list_display = ["name_en", "name_fr", "program", "position"]
    list_filter = ["program"]
