from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from tandem.applications.models import Application, SelfAssessment, StatusChange


class StatusChangeInline(admin.TabularInline):
    """The history is evidence: it is shown, never edited, here."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["user", "cycle", "role", "readiness", "updated_at"]
    list_filter = ["role", "cycle__program"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "cycle__program"]
    raw_id_fields = ["user", "cycle", "questionnaire"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["user", "cycle", "role", "status", "submitted_at"]
    list_filter = ["status", "role", "cycle__program"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "cycle__program"]
    raw_id_fields = ["user", "cycle", "self_assessment", "preferred_mentor"]
    filter_horizontal = ["topics"]
    readonly_fields = ["submitted_at", "withdrawn_at"]
    inlines = [StatusChangeInline]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["application", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["application__user", "application__cycle__program", "changed_by"]
    search_fields = ["application__user__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
