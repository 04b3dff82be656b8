"""Gatherings at the issue's benchmark scale, added to a national-scale dataset by ``make bench``.

A series of six meetings with 150 people at each (registered, most of them came, some sent
apologies), and a conference of 140 attendees with a full harvest, in the community the
benchmark persona convenes, so that the pages are read as their organiser would read them.
The series and gatherings are planned through the actions; the registrations and harvest rows
are written in bulk, like the rest of the benchmark data.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from groundswell.communities.models import Community, Membership, MembershipStatus, Role
from groundswell.gatherings import actions
from groundswell.gatherings.models import (
    ActionItem,
    AgendaItem,
    Element,
    FeedbackToCentre,
    Gathering,
    GatheringStatus,
    HarvestNote,
    HarvestPhoto,
    Invitee,
    Registration,
    RegistrationStatus,
)
from groundswell.people.models import Person

SERIES_PEOPLE = 150
CONFERENCE_PEOPLE = 140


@dataclass(frozen=True)
class BenchGatherings:
    series_id: int
    conference_id: int


def _people(count: int, rng: random.Random) -> list[Person]:
    ids = list(Person.objects.filter(is_active=True).order_by("id").values_list("id", flat=True)[: count * 20])
    chosen = sorted(rng.sample(ids, count))
    return list(Person.objects.filter(pk__in=chosen).only("id", "email", "display_name"))


def _register(gathering: Gathering, people: list[Person], rng: random.Random, *, came_rate: float) -> None:
    rows = []
    for person in people:
        apologies = rng.random() < 0.08
        rows.append(
            Registration(
                gathering=gathering,
                person=person,
                email=person.email,
                name=person.display_name,
                invitee=Invitee.CORE,
                status=RegistrationStatus.APOLOGIES if apologies else RegistrationStatus.REGISTERED,
                registered_at=gathering.starts_at - datetime.timedelta(days=20),
                attended=None if apologies else rng.random() < came_rate,
            )
        )
    Registration.objects.bulk_create(rows, ignore_conflicts=True)


def _harvest(gathering: Gathering, people: list[Person], rng: random.Random) -> None:
    AgendaItem.objects.bulk_create(
        AgendaItem(gathering=gathering, position=n + 1, title=title, element=element)
        for n, (title, element) in enumerate(
            [
                ("Check-in", Element.CHECK_IN),
                ("Briefing from the centre", Element.BRIEFING),
                ("Local perspectives", Element.LOCAL_PERSPECTIVES),
                ("Feedback to the centre", Element.FEEDBACK),
                ("Close", Element.CLOSE),
            ]
        )
    )
    notes = HarvestNote.objects.bulk_create(
        HarvestNote(
            gathering=gathering,
            group=f"Table {n + 1}",
            what_we_heard=f"Table {n + 1} heard that waits for diagnostics vary by site and by week.",
            evidence="Local audit, last quarter",
            note_taker=rng.choice(people),
        )
        for n in range(20)
    )
    HarvestPhoto.objects.bulk_create(
        HarvestPhoto(
            gathering=gathering,
            note=note,
            image=f"harvest/{gathering.pk}/bench-{note.pk}.jpg",
            alt_text=f"{note.group}'s flip chart: the three things they heard",
            width=1600,
            height=1200,
        )
        for note in notes[:10]
    )
    ActionItem.objects.bulk_create(
        ActionItem(gathering=gathering, title=f"Follow up point {n + 1}", owner=rng.choice(people)) for n in range(10)
    )
    FeedbackToCentre.objects.bulk_create(
        FeedbackToCentre(gathering=gathering, message=f"Key message {n + 1} for the national team", position=n + 1)
        for n in range(6)
    )


@transaction.atomic
def seed_bench_gatherings(persona: Person, *, seed: int = 2024) -> BenchGatherings:
    """Plan the benchmark's series and conference in the community the persona convenes."""
    rng = random.Random(seed)
    community = Community.objects.filter(
        memberships__person=persona, memberships__role=Role.CONVENOR, memberships__status=MembershipStatus.ACTIVE
    ).first()
    assert community is not None, "the benchmark persona convenes no community"
    now = timezone.now().replace(microsecond=0)
    people = _people(SERIES_PEOPLE + CONFERENCE_PEOPLE, rng)
    # Everyone taking part is a member, as in a real network.
    Membership.objects.bulk_create(
        (
            Membership(community=community, person=p, role=Role.CORE_MEMBER, status=MembershipStatus.ACTIVE)
            for p in people
        ),
        ignore_conflicts=True,
    )
    series = actions.schedule_series(
        community,
        by=persona,
        title="National leads' network",
        first_starts_at=now - datetime.timedelta(days=330),
        duration=datetime.timedelta(hours=6),
        every_months=2,
        meetings=6,
        roster=[],
    )
    for gathering in series.gatherings.all():
        _register(gathering, people[:SERIES_PEOPLE], rng, came_rate=0.85)
        if gathering.starts_at < now:
            Gathering.objects.filter(pk=gathering.pk).update(status=GatheringStatus.HELD)
    conference = actions.schedule_gathering(
        community,
        by=persona,
        title="Prison health conference",
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=3) + datetime.timedelta(hours=7),
        capacity=160,
    )
    attendees = people[SERIES_PEOPLE:]
    _register(conference, attendees, rng, came_rate=1.0)
    Registration.objects.filter(gathering=conference).update(
        status=RegistrationStatus.REGISTERED, attended=True, invitee=Invitee.MEMBER
    )
    Gathering.objects.filter(pk=conference.pk).update(status=GatheringStatus.HELD)
    _harvest(conference, attendees, rng)
    return BenchGatherings(series_id=series.pk, conference_id=conference.pk)
