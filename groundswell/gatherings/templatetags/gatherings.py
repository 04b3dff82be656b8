"""Template helpers for gatherings' pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def attendance_rows(grid: list[tuple[str, list[str]]]) -> SafeString:
    """The rows of the series' who-came table: a header cell per person, a cell per meeting.

    Built in one pass rather than with nested template loops: a year of a large network is
    hundreds of people by six meetings, and the template engine spends far longer on each cell.
    """
    return format_html_join(
        "\n",
        '<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">{}</th>{}</tr>',
        (
            (name, format_html_join("", '<td class="nhsuk-table__cell">{}</td>', ((cell,) for cell in cells)))
            for name, cells in grid
        ),
    )
