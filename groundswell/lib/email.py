"""Send email as text and HTML from one pair of templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(
    template: str,
    to: list[str],
    context: dict[str, Any],
    attachments: list[tuple[str, str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` and send them.

    ``attachments`` are (filename, content, mimetype) triples, such as an iCalendar invitation;
    ``headers`` are extra message headers, such as ``List-Unsubscribe``.
    """
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
