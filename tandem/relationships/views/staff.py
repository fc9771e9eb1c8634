"""Coordinators' view of a cycle's relationships: lifecycle, hours and flags, never the pair's content."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.permissions import program_staff_required
from tandem.programs.models import Cycle, Program, ProgramRole
from tandem.programs.selectors import get_cycle_for_staff, role_in_program
from tandem.relationships.defaults import LEADS_DOMAINS
from tandem.relationships.forms import WorkspaceSettingsForm
from tandem.relationships.selectors import (
    capability_domains,
    cycle_relationships_for_staff,
    overview_of,
    workspace_settings_for,
)
from tandem.relationships.services import invite_to_next_cycle, update_workspace_settings


@program_staff_required()
def relationship_list(request: HttpRequest, program: Program, cycle_id: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    interval = workspace_settings_for(program).meeting_interval_days
    today = timezone.localdate()
    is_coordinator = role_in_program(request.user, program) == ProgramRole.Role.COORDINATOR
    relationships = cycle_relationships_for_staff(program, cycle, with_messages=is_coordinator)
    page = Paginator(relationships, settings.TANDEM_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        overview_of(
            relationship,
            interval_days=interval,
            monthly_minimum=program.min_meeting_minutes_per_month,
            today=today,
        )
        for relationship in page
    ]
    context = {
        "program": program,
        "cycle": cycle,
        "page": page,
        "rows": rows,
        "interval_days": interval,
        "can_invite": is_coordinator and cycle.status in (Cycle.Status.CLOSING, Cycle.Status.CLOSED),
        "is_coordinator": is_coordinator,
    }
    return render(request, "relationships/staff_list.html", context)


@program_staff_required(roles=frozenset({ProgramRole.Role.COORDINATOR}))
@require_POST
def invite_next_cycle(request: HttpRequest, program: Program, cycle_id: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    try:
        invited = invite_to_next_cycle(cycle=cycle, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(count)s participants were invited to the next cycle.") % {"count": invited}
        )
    return redirect("relationships_staff:list", slug=program.slug, cycle_id=cycle.pk)


@program_staff_required()
@require_http_methods(["GET", "POST"])
def workspace_settings(request: HttpRequest, program: Program) -> HttpResponse:
    current = workspace_settings_for(program)
    domains = "\n".join(f"{d.name_en} | {d.name_fr}" for d in capability_domains(program))
    form = WorkspaceSettingsForm(
        request.POST if request.method == "POST" else None,
        instance=current,
        initial={"capability_domains": domains},
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in WorkspaceSettingsForm.Meta.fields}
        try:
            update_workspace_settings(
                program=program,
                by=request.user,
                fields=fields,
                domains=form.cleaned_data["capability_domains"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The workspace texts are saved."))
            return redirect("workspace_settings:edit", slug=program.slug)
    leads_example = "\n".join(f"{en} | {fr}" for en, fr in LEADS_DOMAINS)
    context = {"program": program, "form": form, "settings": current, "leads_example": leads_example}
    return render(request, "relationships/workspace_settings.html", context)
