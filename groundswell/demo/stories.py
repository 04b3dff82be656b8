"""Load the demo's stories: a dozen, from lay partners and professionals, with different consents.

Among them: stories kept within a community, shared across Groundswell, given for sponsors'
reports and shared in public; told under a name, a pseudonym or anonymously; one recorded by a
convenor for someone who took part by phone; one whose consent has ended; one withdrawn by its
teller; and one waiting for the identifiability check (a small place and a condition), so the
check page has something to show.

Rows are written with ``bulk_create`` and back-dated, together with the consent history and the
activity-stream entries the actions would have recorded: the sanctioned seed exception described
in ``groundswell.demo.network``. The identifiability check runs as the actions run it, so a story
is marked checked only where the check finds nothing or someone is recorded as having looked.
"""

from __future__ import annotations

import datetime
import random
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community, Membership, Role
from groundswell.demo.personas import PERSONAS
from groundswell.people.models import Person
from groundswell.stories import checking
from groundswell.stories.models import USE_FIELDS, ConsentRecord, Genre, Naming, Story, Use, with_implied


@dataclass(frozen=True)
class Consent:
    """One decision, ``ago`` days before today."""

    ago: int
    uses: tuple[str, ...]
    naming: str = Naming.NAMED
    pseudonym: str = ""
    expires_in: int | None = None  # days from today; negative: already ended
    withdrawn: bool = False
    reason: str = ""
    how_given: str = ""


@dataclass(frozen=True)
class Planned:
    community: str
    teller: str  # a persona key, a member's display name, or "" for someone without an account
    genre: str
    title: str
    what_happened: str
    what_changed: str
    why_it_matters: str
    consents: tuple[Consent, ...]
    period: str = ""
    place: str = ""
    teller_name: str = ""
    recorded_by_convenor: bool = False
    # Left for someone to check (the demo's example of a story waiting for the check).
    leave_unchecked: bool = False
    role: str = Role.LAY_PARTNER  # who to fall back on if the named member is not there


GP = "gp-cancer-community"
PANEL = "cancer-lay-partners-panel"
CARERS = "carers-in-cancer-care-network"
LEADS = "national-cancer-leads-network"
PRISON = "prison-health-network"
RESEARCH = "living-with-and-beyond-cancer-research-forum"

