"""Load the demo's conversations: lively and quiet communities, a few hundred threads over two
years, unanswered questions, moderation in progress, and digests ready to send.

The writing is in ``conversation_texts``. The lively communities (the national leads' network,
the GP community, the nurse specialists, the improvement collaborative, the prison network,
the lay partners' panel) get written conversations, many more started from short openers, and
regular threads (weekly round-ups, monthly data packs, journal clubs); the quiet ones a few
threads, the dormant ones only old ones. About a quarter of the questions have no reply yet.

In the national network a reply that named a patient has been hidden with a reason, and two
reports wait in the convenor's queue, a safeguarding one first. Members' digests were last sent
eight days ago and most have not been back since, so ``send_digests`` has something to send.
The demo logins have unread notifications.

Rows are written with ``bulk_create``, back-dated, with the activity-stream entries the actions
would have recorded (the sanctioned seed exception, see ``groundswell.demo.network``). Posts are
rendered and sanitised exactly as the actions render them, mentions included. Deterministic.
"""

from __future__ import annotations

import calendar
import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from groundswell.chronicle.models import Activity, Notification
from groundswell.communities.models import Community, Membership, Role
from groundswell.conversations import markdown
from groundswell.conversations.models import (
    DigestFrequency,
    Guidelines,
    Post,
    PostState,
    Reader,
    Report,
    ReportReason,
    Thread,
    ThreadKind,
    Watch,
    WatchLevel,
)
from groundswell.demo import conversation_texts as texts
from groundswell.demo.personas import PERSONAS
from groundswell.demo.plan import SEED
from groundswell.people.models import Person

LIVELY = (texts.LEADS, texts.GP, texts.NURSES, texts.IMPROVE, texts.PRISON, texts.PANEL)
DORMANT = (texts.AON, texts.PHARM)
# How readily each role starts and joins conversations.
ROLE_WEIGHTS: dict[str, float] = {
    Role.CONVENOR: 4.0,
    Role.CORE_MEMBER: 3.0,
    Role.LAY_PARTNER: 1.5,
    Role.MEMBER: 1.0,
    Role.SPONSOR: 0.7,
    Role.GUEST: 0.3,
}
JOURNAL_TOPICS = (
    "nurse-led follow-up after breast cancer",
    "telephone triage in acute oncology",
    "financial toxicity in cancer care",
    "patient-reported outcomes during immunotherapy",
    "specialist nurse caseload and patient experience",
    "exercise during chemotherapy",
    "holistic needs assessment: a realist review",
    "survivorship care plans in primary care",
    "fear of recurrence interventions",
    "early palliative care referral",
    "psychological distress screening tools",
    "carers' unmet needs",
)
PLACES = ("Millbrook", "Harbourside", "Northshire", "Riverside", "Castleton", "Westfield", "Ashby", "Kingsmere")


@dataclass
class PlannedPost:
    author: Person
    body: str
    at: datetime.datetime
    reply_to: int | None = None  # index of the post replied to (0 is the opening)
    state: str = PostState.VISIBLE
    reason: str = ""


@dataclass
class PlannedThread:
    community: Community
    kind: str
    title: str
    posts: list[PlannedPost] = field(default_factory=list)
    accepted: int | None = None  # index into posts
    row: Thread | None = None
    rows: list[Post] = field(default_factory=list)


