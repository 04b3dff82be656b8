"""Background jobs of the gatherings app: they take IDs and send mail."""

from __future__ import annotations

from django_tasks import task

from groundswell.gatherings.models import Registration
from groundswell.lib.email import send_templated_email


@task()
def send_place_offered_email(registration_id: int) -> None:
    """Tell someone on the waiting list that a place is now theirs."""
    registration = Registration.objects.select_related("gathering", "gathering__community").get(pk=registration_id)
    send_templated_email("gatherings/email/place_offered", [registration.email], {"registration": registration})
