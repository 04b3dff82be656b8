from __future__ import annotations

from django import template
from django.forms import BoundField
from django.http import HttpRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page_number: int) -> str:
    """Link to another page of a list, keeping the current filters."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    params["page"] = str(page_number)
    return "?" + params.urlencode()


WIDGET_CLASSES = {
    "textarea": "nhsuk-textarea",
    "select": "nhsuk-select",
    "nullbooleanselect": "nhsuk-select",
    "checkbox": "nhsuk-checkboxes__input",
    "clearablefile": "nhsuk-file-upload",
    "file": "nhsuk-file-upload",
}


@register.filter
def nhsuk_widget(field: BoundField) -> str:
    """Render a field's widget with the NHS.UK class for its kind (and the error modifier)."""
    attrs: dict[str, str | bool] = {}
    if not field.field.widget.attrs.get("class"):
        css = WIDGET_CLASSES.get(field.widget_type, "nhsuk-input")
        if field.errors and css in {"nhsuk-input", "nhsuk-textarea", "nhsuk-select"}:
            css += f" {css}--error"
        attrs["class"] = css
    return field.as_widget(attrs=attrs)
