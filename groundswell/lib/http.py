"""Small helpers shared by views."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass
class UncountedPage:
    """One page of a list that is never counted: it knows only whether another page follows.

    Counting every match in a national directory costs more than showing the page.
    """

    object_list: list[Any]
    number: int
    per_page: int
    has_next: bool

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)


def paginate_uncounted(request: HttpRequest, qs: QuerySet[Any], per_page: int = 25) -> UncountedPage:
    """Return the requested page, fetching one row more than shown to know if another follows."""
    try:
        number = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        number = 1
    number = min(number, 10_000)
    offset = (number - 1) * per_page
    rows = list(qs[offset : offset + per_page + 1])
    return UncountedPage(rows[:per_page], number, per_page, has_next=len(rows) > per_page)


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
