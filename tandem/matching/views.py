from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.applications.models import Application
from tandem.core.permissions import program_staff_required
from tandem.matching import selectors
from tandem.matching.forms import (
    AnswerForm,
    ApproveForm,
    CommentForm,
    MatchingSettingsForm,
    MentorRequestForm,
    PairRuleForm,
    RequestAnswerForm,
    RunForm,
    SwapForm,
)
from tandem.matching.models import MatchingSettings, MentorRequest, PairRule, Proposal
from tandem.matching.presentation import ReasonWriter
from tandem.matching.runs import preview_swap, request_run, swap_mentor
from tandem.matching.self_selection import (
    answer_request,
    can_choose_a_mentor,
    request_mentor,
    suggest_mentors,
    withdraw_request,
)
from tandem.matching.services import (
    MatchingRefused,
    add_comment,
    answer_introduction,
    approve_proposals,
    clear_pair_rule,
    introduce,
    rematch_queue,
    set_pair_rule,
    update_matching_settings,
)
from tandem.programs.models import Program, ProgramRole
from tandem.programs.selectors import get_cycle_for_staff, role_in_program

COORDINATORS = frozenset({ProgramRole.Role.COORDINATOR})
PROPOSALS_PER_PAGE = 50


def _board_url(program: Program, cycle_id: int) -> str:
    return reverse("matching:board", kwargs={"slug": program.slug, "cycle_id": cycle_id})


