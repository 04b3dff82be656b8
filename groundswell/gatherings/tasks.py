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


# Calendar emails: invitations, cancellations and reminders, each with an .ics attached.


@task()
def send_gathering_invitation_email(registration_id: int) -> None:
    """Invite someone to a gathering, with the event for their calendar."""
    from groundswell.gatherings import emails

    registration = Registration.objects.select_related("gathering", "gathering__community", "person").get(
        pk=registration_id
    )
    if registration.gathering.is_cancelled:
        return
    emails.send_invitation(registration)


@task()
def send_gathering_cancelled_emails(gathering_id: int) -> None:
    """Tell everyone with a place, on the waiting list or invited that a gathering is cancelled."""
    from groundswell.gatherings import emails
    from groundswell.gatherings.models import RegistrationStatus

    # People with a place, waiting for one, or invited and yet to answer.
    told = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED, RegistrationStatus.INVITED)
    registrations = Registration.objects.select_related("gathering", "gathering__community").filter(
        gathering_id=gathering_id, status__in=told
    )
    for registration in registrations:
        emails.send_cancellation(registration)


@task()
def send_gathering_reminder_emails(gathering_id: int) -> None:
    """Remind everyone with a place at a gathering that it is a day away."""
    from groundswell.gatherings import emails
    from groundswell.gatherings.models import GatheringStatus, RegistrationStatus

    registrations = Registration.objects.select_related("gathering", "gathering__community", "person").filter(
        gathering_id=gathering_id,
        status=RegistrationStatus.REGISTERED,
        gathering__status__in=(GatheringStatus.PLANNED, GatheringStatus.OPEN),
    )
    for registration in registrations:
        emails.send_reminder(registration)


@task()
def send_gathering_changed_emails(gathering_id: int, changed: list[str]) -> None:
    """Tell everyone invited, with a place or waiting what changed, with the updated event attached."""
    from groundswell.gatherings import emails
    from groundswell.gatherings.models import RegistrationStatus

    told = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED, RegistrationStatus.INVITED)
    registrations = Registration.objects.select_related("gathering", "gathering__community", "person").filter(
        gathering_id=gathering_id, status__in=told
    )
    for registration in registrations:
        if registration.gathering.is_cancelled:
            return
        emails.send_change(registration, changed)
