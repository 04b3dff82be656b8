from __future__ import annotations

from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page_number: int) -> str:
    """Link to another page of a list, keeping the current filters."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    params["page"] = str(page_number)
    return "?" + params.urlencode()