STORIES = (
    Planned(
        GP,
        "lay",
        Genre.VALUE_CREATION,
        "The letter that finally made sense",
        "When my husband was referred urgently, the letter from the practice used the word 'cancer' once, in"
        " the last paragraph, after two paragraphs about appointment times. We read it at the kitchen table"
        " and neither of us slept.\n\nAt a community meeting I said so, expecting polite nods. Instead three"
        " GPs asked if I would rewrite it with them.",
        "We wrote the letter again together over two evenings. It now says in the first line why you are"
        " being referred, that most people referred do not have cancer, and who to ring if the appointment"
        " does not come. Eleven practices in the community use it now.",
        "The people who write letters are rarely the people who open them. Sitting on the same side of the"
        " table changed the letter, and it changed how I think about being a carer in these rooms.",
        (Consent(220, (Use.COMMUNITY,)), Consent(130, (Use.PUBLIC, Use.SPONSOR_REPORTS))),
        period="Spring to summer last year",
        place="GP practices across the North West",
    ),
    Planned(
        PANEL,
        "lay",
        Genre.MOMENT,
        "Waiting-room chairs",
        "The chemotherapy day unit has one chair next to each recliner. I spent six months on that chair. I"
        " mentioned it at the panel almost as a joke.",
        "The unit manager came to the next meeting and asked what we would change. There are now folding"
        " chairs for a second person and a sign saying you are welcome to ask for one.",
        "Small things tell you whether you are expected. Carers are usually not.",
        (Consent(95, (Use.COMMUNITY,), naming=Naming.PSEUDONYMOUS, pseudonym="Robin"),),
        period="Last winter",
    ),
    Planned(
        GP,
        "core",
        Genre.MOST_SIGNIFICANT_CHANGE,
        "Safety-netting after a normal test",
        "I used to tell people 'the test was normal, so that's good news' and leave it there. A patient came"
        " back four months later with the same symptoms, worse, because she thought normal meant nothing to"
        " worry about.\n\nIn the community someone shared the safety-netting wording their practice had agreed"
        " with patients. I took it to our practice meeting the next week.",
        "Every normal result for a suspected cancer referral now comes with a plain sentence about what to do"
        " if symptoms carry on, and a follow-up task on the record. Our reception team helped write the"
        " wording for the text message.",
        "It is the change I would point to if someone asked what the community has done for my patients. It"
        " cost nothing but an afternoon.",
        (Consent(160, (Use.GROUNDSWELL, Use.SPONSOR_REPORTS)),),
        period="Two years ago",
        role=Role.CORE_MEMBER,
    ),
    Planned(
        LEADS,
        "convenor",
        Genre.VALUE_CREATION,
        "When the network answered in a week",
        "The national team asked what would get in the way of the new faster diagnosis guidance. In the past"
        " that question went out by email and came back in fragments over two months.",
        "We put it on the agenda of the next leads' day. Thirty-four local networks answered in one"
        " afternoon, with examples, and the team had a written summary within a week. Two changes to the"
        " guidance came straight from the tables.",
        "It showed the team that asking the network is quicker than guessing, and it showed the leads that"
        " their experience shapes what lands on their desks.",
        (Consent(70, (Use.SPONSOR_REPORTS,)),),
        period="This year",
        role=Role.CONVENOR,
    ),
    Planned(
        CARERS,
        "Hugh Allen",
        Genre.MOMENT,
        "Nobody asked how I was",
        "For eleven months I went to every appointment with my wife. Dozens of professionals, all kind. Not"
        " one asked how I was doing until a volunteer at the hospice did, in a corridor, and I had to sit"
        " down.",
        "I joined this network because of that corridor. We are now writing a one-page prompt for clinic"
        " staff about carers.",
        "Carers hold things together quietly. A single question can be the first time anyone has noticed.",
        (Consent(60, (Use.GROUNDSWELL,), naming=Naming.ANONYMOUS),),
    ),
    Planned(
        PANEL,
        "",
        Genre.OTHER,
        "Getting to the clinic without a car",
        "She told us by phone that she had missed two appointments because the hospital transport form asked"
        " for things she did not know, and the line was engaged all morning.",
        "The panel raised it with the trust's transport team, who now ring people back rather than leaving"
        " them on hold, and the form has been cut to one side.",
        "People who do not use the internet are easy to lose. The panel exists partly to remember them.",
        (
            Consent(
                45,
                (Use.COMMUNITY, Use.SPONSOR_REPORTS),
                naming=Naming.ANONYMOUS,
                how_given="By phone; read back to her; she asked not to be named",
            ),
        ),
        teller_name="Doreen Walsh",
        recorded_by_convenor=True,
    ),
    Planned(
        PRISON,
        "Bhavna Thakkar",
        Genre.VALUE_CREATION,
        "Medication on release day",
        "Men were leaving prison on a Friday afternoon with two days of medicines and no GP. By Monday some"
        " had run out, including people on treatment for cancer.",
        "After a network meeting the healthcare team and the probation service agreed a release checklist:"
        " fourteen days of medicines, a GP registration started before release and a named contact in the"
        " community team.",
        "Continuity of care after prison is nobody's job unless someone makes it so. The network made it somebody's.",
        (Consent(120, (Use.COMMUNITY, Use.SPONSOR_REPORTS), expires_in=180),),
        period="Over the last eighteen months",
        role=Role.MEMBER,
    ),
    Planned(
        GP,
        "Beth Mills",
        Genre.MOMENT,
        "The Monday huddle",
        "We started a ten-minute huddle on Monday mornings to go through every urgent referral from the week"
        " before. The first one took forty minutes.",
        "Within a month it took ten. We catch the referrals that bounced, and the receptionists know who to chase.",
        "Ten minutes a week is the cheapest safety net we have.",
        (Consent(400, (Use.COMMUNITY,), expires_in=-35),),
        role=Role.MEMBER,
    ),
    Planned(
        PANEL,
        "Leroy Bailey",
        Genre.VALUE_CREATION,
        "Reviewing the leaflet",
        "I was asked to review a leaflet about what happens after treatment ends. I am a bus driver. I"
        " assumed I would be out of my depth.",
        "I marked every word I had to look up. There were forty-two. The team rewrote it and asked me to read"
        " it again; this time there were three, and they explained those.",
        "I was not there as a token. My confusion was the data.",
        (Consent(85, (Use.PUBLIC,), naming=Naming.PSEUDONYMOUS, pseudonym="Heron"),),
    ),
    Planned(
        PANEL,
        "Balvinder Kaur",
        Genre.MOMENT,
        "My mother's last weeks",
        "I wrote about my mother's last weeks in the hospice and what the staff did for our family.",
        "Writing it helped me.",
        "I wanted the panel to hear it.",
        (
            Consent(50, (Use.COMMUNITY,), naming=Naming.PSEUDONYMOUS, pseudonym="Kestrel"),
            Consent(
                20,
                (),
                naming=Naming.PSEUDONYMOUS,
                pseudonym="Kestrel",
                withdrawn=True,
                reason="I'm not ready for this to be read yet",
            ),
        ),
    ),
    Planned(
        GP,
        "Catriona Ross",
        Genre.MOST_SIGNIFICANT_CHANGE,
        "Knowing who to ring",
        "Before my diagnosis I lived in Much Wenlock and was looked after by the practice there through motor"
        " neurone disease tests that turned out to be something else, and then through bowel cancer.\n\nWhat"
        " changed everything was a single named nurse whose number I could ring.",
        "The community has been talking about named contacts for people waiting for results, and I told them"
        " what it meant to me.",
        "A name and a number are worth more than any leaflet.",
        (Consent(10, (Use.GROUNDSWELL,)),),
        leave_unchecked=True,
    ),
    Planned(
        RESEARCH,
        "Amy Russell",
        Genre.MOST_SIGNIFICANT_CHANGE,
        "Research that asked us first",
        "The forum's researchers brought a study about life after treatment to us before they applied for"
        " funding. We said the questionnaire was far too long for people who are exhausted.",
        "They halved it, added a way to answer by phone, and put two of us on the steering group. The"
        " response rate was twice what they had planned for.",
        "Being asked before the decisions are made is the difference between involvement and decoration.",
        (Consent(140, (Use.COMMUNITY,)), Consent(100, (Use.PUBLIC,))),
        period="The year before last",
    ),
)


