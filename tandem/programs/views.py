"""Coordinator pages: a program's home, texts and rules, topics, questionnaires, cycles, documents and team.

Committee members may open the program home; every page that changes settings is for coordinators only,
and answers 404 to anyone else.
"""

import copy
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.core.models import Stage
from tandem.core.permissions import has_second_factor, program_staff_required
from tandem.programs import selectors, services
from tandem.programs.forms import (
    CycleForm,
    CycleStatusForm,
    DocumentForm,
    NewTopicForm,
    ProgramForm,
    QuestionForm,
    QuestionnaireForm,
    TeamMemberForm,
    TeamRoleForm,
    TopicForm,
    add_service_errors,
)
from tandem.programs.models import Cycle, Program, ProgramRole, Questionnaire

staff_only = program_staff_required()
coordinators_only = program_staff_required(roles=frozenset({ProgramRole.Role.COORDINATOR}))

# Browsers show these safely in a tab; everything else (office files, text) is downloaded.
INLINE_EXTENSIONS = frozenset({".pdf", ".png", ".jpg", ".jpeg"})


# --- Programs and their home -------------------------------------------------------------------------------


@login_required
@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    programs = selectors.staff_programs_with_current_cycle(request.user)
    if programs and settings.TANDEM_COORDINATOR_MFA_REQUIRED and not has_second_factor(request.user):
        messages.warning(
            request,
            _("Program staff must protect their account with an authenticator app before continuing."),
        )
        return redirect("mfa_activate_totp")
    return render(request, "programs/program_list.html", {"programs": programs})


