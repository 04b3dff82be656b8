"""A national-scale synthetic dataset for benchmarks (``manage.py seed_scale``).

At ``people=250_000`` it makes 250,000 people, 20,000 organisations, 5,000 communities,
1,000,000 memberships and 10,000,000 activity rows; smaller numbers scale every table in
proportion. The shapes are meant to look like a national health and care network rather than
uniform noise: community sizes follow a long tail (a few with tens of thousands of members,
most with a few dozen), a minority of people join many communities and many join one or none,
privacy tiers and per-field visibility are mixed, people hold current and past affiliations,
some memberships have ended, and activity grows over five years.

This is the one sanctioned exception to "every write goes through an action": loading ten
million rows one action at a time would take days, so the rows are written in bulk, straight
into the tables (PostgreSQL ``COPY`` through psycopg 3, or batched ``INSERT`` on SQLite), with
explicit ids and the sequences reset afterwards. Only the benchmark persona, who signs in, is
created through ``people.actions.create_person``. On PostgreSQL the loaded tables' secondary
indexes and foreign keys are dropped for the load and rebuilt (and the foreign keys
validated) afterwards, inside the same transaction, and the database is analysed at the end.

The generator is deterministic for a given ``people`` and ``seed``.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.text import slugify

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community, Membership, MembershipStatus, Role
from groundswell.people import actions as people_actions
from groundswell.people.models import Affiliation, ExpertiseTag, Organisation, Person

# The benchmark persona: an ordinary verified person with memberships, who signs in.
BENCH_EMAIL = "bench.persona@example.org"
# A synthetic, benchmark-only account on a throwaway database.
BENCH_PASSWORD = "groundswell-bench"
BENCH_NAME = "Morgan Bench"

FULL_PEOPLE = 250_000


def _words(text: str) -> list[str]:
    return text.split()


# Per-person ratios at full scale, from the issue: 20k organisations, 5k communities,
# 1M memberships and 10M activity rows for 250k people.
RATIOS = {"organisations": 0.08, "communities": 0.02, "memberships": 4.0, "activity": 40.0}
YEARS = 5
BATCH = 5_000

FIRST_NAMES = _words(
    "Aaliyah Abdul Adam Adebayo Aisha Alan Alex Alice Alison Amelia Amir Amy Andrew Angela Ann Anna "
    "Anne Anthony Arjun Ava Barbara Ben Beth Bilal Brian Bronwen Callum Carl Caroline Catherine Chen "
    "Chidi Chloe Chris Claire Daniel David Deborah Declan Deepa Dylan Eilidh Elizabeth Ella Emeka "
    "Emily Emma Eric Fatima Fiona Frances Gareth George Grace Hannah Harry Helen Ian Imran Isla Jack "
    "Jacob James Jane Janet Jasmine Jean Jennifer Joanna John Jonathan Joseph Joshua Julie Karen Kate "
    "Kavita Kemi Kevin Kwame Laura Leah Liam Lily Lucy Mark Martin Mary Matthew Megan Mei Michael "
    "Mohammed Nadia Naomi Neil Nia Nicola Nikhil Noah Oliver Olivia Oluwaseun Owen Patrick Paul "
    "Peter Priya Rachel Rahul Rebecca Richard Robert Rosa Ruth Ryan Sarah Saanvi Sean Shona Simon "
    "Siobhan Sophie Stephen Susan Tariq Thomas Tom Tomasz Usha Victoria William Yusuf Zainab Zoe"
)
SURNAMES = _words(
    "Adams Ahmed Ali Allen Anderson Atkinson Bailey Baker Banerjee Barker Bell Bennett Brown Campbell "
    "Carter Chapman Chen Clarke Collins Cook Cooper Davies Davis Dawson Edwards Ellis Evans Fisher "
    "Fletcher Foster Gibson Graham Gray Green Griffiths Hall Harris Harrison Hill Holmes Hughes Hussain "
    "Jackson James Jenkins Johnson Jones Kaur Kelly Khan King Knight Kowalski Lee Lewis Lloyd Marshall "
    "Martin Mason Matthews Mensah Miller Mills Mitchell Moore Morgan Morris Murphy Murray Nowak Obi "
    "Okafor Owen Palmer Parker Patel Pearson Phillips Powell Price Rahman Reid Richards Richardson "
    "Roberts Robertson Robinson Rogers Rose Ross Russell Scott Shah Shaw Simpson Singh Smith Stevens "
    "Stewart Taylor Thomas Thompson Turner Walker Wallace Ward Watson Webb White Wilkinson Williams "
    "Wilson Wood Wright Young"
)
PLACES = _words(
    "Barnsley Bath Bedford Birmingham Blackburn Blackpool Bolton Bournemouth Bradford Brighton Bristol "
    "Burnley Cambridge Canterbury Carlisle Chelmsford Cheltenham Chester Colchester Coventry Crawley "
    "Darlington Derby Doncaster Dudley Durham Exeter Gateshead Gloucester Grimsby Halifax Harrogate "
    "Hastings Hereford Huddersfield Hull Ipswich Kendal Kingston Lancaster Leeds Leicester Lincoln "
    "Liverpool Luton Maidstone Manchester Middlesbrough Milton-Keynes Newcastle Northampton Norwich "
    "Nottingham Oldham Oxford Peterborough Plymouth Portsmouth Preston Reading Rochdale Rotherham "
    "Salford Salisbury Sheffield Shrewsbury Slough Southampton Southend Stockport Stoke Sunderland "
    "Swindon Taunton Telford Truro Wakefield Walsall Warrington Watford Wigan Winchester Wolverhampton "
    "Worcester Worthing York"
)
TOPICS = [
    "Acute kidney injury",
    "Antimicrobial stewardship",
    "Asthma",
    "Atrial fibrillation",
    "Autism",
    "Bowel cancer screening",
    "Breast cancer",
    "Cancer care",
    "Cardiac rehabilitation",
    "Care homes",
    "Carers' health",
    "Child and adolescent mental health",
    "Chronic pain",
    "Clinical coding",
    "COPD",
    "Community nursing",
    "Continence",
    "Deprescribing",
    "Dementia",
    "Diabetes",
    "Digital inclusion",
    "Domestic abuse",
    "Eating disorders",
    "End of life care",
    "Epilepsy",
    "Falls prevention",
    "Frailty",
    "Gender identity",
    "Health inequalities",
    "Heart failure",
    "Homelessness and health",
    "Hypertension",
    "Immunisation",
    "Infection control",
    "Learning disability",
    "Long COVID",
    "Lung cancer",
    "Maternity",
    "Medicines safety",
    "Menopause",
    "Mental health crisis care",
    "Motor neurone disease",
    "Multiple sclerosis",
    "Neonatal care",
    "Obesity",
    "Oral health",
    "Palliative care",
    "Parkinson's",
    "Patient safety",
    "Perinatal mental health",
    "Personalised care",
    "Pharmacy first",
    "Physiotherapy",
    "Population health",
    "Pressure ulcers",
    "Prison health",
    "Prostate cancer",
    "Quality improvement",
    "Refugee health",
    "Rehabilitation",
    "Respiratory care",
    "Safeguarding",
    "Sepsis",
    "Sexual health",
    "Sickle cell",
    "Smoking cessation",
    "Social prescribing",
    "Stroke",
    "Substance misuse",
    "Suicide prevention",
    "Telehealth",
    "Trauma-informed care",
    "Urgent and emergency care",
    "Virtual wards",
    "Workforce wellbeing",
    "Wound care",
    "Youth health",
    "Green health",
    "Shared decision making",
    "Health literacy",
]
COMMUNITY_FORMS = {
    "community_of_practice": "{topic} Community of Practice",
    "network": "{place} {topic} Network",
    "special_interest_group": "{topic} Special Interest Group",
    "meeting_series": "{topic} Learning Series",
    "peer_network": "{topic} Peer Network",
    "project_team": "{place} {topic} Project",
    "lay_panel": "{topic} Lay Panel",
    "self_managing_team": "{place} {topic} Team",
}
ORG_FORMS = {
    "gp_practice": ("{word} Surgery, {place}", "{word} Medical Practice, {place}", "{place} {word} Health Centre"),
    "nhs_trust": ("{place} {word} NHS Foundation Trust", "{place} {word} NHS Trust"),
    "icb": ("NHS {place} {word} Integrated Care Board",),
    "charity": ("{word} {topic} Trust", "{topic} Support {place}", "Friends of {place} {word}"),
    "royal_college": ("Royal College of {topic} Practice",),
    "university": ("University of {place}", "{place} {word} University"),
    "government": ("{place} Office of Health Improvement",),
    "prison": ("HMP {place}", "HMP {word} {place}"),
    "local_authority": ("{place} City Council", "{place} Borough Council"),
    "patient_group": ("{place} {word} Patient Participation Group", "{topic} Voices {place}"),
    "other": ("{place} {word} Partnership", "{word} Health Ltd, {place}"),
}
WORDS = _words(
    "Abbey Bridge Castle Cedar Central Church Street Elm Grove Hillside Kingsway Lakeside Linden "
    "Market Meadow Mill Oak Orchard Park Priory Riverside Rose Station Valley Victoria West Willow"
)
ROLE_TITLES = {
    "gp": ("GP partner", "Salaried GP", "GP trainee", "Clinical lead"),
    "hospital_doctor": ("Consultant", "Registrar", "Clinical director", "Specialty doctor"),
    "nurse": ("Lead nurse", "Staff nurse", "Nurse consultant", "District nurse", "Clinical nurse specialist"),
    "ahp": ("Physiotherapist", "Occupational therapist", "Dietitian", "Speech and language therapist"),
    "pharmacist": ("Clinical pharmacist", "Community pharmacist", "Medicines optimisation lead"),
    "manager": ("Service manager", "Operations manager", "Programme manager", "Chief executive"),
    "commissioner": ("Commissioning manager", "Head of commissioning"),
    "researcher": ("Research fellow", "Lecturer", "Professor"),
    "charity_staff": ("Project officer", "Volunteer coordinator", "Policy officer"),
    "patient": ("", "Patient representative"),
    "carer": ("", "Carer representative"),
    "other": ("", "Coordinator", "Administrator"),
}
# Weights are rough shares of a national health and care community, not survey figures.
PROFESSIONS = [
    ("nurse", 26), ("gp", 9), ("hospital_doctor", 10), ("ahp", 12), ("pharmacist", 4), ("manager", 12),
    ("commissioner", 3), ("researcher", 5), ("charity_staff", 5), ("patient", 6), ("carer", 3), ("other", 5),
]  # fmt: skip
REGIONS = [
    ("north_east_yorkshire", 15), ("north_west", 13), ("midlands", 19), ("east_of_england", 11),
    ("london", 16), ("south_east", 15), ("south_west", 10), ("national", 3), ("wales", 2), ("scotland", 1),
    ("northern_ireland", 1), ("", 4),
]  # fmt: skip
VISIBILITY = [("signed_in", 75), ("communities", 20), ("only_me", 5)]
EMAIL_VISIBILITY = [("communities", 70), ("signed_in", 15), ("only_me", 15)]
ORG_KINDS = [
    ("gp_practice", 32), ("nhs_trust", 6), ("icb", 1), ("charity", 20), ("royal_college", 1), ("university", 3),
    ("government", 1), ("prison", 2), ("local_authority", 8), ("patient_group", 16), ("other", 10),
]  # fmt: skip
COMMUNITY_KINDS = [
    ("community_of_practice", 30), ("network", 20), ("special_interest_group", 15), ("meeting_series", 8),
    ("peer_network", 10), ("project_team", 9), ("lay_panel", 4), ("self_managing_team", 4),
]  # fmt: skip
PRIVACY = [("open", 45), ("restricted", 30), ("private", 20), ("confidential", 5)]
LIFECYCLE = [("forming", 10), ("active", 60), ("dormant", 20), ("closed", 10)]
LEFT_REASONS = ("", "", "Changed jobs", "Retired", "No longer working in this area", "Too many emails")
# Community-scoped activity verbs (as the actions record them) and their rough shares.
COMMUNITY_VERBS = [
    ("joined", 30, "membership"), ("updated_community", 14, "community"), ("changed_role", 8, "membership"),
    ("left", 8, "membership"), ("requested_membership", 6, "membership"), ("approved_membership", 5, "membership"),
    ("accepted_invitation", 5, "membership"), ("changed_lifecycle", 2, "community"),
    ("removed_member", 1, "membership"),
]  # fmt: skip
PERSON_VERBS = [
    ("updated_profile", 50),
    ("updated_expertise", 20),
    ("added_affiliation", 15),
    ("joined_groundswell", 15),
]


def _cum(weights: Iterable[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _picker(pairs: Sequence[tuple[Any, ...]], rng: random.Random) -> Callable[[int], list[Any]]:
    """Return a function drawing k values from (value, weight, ...) pairs."""
    values = [pair[0] for pair in pairs]
    cum = _cum(pair[1] for pair in pairs)
    return lambda k: rng.choices(values, cum_weights=cum, k=k)


@dataclass
class Plan:
    """How many rows of each kind to make for a number of people."""

    people: int
    organisations: int
    communities: int
    memberships: int
    activity: int

    @classmethod
    def for_people(cls, people: int) -> Plan:
        return cls(
            people=people,
            organisations=max(1, round(people * RATIOS["organisations"])),
            communities=max(1, round(people * RATIOS["communities"])),
            memberships=max(1, round(people * RATIOS["memberships"])),
            activity=max(1, round(people * RATIOS["activity"])),
        )


@dataclass
class Report:
    """What was loaded and how long each stage took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    bench_person_id: int = 0