class Loader:
    def __init__(self, now: datetime.datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.personas = {p.key: Person.objects.get(email=p.email) for p in PERSONAS}
        self.communities = {c.slug: c for c in Community.objects.filter(slug__in={s.community for s in STORIES})}

    def at(self, ago: int, hour: int = 11) -> datetime.datetime:
        day = self.today - datetime.timedelta(days=ago)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def member(self, community: Community, name: str, role: str) -> Person:
        """The named member (or persona), or the first member with the role if they are not there."""
        if name in self.personas:
            return self.personas[name]
        memberships = Membership.objects.active().filter(community=community).select_related("person")
        named = memberships.filter(person__display_name=name).first()
        if named is not None:
            return named.person
        fallback = memberships.filter(role=role).order_by("person__display_name", "pk").first()
        assert fallback is not None, f"no {role} in {community}"
        return fallback.person

    def convenor(self, community: Community) -> Person:
        return self.member(community, "", Role.CONVENOR)

    def load(self) -> list[Story]:
        stories: list[Story] = []
        tellers: list[tuple[Person | None, Person]] = []
        for planned in STORIES:
            community = self.communities[planned.community]
            recorder = self.convenor(community) if planned.recorded_by_convenor else None
            teller = None if planned.teller_name else self.member(community, planned.teller, planned.role)
            created = self.at(planned.consents[0].ago, hour=10)
            story = Story(
                community=community,
                teller=teller,
                teller_name=planned.teller_name,
                recorded_by=recorder or teller,
                on_behalf=recorder is not None,
                title=planned.title,
                what_happened=planned.what_happened,
                what_changed=planned.what_changed,
                why_it_matters=planned.why_it_matters,
                genre=planned.genre,
                period=planned.period,
                place=planned.place,
                created_at=created,
                updated_at=created,
            )
            story.content_digest = story.compute_digest()
            if not planned.leave_unchecked:
                # Checked as the actions check: automatically when nothing is found, otherwise by
                # the teller (or the convenor who recorded it), who looked and kept what was there.
                found = checking.flags_for(story)
                story.checked_digest = story.content_digest
                story.checked_by = (recorder or teller) if found else None
                story.checked_at = created
            stories.append(story)
            tellers.append((teller, recorder or teller))  # type: ignore[arg-type]
        Story.objects.bulk_create(stories)

        records: list[ConsentRecord] = []
        latest: dict[int, ConsentRecord] = {}
        activities: list[Activity] = []
        for story, planned, (teller, recorder) in zip(stories, STORIES, tellers, strict=True):
            activities.append(self._activity("told_story", story, story.created_at))
            for index, consent in enumerate(planned.consents):
                when = self.at(consent.ago, hour=10 if index == 0 else 15)
                uses = with_implied(set(consent.uses))
                record = ConsentRecord(
                    story=story,
                    **{column: use in uses for use, column in USE_FIELDS.items()},
                    naming=consent.naming,
                    pseudonym=consent.pseudonym,
                    expires_on=self.today + datetime.timedelta(days=consent.expires_in)
                    if consent.expires_in is not None
                    else None,
                    withdrawn=consent.withdrawn,
                    reason=consent.reason,
                    recorded_by=recorder,
                    on_behalf=teller is None or recorder.pk != teller.pk,
                    how_given=consent.how_given,
                    recorded_at=when,
                )
                records.append(record)
                latest[story.pk] = record
                if index:
                    verb = "withdrew_story" if consent.withdrawn else "recorded_consent"
                    activities.append(self._activity(verb, story, when))
        ConsentRecord.objects.bulk_create(records)
        for story in stories:
            story.consent = latest[story.pk]
        Story.objects.bulk_update(stories, ["consent"])
        Activity.objects.bulk_create(activities)
        return stories

    def _activity(self, verb: str, story: Story, when: datetime.datetime) -> Activity:
        # As stories.actions records them: no actor, and no title in the label.
        return Activity(
            actor=None,
            verb=verb,
            target_type="story",
            target_id=story.pk,
            target_label=str(story),
            community_id=story.community_id,
            created_at=when,
        )


def seed(now: datetime.datetime | None = None) -> list[Story]:
    """Write the demo's stories (inside the seed's transaction, after the network)."""
    return Loader(now).load()


# -- national scale, for benchmarks -------------------------------------------------------

SCALE_OPENINGS = (
    "After the meeting",
    "On the ward",
    "At the practice",
    "In the clinic",
    "On the phone",
    "At home",
    "During the pilot",
    "At the network day",
    "In the prison healthcare unit",
    "At the hospice",
)
SCALE_SUBJECTS = (
    "we changed how results are given",
    "a carer was asked how they were",
    "the referral letter was rewritten",
    "the huddle caught a missed referral",
    "a patient knew who to ring",
    "the transport line rang back",
    "the leaflet lost its jargon",
    "release-day medicines were sorted",
    "the team asked patients first",
    "a named nurse made the difference",
)
SCALE_CHANGES = (
    "Fewer people fell through the gaps.",
    "Complaints went down.",
    "Staff felt able to speak up.",
    "Waiting felt less lonely.",
    "The change spread to other teams.",
    "Nothing changed at first; then it did.",
)
# Consent at scale: most stories stay in their community; a few are withdrawn or have ended.
SCALE_CONSENTS: tuple[tuple[int, tuple[str, ...], bool], ...] = (
    (55, (Use.COMMUNITY,), False),
    (18, (Use.GROUNDSWELL,), False),
    (10, (Use.SPONSOR_REPORTS,), False),
    (8, (Use.PUBLIC,), False),
    (6, (), False),
    (3, (), True),
)


def seed_scale(count: int, *, seed: int = 2024, log: Callable[[str], object] = print) -> int:
    """Write ``count`` stories (and one consent record each) for benchmarks, into a database
    that ``seed_scale`` filled. Tellers are drawn from active memberships, so large communities
    get more stories. Rows are written with explicit ids in bulk; return how many were written."""
    rng = random.Random(seed)
    communities: array[int] = array("q")
    people: array[int] = array("q")
    for community_id, person_id in (
        Membership.objects.active().values_list("community_id", "person_id").iterator(chunk_size=20_000)
    ):
        communities.append(community_id)
        people.append(person_id)
    if not communities:
        raise ValueError("no memberships: run seed_scale first")
    now = timezone.now()
    weights = [weight for weight, _, _ in SCALE_CONSENTS]
    first_story = (Story.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    first_consent = (ConsentRecord.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    started = time.monotonic()
    with transaction.atomic():
        for start in range(0, count, SCALE_BATCH):
            stories: list[Story] = []
            consents: list[ConsentRecord] = []
            for offset in range(start, min(count, start + SCALE_BATCH)):
                pick = rng.randrange(len(communities))
                created = now - datetime.timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
                story = Story(
                    pk=first_story + offset,
                    community_id=communities[pick],
                    teller_id=people[pick],
                    recorded_by_id=people[pick],
                    title=f"{rng.choice(SCALE_OPENINGS)}, {rng.choice(SCALE_SUBJECTS)}",
                    what_happened=f"{rng.choice(SCALE_OPENINGS)} {rng.choice(SCALE_SUBJECTS)}. "
                    f"{rng.choice(SCALE_CHANGES)}",
                    what_changed=rng.choice(SCALE_CHANGES),
                    genre=rng.choice(Genre.values),
                    created_at=created,
                    updated_at=created,
                )
                story.content_digest = story.compute_digest()
                # Nearly every story has been checked; a few wait for someone to look.
                story.checked_digest = story.content_digest if rng.random() < 0.95 else ""
                _, uses, withdrawn = rng.choices(SCALE_CONSENTS, weights)[0]
                implied = with_implied(set(uses))
                consents.append(
                    ConsentRecord(
                        pk=first_consent + offset,
                        story_id=story.pk,
                        **{column: use in implied for use, column in USE_FIELDS.items()},
                        naming=rng.choice(Naming.values),
                        pseudonym="Wren",
                        withdrawn=withdrawn,
                        recorded_by_id=people[pick],
                        recorded_at=created,
                    )
                )
                stories.append(story)
            Story.objects.bulk_create(stories, batch_size=SCALE_BATCH)
            ConsentRecord.objects.bulk_create(consents, batch_size=SCALE_BATCH)
            log(f"  stories: {min(count, start + SCALE_BATCH):,} of {count:,}")
        # Each story's consent has the id of the story plus a fixed offset: point at them in one
        # statement, once both tables hold their rows.
        Story.objects.filter(pk__gte=first_story, pk__lt=first_story + count).update(
            consent_id=F("id") + (first_consent - first_story)
        )
        _reset_sequences()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE stories_story; ANALYZE stories_consentrecord;")
    log(f"Loaded {count:,} stories in {time.monotonic() - started:.0f}s.")
    return count


SCALE_BATCH = 5_000


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [Story, ConsentRecord])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
