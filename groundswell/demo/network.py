"""Load the demo network: about 600 people in 80 organisations and 19 communities, with five
years of history.

``groundswell.demo.plan`` decides everything (seeded, so the same names and structure every
time); this module writes it. Dates count back from the moment of seeding, so the history
always runs up to today.

Writes bypass actions, on purpose. The personas are created by
``people.actions.create_person`` so their sign-in addresses are verified exactly as for
anyone else; everything else is written with ``bulk_create``, back-dated, together with the
activity-stream entries the actions would have recorded. This is the one sanctioned
exception to "every write goes through an action": actions stamp the present moment, and a
demo needs five years of the past, written in seconds.
"""

from __future__ import annotations

import datetime
import random
import secrets
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from groundswell.chronicle.models import Activity
from groundswell.communities.models import (
    INVITATION_LIFETIME,
    Community,
    Invitation,
    InvitationStatus,
    Lifecycle,
    Membership,
    MembershipStatus,
)
from groundswell.demo import catalogue as cat
from groundswell.demo import consultations as demo_consultations
from groundswell.demo import conversations as demo_conversations
from groundswell.demo import gatherings as demo_gatherings
from groundswell.demo import products as demo_products
from groundswell.demo import stories as demo_stories
from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.demo.plan import SEED, Plan, PlannedCommunity, PlannedMembership, build_plan
from groundswell.people import actions as people_actions
from groundswell.people.models import VISIBLE_FIELDS, Affiliation, ExpertiseTag, Organisation, Person, hash_token

WORKDAY = (8 * 60, 18 * 60)


@dataclass
class SeedResult:
    loaded: bool
    counts: dict[str, int]


def is_loaded() -> bool:
    """Whether the demo is already in the database (any demo login exists)."""
    return Person.objects.filter(email__in=[persona.email for persona in PERSONAS]).exists()


def seed(*, seed: int = SEED) -> SeedResult:
    """Load the demo network unless it is there already; all or nothing."""
    if is_loaded():
        return SeedResult(loaded=False, counts=counts())
    with transaction.atomic():
        Writer(build_plan(seed)).write()
        demo_gatherings.load()
        demo_consultations.seed()
        demo_stories.seed()
        demo_conversations.seed()
        demo_products.seed()
    return SeedResult(loaded=True, counts=counts())


def counts() -> dict[str, int]:
    return {
        "people": Person.objects.count(),
        "organisations": Organisation.objects.count(),
        "affiliations": Affiliation.objects.count(),
        "communities": Community.objects.count(),
        "memberships": Membership.objects.count(),
        "invitations": Invitation.objects.count(),
        "activities": Activity.objects.count(),
    }