class _Clock:
    """Timestamps as seconds from the start of the five-year window, formatted cheaply.

    Formatting ten million datetimes through ``datetime`` is slow, so dates and times of day
    are formatted once and joined.
    """

    def __init__(self, now: datetime.datetime, suffix: str) -> None:
        self.end = int(now.timestamp())
        self.start = self.end - YEARS * 365 * 86400
        first_day = datetime.datetime.fromtimestamp(self.start - self.start % 86400, tz=datetime.UTC)
        days = (self.end - self.start) // 86400 + 2
        self.day0 = self.start - self.start % 86400
        self.days = [(first_day + datetime.timedelta(days=d)).strftime("%Y-%m-%d ") for d in range(days)]
        self.times = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{suffix}" for s in range(86400)]

    def format(self, t: int) -> str:
        offset = t - self.day0
        return self.days[offset // 86400] + self.times[offset % 86400]


class _Sink:
    """Loads rows into a table: COPY on PostgreSQL, batched INSERT elsewhere."""

    def __init__(self, *, freeze: bool) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.freeze = freeze

    def load(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        count = 0
        with connection.cursor() as cursor:
            if self.postgres:
                from psycopg import sql

                statement = sql.SQL("COPY {} ({}) FROM STDIN {}").format(
                    sql.Identifier(table),
                    sql.SQL(", ").join(sql.Identifier(c) for c in columns),
                    sql.SQL("(FREEZE)" if self.freeze else ""),
                )
                with cursor.cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
                return count
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            placeholders = ", ".join(["%s"] * len(columns))
            insert = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"  # noqa: S608
            iterator = iter(rows)
            while batch := list(itertools.islice(iterator, BATCH)):
                cursor.executemany(insert, batch)
                count += len(batch)
        return count


class _PostgresLoadMode:
    """Drop secondary indexes and foreign keys of the loaded tables; rebuild them afterwards."""

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self.constraints: list[tuple[str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []

    def drop(self) -> None:
        with connection.cursor() as cursor:
            # Run any deferred foreign-key checks now: a table with pending ones cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                """
                SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                FROM pg_constraint c
                WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
                ORDER BY c.contype
                """,
                [self.tables],
            )
            self.constraints = list(cursor.fetchall())
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """,
                [self.tables],
            )
            self.indexes = list(cursor.fetchall())
            for table, name, _ in self.constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in self.indexes:
                cursor.execute(f"DROP INDEX {name}")

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            for _, definition in self.indexes:
                cursor.execute(definition)
            # Dropped foreign keys first, so add them back last.
            for table, name, definition in reversed(self.constraints):
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


class _Generator:
    """Builds the rows of each table; keeps what later tables need (ids, names, members)."""

    def __init__(self, plan: Plan, seed: int, clock: _Clock) -> None:
        self.plan = plan
        self.rng = random.Random(seed)
        self.clock = clock
        self.names: list[str] = [""]  # index = person id
        self.person_weights: list[float] = []
        self.joined: list[int] = [0]
        self.tags: list[tuple[int, str, str]] = []
        self.community_names: list[str] = [""]
        self.community_created: list[int] = [0]
        self.community_privacy: list[str] = [""]
        # Per community: (membership id, person id) of everyone who ever belonged.
        self.members: list[list[tuple[int, int]]] = [[]]
        self.sizes: list[int] = [0]
        self.professions: list[str] = []
        self.org_kinds: list[str] = []
        self.convenors: list[int] = [0]

    # People -------------------------------------------------------------------------------

    def people(self) -> Iterator[tuple[Any, ...]]:
        rng, clock = self.rng, self.clock
        n = self.plan.people
        professions = self.professions = _picker(PROFESSIONS, rng)(n)
        regions = _picker(REGIONS, rng)(n)
        visibility = _picker(VISIBILITY, rng)
        email_visibility = _picker(EMAIL_VISIBILITY, rng)(n)
        span = clock.end - clock.start
        for i in range(n):
            pid = i + 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            profession = professions[i]
            name = f"Dr {first} {last}" if profession in ("gp", "hospital_doctor") and rng.random() < 0.4 else ""
            name = name or f"{first} {last}"
            self.names.append(name)
            # A long tail of how readily people join things: most join one to three communities,
            # a few join dozens (capped, so no one is in hundreds).
            self.person_weights.append(min(25.0, rng.paretovariate(1.6)))
            # Sign-ups accelerate over the five years.
            joined = clock.start + int(span * rng.random() ** 0.7)
            self.joined.append(joined)
            fields = visibility(5)
            inactive = rng.random() < 0.004
            yield (
                pid,
                "!",  # an unusable password: scale people never sign in
                None,
                False,
                f"{first}.{last}.{pid}@scale.example.org".lower(),
                name,
                profession,
                regions[i],
                f"{rng.choice(ROLE_TITLES[profession]) or 'Interested'} in {rng.choice(TOPICS).lower()}."
                if rng.random() < 0.4
                else "",
                None if rng.random() < 0.97 else rng.random() < 0.5,
                "I use a screen reader; please send documents in advance." if rng.random() < 0.03 else "",
                fields[0],
                fields[1],
                fields[2],
                fields[3],
                fields[4],
                email_visibility[i],
                False,
                not inactive,
                clock.format(joined),
                None,
            )

    PEOPLE_COLUMNS = (
        "id", "password", "last_login", "is_superuser", "email", "display_name", "profession", "region", "bio",
        "lay_partner_override", "access_needs", "profession_visibility", "organisations_visibility",
        "region_visibility", "expertise_visibility", "bio_visibility", "email_visibility", "is_staff", "is_active",
        "date_joined", "erased_at",
    )  # fmt: skip

    def expertise_tags(self) -> Iterator[tuple[Any, ...]]:
        self.tags = [(i + 1, topic, slugify(topic)) for i, topic in enumerate(TOPICS)]
        yield from self.tags

    def person_expertise(self) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        tag_ids = [t[0] for t in self.tags]
        # Zipf-like popularity: a few topics are everyone's, most are specialist.
        cum = _cum(1 / (rank + 3) for rank in range(len(tag_ids)))
        row_id = 0
        for pid in range(1, self.plan.people + 1):
            k = min(len(tag_ids), int(rng.expovariate(0.5)))
            for tag in set(rng.choices(tag_ids, cum_weights=cum, k=k)):
                row_id += 1
                yield (row_id, pid, tag)

    # Organisations ------------------------------------------------------------------------

    def organisations(self) -> Iterator[tuple[Any, ...]]:
        rng, clock = self.rng, self.clock
        kinds = _picker(ORG_KINDS, rng)(self.plan.organisations)
        regions = _picker(REGIONS, rng)(self.plan.organisations)
        self.org_kinds = kinds
        for i in range(self.plan.organisations):
            oid = i + 1
            form = rng.choice(ORG_FORMS[kinds[i]])
            name = form.format(word=rng.choice(WORDS), place=rng.choice(PLACES), topic=rng.choice(TOPICS))
            # NHS bodies carry an ODS code; a letter and a unique number stand in for real ones.
            ods = (
                f"{'ABCDEFGHJKLMNPQRSTVWXY'[oid % 22]}{oid:05d}"
                if kinds[i] in ("gp_practice", "nhs_trust", "icb")
                else ""
            )
            yield (oid, name, kinds[i], regions[i], ods, clock.format(clock.start + rng.randrange(86400 * 30)))

    def affiliations(self) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        n_orgs = self.plan.organisations
        # Large organisations (trusts, universities) employ many: weight by kind.
        size = {"nhs_trust": 60.0, "university": 20.0, "icb": 30.0, "local_authority": 10.0, "government": 15.0}
        cum = _cum(size.get(kind, 1.0) * rng.paretovariate(2.0) for kind in self.org_kinds)
        today = datetime.datetime.fromtimestamp(self.clock.end, tz=datetime.UTC).date().toordinal()
        row_id = 0
        for pid in range(1, self.plan.people + 1):
            spells = 0 if rng.random() < 0.06 else 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
            titles = ROLE_TITLES[self.professions[pid - 1]]
            # The first spell is current; each earlier one ended before the next began.
            start = today - rng.randrange(30, 365 * 12)
            for index, org in enumerate(rng.choices(range(1, n_orgs + 1), cum_weights=cum, k=spells)):
                end = None
                if index:
                    end = start - rng.randrange(1, 200)
                    start = end - rng.randrange(90, 365 * 6)
                row_id += 1
                yield (
                    row_id,
                    rng.choice(titles),
                    datetime.date.fromordinal(start).isoformat() if rng.random() < 0.9 else None,
                    None if end is None else datetime.date.fromordinal(end).isoformat(),
                    pid,
                    org,
                )

    # Communities and memberships ----------------------------------------------------------

    def _community_sizes(self) -> list[int]:
        """Split the memberships over communities on a long tail (log-normal, sigma 1.5).

        With 200 memberships per community on average this gives a median of about 65, a
        fifth under 20, and a handful of national communities with 10,000 to 25,000 people.
        """
        raw = [self.rng.lognormvariate(0, 1.5) for _ in range(self.plan.communities)]
        total = sum(raw)
        return [min(self.plan.people, max(3, round(self.plan.memberships * r / total))) for r in raw]

    def communities(self) -> Iterator[tuple[Any, ...]]:
        rng, clock = self.rng, self.clock
        n = self.plan.communities
        kinds = _picker(COMMUNITY_KINDS, rng)(n)
        privacy = _picker(PRIVACY, rng)(n)
        lifecycle = _picker(LIFECYCLE, rng)(n)
        self.sizes += self._community_sizes()
        span = clock.end - clock.start
        for i in range(n):
            cid = i + 1
            topic = rng.choice(TOPICS)
            name = COMMUNITY_FORMS[kinds[i]].format(topic=topic, place=rng.choice(PLACES))
            created = clock.start + int(span * rng.random() ** 0.8)
            closed = lifecycle[i] == "closed"
            self.community_names.append(name)
            self.community_created.append(created)
            self.community_privacy.append(privacy[i])
            yield (
                cid,
                name,
                f"{slugify(name)[:160]}-{cid}",
                kinds[i],
                f"A place for people working on {topic.lower()} to share what works, learn from what "
                f"does not, and improve care together across {rng.choice(PLACES)} and beyond.",
                f"How can we improve {topic.lower()} for the people we serve?" if rng.random() < 0.3 else "",
                privacy[i],
                lifecycle[i],
                "We achieved what we set out to do; thank you all." if closed else "",
                clock.format(rng.randrange(created, clock.end)) if closed else None,
                clock.format(created),
                clock.format(rng.randrange(created, clock.end + 1)),
                None,  # created_by is filled in from the first convenor below
                "{}",  # role_counts are counted once the memberships are loaded
            )

    COMMUNITY_COLUMNS = (
        "id", "name", "slug", "kind", "purpose", "learning_question", "privacy", "lifecycle", "closing_note",
        "closed_at", "created_at", "updated_at", "created_by_id", "role_counts",
    )  # fmt: skip

    def memberships(self) -> Iterator[tuple[Any, ...]]:
        rng, clock = self.rng, self.clock
        people = range(1, self.plan.people + 1)
        cum = _cum(self.person_weights)
        row_id = 0
        for cid in range(1, self.plan.communities + 1):
            size = self.sizes[cid]
            chosen: dict[int, None] = {}
            while len(chosen) < size:
                chosen.update(dict.fromkeys(rng.choices(people, cum_weights=cum, k=size - len(chosen) + 8)))
            picked = list(chosen)[:size]
            created = self.community_created[cid]
            restricted = self.community_privacy[cid] == "restricted"
            n_convenors = 1 if size < 30 else 2 if size < 300 else 3
            spells: list[tuple[int, int]] = []
            for index, pid in enumerate(picked):
                row_id += 1
                spells.append((row_id, pid))
                if index < n_convenors:
                    role, status = Role.CONVENOR, MembershipStatus.ACTIVE
                else:
                    draw = rng.random()
                    role = (
                        Role.CORE_MEMBER
                        if draw < 0.05
                        else Role.LAY_PARTNER
                        if draw < 0.09
                        else Role.GUEST
                        if draw < 0.11
                        else Role.SPONSOR
                        if draw < 0.12
                        else Role.MEMBER
                    )
                    draw = rng.random()
                    status = (
                        MembershipStatus.LEFT
                        if draw < 0.10
                        else MembershipStatus.REMOVED
                        if draw < 0.115
                        else MembershipStatus.REQUESTED
                        if restricted and draw < 0.15
                        else MembershipStatus.DECLINED
                        if restricted and draw < 0.16
                        else MembershipStatus.ACTIVE
                    )
                start = created if index < n_convenors else rng.randrange(created, clock.end)
                requested = status in (MembershipStatus.REQUESTED, MembershipStatus.DECLINED)
                ended = status in (MembershipStatus.LEFT, MembershipStatus.REMOVED)
                yield (
                    row_id,
                    role,
                    status,
                    "I would like to learn from this group." if requested and rng.random() < 0.5 else "",
                    clock.format(start) if requested or restricted else None,
                    None if requested else clock.format(start),
                    clock.format(rng.randrange(start, clock.end + 1)) if ended else None,
                    rng.choice(LEFT_REASONS) if ended else "",
                    cid,
                    pid,
                )
            self.members.append(spells)
            self.convenors.append(picked[0])

    MEMBERSHIP_COLUMNS = (
        "id", "role", "status", "request_message", "requested_at", "joined_at", "left_at", "left_reason",
        "community_id", "person_id",
    )  # fmt: skip

    # Activity -----------------------------------------------------------------------------

    def activity(self) -> Iterator[tuple[Any, ...]]:
        """Yield activity in time order (ids grow with time, as an append-only stream does)."""
        rng, clock = self.rng, self.clock
        total = self.plan.activity
        slices = 250
        # The platform grows: later slices hold more activity than early ones.
        slice_weights = [(k + 25) for k in range(slices)]
        slice_total = sum(slice_weights)
        counts = [round(total * w / slice_total) for w in slice_weights]
        counts[-1] += total - sum(counts)
        order = sorted(range(1, self.plan.communities + 1), key=lambda c: self.community_created[c])
        created_sorted = [self.community_created[c] for c in order]
        community_cum = _cum(max(1, self.sizes[c]) for c in order)
        verbs = _picker(COMMUNITY_VERBS, rng)
        target_kind = {verb: kind for verb, _, kind in COMMUNITY_VERBS}
        person_verbs = _picker(PERSON_VERBS, rng)
        people = range(1, self.plan.people + 1)
        person_cum = _cum(self.person_weights)
        width = (clock.end - clock.start) // slices
        row_id = 0
        for k, n in enumerate(counts):
            lo = clock.start + k * width
            hi = clock.end if k == slices - 1 else lo + width
            existing = bisect.bisect_right(created_sorted, hi) or 1
            span = hi - lo
            random_ = rng.random
            times = sorted(lo + int(span * random_()) for _ in range(n))
            n_person = n // 10
            chosen = rng.choices(order[:existing], cum_weights=community_cum[:existing], k=n - n_person)
            kinds = verbs(n - n_person)
            actors = rng.choices(people, cum_weights=person_cum, k=n_person)
            pverbs = person_verbs(n_person)
            person_slots = set(rng.sample(range(n), n_person))
            ci = pi = 0
            for slot, t in enumerate(times):
                row_id += 1
                when = clock.format(t)
                if slot in person_slots:
                    actor = actors[pi]
                    verb = pverbs[pi]
                    pi += 1
                    yield (row_id, verb, "person", actor, self.names[actor], when, "{}", actor, None)
                    continue
                cid = chosen[ci]
                verb = kinds[ci]
                ci += 1
                membership_id, actor = rng.choice(self.members[cid])
                if target_kind[verb] == "community":
                    target_type, target_id, label = "community", cid, self.community_names[cid]
                else:
                    target_type, target_id = "membership", membership_id
                    label = f"{self.names[actor]} in {self.community_names[cid]}"
                yield (row_id, verb, target_type, target_id, label[:300], when, "{}", actor, cid)

    ACTIVITY_COLUMNS = (
        "id", "verb", "target_type", "target_id", "target_label", "created_at", "data", "actor_id", "community_id",
    )  # fmt: skip


LOADED_MODELS: list[type[Any]] = [
    Person,
    ExpertiseTag,
    Person.expertise.through,
    Organisation,
    Affiliation,
    Community,
    Membership,
    Activity,
]


def _table(model: type[Any]) -> str:
    return str(model._meta.db_table)


def _ensure_empty() -> None:
    for model in (Person, Organisation, Community, Activity, ExpertiseTag):
        if model.objects.exists():
            raise ValueError(
                f"The database already holds {model._meta.verbose_name_plural}: seed_scale loads into a freshly "
                "migrated, empty database."
            )


def _set_community_creators(convenors: list[int]) -> None:
    """Record each community's first convenor as the person who started it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE communities_community c SET created_by_id = v.person "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS v(community, person) WHERE c.id = v.community",
                [list(range(1, len(convenors))), convenors[1:]],
            )
        else:
            cursor.executemany(
                "UPDATE communities_community SET created_by_id = %s WHERE id = %s",
                [(person, cid) for cid, person in enumerate(convenors) if cid],
            )


def _bench_persona(generator: _Generator) -> int:
    """Create the person the benchmark signs in as, through the ordinary action.

    They are a verified nurse with an affiliation, some expertise, and memberships of the
    largest community, of each privacy tier, and the convenor of one small community.
    """
    person = people_actions.create_person(
        email=BENCH_EMAIL,
        display_name=BENCH_NAME,
        verified=True,
        profession="nurse",
        region="london",
        bio="Lead nurse; here to learn from other networks.",
    )
    person.set_password(BENCH_PASSWORD)
    person.save(update_fields=["password"])
    people_actions.add_affiliation(
        person, by=person, organisation=Organisation.objects.get(pk=1), role_title="Lead nurse"
    )
    people_actions.set_expertise(person, by=person, names=TOPICS[:3])
    sizes = generator.sizes
    by_size = sorted(range(1, len(sizes)), key=lambda c: -sizes[c])
    wanted: dict[int, str] = {by_size[0]: Role.MEMBER}
    for tier in ("open", "restricted", "private", "confidential"):
        for cid in by_size[1:]:
            if generator.community_privacy[cid] == tier and cid not in wanted:
                wanted[cid] = Role.MEMBER
                break
    smallest = [c for c in reversed(by_size) if c not in wanted]
    if smallest:
        wanted[smallest[0]] = Role.CONVENOR
    # Written directly, like the rest of the dataset: private tiers admit people only by invitation.
    Membership.objects.bulk_create(
        Membership(
            community_id=cid,
            person=person,
            role=role,
            status=MembershipStatus.ACTIVE,
            joined_at=datetime.datetime.fromtimestamp(generator.clock.end - 86400 * 200, tz=datetime.UTC),
        )
        for cid, role in wanted.items()
    )
    return person.pk


def seed_scale(people: int, *, seed: int = 2024, log: Callable[[str], None] = print) -> Report:
    """Load a synthetic national-scale dataset for ``people`` people into an empty database."""
    if people < 10:
        raise ValueError("Ask for at least 10 people.")
    _ensure_empty()
    plan = Plan.for_people(people)
    postgres = connection.vendor == "postgresql"
    clock = _Clock(datetime.datetime.now(tz=datetime.UTC), "+00" if postgres else "")
    generator = _Generator(plan, seed, clock)
    # COPY FREEZE writes rows already frozen (no vacuum pass needed afterwards) but needs the
    # tables emptied in the same transaction, so only when this function owns the transaction
    # (not inside a test's).
    freeze = postgres and not connection.in_atomic_block
    sink = _Sink(freeze=freeze)
    report = Report()
    started = time.monotonic()
    log(
        f"Seeding {plan.people:,} people, {plan.organisations:,} organisations, {plan.communities:,} "
        f"communities, about {plan.memberships:,} memberships and {plan.activity:,} activity rows "
        f"({connection.vendor})."
    )

    def stage(name: str, model: type[Any], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        t0 = time.monotonic()
        report.counts[name] = sink.load(_table(model), columns, rows)
        report.seconds[name] = time.monotonic() - t0
        log(f"  {name}: {report.counts[name]:,} rows in {report.seconds[name]:.1f}s")

    with transaction.atomic():
        load_mode = _PostgresLoadMode([_table(m) for m in LOADED_MODELS]) if postgres else None
        if load_mode is not None:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                if freeze:
                    # The tables are empty already (checked above); truncating them here is
                    # what lets COPY FREEZE run.
                    tables = ", ".join(connection.ops.quote_name(_table(m)) for m in LOADED_MODELS)
                    cursor.execute(f"TRUNCATE {tables} CASCADE")
            load_mode.drop()
        stage("people", Person, generator.PEOPLE_COLUMNS, generator.people())
        stage("expertise tags", ExpertiseTag, ("id", "name", "slug"), generator.expertise_tags())
        stage(
            "expertise of people",
            Person.expertise.through,
            ("id", "person_id", "expertisetag_id"),
            generator.person_expertise(),
        )
        stage(
            "organisations",
            Organisation,
            ("id", "name", "kind", "region", "ods_code", "created_at"),
            generator.organisations(),
        )
        stage(
            "affiliations",
            Affiliation,
            ("id", "role_title", "start_date", "end_date", "person_id", "organisation_id"),
            generator.affiliations(),
        )
        stage("communities", Community, generator.COMMUNITY_COLUMNS, generator.communities())
        stage("memberships", Membership, generator.MEMBERSHIP_COLUMNS, generator.memberships())
        stage("activity", Activity, generator.ACTIVITY_COLUMNS, generator.activity())
        t0 = time.monotonic()
        _set_community_creators(generator.convenors)
        Community.objects.refresh_role_counts()
        if load_mode is not None:
            load_mode.rebuild()
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), LOADED_MODELS):
                cursor.execute(statement)
        report.seconds["indexes and constraints"] = time.monotonic() - t0
        log(f"  indexes, foreign keys and sequences in {report.seconds['indexes and constraints']:.1f}s")
        report.bench_person_id = _bench_persona(generator)
    if postgres:
        t0 = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        report.seconds["analyze"] = time.monotonic() - t0
        log(f"  ANALYZE in {report.seconds['analyze']:.1f}s")
    report.seconds["total"] = time.monotonic() - started
    log(f"Done in {report.seconds['total']:.1f}s. Benchmark sign-in: {BENCH_EMAIL} / {BENCH_PASSWORD}")
    return report
