"""Pages that belong to no one app: home, statements, health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community, Invitation, Membership, Privacy, Role

HOME_ACTIVITY = 20


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        open_communities = (
            Community.objects.filter(privacy=Privacy.OPEN).exclude(lifecycle="closed").order_by("-created_at")[:6]
        )
        return render(request, "home_anonymous.html", {"open_communities": open_communities})
    person = request.user
    memberships = list(
        Membership.objects.active().filter(person=person).select_related("community").order_by("community__name")
    )
    community_ids = [m.community_id for m in memberships]
    convened = [m.community_id for m in memberships if m.role == Role.CONVENOR]
    context = {
        "memberships": memberships,
        "invitations": Invitation.objects.pending().for_email(person.email).select_related("community", "invited_by"),
        "requests": Membership.objects.pending()
        .filter(community_id__in=convened)
        .select_related("community", "person"),
        "pending_mine": Membership.objects.pending().filter(person=person).select_related("community"),
        "activity": Activity.objects.select_related("actor", "community").latest_in(community_ids, HOME_ACTIVITY),
    }
    return render(request, "home.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html")


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
