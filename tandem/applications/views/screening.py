"""Coordinator and committee screening of a cycle's applications (stage 3)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.applications import screening_selectors as selectors
from tandem.applications.models import Application
from tandem.applications.screening_export import csv_lines
from tandem.applications.screening_forms import (
    DECISION_CHOICES,
    BulkDecisionForm,
    ConversationForm,
    DecisionForm,
    ScreeningFilterForm,
)
from tandem.applications.screening_services import (
    DecisionBlocked,
    blocking_reason,
    decide,
    decide_many,
    possible_decisions,
    record_conversation,
)
from tandem.core.permissions import program_staff_required
from tandem.programs.models import Cycle, Program
from tandem.programs.selectors import get_cycle_for_staff


def _list_url(program: Program, cycle: Cycle, query: str = "") -> str:
    url = reverse("screening:list", args=[program.slug, cycle.pk])
    return f"{url}?{query}" if query else url


def _returned_filters(request: HttpRequest) -> str:
    """The list's query string the bulk form carried back: parsed and re-encoded, so only parameters go through."""
    return QueryDict(request.POST.get("return_query", "")).urlencode()


@require_GET
@program_staff_required()
def application_list(request: HttpRequest, cycle_id: int, *, program: Program) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    filter_form = ScreeningFilterForm(request.GET, program=program)
    applications = selectors.applications_for_screening(request.user, program, cycle, filter_form.filters())
    page = Paginator(applications, settings.TANDEM_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/screening/list.html",
        {
            "program": program,
            "cycle": cycle,
            "filter_form": filter_form,
            "page": page,
            "status_counts": selectors.status_counts(cycle),
            "bulk_form": BulkDecisionForm(applications=Application.objects.none(), auto_id="bulk-%s"),
            "return_query": request.GET.urlencode(),
        },
    )


def _back_to_detail(
    request: HttpRequest, program: Program, cycle: Cycle, application: Application
) -> HttpResponse:
    """Back to the application page, keeping the list's filters the forms carried in their address."""
    url = reverse("screening:detail", args=[program.slug, cycle.pk, application.pk])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def _decision_form(application: Application, data: QueryDict | None = None) -> DecisionForm:
    return DecisionForm(data, prefix="decision", decisions=possible_decisions(application))


def _render_detail(
    request: HttpRequest,
    program: Program,
    cycle: Cycle,
    application: Application,
    *,
    decision_form: DecisionForm | None = None,
    conversation_form: ConversationForm | None = None,
) -> HttpResponse:
    self_assessment = selectors.self_assessment_for(application)
    decision_form = decision_form or _decision_form(application)
    # The detail page carries the list's filters, so previous/next walk the list the coordinator was reading.
    filters = ScreeningFilterForm(request.GET, program=program).filters()
    previous_pk, next_pk = selectors.neighbours_in_list(request.user, program, cycle, filters, application)
    return render(
        request,
        "applications/screening/detail.html",
        {
            "program": program,
            "cycle": cycle,
            "application": application,
            "applicant": application.user,
            "other_application": selectors.other_application_in_cycle(application),
            "self_assessment": self_assessment,
            "self_assessment_answers": selectors.self_assessment_answers(self_assessment),
            "extra_answers": selectors.extra_answers(application),
            "previous_pk": previous_pk,
            "next_pk": next_pk,
            "decision_form": decision_form,
            # Why no decision is offered, e.g. a withdrawn application.
            "no_decision_because": None
            if decision_form.fields["decision"].choices
            else blocking_reason(application, Application.Status.ACCEPTED),
            "conversation_form": conversation_form
            or ConversationForm(
                prefix="conversation",
                initial={"on": application.conversation_on, "note": application.conversation_note},
            ),
        },
    )


@require_GET
@program_staff_required()
def application_detail(request: HttpRequest, cycle_id: int, pk: int, *, program: Program) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    application = selectors.get_application_for_screening(request.user, program, cycle, pk)
    return _render_detail(request, program, cycle, application)


@require_POST
@program_staff_required()
def application_decide(request: HttpRequest, cycle_id: int, pk: int, *, program: Program) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    application = selectors.get_application_for_screening(request.user, program, cycle, pk)
    form = _decision_form(application, request.POST)
    if form.is_valid():
        try:
            decide(
                application=application,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                share_reason=form.cleaned_data["share_reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s's application is now %(status)s. They are told by email.")
                % {"name": application.user.display_name, "status": application.get_status_display().lower()},
            )
            return _back_to_detail(request, program, cycle, application)
    return _render_detail(request, program, cycle, application, decision_form=form)


@require_POST
@program_staff_required()
def application_conversation(
    request: HttpRequest, cycle_id: int, pk: int, *, program: Program
) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    application = selectors.get_application_for_screening(request.user, program, cycle, pk)
    form = ConversationForm(request.POST, prefix="conversation")
    if form.is_valid():
        try:
            record_conversation(
                application=application,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The note of the initial conversation is saved."))
            return _back_to_detail(request, program, cycle, application)
    return _render_detail(request, program, cycle, application, conversation_form=form)


@require_POST
@program_staff_required()
def bulk_decide(request: HttpRequest, cycle_id: int, *, program: Program) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    form = BulkDecisionForm(
        request.POST, applications=selectors.applications_of_cycle(request.user, program, cycle)
    )
    back = redirect(_list_url(program, cycle, _returned_filters(request)))
    if not form.is_valid():
        # The form is on the list page: after the redirect, each error says which field it is about.
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return back
    try:
        counts = decide_many(
            applications=form.cleaned_data["applications"],
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            share_reason=form.cleaned_data["share_reason"],
            by=request.user,
        )
    except DecisionBlocked as blocked:
        messages.error(
            request,
            _("Nothing was changed. These applications cannot take this decision: %(list)s")
            % {
                "list": "; ".join(
                    f"{item.application.user.display_name} ({item.application.get_role_display()}): {item.reason}"
                    for item in blocked.blocked
                )
            },
        )
        return back
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return back
    decision_label = dict(DECISION_CHOICES)[form.cleaned_data["decision"]]
    messages.success(
        request,
        ngettext(
            "%(decision)s: %(count)d application changed. The applicant is told by email.",
            "%(decision)s: %(count)d applications changed. Each applicant is told by email.",
            counts.changed,
        )
        % {"decision": decision_label, "count": counts.changed},
    )
    return back


@require_GET
@program_staff_required()
def export_csv(request: HttpRequest, cycle_id: int, *, program: Program) -> StreamingHttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    filters = ScreeningFilterForm(request.GET, program=program).filters()
    applications = selectors.applications_for_screening(request.user, program, cycle, filters)
    response = StreamingHttpResponse(
        csv_lines(applications, language=get_language()), content_type="text/csv; charset=utf-8"
    )
    # The file name holds only the cycle's number: no personal data, and no accent to encode.
    response["Content-Disposition"] = f'attachment; filename="applications-cycle-{cycle.pk}.csv"'
    return response
