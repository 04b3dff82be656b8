"""Plan the demo network in memory: who exists, where they work, which communities they join.

The plan is plain data, built from ``random.Random(SEED)`` alone, so it comes out the same
on every run and every machine. Time is counted in whole days before the moment of seeding
("ago"), so the history always ends today and the demo never looks stale. Nothing here
touches the database; ``groundswell.demo.network`` writes the plan.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from groundswell.communities.models import Lifecycle, MembershipStatus, Privacy, Role
from groundswell.demo import catalogue as cat
from groundswell.demo import communities
from groundswell.demo.names import email_part, pick_name
from groundswell.demo.personas import PERSONAS
from groundswell.people.models import LAY_PROFESSIONS, Profession, Region, Visibility

SEED = 20_19_06_11
HISTORY_DAYS = 5 * 365
EMAIL_DOMAINS = ("example.org", "example.com", "example.net")


@dataclass
class PlannedAffiliation:
    org: str
    role_title: str
    start_ago: int | None
    end_ago: int | None = None


@dataclass
class PlannedPerson:
    index: int
    display_name: str
    email: str
    profession: str
    region: str
    group: str
    affiliations: list[PlannedAffiliation] = field(default_factory=list)
    expertise: list[str] = field(default_factory=list)
    bio: str = ""
    access_needs: str = ""
    visibility: dict[str, str] = field(default_factory=dict)
    lay_partner_override: bool | None = None
    persona: str = ""
    is_staff: bool = False
    network: str = ""
    joined_ago: int = 0
    # Days on which the person later changed who may see one of their fields.
    visibility_changes: list[tuple[int, str]] = field(default_factory=list)

    @property
    def is_lay(self) -> bool:
        if self.lay_partner_override is not None:
            return self.lay_partner_override
        return self.profession in LAY_PROFESSIONS


@dataclass
class PersonaDetails:
    profession: str
    region: str
    affiliations: list[PlannedAffiliation]
    expertise: list[str]
    bio: str
    access_needs: str = ""
    visibility: dict[str, str] = field(default_factory=dict)
    network: str = ""


@dataclass
class PlannedMembership:
    community: str
    person: int
    role: str
    joined_ago: int | None
    how: str
    status: str = MembershipStatus.ACTIVE
    left_ago: int | None = None
    left_reason: str = ""
    # (day, previous role, new role), oldest first.
    role_changes: list[tuple[int, str, str]] = field(default_factory=list)
    requested_ago: int | None = None
    request_message: str = ""
    decided_ago: int | None = None

    @property
    def first_role(self) -> str:
        return self.role_changes[0][1] if self.role_changes else self.role

    def role_at(self, ago: int) -> str | None:
        """The role held on the day, or None when not a member then."""
        if self.joined_ago is None or self.joined_ago < ago:
            return None
        if self.left_ago is not None and self.left_ago >= ago:
            return None
        role = self.first_role
        for day, _previous, new in self.role_changes:
            if day >= ago:
                role = new
        return role


@dataclass
class PlannedInvitation:
    community: str
    email: str
    role: str
    inviter: int
    status: str
    created_ago: int
    last_sent_ago: int
    send_count: int = 1
    responded_ago: int | None = None
    message: str = ""
    membership: PlannedMembership | None = None


@dataclass
class PlannedCommunity:
    key: str
    name: str
    kind: str
    privacy: str
    purpose: str
    created_ago: int
    creator: int
    learning_question: str = ""
    # (day, stage) after the community started as forming, oldest first.
    stages: list[tuple[int, str]] = field(default_factory=list)
    closing_note: str = ""
    updates: list[tuple[int, list[str]]] = field(default_factory=list)
    memberships: list[PlannedMembership] = field(default_factory=list)
    open_people: dict[int, PlannedMembership] = field(default_factory=dict)

    @property
    def lifecycle(self) -> str:
        return self.stages[-1][1] if self.stages else Lifecycle.FORMING

    @property
    def stopped_ago(self) -> int:
        """The day the community went quiet (dormant or closed); 0 if it is still going."""
        for day, stage in self.stages:
            if stage in (Lifecycle.DORMANT, Lifecycle.CLOSED):
                return day
        return 0

    def convenor_at(self, ago: int) -> int:
        """The person convening on the day: the longest-serving convenor, else the founder."""
        for membership in self.memberships:
            if membership.role_at(ago) == Role.CONVENOR:
                return membership.person
        return self.creator


@dataclass
class Plan:
    people: list[PlannedPerson]
    communities: list[PlannedCommunity]
    invitations: list[PlannedInvitation]

    def community(self, key: str) -> PlannedCommunity:
        return next(c for c in self.communities if c.key == key)

    def persona(self, key: str) -> PlannedPerson:
        return next(p for p in self.people if p.persona == key)


ORG_BY_KEY = {org.key: org for org in cat.ORGANISATIONS}


class Planner:
    """Builds the plan; every random choice comes from one seeded generator, in a fixed order."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.people: list[PlannedPerson] = []
        self.communities: dict[str, PlannedCommunity] = {}
        self.invitations: list[PlannedInvitation] = []
        self.groups: dict[str, list[int]] = {}
        self.taken_names: set[str] = {persona.display_name.removeprefix("Dr ") for persona in PERSONAS}
        self.taken_emails: set[str] = {persona.email for persona in PERSONAS}

    # -- people ------------------------------------------------------------------------

    def build(self) -> Plan:
        self._personas()
        self._leads()
        for archetype in cat.ARCHETYPES:
            for _ in range(archetype.size):
                self._archetype_person(archetype)
        self._executives()
        self._special_people()
        self._profiles()
        self._communities()
        self._finish()
        return Plan(self.people, list(self.communities.values()), self.invitations)

    def _email(self, first: str, last: str) -> str:
        base = f"{email_part(first)}.{email_part(last)}"
        domain = self.rng.choice(EMAIL_DOMAINS)
        email, n = f"{base}@{domain}", 2
        while email in self.taken_emails:
            email, n = f"{base}{n}@{domain}", n + 1
        self.taken_emails.add(email)
        return email

    def _add_person(
        self,
        group: str,
        profession: str,
        region: str,
        *,
        title_prefix: str = "",
        affiliations: Iterable[PlannedAffiliation] = (),
    ) -> PlannedPerson:
        name = pick_name(self.rng, self.taken_names)
        display = f"{title_prefix}{name.full}"
        person = PlannedPerson(
            index=len(self.people),
            display_name=display,
            email=self._email(name.first, name.last),
            profession=profession,
            region=region,
            group=group,
            affiliations=list(affiliations),
        )
        self.people.append(person)
        self.groups.setdefault(group, []).append(person.index)
        return person

    def _orgs(self, prefixes: Sequence[str], region: str | None = None) -> list[str]:
        keys = [org.key for org in cat.ORGANISATIONS if org.key.startswith(tuple(prefixes))]
        if region:
            local = [key for key in keys if ORG_BY_KEY[key].region == region]
            keys = local or keys
        return keys

    def _start_ago(self) -> int | None:
        """When someone started in their present job: often before Groundswell, sometimes unknown."""
        if self.rng.random() < 0.08:
            return None
        return self.rng.choice([self.rng.randint(60, 1800), self.rng.randint(1800, 7000)])

    def _career(self, org: str, title: str, prefixes: Sequence[str]) -> list[PlannedAffiliation]:
        """A current job and, for about one person in four, the job before it (people move)."""
        start = self._start_ago()
        current = PlannedAffiliation(org, title, start)
        if start is None or self.rng.random() > 0.25:
            return [current]
        previous_org = self.rng.choice([key for key in self._orgs(prefixes) if key != org] or [org])
        # Counting back in days: the last job ended a little before this one began.
        end = start + self.rng.randint(1, 45)
        previous = PlannedAffiliation(previous_org, title, end + self.rng.randint(700, 4000), end)
        return [previous, current]

    def _personas(self) -> None:
        details = {
            "convenor": PersonaDetails(
                Profession.NURSE,
                Region.LONDON,
                [
                    PlannedAffiliation("trust_riverside", "Clinical nurse specialist, breast cancer", 4100, 2300),
                    PlannedAffiliation(
                        "trust_north_thames", cat.LEAD_TITLES["nurse"].format(network="North East London"), 2290
                    ),
                ],
                ["Acute oncology", "Personalised care", "Health inequalities", "Nursing leadership"],
                "Lead cancer nurse for the North East London Cancer Network. I trained in Lagos and "
                "London and have nursed people with cancer for twenty years. I convene the National "
                "Cancer Leads Network because the best ideas I have seen came from another network's "
                "leads, not from a report.",
                network="North East London",
            ),
            "core": PersonaDetails(
                Profession.GP,
                Region.NORTH_WEST,
                [
                    PlannedAffiliation("gp_lakeland", "Salaried GP", 3300, 2200),
                    PlannedAffiliation("gp_castle", "GP partner and cancer lead for the primary care network", 2190),
                ],
                ["Early diagnosis", "Safety-netting", "Primary care networks", "Quality improvement"],
                "GP partner at Castle Street Surgery and cancer lead for our primary care network. "
                "I care most about the patients who fall between the cracks after an urgent referral.",
            ),
            "lay": PersonaDetails(
                Profession.CARER,
                Region.LONDON,
                [PlannedAffiliation("pg_london", "Volunteer", 1400)],
                ["Carers' support", "Lived experience of cancer", "Co-production"],
                "I care for my husband, who is living with bowel cancer. I help services see what "
                "the appointments, letters and waiting look like from the family's side.",
                access_needs="Please send papers a week ahead, in large print. I cannot join meetings before 10am.",
                visibility={"email": Visibility.ONLY_ME, "region": Visibility.COMMUNITIES},
            ),
            "centre": PersonaDetails(
                Profession.MANAGER,
                Region.NATIONAL,
                [
                    PlannedAffiliation("icb_mid", "Director of strategy", 4000, 1900),
                    PlannedAffiliation("gov_cancer", "Programme director, National Cancer Programme", 1890),
                ],
                ["Policy", "Cancer waiting times", "Co-production", "Evaluation"],
                "I lead the National Cancer Programme's work with clinical networks. My job is to "
                "bring national guidance to the people who will use it, early enough for them to change it.",
            ),
            "admin": PersonaDetails(
                Profession.OTHER,
                Region.NATIONAL,
                [PlannedAffiliation("groundswell", "Platform administrator", 1900)],
                ["Digital inclusion", "Data protection"],
                "I look after Groundswell: sign-in problems, data requests and anything that gets in your way.",
            ),
        }
        for persona in PERSONAS:
            info = details[persona.key]
            person = PlannedPerson(
                index=len(self.people),
                display_name=persona.display_name,
                email=persona.email,
                profession=info.profession,
                region=info.region,
                group="persona",
                affiliations=info.affiliations,
                expertise=info.expertise,
                bio=info.bio,
                access_needs=info.access_needs,
                visibility=info.visibility,
                persona=persona.key,
                is_staff=persona.key == "admin",
                network=info.network,
            )
            self.people.append(person)
            self.groups.setdefault(f"persona:{persona.key}", []).append(person.index)

    def _leads(self) -> None:
        """The lead nurse, doctor and manager of each of the 34 local cancer networks, and
        the leads they took over from."""
        amara = self.groups["persona:convenor"][0]
        for region, network in cat.LOCAL_CANCER_NETWORKS:
            for post in ("nurse", "doctor", "manager"):
                title = cat.LEAD_TITLES[post].format(network=network)
                handover = self.rng.random() < 0.17 and not (post == "nurse" and network == "North East London")
                handover_ago = self.rng.randint(200, 1450) if handover else None
                if post == "nurse" and network == "North East London":
                    self.groups.setdefault("lead", []).append(amara)
                    self.groups.setdefault("lead_nurse", []).append(amara)
                    continue
                if handover_ago is not None:
                    self._lead_person(
                        post,
                        region,
                        network,
                        title,
                        start_ago=self.rng.randint(1900, 5000),
                        end_ago=handover_ago,
                        group="former_lead",
                    )
                    start = handover_ago - self.rng.randint(0, 60)
                else:
                    start = self.rng.randint(1700, 5000) if self.rng.random() < 0.9 else self.rng.randint(300, 1600)
                self._lead_person(post, region, network, title, start_ago=max(start, 30), end_ago=None, group="lead")

    def _lead_person(
        self, post: str, region: str, network: str, title: str, *, start_ago: int, end_ago: int | None, group: str
    ) -> PlannedPerson:
        rng = self.rng
        if post == "nurse":
            profession, org, prefix = Profession.NURSE, rng.choice(self._orgs(cat.ACUTE_TRUSTS, region)), ""
        elif post == "doctor":
            if rng.random() < 0.3:
                profession, org = Profession.GP, rng.choice(self._orgs(["gp_"], region))
            else:
                profession, org = Profession.HOSPITAL_DOCTOR, rng.choice(self._orgs(cat.ACUTE_TRUSTS, region))
            prefix = "Dr "
        else:
            profession = Profession.MANAGER
            org = (
                rng.choice(self._orgs(["icb_"], region))
                if rng.random() < 0.6
                else rng.choice(self._orgs(cat.ACUTE_TRUSTS, region))
            )
            prefix = ""
        affiliations = [PlannedAffiliation(org, title, start_ago, end_ago)]
        if end_ago is not None and rng.random() < 0.85:
            # Moved on: a new post somewhere else; the rest retired.
            next_title, where = rng.choice(cat.NEXT_POSTS[post])
            next_org = rng.choice(self._orgs([where]))
            affiliations.append(PlannedAffiliation(next_org, next_title, end_ago - rng.randint(1, 30)))
        person = self._add_person(group, profession, region, title_prefix=prefix, affiliations=affiliations)
        person.network = network
        person.expertise = rng.sample(
            [
                "Cancer waiting times",
                "Early diagnosis",
                "Personalised care",
                "Acute oncology",
                "Health inequalities",
                "Quality improvement",
                "Nursing leadership",
                "Clinical leadership",
                "Data and analytics",
            ],
            rng.randint(1, 3),
        )
        self.groups.setdefault(f"{group}_{post}", []).append(person.index)
        return person

    def _archetype_person(self, archetype: cat.Archetype) -> PlannedPerson:
        rng = self.rng
        org = rng.choice(self._orgs(archetype.org_prefixes))
        title = rng.choice(archetype.titles)
        profession = cat.PRISON_NHS_PROFESSIONS.get(title, archetype.profession)
        prefix = ""
        if profession in (Profession.GP, Profession.HOSPITAL_DOCTOR) and "surgeon" not in title:
            percent = archetype.doctor_percent or 100
            prefix = "Dr " if rng.randrange(100) < percent else ""
        elif title.startswith("Professor"):
            prefix = "Professor "
        elif archetype.key == "researcher" and title.startswith(("Senior lecturer", "Reader", "Research fellow")):
            prefix = "Dr " if rng.random() < 0.6 else ""
        region = ORG_BY_KEY[org].region
        if region == Region.NATIONAL:
            region = rng.choice([Region.NATIONAL, Region.NATIONAL, *cat.ENGLISH_REGIONS])
        affiliations = self._career(org, title, archetype.org_prefixes)
        if archetype.key in ("patient", "carer") and rng.random() < 0.35:
            affiliations = []
        person = self._add_person(archetype.key, profession, region, title_prefix=prefix, affiliations=affiliations)
        person.expertise = rng.sample(archetype.expertise, rng.randint(0, min(3, len(archetype.expertise))))
        return person

    def _executives(self) -> None:
        """Chief executives of trusts, ICBs, councils and a charity, for the peer network."""
        rng = self.rng
        orgs = rng.sample(cat.ACUTE_TRUSTS, 11) + rng.sample(self._orgs(["icb_"]), 6)
        orgs += [*rng.sample(self._orgs(["la_"]), 3), "charity_bright", *cat.COMMUNITY_TRUSTS]
        for org in orgs:
            profession = rng.choice(
                [
                    Profession.MANAGER,
                    Profession.MANAGER,
                    Profession.MANAGER,
                    Profession.NURSE,
                    Profession.HOSPITAL_DOCTOR,
                ]
            )
            prefix = "Dr " if profession == Profession.HOSPITAL_DOCTOR else ""
            region = ORG_BY_KEY[org].region
            affiliations = self._career(org, "Chief executive", ["trust_", "icb_"])
            person = self._add_person("executive", profession, region, title_prefix=prefix, affiliations=affiliations)
            person.expertise = rng.sample(
                ["Leadership", "System working", "Finance", "Workforce development", "Health inequalities"], 2
            )

    def _special_people(self) -> None:
        rng = self.rng
        # Guests from the other UK nations who visit the GP community.
        for region, profession, prefix in (
            (Region.WALES, Profession.GP, "Dr "),
            (Region.SCOTLAND, Profession.NURSE, ""),
            (Region.NORTHERN_IRELAND, Profession.RESEARCHER, "Dr "),
        ):
            person = self._add_person("visitor", profession, region, title_prefix=prefix)
            person.expertise = ["Early diagnosis"]
        # The national team's network facilitator, co-convenor of the leads' network.
        facilitator = self._add_person(
            "facilitator",
            Profession.MANAGER,
            Region.NATIONAL,
            affiliations=[PlannedAffiliation("gov_cancer", "Network facilitator", 1700)],
        )
        facilitator.expertise = ["Facilitation", "Large-group methods", "Co-production"]
        facilitator.bio = (
            "I plan and facilitate the leads' meetings, and chase the national team for answers to what you told us."
        )
        # The royal college's clinical champion, sponsor of the GP community.
        champion = self._add_person(
            "college_champion",
            Profession.GP,
            rng.choice(cat.ENGLISH_REGIONS),
            title_prefix="Dr ",
            affiliations=[PlannedAffiliation("college_primary", "Clinical champion for cancer", 1750)],
        )
        champion.expertise = ["Early diagnosis", "Medical education", "Policy"]
        # National health and justice team.
        for title in ("Head of health and justice", "Health and justice policy adviser"):
            person = self._add_person(
                "justice",
                Profession.COMMISSIONER,
                Region.NATIONAL,
                affiliations=[PlannedAffiliation("gov_justice", title, rng.randint(400, 2500))],
            )
            person.expertise = ["Offender health", "Commissioning", "Policy"]
        # People with lived experience of prison healthcare, lay partners in the prison network.
        for bio in (
            "I spent four years in prison and was treated for cancer while inside. "
            "I now help prisons and hospitals work together.",
            "My son was in prison when he was diagnosed. I speak up for families who are kept in the dark.",
        ):
            person = self._add_person(
                "lived_prison",
                Profession.PATIENT if "I spent" in bio else Profession.CARER,
                rng.choice(cat.ENGLISH_REGIONS),
                affiliations=[PlannedAffiliation("charity_open_gate", "Peer adviser", rng.randint(300, 1200))],
            )
            person.bio = bio
            person.expertise = ["Lived experience of prison", "Offender health"]
        # A retired GP who now takes part as a patient.
        retired = self._add_person(
            "patient",
            Profession.GP,
            Region.SOUTH_WEST,
            title_prefix="Dr ",
            affiliations=[PlannedAffiliation("gp_tamar", "GP partner", 9000, 1200)],
        )
        retired.lay_partner_override = True
        retired.bio = (
            "Retired GP, now on the other side of the desk after a cancer diagnosis of my own. "
            "I take part as a patient."
        )
        retired.expertise = ["Lived experience of cancer", "Early diagnosis"]

    def _profiles(self) -> None:
        """Bios, access needs and per-field visibility for everyone but the personas."""
        rng = self.rng
        for person in self.people:
            if person.persona:
                continue
            current = [a for a in person.affiliations if a.end_ago is None]
            org_name = ORG_BY_KEY[current[0].org].name if current else "a local service"
            if not person.bio and rng.random() < 0.4:
                opening = rng.choice(cat.BIO_OPENINGS.get(person.profession, cat.BIO_OPENINGS[Profession.OTHER]))
                bio = opening.format(org=org_name, years=rng.randint(3, 25))
                if person.expertise:
                    bio += " " + rng.choice(cat.BIO_INTERESTS).format(tag=rng.choice(person.expertise).lower())
                extra = rng.choice(cat.BIO_EXTRAS)
                person.bio = f"{bio} {extra}".strip()
            lay = person.is_lay
            if rng.random() < (0.25 if lay else 0.08):
                person.access_needs = rng.choice(cat.ACCESS_NEEDS)
            visibility: dict[str, str] = {}
            roll = rng.random()
            if roll < 0.15:
                visibility["email"] = Visibility.ONLY_ME
            elif roll < 0.25:
                visibility["email"] = Visibility.SIGNED_IN
            # Prison staff often keep their workplace to their communities.
            if (person.group == "prison_staff" and rng.random() < 0.6) or rng.random() < 0.06:
                visibility["organisations"] = Visibility.COMMUNITIES
            if lay and rng.random() < 0.3:
                visibility["profession"] = Visibility.COMMUNITIES
            if lay and rng.random() < 0.3:
                visibility["bio"] = Visibility.COMMUNITIES
            if rng.random() < 0.05:
                visibility["region"] = Visibility.ONLY_ME
            if rng.random() < 0.04:
                visibility["expertise"] = Visibility.COMMUNITIES
            person.visibility = visibility
            if visibility and rng.random() < 0.3:
                person.visibility_changes.append((0, rng.choice(sorted(visibility))))

    # -- communities -------------------------------------------------------------------

    def _staff_of(self, org: str, group: str = "charity") -> list[int]:
        """People of the group whose latest job is at the organisation (the group, if none)."""
        staff = [
            i for i in self._pool(group) if self.people[i].affiliations and self.people[i].affiliations[-1].org == org
        ]
        return staff or self._pool(group)

    def _pool(self, *groups: str, exclude: Iterable[int] = (), region: Sequence[str] = ()) -> list[int]:
        skip = set(exclude)
        pool = [i for group in groups for i in self.groups.get(group, []) if i not in skip]
        if region:
            local = [i for i in pool if self.people[i].region in region]
            pool = local + [i for i in pool if self.people[i].region not in region]
            return pool
        return pool

    def _sample(self, pool: Sequence[int], n: int, *, prefer_first: int = 0) -> list[int]:
        """Pick n people; with ``prefer_first``, pick most of them from the start of the pool."""
        pool = list(dict.fromkeys(pool))
        if prefer_first and prefer_first < len(pool):
            head, tail = pool[:prefer_first], pool[prefer_first:]
            k = min(len(head), round(n * 0.8))
            chosen = self.rng.sample(head, k) + self.rng.sample(tail, min(len(tail), n - k))
            return chosen
        return self.rng.sample(pool, min(n, len(pool)))

    def _community(
        self,
        key: str,
        name: str,
        kind: str,
        privacy: str,
        purpose: str,
        *,
        created_ago: int,
        creator: int,
        stages: Sequence[tuple[int, str]] = (),
        learning_question: str = "",
        closing_note: str = "",
    ) -> PlannedCommunity:
        community = PlannedCommunity(
            key=key,
            name=name,
            kind=kind,
            privacy=privacy,
            purpose=purpose,
            created_ago=created_ago,
            creator=creator,
            learning_question=learning_question,
            stages=list(stages),
            closing_note=closing_note,
        )
        self.communities[key] = community
        self.member(community, creator, Role.CONVENOR, created_ago, how="creator")
        return community

    def member(
        self,
        c: PlannedCommunity,
        person: int,
        role: str,
        joined_ago: int,
        *,
        how: str = "",
        left_ago: int | None = None,
        reason: str = "",
        removed: bool = False,
        changes: Sequence[tuple[int, str, str]] = (),
    ) -> PlannedMembership | None:
        """Add a spell of membership; skip people who already hold an open place."""
        if person in c.open_people:
            return None
        if how != "creator":
            joined_ago = max(1, min(joined_ago, c.created_ago - 1))
        if not how:
            founder = c.created_ago - joined_ago <= 30
            if c.privacy == Privacy.OPEN:
                how = "joined"
            elif founder:
                how = "added"
            elif c.privacy == Privacy.RESTRICTED:
                how = "request" if self.rng.random() < 0.8 else "invitation"
            else:
                how = "invitation"
        membership = PlannedMembership(c.key, person, role, joined_ago, how, role_changes=list(changes))
        if how == "request":
            membership.requested_ago = min(joined_ago + self.rng.randint(1, 6), c.created_ago - 1)
            if membership.requested_ago <= joined_ago:
                membership.how, membership.requested_ago = "added", None
            elif self.rng.random() < 0.4:
                membership.request_message = self.rng.choice(cat.GENERIC_REQUEST_MESSAGES)
        if left_ago is not None:
            last_event = min([joined_ago, *(day for day, _, _ in changes)])
            left_ago = max(1, min(left_ago, last_event - 1))
            if left_ago < last_event:
                membership.left_ago = left_ago
                membership.left_reason = reason
                membership.status = MembershipStatus.REMOVED if removed else MembershipStatus.LEFT
        c.memberships.append(membership)
        if membership.status == MembershipStatus.ACTIVE:
            c.open_people[person] = membership
        return membership

    def request(
        self, c: PlannedCommunity, person: int, requested_ago: int, message: str, *, declined_ago: int | None = None
    ) -> None:
        """A request to join that is still waiting (or was declined)."""
        if person in c.open_people:
            return
        membership = PlannedMembership(
            c.key,
            person,
            Role.LAY_PARTNER if self.people[person].is_lay else Role.MEMBER,
            None,
            "request",
            status=MembershipStatus.DECLINED if declined_ago else MembershipStatus.REQUESTED,
            requested_ago=requested_ago,
            request_message=message,
            decided_ago=declined_ago,
        )
        c.memberships.append(membership)
        if membership.status == MembershipStatus.REQUESTED:
            c.open_people[person] = membership

    def crowd(
        self,
        c: PlannedCommunity,
        people: Iterable[int],
        role: str = Role.MEMBER,
        *,
        newest: int | None = None,
        oldest: int | None = None,
        leave_percent: int = 12,
        recent: int = 0,
    ) -> list[PlannedMembership]:
        """Add many people who joined over the community's life; some have since left."""
        rng = self.rng
        stop = c.stopped_ago
        hi = (oldest or c.created_ago) - 1
        lo = max(newest or 1, stop + 1)
        added = []
        for n, person in enumerate(people):
            person_role = Role.LAY_PARTNER if role == Role.MEMBER and self.people[person].is_lay else role
            joined = rng.randint(1, 14) if n < recent and not stop else rng.randint(lo, max(lo, hi))
            left = None
            reason = ""
            if joined > lo + 40 and rng.randrange(100) < leave_percent:
                left = rng.randint(max(lo, stop + 1), joined - 30)
                reason = rng.choice(cat.LEFT_REASONS)
            membership = self.member(c, person, person_role, joined, left_ago=left, reason=reason)
            if membership:
                added.append(membership)
        return added

    def promote(self, membership: PlannedMembership | None, new_role: str, day: int | None = None) -> None:
        """Record a role change some time after joining."""
        if membership is None or membership.joined_ago is None:
            return
        end = membership.left_ago or 0
        start = membership.role_changes[-1][0] if membership.role_changes else membership.joined_ago
        if start - end < 3:
            return
        day = day if day is not None and end < day < start else self.rng.randint(end + 1, start - 1)
        previous = membership.role
        membership.role_changes.append((day, previous, new_role))
        membership.role = new_role

    def promote_some(self, memberships: Iterable[PlannedMembership | None], n: int, role: str) -> None:
        """Promote n of the longest-standing current members, some time after they joined."""
        settled = [
            m
            for m in memberships
            if m is not None and m.status == MembershipStatus.ACTIVE and (m.joined_ago or 0) > 365
        ]
        for membership in self.rng.sample(settled, min(n, len(settled))):
            self.promote(membership, role)

    def invite_only(
        self,
        c: PlannedCommunity,
        email: str,
        *,
        status: str,
        sent_ago: int,
        role: str = Role.MEMBER,
        resent_ago: int | None = None,
        responded_ago: int | None = None,
        message: str = "",
    ) -> None:
        """An invitation that did not (yet) turn into a membership."""
        self.invitations.append(
            PlannedInvitation(
                community=c.key,
                email=email,
                role=role,
                inviter=c.convenor_at(sent_ago),
                status=status,
                created_ago=sent_ago,
                last_sent_ago=resent_ago or sent_ago,
                send_count=2 if resent_ago else 1,
                responded_ago=responded_ago,
                message=message,
            )
        )

    def _communities(self) -> None:
        communities.plan_all(self)

    # -- finishing ---------------------------------------------------------------------

    def _finish(self) -> None:
        """Invitations behind invited memberships, and the day each person joined Groundswell."""
        rng = self.rng
        for c in self.communities.values():
            for m in c.memberships:
                if m.how != "invitation" or m.joined_ago is None:
                    continue
                sent = min(m.joined_ago + rng.randint(1, 12), c.created_ago - 1)
                if sent <= m.joined_ago:
                    m.how = "added"
                    continue
                self.invitations.append(
                    PlannedInvitation(
                        community=c.key,
                        email=self.people[m.person].email,
                        role=m.first_role,
                        inviter=c.convenor_at(sent),
                        status="accepted",
                        created_ago=sent,
                        last_sent_ago=sent,
                        responded_ago=m.joined_ago,
                        membership=m,
                    )
                )
        earliest: dict[int, int] = {}
        for c in self.communities.values():
            for m in c.memberships:
                first = max(day for day in (m.joined_ago, m.requested_ago) if day is not None)
                earliest[m.person] = max(earliest.get(m.person, 0), first)
        for person in self.people:
            if person.index in earliest:
                person.joined_ago = earliest[person.index] + rng.randint(1, 25)
            else:
                person.joined_ago = rng.randint(20, HISTORY_DAYS - 30)
            person.visibility_changes = [
                (rng.randint(1, person.joined_ago - 1), fieldname)
                for _, fieldname in person.visibility_changes
                if person.joined_ago > 2
            ]


def build_plan(seed: int = SEED) -> Plan:
    """Return the whole demo network as plain data; the same seed gives the same network."""
    return Planner(seed).build()
