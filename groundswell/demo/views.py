"""The benchmark floor: the cheapest page the full stack can serve, to compare real pages with."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from groundswell.people.models import ExpertiseTag

FLOOR_ROWS = 50


def bench_floor(request: HttpRequest) -> HttpResponse:
    """Render 50 rows of a small table in the site layout: one query plus the layout's own."""
    tags = ExpertiseTag.objects.order_by("id")[:FLOOR_ROWS]
    return render(request, "demo/bench_floor.html", {"tags": tags})
