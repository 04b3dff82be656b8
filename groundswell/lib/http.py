"""Small helpers shared by views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, for type checking."""

    htmx: HtmxDetails


class Forbidden(PermissionDenied):
    """Raised by access functions when a visible thing needs a role the person lacks."""


def paginate(request: HttpRequest, qs: QuerySet[Any], per_page: int = 25) -> Page[Any]:
    """Return the requested page; out-of-range pages fall back to the last one.

    Counting is left to the paginator, which runs one COUNT query.
    """
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
