from django.contrib import admin

from tandem.matching.models import MatchingRun, MatchingSettings, PairRule, Proposal


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = ["program", "mode", "min_score", "request_expiry_days"]


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    """Runs are the engine's record: read only."""

    list_display = ["cycle", "mode", "status", "matched", "total_score", "optimal", "created_at"]
    list_filter = ["status", "mode"]
    readonly_fields = [field.name for field in MatchingRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Proposals change through the committee's pages only, where every decision is recorded."""

    list_display = ["cycle", "mentee", "mentor", "score", "status"]
    list_filter = ["status"]
    list_select_related = ["cycle__program", "mentee__user", "mentor__user"]
    readonly_fields = [field.name for field in Proposal._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(PairRule)
class PairRuleAdmin(admin.ModelAdmin):
    list_display = ["cycle", "mentee", "mentor", "kind", "created_by"]
    list_select_related = ["cycle__program", "mentee__user", "mentor__user", "created_by"]
    raw_id_fields = ["mentee", "mentor"]