class Loader:
    def __init__(self, now: datetime.datetime | None = None, seed: int = SEED) -> None:
        self.now = now or timezone.now()
        self.rng = random.Random(seed + 5)
        self.communities = {c.slug: c for c in Community.objects.all()}
        self.members: dict[str, list[tuple[Person, str]]] = {}
        for membership in Membership.objects.active().select_related("person", "community").order_by("person_id"):
            self.members.setdefault(membership.community.slug, []).append((membership.person, membership.role))
        self.personas = {p.key: Person.objects.get(email=p.email) for p in PERSONAS}
        self.threads: list[PlannedThread] = []

    # -- choosing people and moments ------------------------------------------------------

    def ago(self, days: float, hour: int | None = None) -> datetime.datetime:
        hour = self.rng.randint(8, 19) if hour is None else hour
        day = self.now - datetime.timedelta(days=days)
        moment = day.replace(hour=hour, minute=self.rng.randrange(60), second=0, microsecond=0)
        return min(moment, self.now - datetime.timedelta(minutes=30))

    def someone(self, slug: str, *, besides: tuple[Person, ...] = ()) -> Person:
        people = [(p, role) for p, role in self.members.get(slug, []) if p not in besides]
        if not people:
            people = self.members[slug]
        weights = [ROLE_WEIGHTS.get(role, 1.0) for _, role in people]
        return self.rng.choices([p for p, _ in people], weights=weights)[0]

    def persona_or_someone(self, key: str, slug: str, besides: tuple[Person, ...] = ()) -> Person:
        person = self.personas.get(key) if key else None
        if person is not None and any(p == person for p, _ in self.members.get(slug, [])):
            return person
        return self.someone(slug, besides=besides)

    def later(self, moment: datetime.datetime, hours: float) -> datetime.datetime:
        return min(moment + datetime.timedelta(hours=hours), self.now - datetime.timedelta(minutes=5))

    # -- planning -----------------------------------------------------------------------------

    def thread(
        self, slug: str, title: str, body: str, *, question: bool, at: datetime.datetime, author: Person
    ) -> PlannedThread:
        planned = PlannedThread(
            community=self.communities[slug],
            kind=ThreadKind.QUESTION if question else ThreadKind.DISCUSSION,
            title=title,
            posts=[PlannedPost(author, body, at)],
        )
        self.threads.append(planned)
        return planned

    def reply(
        self, planned: PlannedThread, author: Person, body: str, *, hours: float, reply_to: int | None = None
    ) -> None:
        previous = planned.posts[-1].at
        opening_author = planned.posts[0].author
        body = body.replace("{author}", opening_author.display_name)
        planned.posts.append(PlannedPost(author, body, self.later(previous, hours), reply_to))

    def scripts(self) -> None:
        for script in texts.SCRIPTS:
            if script.community not in self.communities:
                continue
            author = self.persona_or_someone(script.author, script.community)
            planned = self.thread(
                script.community, script.title, script.body, question=script.question,
                at=self.ago(script.days_ago), author=author,
            )  # fmt: skip
            for n, body in enumerate(script.replies):
                key = script.reply_authors[n] if n < len(script.reply_authors) else ""
                replier = self.persona_or_someone(key, script.community, besides=(author,))
                self.reply(planned, replier, body, hours=self.rng.uniform(0.5, 30))
            if script.accepted is not None and script.accepted < len(script.replies):
                planned.accepted = script.accepted + 1

    def starters(self) -> None:
        for slug, starters in texts.STARTERS.items():
            if slug not in self.communities:
                continue
            lively = slug in LIVELY
            for title, body, question in starters:
                if slug in DORMANT:
                    days = self.rng.uniform(160, 700)
                elif lively:
                    # More recent activity than old: people keep joining in.
                    days = 1 + 500 * self.rng.random() ** 1.6
                else:
                    days = self.rng.uniform(5, 400)
                self.discussion(slug, title, body, question=question, days=days, busy=lively)

    def discussion(self, slug: str, title: str, body: str, *, question: bool, days: float, busy: bool) -> None:
        author = self.someone(slug)
        planned = self.thread(slug, title, body, question=question, at=self.ago(days), author=author)
        # A quarter of questions wait for a reply (more of the recent ones).
        if question and self.rng.random() < (0.45 if days < 10 else 0.2):
            return
        count = self.rng.choice((1, 2, 3, 3, 4, 5, 6, 8)) if busy else self.rng.choice((0, 1, 1, 2))
        replies = self.rng.sample(texts.REPLIES, min(count, len(texts.REPLIES)))
        for body_text in replies:
            replier = self.someone(slug, besides=(planned.posts[-1].author,))
            reply_to = self.rng.randrange(len(planned.posts)) if self.rng.random() < 0.3 else None
            self.reply(planned, replier, body_text, hours=self.rng.uniform(0.3, 48), reply_to=reply_to)
        if question and len(planned.posts) > 1 and self.rng.random() < 0.4:
            planned.accepted = self.rng.randrange(1, len(planned.posts))

    def regulars(self) -> None:
        """Threads that come round on a cadence, as they do in real communities."""
        if texts.GP in self.communities:
            for week in range(1, 41):
                monday = self.now - datetime.timedelta(days=7 * week)
                self.discussion(
                    texts.GP,
                    f"Weekly round-up: week of {monday:%-d %B %Y}",
                    "A small thing that worked this week, a useful resource, a good conversation. Share one.",
                    question=False,
                    days=7 * week,
                    busy=True,
                )
        for slug, title, body, count, every in (
            (texts.LEADS, "Data pack for {month}", "This month's data pack is in the shared folder. "
             "Questions and corrections here, please.", 12, 30),
            (texts.PRISON, "Monthly huddle: {month}", "Agenda for this month's call is below; add anything "
             "you want to raise, especially transfers and releases that went wrong.", 10, 30),
            (texts.IMPROVE, "Measurement clinic: {month}", "Bring a chart you are not sure about. Sign up "
             "for a slot here.", 10, 35),
            (texts.PANEL, "Reading pack for {month}", "The reading pack is ready, with a one-page summary "
             "at the top of each document. Ask for large print or audio.", 8, 45),
        ):  # fmt: skip
            if slug not in self.communities:
                continue
            for n in range(1, count + 1):
                when = self.now - datetime.timedelta(days=every * n)
                month = f"{calendar.month_name[when.month]} {when.year}"
                self.discussion(slug, title.format(month=month), body, question=False, days=every * n, busy=True)
        if texts.NURSES in self.communities:
            for n, topic in enumerate(JOURNAL_TOPICS):
                self.discussion(
                    texts.NURSES,
                    f"Journal club: {topic}",
                    f"This month's paper is on {topic}. Thoughts before Thursday's call?",
                    question=False,
                    days=28 * (n + 1),
                    busy=True,
                )
        if texts.IMPROVE in self.communities:
            for n, place in enumerate(PLACES * 2):
                self.discussion(
                    texts.IMPROVE,
                    f"Project update from {place}{' (part 2)' if n >= len(PLACES) else ''}",
                    f"Where the {place} team has got to, what we measured and what we will test next.",
                    question=False,
                    days=20 * (n + 1) + self.rng.uniform(0, 10),
                    busy=True,
                )

    def moderation_examples(self) -> None:
        """A hidden reply that named a patient, and two reports waiting, a safeguarding one first."""
        slug = texts.LEADS
        if slug not in self.communities:
            return
        feedback = next(t for t in self.threads if t.title.startswith("What happens to our feedback"))
        self.reply(feedback, self.someone(slug, besides=(feedback.posts[0].author,)), texts.HIDDEN_REPLY, hours=3)
        feedback.posts[-1].state = PostState.HIDDEN
        feedback.posts[-1].reason = texts.HIDDEN_REASON
        worry = next(t for t in self.threads if t.title.startswith("A hard winter"))
        self.reply(
            worry,
            self.someone(slug, besides=(worry.posts[0].author,)),
            "Honestly, I am not sure I can keep going with this job. Some days I do not see the point of anything.",
            hours=5,
        )

    # -- writing ------------------------------------------------------------------------------

    def mentionable(self, slug: str) -> dict[str, markdown.Mentioned]:
        return {
            person.display_name.casefold(): markdown.Mentioned(
                person.pk, person.display_name, person.get_absolute_url()
            )
            for person, _ in self.members.get(slug, [])
        }

    def write(self) -> None:
        self.threads.sort(key=lambda t: t.posts[0].at)
        thread_rows = []
        for planned in self.threads:
            opening, replies = planned.posts[0], planned.posts[1:]
            visible = [p for p in replies if p.state == PostState.VISIBLE]
            first = next((p.at for p in replies if p.author != opening.author), None)
            planned.row = Thread(
                community=planned.community,
                kind=planned.kind,
                title=planned.title,
                author=opening.author,
                created_at=opening.at,
                last_posted_at=max(p.at for p in [opening, *visible]),
                reply_count=len(visible),
                first_response_at=first,
            )
            thread_rows.append(planned.row)
        Thread.objects.bulk_create(thread_rows, batch_size=500)
        post_rows: list[Post] = []
        mentions: list[tuple[int, list[int]]] = []
        people = {slug: self.mentionable(slug) for slug in self.members}
        for planned in self.threads:
            for n, post in enumerate(planned.posts):
                rendered = markdown.render(post.body, people.get(planned.community.slug, {}))
                row = Post(
                    thread=planned.row,
                    community=planned.community,
                    author=post.author,
                    is_opening=n == 0,
                    title=planned.title if n == 0 else "",
                    body=post.body,
                    body_html=rendered.html,
                    state=post.state,
                    moderation_reason=post.reason,
                    moderated_by=self.convenor(planned.community) if post.state != PostState.VISIBLE else None,
                    moderated_at=self.later(post.at, 2) if post.state != PostState.VISIBLE else None,
                    created_at=post.at,
                )
                planned.rows.append(row)
                post_rows.append(row)
                mentions.append((len(post_rows) - 1, [m.person_id for m in rendered.mentioned]))
        Post.objects.bulk_create(post_rows, batch_size=500)
        for planned in self.threads:
            for n, post in enumerate(planned.posts):
                if post.reply_to is not None:
                    planned.rows[n].reply_to = planned.rows[post.reply_to]
        Post.objects.bulk_update([p for p in post_rows if p.reply_to is not None], ["reply_to"], batch_size=500)
        through = Post.mentions.through
        through.objects.bulk_create(
            [through(post_id=post_rows[i].pk, person_id=pid) for i, pids in mentions for pid in pids], batch_size=500
        )
        accepted = []
        for planned in self.threads:
            if planned.accepted is not None and planned.row is not None:
                planned.row.accepted_answer = planned.rows[planned.accepted]
                accepted.append(planned.row)
        Thread.objects.bulk_update(accepted, ["accepted_answer"])
        self.activity()

    def convenor(self, community: Community) -> Person:
        convenors = [p for p, role in self.members[community.slug] if role == Role.CONVENOR]
        return self.personas["convenor"] if self.personas["convenor"] in convenors else convenors[0]

    def activity(self) -> None:
        rows = []
        for planned in self.threads:
            for n, post in enumerate(planned.rows):
                target: Thread | Post | None
                if n == 0:
                    verb = "asked_question" if planned.kind == ThreadKind.QUESTION else "started_thread"
                    target, label, target_type = planned.row, planned.title, "thread"
                else:
                    verb, target, label, target_type = "replied", post, str(post), "post"
                assert target is not None
                rows.append(
                    Activity(
                        actor=post.author,
                        verb=verb,
                        target_type=target_type,
                        target_id=target.pk,
                        target_label=label[:300],
                        community=planned.community,
                        created_at=post.created_at,
                        data={"thread": planned.row.pk} if n and planned.row else {},
                    )
                )
                if post.state != PostState.VISIBLE and post.moderated_at is not None:
                    rows.append(
                        Activity(
                            actor=post.moderated_by,
                            verb="hid_post",
                            target_type="post",
                            target_id=post.pk,
                            target_label=str(post),
                            community=planned.community,
                            created_at=post.moderated_at,
                        )
                    )
            if planned.accepted is not None and planned.row is not None:
                rows.append(
                    Activity(
                        actor=planned.row.author,
                        verb="accepted_answer",
                        target_type="thread",
                        target_id=planned.row.pk,
                        target_label=planned.title[:300],
                        community=planned.community,
                        created_at=self.later(planned.rows[planned.accepted].created_at, 6),
                        data={"post": planned.rows[planned.accepted].pk},
                    )
                )
        rows.sort(key=lambda row: row.created_at)
        Activity.objects.bulk_create(rows, batch_size=1000)

    def safety(self) -> None:
        """Guidelines, reports waiting in the queue and the report that was acted on."""
        for slug, body in texts.GUIDELINES.items():
            if slug in self.communities:
                community = self.communities[slug]
                Guidelines.objects.create(
                    community=community,
                    body=body,
                    body_html=markdown.render(body).html,
                    updated_by=self.convenor(community),
                    updated_at=self.ago(200),
                )
        if texts.LEADS not in self.communities:
            return
        leads = self.communities[texts.LEADS]
        convenor = self.personas["convenor"]
        by_title = {t.title: t for t in self.threads}
        worry = next(t for title, t in by_title.items() if title.startswith("A hard winter"))
        feedback = next(t for title, t in by_title.items() if title.startswith("What happens to our feedback"))
        spam_target = next(t for t in self.threads if t.community == leads and len(t.rows) > 2 and t is not worry)
        reports = [
            Report(
                post=worry.rows[-1],
                community=leads,
                reporter=worry.posts[0].author,
                reason=ReportReason.UNSAFE,
                details="This worried me. Could someone check in with them today?",
                created_at=self.later(worry.rows[-1].created_at, 1),
            ),
            Report(
                post=spam_target.rows[-1],
                community=leads,
                reporter=self.someone(texts.LEADS, besides=(spam_target.posts[-1].author,)),
                reason=ReportReason.OTHER,
                details="I think this was meant for another thread.",
                created_at=self.ago(1),
            ),
            Report(
                post=feedback.rows[-1],
                community=leads,
                reporter=self.someone(texts.LEADS, besides=(feedback.posts[-1].author,)),
                reason=ReportReason.PERSONAL_INFORMATION,
                details="It names a patient.",
                status="actioned",
                created_at=self.later(feedback.rows[-1].created_at, 1),
                resolved_by=convenor,
                resolved_at=feedback.rows[-1].moderated_at,
                resolution_note=texts.HIDDEN_REASON,
            ),
        ]
        Report.objects.bulk_create(reports)
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient=convenor,
                    actor=report.reporter,
                    verb="reported_post",
                    text=f"{'Safeguarding: ' if report.reason == ReportReason.UNSAFE else ''}a post in "
                    f"“{report.post.thread.title}” was reported ({ReportReason(report.reason).label.lower()})",
                    url=f"/communities/{leads.slug}/conversations/moderation/",
                    created_at=report.created_at,
                )
                for report in reports
                if report.status == "open"
            ]
        )

    def readers(self) -> None:
        """Everyone's reading record: most had a digest eight days ago and have not been back."""
        people = sorted({p for members in self.members.values() for p, _ in members}, key=lambda p: p.pk)
        rows = []
        for person in people:
            draw = self.rng.random()
            frequency = (
                DigestFrequency.NEVER
                if draw < 0.05
                else DigestFrequency.DAILY
                if draw < 0.2
                else DigestFrequency.WEEKLY
            )
            last_digest = self.now - datetime.timedelta(days=1.2 if frequency == DigestFrequency.DAILY else 8)
            back_recently = self.rng.random() < 0.3
            last_seen = (
                self.now - datetime.timedelta(hours=self.rng.uniform(1, 20))
                if back_recently
                else last_digest - datetime.timedelta(days=self.rng.uniform(0.5, 30))
            )
            rows.append(
                Reader(
                    person=person,
                    digest_frequency=frequency,
                    last_seen_at=last_seen,
                    last_digest_at=last_digest,
                    unsubscribed_at=last_digest if frequency == DigestFrequency.NEVER else None,
                    updated_at=last_digest,
                )
            )
        Reader.objects.bulk_create(rows, batch_size=1000)
        watches = []
        for slug in LIVELY:
            if slug not in self.communities:
                continue
            community = self.communities[slug]
            keen = [p for p, role in self.members[slug] if role in (Role.CONVENOR, Role.CORE_MEMBER)]
            for person in keen[:6]:
                watches.append(Watch(person=person, community=community, level=WatchLevel.ALL))
        Watch.objects.bulk_create(watches, ignore_conflicts=True)

    def persona_notifications(self) -> None:
        """Replies and mentions the demo logins have not read yet."""
        rows = []
        for planned in self.threads:
            author = planned.posts[0].author
            key = next((k for k, person in self.personas.items() if person == author), None)
            if key is None:
                continue
            for post, row in zip(planned.posts[1:], planned.rows[1:], strict=True):
                if post.author == author or post.state != PostState.VISIBLE:
                    continue
                recent = self.now - post.at < datetime.timedelta(days=21)
                rows.append(
                    Notification(
                        recipient=author,
                        actor=post.author,
                        verb="replied_to_you",
                        text=f"{post.author.display_name} replied to you in “{planned.title}”",
                        url=row.get_absolute_url(),
                        created_at=post.at,
                        read_at=None if recent else self.later(post.at, 4),
                    )
                )
        Notification.objects.bulk_create(rows, batch_size=500)

    def load(self) -> None:
        self.scripts()
        self.starters()
        self.regulars()
        self.moderation_examples()
        self.write()
        self.safety()
        self.readers()
        self.persona_notifications()


def seed(now: datetime.datetime | None = None) -> int:
    """Write the demo's conversations (inside the seed's transaction, after the network); return
    how many threads were written."""
    loader = Loader(now)
    loader.load()
    return len(loader.threads)
