"""Background jobs of the stories app: they take IDs and send mail."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from groundswell.lib.email import send_templated_email
from groundswell.stories.models import ConsentRecord


@task()
def send_story_withdrawn_email(consent_id: int) -> None:
    """Tell a teller that someone else withdrew their story, and why."""
    record = ConsentRecord.objects.select_related("story", "story__teller", "story__community").get(pk=consent_id)
    teller = record.story.teller
    if teller is None or not teller.is_active or teller.erased_at is not None:
        return
    context = {
        "record": record,
        "story": record.story,
        "teller": teller,
        "story_url": settings.SITE_URL.rstrip("/") + reverse("stories:detail", args=[record.story_id]),
    }
    send_templated_email("stories/email/story_withdrawn", [teller.email], context)