@program_staff_required()
def board(request: HttpRequest, program: Program, cycle_id: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    writer = ReasonWriter(program.topics.all())
    status = request.GET.get("status") or None
    page = Paginator(selectors.board_proposals(cycle, status), PROPOSALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    run = selectors.latest_run(cycle)
    counts = selectors.status_counts(cycle)
    alternative_ids = {alt["mentor"] for proposal in page for alt in proposal.alternatives}
    unmatched_ids = {item["mentee"] for item in (run.unmatched if run else [])}
    names = selectors.mentor_names(alternative_ids | unmatched_ids)
    rows = [
        {
            "proposal": proposal,
            "reasons": writer.sentences(proposal.reasons, limit=3),
            "flags": writer.sentences(proposal.flags),
            "alternatives": [
                {**alt, "name": names.get(alt["mentor"], "?")} for alt in proposal.alternatives[:3]
            ],
        }
        for proposal in page
    ]
    unmatched = [
        {"name": names.get(item["mentee"], "?"), "reason": writer.sentence(item["reason"])}
        for item in (run.unmatched if run else [])
    ]
    return render(
        request,
        "matching/board.html",
        {
            "program": program,
            "cycle": cycle,
            "run": run,
            "run_form": RunForm(),
            "rows": rows,
            "page": page,
            "status_filter": status,
            "statuses": Proposal.Status.choices,
            "status_counts": [(label, counts.get(value, 0)) for value, label in Proposal.Status.choices],
            "unmatched": unmatched,
            "rematch": rematch_queue(cycle),
            "rules": selectors.pair_rules(cycle),
            "events": selectors.events(cycle),
            "is_coordinator": role_in_program(request.user, program) == ProgramRole.Role.COORDINATOR,
        },
    )


@program_staff_required(roles=COORDINATORS)
@require_POST
def run(request: HttpRequest, program: Program, cycle_id: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            request_run(cycle=cycle, by=request.user, mode=form.cleaned_data["mode"])
            messages.success(request, _("Matching started. This page shows its progress."))
        except MatchingRefused as refusal:
            messages.error(request, str(refusal))
    return redirect(_board_url(program, cycle.pk))


@program_staff_required()
@require_GET
def run_status(request: HttpRequest, program: Program, cycle_id: int) -> JsonResponse:
    run = selectors.latest_run(get_cycle_for_staff(request.user, program, cycle_id))
    if run is None:
        return JsonResponse({"status": None, "progress": 0})
    return JsonResponse({"status": run.status, "progress": run.progress, "finished": run.is_finished})


@program_staff_required(roles=COORDINATORS)
@require_POST
def approve(request: HttpRequest, program: Program, cycle_id: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    if request.POST.get("all") == "1":
        chosen = list(Proposal.objects.filter(cycle=cycle, status=Proposal.Status.PROPOSED))
    else:
        form = ApproveForm(request.POST, cycle=cycle)
        chosen = list(form.cleaned_data["proposals"]) if form.is_valid() else []
    try:
        count = approve_proposals(proposals=chosen, by=request.user)
        messages.success(request, _("%(count)d proposals approved.") % {"count": count})
    except MatchingRefused as refusal:
        messages.error(request, str(refusal))
    return redirect(_board_url(program, cycle.pk))


@program_staff_required(roles=COORDINATORS)
@require_POST
def send_introductions(request: HttpRequest, program: Program, cycle_id: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    count = introduce(cycle=cycle, by=request.user)
    if count:
        messages.success(request, _("Introductions sent to %(count)d pairs.") % {"count": count})
    else:
        messages.warning(request, _("No approved pair is waiting for its introduction."))
    return redirect(_board_url(program, cycle.pk))


@program_staff_required()
def proposal_detail(request: HttpRequest, program: Program, cycle_id: int, pk: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    proposal = selectors.get_proposal_for_staff(cycle, pk)
    is_coordinator = role_in_program(request.user, program) == ProgramRole.Role.COORDINATOR
    comment_form = CommentForm(request.POST or None)
    if request.method == "POST" and comment_form.is_valid():
        try:
            add_comment(proposal=proposal, author=request.user, body=comment_form.cleaned_data["body"])
            messages.success(request, _("Your comment is saved."))
            return redirect(request.path)
        except MatchingRefused as refusal:
            comment_form.add_error(None, str(refusal))
    mentors = (
        selectors.mentors_with_room(cycle).exclude(pk=proposal.mentor_id).exclude(user=proposal.mentee.user)
    )
    swap_form = (
        SwapForm(request.GET or None, mentors=mentors)
        if "mentor" in request.GET
        else SwapForm(mentors=mentors)
    )
    preview = None
    if "mentor" in request.GET and swap_form.is_valid():
        try:
            preview = preview_swap(proposal=proposal, mentor=swap_form.cleaned_data["mentor"])
        except MatchingRefused as refusal:
            swap_form.add_error("mentor", str(refusal))
    writer = ReasonWriter(program.topics.all())
    alt_names = selectors.mentor_names({alt["mentor"] for alt in proposal.alternatives})
    return render(
        request,
        "matching/proposal.html",
        {
            "program": program,
            "cycle": cycle,
            "proposal": proposal,
            "reasons": writer.sentences(proposal.reasons),
            "flags": writer.sentences(proposal.flags),
            "alternatives": [
                {**alt, "name": alt_names.get(alt["mentor"], "?")} for alt in proposal.alternatives
            ],
            "comment_form": comment_form,
            "swap_form": swap_form,
            "preview": preview,
            "preview_reasons": writer.sentences(preview.reasons) if preview else [],
            "preview_violations": writer.sentences(preview.violations) if preview else [],
            "rule_form": PairRuleForm(),
            "is_coordinator": is_coordinator,
            "rules": PairRule.Kind.choices,
        },
    )


@program_staff_required(roles=COORDINATORS)
@require_POST
def swap(request: HttpRequest, program: Program, cycle_id: int, pk: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    proposal = selectors.get_proposal_for_staff(cycle, pk)
    form = SwapForm(request.POST, mentors=selectors.mentors_with_room(cycle))
    if not form.is_valid():
        messages.error(request, _("Choose a mentor of this cycle."))
        return redirect(request.META.get("HTTP_REFERER") or _board_url(program, cycle.pk))
    try:
        swapped = swap_mentor(proposal=proposal, mentor=form.cleaned_data["mentor"], by=request.user)
    except MatchingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("matching:proposal", slug=program.slug, cycle_id=cycle.pk, pk=proposal.pk)
    messages.success(request, _("The mentor is changed."))
    return redirect("matching:proposal", slug=program.slug, cycle_id=cycle.pk, pk=swapped.pk)


@program_staff_required(roles=COORDINATORS)
@require_POST
def add_rule(request: HttpRequest, program: Program, cycle_id: int, pk: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    proposal = selectors.get_proposal_for_staff(cycle, pk)
    form = PairRuleForm(request.POST)
    if form.is_valid():
        try:
            set_pair_rule(
                cycle=cycle,
                mentee=proposal.mentee,
                mentor=proposal.mentor,
                kind=form.cleaned_data["kind"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The rule is saved; the next run will follow it."))
        except MatchingRefused as refusal:
            messages.error(request, str(refusal))
    return redirect("matching:proposal", slug=program.slug, cycle_id=cycle.pk, pk=proposal.pk)


@program_staff_required(roles=COORDINATORS)
@require_POST
def remove_rule(request: HttpRequest, program: Program, cycle_id: int, rule_id: int) -> HttpResponse:
    cycle = get_cycle_for_staff(request.user, program, cycle_id)
    rule = get_object_or_404(PairRule, cycle=cycle, pk=rule_id)
    clear_pair_rule(rule=rule, by=request.user)
    messages.success(request, _("The rule is removed."))
    return redirect(_board_url(program, cycle.pk))


@login_required
def introduction(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_introduction_for_participant(request.user, pk)
    me: Application = proposal.mentee if proposal.mentee.user_id == request.user.pk else proposal.mentor
    other: Application = proposal.mentor if me.pk == proposal.mentee_id else proposal.mentee
    my_answer = proposal.mentee_answer if me.pk == proposal.mentee_id else proposal.mentor_answer
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_introduction(
                proposal=proposal,
                user=request.user,
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
            )
        except MatchingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Thank you, your answer is saved."))
            return redirect("introductions:detail", pk=proposal.pk)
    return render(
        request,
        "matching/introduction.html",
        {"proposal": proposal, "me": me, "other": other, "my_answer": my_answer, "form": form},
    )


@login_required
def choose_mentor(request: HttpRequest, pk: int) -> HttpResponse:
    """Self-selection: the mentee's suggested mentors, and the request they sent."""
    mentee = selectors.get_own_mentee_application(request.user, pk)
    open_to_choose = can_choose_a_mentor(mentee)
    form = MentorRequestForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("withdraw"):
            pending = mentee.requests_sent.filter(status=MentorRequest.Status.PENDING).first()
            if pending:
                withdraw_request(request=pending, by=request.user)
                messages.success(request, _("Your request is withdrawn. You can ask another mentor."))
            return redirect("introductions:choose", pk=mentee.pk)
        if form.is_valid():
            mentor = get_object_or_404(
                Application, pk=form.cleaned_data["mentor"], cycle=mentee.cycle, role="mentor"
            )
            try:
                request_mentor(
                    mentee=mentee, mentor=mentor, by=request.user, message=form.cleaned_data["message"]
                )
            except MatchingRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, _("Your request is sent. The mentor has a few days to answer."))
            return redirect("introductions:choose", pk=mentee.pk)
    history = list(selectors.requests_of_mentee(mentee))
    pending = next((r for r in history if r.status == MentorRequest.Status.PENDING), None)
    writer = ReasonWriter(mentee.cycle.program.topics.all())
    suggestions = []
    if open_to_choose and pending is None:
        suggestions = [
            {"suggestion": s, "reasons": writer.sentences(s.reasons, limit=4)}
            for s in suggest_mentors(mentee=mentee)
        ]
    return render(
        request,
        "matching/choose.html",
        {
            "mentee": mentee,
            "open_to_choose": open_to_choose,
            "suggestions": suggestions,
            "pending": pending,
            "history": history,
            "form": form,
        },
    )


@login_required
def mentor_requests(request: HttpRequest) -> HttpResponse:
    """Self-selection: the requests waiting for this mentor's answer."""
    if request.method == "POST":
        pending = selectors.get_pending_request_for_mentor(
            request.user, int(request.POST.get("request", 0) or 0)
        )
        form = RequestAnswerForm(request.POST, prefix=f"r{pending.pk}")
        if form.is_valid():
            try:
                answer_request(
                    request=pending,
                    by=request.user,
                    accept=form.cleaned_data["answer"] == "accept",
                    reason=form.cleaned_data["reason"],
                )
            except MatchingRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, _("Thank you, the mentee is told."))
            return redirect("introductions:requests")
        forms_by_request = {pending.pk: form}
    else:
        forms_by_request = {}
    pending_requests = list(selectors.pending_requests_for_mentor(request.user))
    rows = [
        {"request": item, "form": forms_by_request.get(item.pk) or RequestAnswerForm(prefix=f"r{item.pk}")}
        for item in pending_requests
    ]
    return render(request, "matching/requests.html", {"rows": rows})


@program_staff_required(roles=COORDINATORS)
def matching_settings(request: HttpRequest, program: Program) -> HttpResponse:
    current = MatchingSettings.objects.get_or_create(program=program)[0]
    form = MatchingSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        update_matching_settings(settings=current, data=form.cleaned_data)
        messages.success(request, _("The matching settings are saved. They apply to the next run."))
        return redirect("matching_settings:edit", slug=program.slug)
    return render(request, "matching/settings.html", {"program": program, "form": form})