class Writer:
    """Turns a plan into rows. Times are whole days before ``now`` plus a time of day."""

    def __init__(self, plan: Plan, *, now: datetime.datetime | None = None) -> None:
        self.plan = plan
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        # A second generator for times of day, so they never disturb the plan's choices.
        self.rng = random.Random(SEED + 1)
        self.activities: list[Activity] = []
        self.people: list[Person] = []
        self.join_minute: list[int] = []
        self.orgs: dict[str, Organisation] = {}
        self.communities: dict[str, Community] = {}

    def at(self, ago: int, minute: int | None = None) -> datetime.datetime:
        """The moment ``ago`` days before today at a working time of day (never in the future)."""
        if minute is None:
            minute = self.rng.randint(*WORKDAY)
        day = self.today - datetime.timedelta(days=ago)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60)))
        return min(moment, self.now - datetime.timedelta(minutes=1))

    def date(self, ago: int | None) -> datetime.date | None:
        return None if ago is None else self.today - datetime.timedelta(days=ago)

    def record(
        self,
        verb: str,
        *,
        actor: Person | None,
        target: models.Model,
        when: datetime.datetime,
        community: Community | None = None,
        data: dict[str, Any] | None = None,
        label: str | None = None,
    ) -> None:
        """Queue one activity-stream entry, shaped as ``chronicle.actions.record_activity`` shapes it."""
        self.activities.append(
            Activity(
                actor=actor,
                verb=verb,
                target_type=target._meta.model_name or "",
                target_id=target.pk,
                target_label=(label if label is not None else str(target))[:300],
                community=community,
                created_at=when,
                data=data or {},
            )
        )

    def write(self) -> None:
        self._organisations()
        self._people()
        self._affiliations()
        self._expertise()
        self._profile_activity()
        self._communities()
        self._memberships()
        self._invitations()
        self.activities.sort(key=lambda activity: activity.created_at)
        Activity.objects.bulk_create(self.activities, batch_size=1000)

    # -- organisations and people --------------------------------------------------------

    def _organisations(self) -> None:
        first_seen: dict[str, int] = {}
        for person in self.plan.people:
            for affiliation in person.affiliations:
                first_seen[affiliation.org] = max(first_seen.get(affiliation.org, 0), person.joined_ago + 1)
        taken = set(Organisation.objects.exclude(ods_code="").values_list("ods_code", flat=True))
        orgs = [
            Organisation(
                name=org.name,
                kind=org.kind,
                region=org.region,
                ods_code="" if org.ods_code in taken else org.ods_code,
                created_at=self.at(first_seen.get(org.key, 5 * 365)),
            )
            for org in cat.ORGANISATIONS
        ]
        Organisation.objects.bulk_create(orgs)
        for org, row in zip(cat.ORGANISATIONS, orgs, strict=True):
            self.orgs[org.key] = row
            self.record("created_organisation", actor=None, target=row, when=row.created_at)

    def _people(self) -> None:
        planned_emails = [person.email for person in self.plan.people]
        taken = set(Person.objects.filter(email__in=planned_emails).values_list("email", flat=True))
        encoded_demo_password = make_password(DEMO_PASSWORD)
        bulk: list[Person] = []
        for planned in self.plan.people:
            minute = self.rng.randint(WORKDAY[0], WORKDAY[1] - 30)
            self.join_minute.append(minute)
            joined = self.at(planned.joined_ago, minute)
            fields: dict[str, Any] = {
                "profession": planned.profession,
                "region": planned.region,
                "bio": planned.bio,
                "access_needs": planned.access_needs,
                # The demo's people gave their access needs, and their consent, when they joined.
                "access_needs_consent_at": joined if planned.access_needs else None,
                "lay_partner_override": planned.lay_partner_override,
                **{f"{name}_visibility": value for name, value in planned.visibility.items()},
            }
            if planned.persona:
                person = people_actions.create_person(
                    email=planned.email, display_name=planned.display_name, verified=True, **fields
                )
                person.password = encoded_demo_password
                person.date_joined = joined
                person.is_staff = person.is_superuser = planned.is_staff
                person.save(update_fields=["password", "date_joined", "is_staff", "is_superuser"])
                Activity.objects.filter(actor=person, verb="joined_groundswell").update(created_at=joined)
            else:
                email, n = planned.email, 2
                while email in taken:
                    local, domain = planned.email.split("@")
                    email, n = f"{local}{n}@{domain}", n + 1
                person = Person(email=email, display_name=planned.display_name, date_joined=joined, **fields)
                person.set_unusable_password()
                bulk.append(person)
            self.people.append(person)
        Person.objects.bulk_create(bulk)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=person, email=person.email, verified=True, primary=True) for person in bulk
        )
        for person in bulk:
            self.record("joined_groundswell", actor=person, target=person, when=person.date_joined)

    def _affiliations(self) -> None:
        rows: list[tuple[Affiliation, datetime.datetime, datetime.datetime | None]] = []
        for planned, person in zip(self.plan.people, self.people, strict=True):
            for n, affiliation in enumerate(planned.affiliations):
                start, end = affiliation.start_ago, affiliation.end_ago
                # Jobs begun after joining were added that day; earlier ones when the person joined.
                if start is not None and start < planned.joined_ago:
                    added = self.at(start)
                else:
                    added = self.at(planned.joined_ago, self.join_minute[planned.index] + 2 + n)
                ended = self.at(end) if end is not None and end < planned.joined_ago else None
                row = Affiliation(
                    person=person,
                    organisation=self.orgs[affiliation.org],
                    role_title=affiliation.role_title,
                    start_date=self.date(start),
                    end_date=self.date(end),
                )
                rows.append((row, added, ended))
        Affiliation.objects.bulk_create([row for row, _, _ in rows])
        for row, added, ended in rows:
            self.record("added_affiliation", actor=row.person, target=row, when=added)
            if ended is not None:
                self.record("ended_affiliation", actor=row.person, target=row, when=ended)

    def _expertise(self) -> None:
        names = sorted({name for person in self.plan.people for name in person.expertise})
        slugs = {slugify(name)[:80]: name for name in names}
        existing = set(ExpertiseTag.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        ExpertiseTag.objects.bulk_create(
            ExpertiseTag(name=name, slug=slug) for slug, name in slugs.items() if slug not in existing
        )
        tags = {tag.slug: tag.pk for tag in ExpertiseTag.objects.filter(slug__in=slugs)}
        through = Person.expertise.through
        links = []
        for planned, person in zip(self.plan.people, self.people, strict=True):
            for name in dict.fromkeys(planned.expertise):
                links.append(through(person_id=person.pk, expertisetag_id=tags[slugify(name)[:80]]))
            if planned.expertise:
                when = self.at(planned.joined_ago, self.join_minute[planned.index] + 6)
                self.record("updated_expertise", actor=person, target=person, when=when)
        through.objects.bulk_create(links)

    def _profile_activity(self) -> None:
        for planned, person in zip(self.plan.people, self.people, strict=True):
            changed = [name for name in ("bio", "access_needs") if getattr(planned, name)]
            changed += [f"{name}_visibility" for name in planned.visibility if name in VISIBLE_FIELDS]
            if changed:
                when = self.at(planned.joined_ago, self.join_minute[planned.index] + 8)
                self.record("updated_profile", actor=person, target=person, when=when, data={"fields": changed})
            for day, name in planned.visibility_changes:
                fields = [f"{name}_visibility"]
                self.record("updated_profile", actor=person, target=person, when=self.at(day), data={"fields": fields})

    # -- communities -----------------------------------------------------------------------

    def _slug(self, name: str, taken: set[str]) -> str:
        base = slugify(name)[:160] or "community"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug

    def _communities(self) -> None:
        taken = set(Community.objects.values_list("slug", flat=True))
        rows: list[tuple[PlannedCommunity, Community, list[Any], list[Any]]] = []
        for planned in self.plan.communities:
            created = self.at(planned.created_ago)
            stages = [(self.at(day), day, stage) for day, stage in planned.stages]
            updates = [(self.at(day), day, fields) for day, fields in planned.updates]
            changed = [when for when, _, _ in stages] + [when for when, _, _ in updates]
            community = Community(
                name=planned.name,
                slug=self._slug(planned.name, taken),
                kind=planned.kind,
                purpose=planned.purpose,
                learning_question=planned.learning_question,
                privacy=planned.privacy,
                lifecycle=planned.lifecycle,
                closing_note=planned.closing_note,
                closed_at=next((when for when, _, stage in stages if stage == Lifecycle.CLOSED), None),
                created_by=self.people[planned.creator],
                created_at=created,
                updated_at=max([created, *changed]),
            )
            self.communities[planned.key] = community
            rows.append((planned, community, stages, updates))
        Community.objects.bulk_create([community for _, community, _, _ in rows])
        for planned, community, stages, updates in rows:
            creator = self.people[planned.creator]
            self.record(
                "created_community", actor=creator, target=community, when=community.created_at, community=community
            )
            for when, day, stage in stages:
                self.record(
                    "changed_lifecycle",
                    actor=self.people[planned.convenor_at(day)],
                    target=community,
                    when=when,
                    community=community,
                    data={"lifecycle": stage},
                )
            for when, day, fields in updates:
                self.record(
                    "updated_community",
                    actor=self.people[planned.convenor_at(day)],
                    target=community,
                    when=when,
                    community=community,
                    data={"fields": fields},
                )

    def _membership_label(self, planned: PlannedMembership, role: str) -> str:
        return str(
            Membership(person=self.people[planned.person], community=self.communities[planned.community], role=role)
        )

    def _memberships(self) -> None:
        rows: list[tuple[PlannedCommunity, PlannedMembership, Membership]] = []
        for planned_community in self.plan.communities:
            community = self.communities[planned_community.key]
            for planned in planned_community.memberships:
                if planned.how == "creator":
                    joined: datetime.datetime | None = community.created_at
                else:
                    joined = None if planned.joined_ago is None else self.at(planned.joined_ago)
                row = Membership(
                    community=community,
                    person=self.people[planned.person],
                    role=planned.role,
                    status=planned.status,
                    request_message=planned.request_message,
                    requested_at=None if planned.requested_ago is None else self.at(planned.requested_ago),
                    joined_at=joined,
                    left_at=None if planned.left_ago is None else self.at(planned.left_ago),
                    left_reason=planned.left_reason,
                )
                rows.append((planned_community, planned, row))
        Membership.objects.bulk_create([row for _, _, row in rows], batch_size=500)
        Community.objects.refresh_role_counts()
        for planned_community, planned, row in rows:
            self._membership_activity(planned_community, planned, row)

    def _membership_activity(self, c: PlannedCommunity, planned: PlannedMembership, row: Membership) -> None:
        community, person = row.community, row.person
        people = self.people

        def record(verb: str, actor: Person | None, when: datetime.datetime, label_role: str, **data: Any) -> None:
            label = self._membership_label(planned, label_role)
            self.record(verb, actor=actor, target=row, when=when, community=community, data=data, label=label)

        first = planned.first_role
        if planned.requested_ago is not None and row.requested_at is not None:
            record("requested_membership", person, row.requested_at, first)
        if planned.status == MembershipStatus.DECLINED and planned.decided_ago is not None:
            record(
                "declined_membership", people[c.convenor_at(planned.decided_ago)], self.at(planned.decided_ago), first
            )
        if row.joined_at is not None and planned.joined_ago is not None:
            if planned.how == "request":
                record("approved_membership", people[c.convenor_at(planned.joined_ago + 1)], row.joined_at, first)
            elif planned.how == "invitation":
                record("accepted_invitation", person, row.joined_at, first, role=first)
            elif planned.how in ("joined", "added"):
                record("joined", person, row.joined_at, first, role=first)
        for day, previous, new in planned.role_changes:
            actor = people[c.convenor_at(day + 1)]
            record("changed_role", actor, self.at(day), new, previous=previous, role=new)
        if row.left_at is not None and planned.left_ago is not None:
            if planned.status == MembershipStatus.REMOVED:
                record("removed_member", people[c.convenor_at(planned.left_ago + 1)], row.left_at, planned.role)
            else:
                record("left", person, row.left_at, planned.role)

    def _invitations(self) -> None:
        rows: list[Invitation] = []
        for planned in self.plan.invitations:
            community = self.communities[planned.community]
            created, last_sent = self.at(planned.created_ago), self.at(planned.last_sent_ago)
            responded = None
            if planned.membership is not None and planned.membership.joined_ago is not None:
                responded = self.at(planned.membership.joined_ago)
            elif planned.responded_ago is not None:
                responded = self.at(planned.responded_ago)
            rows.append(
                Invitation(
                    community=community,
                    email=planned.email,
                    role=planned.role,
                    message=planned.message,
                    token_hash=hash_token(secrets.token_urlsafe(32)),
                    invited_by=self.people[planned.inviter],
                    status=planned.status,
                    created_at=created,
                    last_sent_at=last_sent,
                    send_count=planned.send_count,
                    expires_at=last_sent + INVITATION_LIFETIME,
                    responded_at=responded,
                )
            )
        Invitation.objects.bulk_create(rows, batch_size=500)
        for planned, row in zip(self.plan.invitations, rows, strict=True):
            inviter = self.people[planned.inviter]
            community = row.community
            self.record(
                "invited", actor=inviter, target=row, when=row.created_at, community=community, data={"role": row.role}
            )
            if planned.send_count > 1:
                self.record("resent_invitation", actor=inviter, target=row, when=row.last_sent_at, community=community)
            if row.status == InvitationStatus.EXPIRED:
                self.record("invitation_lapsed", actor=None, target=row, when=row.expires_at, community=community)
            elif row.status == InvitationStatus.DECLINED and row.responded_at:
                self.record("declined_invitation", actor=None, target=row, when=row.responded_at, community=community)
            elif row.status == InvitationStatus.REVOKED and row.responded_at:
                self.record("revoked_invitation", actor=inviter, target=row, when=row.responded_at, community=community)
