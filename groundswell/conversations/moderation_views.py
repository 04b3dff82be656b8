"""Pages for keeping conversations safe: guidelines, reports, the moderation queue, and the
questions still waiting for an answer."""

from __future__ import annotations

import datetime
import statistics

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from groundswell.conversations import access, actions
from groundswell.conversations.forms import DismissForm, GuidelinesForm, ModerateForm, ReportForm
from groundswell.conversations.models import Guidelines, Post, PostState, Report, Thread
from groundswell.lib.http import paginate
from groundswell.people.actions import ActionError
from groundswell.people.models import Person

# The window over which the unanswered page reports the median time to a first response.
RESPONSE_WINDOW = datetime.timedelta(days=90)
QUEUE_LIMIT = 100
RECENT_DECISIONS = 30


def _person(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def guidelines(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request.user if request.user.is_authenticated else None
    community, membership = access.get_community_for_reader(viewer, slug)  # type: ignore[arg-type]
    context = {
        "community": community,
        "guidelines": Guidelines.objects.filter(community=community).select_related("updated_by").first(),
        "is_moderator": access.is_moderator(membership),
    }
    return render(request, "conversations/guidelines.html", context)


@login_required
def guidelines_edit(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _person(request)
    community, _ = access.get_community_for_moderator(viewer, slug)
    current = Guidelines.objects.filter(community=community).first()
    form = GuidelinesForm(request.POST or None, initial={"body": current.body if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_guidelines(community, by=viewer, body=form.cleaned_data["body"])
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The guidelines are updated.")
            return redirect("conversations:guidelines", community.slug)
    return render(request, "conversations/guidelines_edit.html", {"community": community, "form": form})


@login_required
def post_report(request: HttpRequest, post_id: int) -> HttpResponse:
    viewer = _person(request)
    post, _ = access.get_post_for_reporter(viewer, post_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_post(
                post, by=viewer, reason=form.cleaned_data["reason"], details=form.cleaned_data["details"]
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you. The community's convenors have been told and will look at it.")
            return redirect(post.thread)
    return render(request, "conversations/report_form.html", {"post": post, "thread": post.thread, "form": form})


@login_required
def moderation_queue(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _person(request)
    community, _ = access.get_community_for_moderator(viewer, slug)
    reports = list(
        Report.objects.open()
        .filter(community=community)
        .queue_order()
        .select_related("post", "post__thread", "post__author", "reporter")[:QUEUE_LIMIT]
    )
    decided = (
        Post.objects.filter(community=community)
        .exclude(state=PostState.VISIBLE)
        .select_related("thread", "author", "moderated_by")
        .order_by("-moderated_at", "-id")[:RECENT_DECISIONS]
    )
    context = {"community": community, "reports": reports, "decided": decided}
    return render(request, "conversations/moderation.html", context)


@login_required
def post_moderate(request: HttpRequest, post_id: int) -> HttpResponse:
    viewer = _person(request)
    post, _ = access.get_post_for_moderator(viewer, post_id)
    form = ModerateForm(request.POST or None, state=post.state)
    if request.method == "POST" and form.is_valid():
        try:
            actions.moderate_post(
                post, by=viewer, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"]
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Done. The author has been told.")
            return redirect("conversations:moderation", post.thread.community.slug)
    reports = Report.objects.filter(post=post).select_related("reporter", "resolved_by").order_by("-created_at")
    context = {
        "post": post,
        "thread": post.thread,
        "community": post.thread.community,
        "form": form,
        "reports": reports,
        "dismiss_form": DismissForm(),
    }
    return render(request, "conversations/moderate.html", context)


@require_POST
@login_required
def report_dismiss(request: HttpRequest, report_id: int) -> HttpResponse:
    viewer = _person(request)
    report, _ = access.get_report_for_moderator(viewer, report_id)
    form = DismissForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        actions.dismiss_report(report, by=viewer, note=note)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The report is closed with no action.")
    return redirect("conversations:moderation", report.community.slug)


@login_required
def unanswered(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _person(request)
    community, _ = access.get_community_for_moderator(viewer, slug)
    questions = Thread.objects.unanswered().filter(community=community).select_related("author")
    page = paginate(request, questions)
    now = timezone.now()
    answered = Thread.objects.filter(
        community=community, first_response_at__isnull=False, created_at__gte=now - RESPONSE_WINDOW
    ).values_list("created_at", "first_response_at")
    waits = [(first - created).total_seconds() for created, first in answered if first is not None]
    context = {
        "community": community,
        "page": page,
        "now": now,
        "median_wait": datetime.timedelta(seconds=statistics.median(waits)) if waits else None,
        "responded": len(waits),
        "window_days": RESPONSE_WINDOW.days,
    }
    return render(request, "conversations/unanswered.html", context)
