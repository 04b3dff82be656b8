"""Background jobs of the consultations app: they take IDs, compute and send mail."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from groundswell.communities.models import Membership, Role
from groundswell.lib.email import send_templated_email

logger = logging.getLogger(__name__)


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@task()
def send_ask_emails(ask_id: int) -> None:
    """Tell the convenors of every asked community about a new ask, one email each."""
    from groundswell.consultations.models import Ask

    ask = Ask.objects.select_related("created_by").get(pk=ask_id)
    rows = (
        Membership.objects.active()
        .filter(community__in=ask.communities.all(), role=Role.CONVENOR, person__is_active=True)
        .select_related("person", "community")
        .order_by("person_id", "community__name")
    )
    by_person: dict[int, tuple[str, str, list[str]]] = {}
    for membership in rows:
        person = membership.person
        entry = by_person.setdefault(person.pk, (person.email, person.display_name, []))
        entry[2].append(membership.community.name)
    questions = list(ask.questions.values_list("text", flat=True))
    for email, name, communities in by_person.values():
        send_templated_email(
            "consultations/email/ask_sent",
            [email],
            {
                "ask": ask,
                "name": name,
                "communities": communities,
                "questions": questions,
                "ask_url": _url(ask.get_absolute_url()),
            },
        )


@task()
def embed_insights(insight_ids: list[int]) -> None:
    """Cache the sentence vectors of new insights, so that re-synthesis is fast."""
    import numpy

    from groundswell.consultations import actions
    from groundswell.consultations.models import Insight
    from groundswell.lib import themes

    if "semantic" not in themes.available_methods():
        return
    insights = list(Insight.objects.filter(pk__in=insight_ids, vector__isnull=True).only("id", "text"))
    if not insights:
        return
    vectors = themes.embed([insight.text for insight in insights])
    actions.store_vectors(
        (insight.pk, numpy.asarray(row, dtype=numpy.float32).tobytes())
        for insight, row in zip(insights, vectors, strict=True)
    )


@task()
def run_synthesis(synthesis_id: int) -> None:
    """Compute a synthesis; on failure the synthesis says so, with a message people can act on."""
    from groundswell.consultations import actions

    try:
        actions.compute_synthesis(synthesis_id)
    except Exception:
        logger.exception("Synthesis %s failed", synthesis_id)
        actions.fail_synthesis(synthesis_id, "The themes could not be computed. Try again; if it fails again, tell us.")


@task()
def send_response_emails(response_id: int) -> None:
    """Tell the contributors of a theme or an insight that the centre responded.

    Anonymous contributors cannot be told: nothing records who they are.
    """
    from groundswell.consultations.models import Ask, Insight, Response

    response = (
        Response.objects.select_related("ask", "theme", "insight__community", "owner", "theme__synthesis__ask")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        return
    ask: Ask | None
    if response.theme is not None:
        insights = Insight.objects.filter(placement__theme=response.theme)
        ask = response.theme.synthesis.ask
        about = response.theme.label
    else:
        assert response.insight is not None
        insights = Insight.objects.filter(pk=response.insight.pk)
        ask = response.ask
        about = response.insight.text
    recipients: dict[str, str] = {}
    for email, name, active in insights.filter(author__isnull=False, author__erased_at__isnull=True).values_list(
        "author__email", "author__display_name", "author__is_active"
    ):
        if active and email:
            recipients.setdefault(email.lower(), name)
    for email, name in insights.exclude(contributor_email="").values_list("contributor_email", "contributor_name"):
        recipients.setdefault(email.lower(), name)
    if ask is not None:
        link = _url(reverse("consultations:ask_loop", args=[ask.pk]))
    else:
        link = _url(reverse("consultations:community_loop", args=[response.insight.community.slug]))  # type: ignore[union-attr]
    for email, name in sorted(recipients.items()):
        send_templated_email(
            "consultations/email/response",
            [email],
            {"response": response, "ask": ask, "about": about, "name": name, "link": link},
        )
