from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from groundswell.communities import access
from groundswell.people.models import Person


def import_people(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = access.get_community_for_convenor(viewer, slug)
    return render(request, "404.html", status=404)
