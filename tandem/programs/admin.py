"""Django admin for platform admins: they create programs and assign their first coordinators here.

Coordinators manage everything else in the app's own pages.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from tandem.programs.models import (
    Cycle,
    CycleStatusChange,
    Program,
    ProgramRole,
    Question,
    Questionnaire,
    ReferenceDocument,
    Topic,
)
from tandem.programs.services import PROGRAM_EDITABLE_FIELDS, create_program, remove_document


class ProgramRoleInline(admin.TabularInline):
    model = ProgramRole
    extra = 1
    autocomplete_fields = ["user"]


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0
    fields = ["position", "name_en", "name_fr", "active"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name_en", "slug", "organizer", "membership_required"]
    search_fields = ["name_en", "name_fr", "slug", "organizer"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ProgramRoleInline, TopicInline]

    def get_inlines(
        self, request: HttpRequest, obj: Program | None
    ) -> list[type[admin.options.InlineModelAdmin]]:
        # A new program gets the default topics from create_program; an empty topic inline would add to them.
        return [ProgramRoleInline] if obj is None else self.inlines

    def save_model(self, request: HttpRequest, obj: Program, form: ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # Through the service, so a new program starts with the default topics and questionnaires.
        fields: dict[str, Any] = {name: getattr(obj, name) for name in PROGRAM_EDITABLE_FIELDS | {"slug"}}
        created = create_program(**fields)
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "text_en", "text_fr", "kind", "required", "active"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["program", "kind"]
    list_filter = ["kind"]
    list_select_related = ["program"]
    search_fields = ["program__name_en", "program__name_fr"]
    inlines = [QuestionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Every program gets its four questionnaires when it is created.
        return False


class CycleStatusChangeInline(admin.TabularInline):
    model = CycleStatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "status", "recruitment_opens", "starts", "ends"]
    list_filter = ["status", "program"]
    list_select_related = ["program"]
    search_fields = ["name", "program__name_en"]
    # Status moves go through the app (advance_cycle_status), which records who moved it and when.
    readonly_fields = ["status", "personal_data_erased_on", "retained_summary"]
    inlines = [CycleStatusChangeInline]


@admin.register(ReferenceDocument)
class ReferenceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title_en", "title_fr", "program", "stage", "language", "position"]
    list_filter = ["stage", "language", "program"]
    list_select_related = ["program"]
    search_fields = ["title_en", "title_fr"]

    # Through the service, so a deleted document's stored file goes with it.
    def delete_model(self, request: HttpRequest, obj: ReferenceDocument) -> None:
        remove_document(document=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ReferenceDocument]) -> None:
        for document in queryset:
            remove_document(document=document)
