"""Form widgets rendered in Python where template rendering costs too much."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class Select(forms.Select):
    """A select rendered without a template per option.

    Filter forms on list pages have selects with a dozen options each; rendering every option
    through Django's widget templates cost more than the rest of the page. The markup is the
    same as ``templates/django/forms/widgets/select.html`` (which other selects use).
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options)