@staff_only
@require_GET
def program_home(request: HttpRequest, program: Program) -> HttpResponse:
    # Not paginated: a program runs about one cycle a year, and counting pages would repeat the aggregate.
    cycles = [
        (cycle, selectors.application_count_table(cycle))
        for cycle in selectors.cycles_with_application_counts(program)
    ]
    is_coordinator = selectors.role_in_program(request.user, program) == ProgramRole.Role.COORDINATOR
    return render(
        request,
        "programs/program_home.html",
        {"program": program, "cycles": cycles, "is_coordinator": is_coordinator},
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, program: Program) -> HttpResponse:
    # The form validates a copy: typed input that fails validation must not leak into the page's headings.
    form = ProgramForm(request.POST or None, instance=copy.copy(program))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_program(program=program, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The program's texts and rules are saved."))
            return redirect("programs:home", slug=program.slug)
    return render(request, "programs/program_edit.html", {"program": program, "form": form})


# --- Topics ------------------------------------------------------------------------------------------------


@coordinators_only
@require_http_methods(["GET", "POST"])
def topics(request: HttpRequest, program: Program) -> HttpResponse:
    form = NewTopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.add_topic(program=program, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Topic “%(name)s” added.") % {"name": topic.name})
            return redirect("programs:topics", slug=program.slug)
    return render(
        request,
        "programs/topics.html",
        {"program": program, "topics": selectors.topics_with_usage(program), "form": form},
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def topic_edit(request: HttpRequest, program: Program, topic_id: int) -> HttpResponse:
    topic = selectors.get_topic(program, topic_id)
    form = TopicForm(request.POST or None, instance=topic)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_topic(topic=topic, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Topic “%(name)s” saved.") % {"name": topic.name})
            return redirect("programs:topics", slug=program.slug)
    return render(request, "programs/topic_edit.html", {"program": program, "topic": topic, "form": form})


@coordinators_only
@require_POST
def topic_remove(request: HttpRequest, program: Program, topic_id: int) -> HttpResponse:
    topic = selectors.get_topic(program, topic_id)
    name = topic.name
    if services.remove_topic(topic=topic) == services.Removal.ARCHIVED:
        messages.success(
            request,
            _("Topic “%(name)s” is chosen in applications: it is no longer offered, and kept for them.")
            % {"name": name},
        )
    else:
        messages.success(request, _("Topic “%(name)s” deleted.") % {"name": name})
    return redirect("programs:topics", slug=program.slug)


# --- Questionnaires ----------------------------------------------------------------------------------------


def _render_questionnaire(
    request: HttpRequest,
    program: Program,
    questionnaire: Questionnaire,
    *,
    settings_form: QuestionnaireForm | None = None,
    question_form: QuestionForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "programs/questionnaire.html",
        {
            "program": program,
            "questionnaire": questionnaire,
            "questionnaires": program.questionnaires.order_by("pk"),
            "questions": questionnaire.questions.all(),
            "settings_form": settings_form or QuestionnaireForm(instance=questionnaire),
            "question_form": question_form or QuestionForm(),
        },
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, program: Program, kind: str) -> HttpResponse:
    current = selectors.get_questionnaire(program, kind)
    form = QuestionnaireForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_questionnaire(questionnaire=current, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The questionnaire is saved."))
            return redirect("programs:questionnaire", slug=program.slug, kind=kind)
    return _render_questionnaire(request, program, current, settings_form=form)


@coordinators_only
@require_POST
def question_add(request: HttpRequest, program: Program, kind: str) -> HttpResponse:
    current = selectors.get_questionnaire(program, kind)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(questionnaire=current, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("programs:questionnaire", slug=program.slug, kind=kind)
    return _render_questionnaire(request, program, current, question_form=form)


@coordinators_only
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, program: Program, kind: str, question_id: int) -> HttpResponse:
    current = selectors.get_questionnaire(program, kind)
    question = selectors.get_question(current, question_id)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(question=question, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("programs:questionnaire", slug=program.slug, kind=kind)
    return render(
        request,
        "programs/question_edit.html",
        {"program": program, "questionnaire": current, "question": question, "form": form},
    )


@coordinators_only
@require_POST
def question_remove(request: HttpRequest, program: Program, kind: str, question_id: int) -> HttpResponse:
    current = selectors.get_questionnaire(program, kind)
    question = selectors.get_question(current, question_id)
    if services.remove_question(question=question) == services.Removal.ARCHIVED:
        messages.success(
            request,
            _("This question has answers: it is no longer asked, and kept so those answers stay readable."),
        )
    else:
        messages.success(request, _("Question deleted."))
    return redirect("programs:questionnaire", slug=program.slug, kind=kind)


@coordinators_only
@require_POST
def question_restore(request: HttpRequest, program: Program, kind: str, question_id: int) -> HttpResponse:
    question = selectors.get_question(selectors.get_questionnaire(program, kind), question_id)
    services.update_question(question=question, active=True)
    messages.success(request, _("The question is asked again."))
    return redirect("programs:questionnaire", slug=program.slug, kind=kind)


# --- Cycles ------------------------------------------------------------------------------------------------


@coordinators_only
@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest, program: Program) -> HttpResponse:
    form = CycleForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.create_cycle(program=program, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Cycle “%(name)s” created as a draft. Open it for recruitment when ready.")
                % {"name": cycle.name},
            )
            return redirect("programs:home", slug=program.slug)
    return render(request, "programs/cycle_form.html", {"program": program, "form": form, "cycle": None})


@coordinators_only
@require_http_methods(["GET", "POST"])
def cycle_edit(request: HttpRequest, program: Program, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_staff(request.user, program, cycle_id)
    form = CycleForm(request.POST or None, instance=cycle, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_cycle(cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Cycle “%(name)s” saved.") % {"name": cycle.name})
            return redirect("programs:home", slug=program.slug)
    return render(request, "programs/cycle_form.html", {"program": program, "form": form, "cycle": cycle})


@coordinators_only
@require_http_methods(["GET", "POST"])
def cycle_status(request: HttpRequest, program: Program, cycle_id: int) -> HttpResponse:
    """GET asks for confirmation of the possible moves; POST makes one."""
    cycle = selectors.get_cycle_for_staff(request.user, program, cycle_id)
    if request.method == "POST":
        form = CycleStatusForm(request.POST)
        if form.is_valid():
            try:
                services.advance_cycle_status(cycle=cycle, by=request.user, to=form.cleaned_data["to"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Cycle “%(name)s” is now “%(status)s”.")
                    % {"name": cycle.name, "status": cycle.get_status_display()},
                )
                return redirect("programs:home", slug=program.slug)
        else:
            messages.error(request, _("Choose one of the moves offered below."))
    return render(
        request,
        "programs/cycle_status.html",
        {
            "program": program,
            "cycle": cycle,
            "next_status": cycle.next_status and Cycle.Status(cycle.next_status),
            "previous_status": cycle.previous_status and Cycle.Status(cycle.previous_status),
            "history": cycle.status_changes.select_related("changed_by")[:20],
        },
    )


# --- Reference documents -----------------------------------------------------------------------------------


@coordinators_only
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, program: Program) -> HttpResponse:
    # "Add a document to this stage" links pass the stage, so the form starts on it.
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial={"stage": request.GET.get("stage")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.add_document(program=program, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document “%(title)s” added.") % {"title": document.title})
            return redirect("programs:documents", slug=program.slug)
    grouped = selectors.documents_for_staff(program)
    stages = [(stage, grouped.get(stage.value, [])) for stage in Stage]
    return render(request, "programs/documents.html", {"program": program, "stages": stages, "form": form})


@coordinators_only
@require_POST
def document_remove(request: HttpRequest, program: Program, document_id: int) -> HttpResponse:
    document = selectors.get_document_for_staff(program, document_id)
    title = document.title
    services.remove_document(document=document)
    messages.success(request, _("Document “%(title)s” removed.") % {"title": title})
    return redirect("programs:documents", slug=program.slug)


@coordinators_only
@require_POST
def document_move(request: HttpRequest, program: Program, document_id: int) -> HttpResponse:
    document = selectors.get_document_for_staff(program, document_id)
    services.move_document(document=document, up=request.POST.get("direction") == "up")
    # Back to the same stage, so a keyboard user moving a document several times keeps their place.
    return redirect(f"{reverse('programs:documents', kwargs={'slug': program.slug})}#stage-{document.stage}")


@login_required
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a reference document: a link redirects, a file is streamed under a name made from its title."""
    reference = selectors.get_document(request.user, pk)
    if reference.is_link:
        return redirect(reference.url)
    extension = Path(reference.file.name).suffix.lower()
    try:
        stream = reference.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"{slugify(reference.title) or f'document-{reference.pk}'}{extension}"
    return FileResponse(stream, as_attachment=extension not in INLINE_EXTENSIONS, filename=filename)


# --- Team --------------------------------------------------------------------------------------------------


@coordinators_only
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, program: Program) -> HttpResponse:
    form = TeamMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program_role = services.add_team_member(program=program, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s of the program.")
                % {"person": program_role.user.display_name, "role": program_role.get_role_display().lower()},
            )
            return redirect("programs:team", slug=program.slug)
    return render(
        request,
        "programs/team.html",
        {
            "program": program,
            "members": selectors.team_of(program),
            "form": form,
            "roles": ProgramRole.Role.choices,
        },
    )


@coordinators_only
@require_POST
def team_role(request: HttpRequest, program: Program, program_role_id: int) -> HttpResponse:
    program_role = selectors.get_program_role(program, program_role_id)
    form = TeamRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("programs:team", slug=program.slug)
    try:
        services.change_team_role(program_role=program_role, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s is now %(role)s of the program.")
            % {"person": program_role.user.display_name, "role": program_role.get_role_display().lower()},
        )
        if program_role.user_id == request.user.pk and program_role.role != ProgramRole.Role.COORDINATOR:
            # A coordinator who stepped down can no longer open the team page; the home is still theirs.
            return redirect("programs:home", slug=program.slug)
    return redirect("programs:team", slug=program.slug)


@coordinators_only
@require_POST
def team_remove(request: HttpRequest, program: Program, program_role_id: int) -> HttpResponse:
    program_role = selectors.get_program_role(program, program_role_id)
    try:
        services.remove_team_member(program_role=program_role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s is no longer on the program's team.") % {"person": program_role.user.display_name},
        )
        if program_role.user_id == request.user.pk:
            return redirect("programs:list")
    return redirect("programs:team", slug=program.slug)
