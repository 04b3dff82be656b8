"""Load the demo's gatherings: a year of Leads' days, a prison-health conference, the chief
executives' meetings under the Chatham House rule, and what the demo logins have coming up.

Every write goes through ``groundswell.gatherings.actions``. Actions stamp the present moment
and ``time_machine`` is only a development dependency, so after each action this module
moves the rows it wrote back to when they happened, with queryset ``.update()``:
``created_at``, ``registered_at``, ``responded_at``, ``attendance_recorded_at`` and the
``Activity.created_at`` of the activity-stream entries the action recorded. A few fields no
action sets (a gathering's theme, confidentiality and facilitators) are written the same way,
and so is the conference's Open Space grid, whose actions live elsewhere. This is the
sanctioned seed exception described in ``groundswell.demo.network``.

Deterministic: one seeded generator, people taken in a fixed order.
"""

from __future__ import annotations

import datetime
import io
import random
import textwrap
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ParamSpec, TypeVar

from django.db.models import F, Max, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community, Membership, Role
from groundswell.demo.names import email_part, pick_name
from groundswell.demo.personas import PERSONAS
from groundswell.demo.plan import SEED
from groundswell.gatherings import actions
from groundswell.gatherings.actions import add_months, default_roster
from groundswell.gatherings.models import (
    ActionItem,
    ActionStatus,
    Confidentiality,
    Element,
    FeedbackToCentre,
    Format,
    Gathering,
    HarvestNote,
    Invitee,
    Level,
    OpenSpaceRoom,
    OpenSpaceSession,
    OpenSpaceTime,
    Registration,
    RegistrationStatus,
    Series,
)
from groundswell.people.models import Person

LONDON = zoneinfo.ZoneInfo("Europe/London")
T = TypeVar("T")
P = ParamSpec("P")


@dataclass(frozen=True)
class Theme:
    theme: str
    guests: tuple[tuple[str, str], ...]  # (email, name); an existing person's email or a new one
    case: str
    notes: tuple[tuple[str, str, str, str, str, str, str], ...]  # group, heard, evidence, where, who, urgency, conf.
    actions: tuple[str, ...]
    feedback: tuple[str, ...]


H, M, L = Level.HIGH, Level.MEDIUM, Level.LOW

LEADS_THEMES = (
    Theme(
        "Faster diagnosis: making the 28-day standard work",
        (
            ("commissioner@icb-north.example.nhs.uk", "Helen Marsh"),
            ("diagnostics.lead@cdc-midlands.example.nhs.uk", "Dr Kwame Boateng"),
        ),
        "A patient referred with suspected lung cancer waited 41 days because two scans were booked in sequence.",
        (
            (
                "Table 1",
                "Straight-to-test pathways work where radiology has protected slots; elsewhere they stall.",
                "Three networks report median 9 days to CT where slots are ring-fenced, 19 where they are not.",
                "North East, Midlands",
                "Patients with suspected lung and upper GI cancer",
                H,
                M,
            ),
            (
                "Table 2",
                "Communicating a 'not cancer' result is often nobody's job, so patients hear nothing.",
                "Patient letters audit in one network: 1 in 5 had no written result after 28 days.",
                "Across networks",
                "Patients told they do not have cancer, and their GPs",
                M,
                H,
            ),
            (
                "Table 3",
                "Community diagnostic centres are adding capacity but referrers do not know what they offer.",
                "GPs in two areas could not name their nearest centre's tests.",
                "South West, East of England",
                "GPs and practice nurses",
                M,
                M,
            ),
            (
                "Case discussion",
                "Sequential booking of tests is the commonest cause of avoidable delay.",
                "Case presented; four other networks recognised the pattern.",
                "All regions",
                "Patients on urgent suspected cancer pathways",
                H,
                H,
            ),
        ),
        (
            "Share the protected-slot radiology template with all 34 networks",
            "Draft a standard 'not cancer' result letter with the Lay Partners' Panel",
            "Map community diagnostic centre offers by network",
        ),
        (
            "Protected diagnostic slots are the single change that most shortens the 28-day pathway; "
            "national guidance should say so plainly.",
            "Telling people they do not have cancer needs an owner and a standard; please fund the letter work.",
        ),
    ),
    Theme(
        "Workforce: keeping our cancer nurse specialists",
        (
            ("workforce.lead@nhs-england.example.nhs.uk", "Jo Whitfield"),
            ("chief.nurse@riverside-trust.example.nhs.uk", "Maureen Adeyemi"),
        ),
        "A team of six nurse specialists lost three in a year, each citing caseload and no clinical supervision.",
        (
            (
                "Table 1",
                "Caseloads above 300 active patients per nurse specialist are common and rising.",
                "Five networks shared figures between 280 and 410.",
                "London, North West",
                "Nurse specialists and their patients",
                H,
                M,
            ),
            (
                "Table 2",
                "Band 7 posts are being filled by converting band 6 roles, thinning the pipeline.",
                "Two trusts described this in the past six months.",
                "Midlands",
                "Newly qualified specialist nurses",
                M,
                L,
            ),
            (
                "Table 3",
                "Protected time for supervision keeps people; where it exists turnover is lower.",
                "One network's turnover fell from 18% to 7% after monthly supervision began.",
                "South East",
                "Nurse specialists",
                M,
                M,
            ),
        ),
        (
            "Collect caseload figures from every network using one definition",
            "Write up the supervision model from the South East as a two-page case study",
        ),
        (
            "Caseload has no national definition, so nobody can see the problem; please agree one.",
            "Clinical supervision is cheap and keeps nurses: put it in the workforce plan.",
            "Grading changes are hollowing out the band 6 pipeline; look at it before it is too late.",
        ),
    ),
    Theme(
        "Inequalities: who is not reaching us",
        (
            ("public.health@council-east.example.gov.uk", "Dr Sunita Rao"),
            ("outreach@community-voices.example.org", "Abdi Warsame"),
            ("screening.lead@icb-north.example.nhs.uk", "Carol Brennan"),
        ),
        "Screening uptake in one ward was 38% against 72% for the borough; a community group doubled it in a year.",
        (
            (
                "Table 1",
                "People with learning disabilities are missed by screening recall letters.",
                "Two networks found no reasonable adjustments flagged in recall systems.",
                "Across networks",
                "People with learning disabilities and their carers",
                H,
                H,
            ),
            (
                "Table 2",
                "Trusted community organisations reach people the NHS does not, but funding is short term.",
                "Example: a mosque-based programme funded for 12 months only.",
                "North West, London",
                "South Asian and Somali communities",
                M,
                M,
            ),
            (
                "Table 3",
                "Data on ethnicity in cancer referrals is incomplete in about a third of records.",
                "Network audit: 31% of referrals had ethnicity not stated.",
                "Midlands",
                "Everyone; it hides the gaps",
                M,
                H,
            ),
            (
                "Table 4",
                "Travel costs stop people attending follow-up appointments in rural areas.",
                "Patient stories from two rural networks.",
                "South West, East of England",
                "People on low incomes in rural areas",
                M,
                L,
            ),
        ),
        (
            "Ask each network to report ethnicity completeness in referrals",
            "Bring a community organisation to the next Leads' day to describe their funding model",
            "Check recall systems for reasonable-adjustment flags",
        ),
        (
            "Short-term funding for community outreach wastes the trust it builds; "
            "three-year funding would not cost more.",
            "Recall letters do not work for people with learning disabilities; "
            "please work with screening on adjustments.",
        ),
    ),
    Theme(
        "Personalised care after treatment",
        (
            ("living.with.cancer@macmillan-partner.example.org", "Rachel Onuoha"),
            ("gp.lead@pcn-west.example.nhs.uk", "Dr Peter Walsh"),
        ),
        "A man finished treatment for bowel cancer and was discharged with no care plan and no named contact.",
        (
            (
                "Table 1",
                "Holistic needs assessments are offered but the resulting care plan rarely reaches the GP.",
                "Audit in one network: 22% of plans were in the GP record.",
                "East of England",
                "People finishing treatment and their GPs",
                H,
                M,
            ),
            (
                "Table 2",
                "Personalised stratified follow-up frees clinic time where it has been set up properly.",
                "One trust freed 14 clinic sessions a month for breast follow-up.",
                "South East",
                "Clinic staff, patients",
                L,
                H,
            ),
            (
                "Case discussion",
                "People are discharged without a named contact more often than we think.",
                "Case presented; a quick show of hands suggested it is common.",
                "All regions",
                "People at the end of treatment",
                H,
                L,
            ),
        ),
        (
            "Agree a minimum discharge letter content with the GP Cancer Community",
            "Share the stratified follow-up business case",
        ),
        (
            "The end-of-treatment summary should go to the GP automatically; today it depends on goodwill.",
            "Stratified follow-up works; please publish the tariff position so trusts can plan.",
        ),
    ),
    Theme(
        "Winter pressures and cancer: protecting the pathway",
        (
            ("urgent.care@icb-north.example.nhs.uk", "Simon Keane"),
            ("bed.manager@riverside-trust.example.nhs.uk", "Lorraine Hughes"),
        ),
        "Last winter a ward of cancer surgery beds was taken for medical patients for nine weeks.",
        (
            (
                "Table 1",
                "Cancer surgery is cancelled first when beds run short, with no agreed protection.",
                "Four networks lost elective cancer capacity for more than four weeks last winter.",
                "North East, Midlands, London",
                "People waiting for cancer surgery",
                H,
                H,
            ),
            (
                "Table 2",
                "Surgical hubs protected activity where they had ring-fenced beds.",
                "Two hubs kept 95% of planned cancer operations.",
                "North West",
                "People waiting for surgery",
                M,
                H,
            ),
            (
                "Table 3",
                "Acute oncology teams see more emergency presentations in winter and are not staffed for it.",
                "Weekly figures from one acute oncology service.",
                "South West",
                "People on treatment who become unwell",
                M,
                M,
            ),
            (
                "Table 4",
                "Staff sickness in winter hits small specialist teams hardest.",
                "",
                "Across networks",
                "Small specialist teams",
                L,
                L,
            ),
        ),
        (
            "Write to the regional directors about ring-fenced cancer beds before December",
            "Collect winter cancellation figures from every network",
            "Share the surgical hub escalation plan",
        ),
        (
            "Ring-fenced beds for cancer surgery should be part of every winter plan, not a local choice.",
            "Acute oncology needs winter staffing guidance.",
            "Please publish cancelled cancer operations by network so we can see the pattern.",
        ),
    ),
    Theme(
        "Early diagnosis in primary care: the next two years",
        (
            ("commissioner@icb-north.example.nhs.uk", "Helen Marsh"),
            ("primary.care@icb-south.example.nhs.uk", "Dr Anita Kaur"),
            ("pharmacy.lead@lpc-east.example.org", "Gareth Powell"),
        ),
        "",
        (),
        (),
        (),
    ),
)

# The agenda of every Leads' day, built around its purpose; minutes, then whether the centre leads.
LEADS_AGENDA = (
    ("Welcome and check-in: what is on your mind this week?", Element.CHECK_IN, 20, "convenor"),
    ("Briefing from the national team", Element.BRIEFING, 40, "centre"),
    ("Local perspectives: how the theme looks from your network", Element.LOCAL_PERSPECTIVES, 75, ""),
    ("Case discussion", Element.CASE_DISCUSSION, 60, ""),
    ("Feedback to the centre: the messages we want heard", Element.FEEDBACK, 30, "convenor"),
    ("Close: one thing you will take back", Element.CLOSE, 15, "convenor"),
)


class Loader:
    """Writes the gatherings through the actions, then moves each write back to when it happened."""

    def __init__(self, now: datetime.datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.rng = random.Random(SEED + 7)
        self.last_activity = Activity.objects.aggregate(last=Max("pk"))["last"] or 0
        # (highest activity id written by a call, when that call happened)
        self.marks: list[tuple[int, datetime.datetime]] = []
        self.personas = {p.key: Person.objects.get(email=p.email) for p in PERSONAS}
        self.communities = {c.slug: c for c in Community.objects.all()}
        self.taken_names: set[str] = set(Person.objects.values_list("display_name", flat=True))

    # -- time ---------------------------------------------------------------------------

    def day(self, days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
        """A local time ``days`` from today (negative: in the past)."""
        date = timezone.localdate(self.now) + datetime.timedelta(days=days)
        return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=LONDON)

    def past(self, moment: datetime.datetime) -> datetime.datetime:
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def at(self, when: datetime.datetime, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run one action and remember that the activity it recorded happened ``when``."""
        result = call(*args, **kwargs)
        last = Activity.objects.aggregate(last=Max("pk"))["last"] or 0
        self.marks.append((last, self.past(when)))
        return result

    def finish(self) -> None:
        """Move every activity-stream entry written here back to its moment."""
        rows = list(Activity.objects.filter(pk__gt=self.last_activity).only("pk").order_by("pk"))
        marks = iter(self.marks)
        mark = next(marks, None)
        for row in rows:
            while mark is not None and row.pk > mark[0]:
                mark = next(marks, None)
            row.created_at = mark[1] if mark is not None else self.now
        Activity.objects.bulk_update(rows, ["created_at"], batch_size=500)

    # -- helpers ------------------------------------------------------------------------

    def convenor(self, community: Community) -> Person:
        membership = (
            Membership.objects.active()
            .filter(community=community, role=Role.CONVENOR)
            .select_related("person")
            .order_by("joined_at", "pk")
            .first()
        )
        assert membership is not None
        return membership.person

    def members(self, community: Community, *roles: str) -> list[Person]:
        memberships = Membership.objects.active().filter(community=community)
        if roles:
            memberships = memberships.filter(role__in=roles)
        return [m.person for m in memberships.select_related("person").order_by("person__display_name", "pk")]

    def new_guest(self, domain: str) -> tuple[str, str]:
        name = pick_name(self.rng, self.taken_names)
        return f"{email_part(name.full)}@{domain}", name.full

    def respond(
        self,
        gathering: Gathering,
        people: list[Person],
        *,
        opened: datetime.datetime,
        closes: datetime.datetime,
        apologies_percent: int = 0,
    ) -> list[Registration]:
        """Register people at spread-out moments; some later send apologies. Return who registered."""
        span = max(int((closes - opened).total_seconds() // 3600), 1)
        coming: list[Registration] = []
        for person in people:
            when = opened + datetime.timedelta(hours=self.rng.randrange(span))
            registration = self.at(when, actions.register, gathering, person=person)
            stamp = {"responded_at": self.past(when)}
            if registration.status == RegistrationStatus.REGISTERED:
                stamp["registered_at"] = self.past(when)
            else:
                stamp["waitlisted_at"] = self.past(when)
            if self.rng.randrange(100) < apologies_percent:
                later = when + (closes - when) * self.rng.random()
                self.at(later, actions.send_apologies, registration)
                stamp["responded_at"] = self.past(later)
            else:
                coming.append(registration)
            Registration.objects.filter(pk=registration.pk).update(**stamp)
            for name, value in stamp.items():
                setattr(registration, name, value)
        return coming

    def attendance(self, gathering: Gathering, by: Person, came: list[Registration], when: datetime.datetime) -> None:
        self.at(when, actions.record_attendance, gathering, by=by, came=[r.pk for r in came])
        Registration.objects.filter(gathering=gathering, attendance_recorded_at__isnull=False).update(
            attendance_recorded_at=self.past(when)
        )

    def dated(self, gathering: Gathering, created: datetime.datetime, updated: datetime.datetime) -> None:
        Gathering.objects.filter(pk=gathering.pk).update(created_at=self.past(created), updated_at=self.past(updated))
        # Roster invitations were written with the gathering; the rest when first answered.
        first_seen = Coalesce(F("registered_at"), F("waitlisted_at"), F("responded_at"), Value(self.past(created)))
        Registration.objects.filter(gathering=gathering, invitee=Invitee.CORE).update(created_at=self.past(created))
        Registration.objects.filter(gathering=gathering).exclude(invitee=Invitee.CORE).update(created_at=first_seen)

    # -- the National Cancer Leads Network ----------------------------------------------

    def leads_days(self) -> None:
        community = self.communities["national-cancer-leads-network"]
        amara, priya = self.personas["convenor"], self.personas["centre"]
        roster = default_roster(community)
        # Existing people beyond the core, each a theme guest once.
        wider = [p for p in self.members(community, Role.MEMBER, Role.LAY_PARTNER, Role.GUEST) if p != priya]
        sixth = self.day(21, 10)
        while sixth.weekday() != 1:  # a Tuesday
            sixth += datetime.timedelta(days=1)
        first = add_months(sixth, -10, "Europe/London")
        created = first - datetime.timedelta(days=70)
        series = self.at(
            created,
            actions.schedule_series,
            community,
            by=amara,
            title="Leads' days",
            first_starts_at=first,
            duration=datetime.timedelta(hours=6),
            every_months=2,
            meetings=6,
            purpose="A day together every two months to test national guidance against local experience, "
            "hear from theme guests and give the national team rapid, informed feedback.",
            roster=roster,
            format=Format.HYBRID,
            place="Birmingham Conference Centre, 2 Broad Street, Birmingham B1 2HF",
            joining_link="https://meet.example.nhs.uk/leads-day",
        )
        Series.objects.filter(pk=series.pk).update(created_at=self.past(created))
        meetings = list(series.gatherings.order_by("number_in_series"))
        earlier_actions: list[ActionItem] = []
        for gathering, theme in zip(meetings, LEADS_THEMES, strict=True):
            held = gathering.starts_at < self.now
            Gathering.objects.filter(pk=gathering.pk).update(theme=theme.theme)
            gathering.facilitators.add(amara)
            opened = gathering.starts_at - datetime.timedelta(days=42)
            self.at(opened, actions.open_registration, gathering, by=amara)
            invited_at = opened + datetime.timedelta(days=5)
            self.at(
                invited_at,
                actions.invite_to_gathering,
                gathering,
                by=amara,
                email=priya.email,
                invitee=Invitee.MEMBER,
            )
            guests = []
            for email, name in theme.guests:
                guests.append(
                    self.at(
                        invited_at,
                        actions.invite_to_gathering,
                        gathering,
                        by=amara,
                        email=email,
                        name=name,
                        invitee=Invitee.THEME_GUEST,
                    )
                )
            guest = wider[(gathering.number_in_series or 1) * 7 % len(wider)]
            self.at(
                invited_at,
                actions.invite_to_gathering,
                gathering,
                by=amara,
                email=guest.email,
                invitee=Invitee.THEME_GUEST,
            )
            closes = self.past(gathering.starts_at - datetime.timedelta(days=1))
            people = [priya, guest, *roster]
            if not held:  # still filling up
                people = [p for p in people if p in (amara, priya) or self.rng.randrange(100) < 62]
            coming = self.respond(
                gathering, people, opened=opened + datetime.timedelta(days=1), closes=closes, apologies_percent=12
            )
            self.agenda(gathering, amara, priya, theme, opened + datetime.timedelta(days=10))
            if held:
                came = [r for r in coming if r.person == amara or r.person == priya or self.rng.randrange(100) >= 6]
                self.attendance(gathering, amara, came + guests, gathering.ends_at + datetime.timedelta(hours=20))
                self.harvest(gathering, amara, came, theme)
                earlier_actions += self.agree(gathering, amara, came, theme)
                for n, message in enumerate(theme.feedback):
                    when = gathering.ends_at - datetime.timedelta(minutes=40 - n)
                    feedback = self.at(
                        when,
                        actions.add_feedback,
                        gathering,
                        by=amara,
                        message=message,
                    )
                    FeedbackToCentre.objects.filter(pk=feedback.pk).update(created_at=self.past(when))
                self.close_some(earlier_actions, gathering, amara)
            last_change = (
                gathering.ends_at + datetime.timedelta(hours=20) if held else opened + datetime.timedelta(days=10)
            )
            self.dated(gathering, created, last_change)

    def agenda(self, gathering: Gathering, amara: Person, priya: Person, theme: Theme, when: datetime.datetime) -> None:
        leads = {"convenor": amara, "centre": priya}
        for title, element, minutes, lead in LEADS_AGENDA:
            if element == Element.CASE_DISCUSSION and theme.case:
                title = f"Case discussion: {theme.case}"
            elif element == Element.LOCAL_PERSPECTIVES:
                title = f"Local perspectives: {theme.theme.lower()}"
            self.at(
                when,
                actions.add_agenda_item,
                gathering,
                by=amara,
                title=title[:200],
                element=element,
                minutes=minutes,
                lead=leads.get(lead),
            )

    def harvest(self, gathering: Gathering, amara: Person, came: list[Registration], theme: Theme) -> None:
        items = {item.element: item for item in gathering.agenda.all()}
        takers = [r.person for r in came if r.person is not None and r.invitee == Invitee.CORE]
        for n, (group, heard, evidence, where, who, urgency, confidence) in enumerate(theme.notes):
            element = Element.CASE_DISCUSSION if group == "Case discussion" else Element.LOCAL_PERSPECTIVES
            taker = takers[self.rng.randrange(len(takers))] if takers else amara
            when = gathering.starts_at + datetime.timedelta(hours=2, minutes=10 * n)
            note = self.at(
                when,
                partial(
                    actions.add_note,
                    gathering,
                    by=taker,
                    what_we_heard=heard,
                    group=group,
                    evidence=evidence,
                    where=where,
                    who_is_affected=who,
                    urgency=urgency,
                    confidence=confidence,
                    agenda_item=items.get(element),
                ),
            )
            HarvestNote.objects.filter(pk=note.pk).update(created_at=self.past(when))
            if n == 0:
                lines = [group, *textwrap.wrap(heard, 34)[:5]]
                self.at(
                    when,
                    partial(
                        actions.add_photo,
                        gathering,
                        by=taker,
                        raw=flip_chart(lines),
                        alt_text=f"Flip chart from {group}, handwritten: {heard}"[:1000],
                        caption=f"{group}'s flip chart",
                        note=note,
                    ),
                )

    def agree(self, gathering: Gathering, amara: Person, came: list[Registration], theme: Theme) -> list[ActionItem]:
        owners = [r.person for r in came if r.person is not None and r.invitee == Invitee.CORE]
        agreed = []
        when = gathering.ends_at - datetime.timedelta(minutes=20)
        for n, title in enumerate(theme.actions):
            owner = amara if n == 0 else owners[self.rng.randrange(len(owners))]
            due = timezone.localdate(gathering.starts_at) + datetime.timedelta(days=42 + 14 * n)
            action = self.at(
                when,
                actions.add_action,
                gathering,
                by=amara,
                title=title,
                owner=owner,
                due_date=due,
            )
            ActionItem.objects.filter(pk=action.pk).update(created_at=self.past(when), updated_at=self.past(when))
            agreed.append(action)
        return agreed

    def close_some(self, agreed: list[ActionItem], at_meeting: Gathering, amara: Person) -> None:
        """At each meeting, some earlier actions are reported done; the rest carry forward."""
        when = at_meeting.starts_at + datetime.timedelta(minutes=30)
        for action in agreed:
            if action.gathering_id == at_meeting.pk or action.status != ActionStatus.OPEN:
                continue
            roll = self.rng.randrange(100)
            status = ActionStatus.DONE if roll < 55 else ActionStatus.IN_PROGRESS if roll < 70 else None
            if status is None:
                continue
            self.at(when, actions.set_action_status, action, by=amara, status=status)
            ActionItem.objects.filter(pk=action.pk).update(updated_at=self.past(when))
            action.status = status

    # -- the chief executives' peer network ------------------------------------------

    def chief_executives(self) -> None:
        community = self.communities["chief-executives-peer-network"]
        convenor = self.convenor(community)
        members = self.members(community, Role.MEMBER, Role.CONVENOR)
        fourth = self.day(42, 9, 30)
        first = add_months(fourth, -18, "Europe/London")
        created = first - datetime.timedelta(days=90)
        series = self.at(
            created,
            actions.schedule_series,
            community,
            by=convenor,
            title="Chief executives' retreat",
            first_starts_at=first,
            duration=datetime.timedelta(hours=24 + 7),
            every_months=6,
            meetings=4,
            purpose="Two days away, twice a year, to think aloud with peers and the people who matter locally.",
            roster=members,
            format=Format.IN_PERSON,
            place="Hollins Hall, Harrogate Road, Leeds LS19 7EY",
        )
        Series.objects.filter(pk=series.pk).update(created_at=self.past(created))
        series.gatherings.update(confidentiality=Confidentiality.CHATHAM_HOUSE)
        guests = list(self.members(community, Role.GUEST))
        for gathering in series.gatherings.order_by("number_in_series"):
            held = gathering.starts_at < self.now
            opened = gathering.starts_at - datetime.timedelta(days=60)
            self.at(opened, actions.open_registration, gathering, by=convenor)
            for guest in guests:
                self.at(
                    opened,
                    actions.invite_to_gathering,
                    gathering,
                    by=convenor,
                    email=guest.email,
                    invitee=Invitee.MEMBER,
                )
            coming = self.respond(
                gathering, members + guests, opened=opened, closes=self.past(gathering.starts_at), apologies_percent=15
            )
            others = []
            for registration in coming:
                assert registration.person is not None
                if registration.invitee != Invitee.CORE or self.rng.randrange(100) < 25:
                    continue
                email, name = self.new_guest("local-partner.example.org")
                when = registration.registered_at or opened
                others.append(
                    self.at(
                        when,
                        actions.invite_to_gathering,
                        gathering,
                        by=registration.person,
                        email=email,
                        name=name,
                        invitee=Invitee.LOCAL_OTHER,
                    )
                )
            for n, (title, element, minutes) in enumerate(
                (
                    ("Arrival and check-in round", Element.CHECK_IN, 45),
                    ("Peer support: what is keeping you awake?", Element.PEER_SUPPORT, 120),
                    ("With our local others: one place, one problem", Element.LOCAL_PERSPECTIVES, 120),
                    ("Case discussion brought by a member", Element.CASE_DISCUSSION, 90),
                    ("Close: what will you do differently?", Element.CLOSE, 30),
                )
            ):
                self.at(
                    opened + datetime.timedelta(days=n),
                    actions.add_agenda_item,
                    gathering,
                    by=convenor,
                    title=title,
                    element=element,
                    minutes=minutes,
                )
            if held:
                came = [r for r in coming if self.rng.randrange(100) >= 5] + others
                self.attendance(gathering, convenor, came, gathering.ends_at + datetime.timedelta(days=1))
                note = self.at(
                    gathering.ends_at,
                    actions.add_note,
                    gathering,
                    by=convenor,
                    group="Peer support",
                    what_we_heard="Several of us are carrying financial recovery plans that conflict with "
                    "waiting-list "
                    "targets; we want a shared way to explain the trade-off to boards.",
                    where="Across the systems represented",
                    who_is_affected="Boards, staff and patients waiting",
                    urgency=Level.HIGH,
                    confidence=Level.MEDIUM,
                )
                HarvestNote.objects.filter(pk=note.pk).update(created_at=self.past(gathering.ends_at))
            self.dated(gathering, created, opened)

    # -- the prison-health conference ---------------------------------------------------

    def prison_conference(self) -> None:
        community = self.communities["prison-health-network"]
        convenor = self.convenor(community)
        starts = self.day(-150, 9, 30)
        created = starts - datetime.timedelta(days=120)
        gathering = self.at(
            created,
            actions.schedule_gathering,
            community,
            by=convenor,
            title="Both sides of the gate: Prison Health Network conference",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=7, minutes=30),
            purpose="A day for prison and NHS staff, commissioners, charities and people with lived experience "
            "to set the agenda for the year, using Open Space: you bring the questions.",
            theme="Continuity of care on release",
            format=Format.IN_PERSON,
            capacity=160,
            place="Manchester Central, Windmill Street, Manchester M2 3GX",
        )
        gathering.facilitators.add(convenor)
        opened = starts - datetime.timedelta(days=90)
        self.at(opened, actions.open_registration, gathering, by=convenor)
        members = self.members(community)
        outside_ids = set(
            Membership.objects.active()
            .filter(community__slug__in=["gp-cancer-community", "northern-cancer-improvement-collaborative"])
            .exclude(person__in=members)
            .values_list("person_id", flat=True)
        )
        outside = list(Person.objects.filter(pk__in=outside_ids).order_by("display_name", "pk"))
        self.rng.shuffle(outside)
        visitors = outside[: 140 - len(members) + 6]
        for person in visitors:
            self.at(
                opened,
                actions.invite_to_gathering,
                gathering,
                by=convenor,
                email=person.email,
                invitee=Invitee.THEME_GUEST,
            )
        coming = self.respond(gathering, members + visitors, opened=opened, closes=starts, apologies_percent=4)
        came = [r for r in coming if self.rng.randrange(100) >= 9]
        self.attendance(gathering, convenor, came, starts + datetime.timedelta(days=2))
        self.open_space(gathering, [r.person for r in came if r.person is not None])
        self.dated(gathering, created, starts + datetime.timedelta(days=2))

    def open_space(self, gathering: Gathering, people: list[Person]) -> None:
        """The conference's Open Space grid, written directly (its actions are not the seed's concern)."""
        rooms = OpenSpaceRoom.objects.bulk_create(
            OpenSpaceRoom(gathering=gathering, name=name)
            for name in ("Hall A", "Hall B", "Room 3", "Room 4", "Garden room")
        )
        times = OpenSpaceTime.objects.bulk_create(
            OpenSpaceTime(
                gathering=gathering, starts_at=gathering.starts_at + datetime.timedelta(minutes=m), minutes=50
            )
            for m in (90, 150, 300)
        )
        titles = (
            "Medicines on the day of release: who holds the prescription?",
            "Getting a GP registration before the gate opens",
            "Health checks on arrival: what gets missed",
            "Mental health transfers: the long wait",
            "Sharing records between prison and community health services",
            "Older prisoners and end-of-life care",
            "Peer mentors in healthcare: what works",
            "Cancer screening for people in prison",
            "Substance misuse treatment across the gate",
            "Training officers to spot health problems early",
            "Women's health in prison",
            "Commissioning for continuity: one contract or two?",
        )
        sessions = []
        slots = [(room, time) for time in times for room in rooms]
        for title, (room, time) in zip(titles, slots, strict=False):
            sessions.append(
                OpenSpaceSession(
                    gathering=gathering,
                    room=room,
                    time=time,
                    title=title,
                    convener=people[self.rng.randrange(len(people))],
                    created_at=gathering.starts_at + datetime.timedelta(minutes=45),
                )
            )
        OpenSpaceSession.objects.bulk_create(sessions)

    # -- what the demo logins have coming up --------------------------------------------

    def upcoming(self) -> None:
        tom, grace, sam = self.personas["core"], self.personas["lay"], self.personas["admin"]
        # A full online session with a waiting list (Tom has a place; Grace is waiting).
        gp = self.communities["gp-cancer-community"]
        gp_convenor = self.convenor(gp)
        starts = self.day(16, 12, 30)
        created = self.day(-20, 9)
        full = self.at(
            created,
            actions.schedule_gathering,
            gp,
            by=gp_convenor,
            title="Safety-netting in practice: a lunchtime learning session",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            theme="Safety-netting after a normal test",
            purpose="Share the safety-netting templates that work, and test the new draft guidance.",
            format=Format.ONLINE,
            capacity=30,
            joining_link="https://meet.example.nhs.uk/gp-safety-netting",
        )
        self.at(created, actions.open_registration, full, by=gp_convenor)
        others = [p for p in self.members(gp) if p not in (tom, grace, gp_convenor)]
        self.rng.shuffle(others)
        self.respond(full, [tom, *others[:29]], opened=created, closes=self.day(-3))
        self.respond(full, [*others[29:33], grace, *others[33:35]], opened=self.day(-2), closes=self.day(0, 8))
        self.dated(full, created, created)
        # Grace: a reading day of the Lay Partners' Panel.
        panel = self.communities["cancer-lay-partners-panel"]
        panel_convenor = self.convenor(panel)
        starts = self.day(30, 10, 30)
        created = self.day(-25, 11)
        reading = self.at(
            created,
            actions.schedule_gathering,
            panel,
            by=panel_convenor,
            title="Reading day: the new patient information on cancer referrals",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=4),
            format=Format.HYBRID,
            theme="Plain English in urgent referral letters",
            purpose="Read the draft leaflets together and tell the national team what is missing.",
            place="Friends Meeting House, 173 Euston Road, London NW1 2BJ",
            joining_link="https://meet.example.nhs.uk/lay-panel",
        )
        self.at(created, actions.open_registration, reading, by=panel_convenor)
        panel_people = [p for p in self.members(panel) if p != grace]
        self.respond(reading, [grace, *panel_people[:12]], opened=created, closes=self.day(0, 8))
        for title, element, minutes in (
            ("Welcome and check-in", Element.CHECK_IN, 15),
            ("What the national team wants to learn", Element.BRIEFING, 20),
            ("Reading in pairs", Element.LOCAL_PERSPECTIVES, 120),
            ("What we want the centre to hear", Element.FEEDBACK, 45),
            ("Close", Element.CLOSE, 10),
        ):
            self.at(
                created,
                actions.add_agenda_item,
                reading,
                by=panel_convenor,
                title=title,
                element=element,
                minutes=minutes,
            )
        self.dated(reading, created, created)
        # Sam: a drop-in about using Groundswell, with Tom and Grace invited.
        help_community = self.communities["groundswell-help-and-feedback"]
        starts = self.day(9, 15)
        created = self.day(-10, 10)
        drop_in = self.at(
            created,
            actions.schedule_gathering,
            help_community,
            by=sam,
            title="Groundswell drop-in: gatherings and calendars",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=45),
            format=Format.ONLINE,
            purpose="Bring your questions about planning gatherings, registering and calendar feeds.",
            joining_link="https://meet.example.nhs.uk/groundswell-drop-in",
        )
        drop_in.facilitators.add(sam)
        self.at(created, actions.open_registration, drop_in, by=sam)
        for person in (tom, grace):
            if Membership.objects.active().filter(community=help_community, person=person).exists():
                self.at(
                    created,
                    actions.invite_to_gathering,
                    drop_in,
                    by=sam,
                    email=person.email,
                    invitee=Invitee.MEMBER,
                )
        regulars = [p for p in self.members(help_community) if p != sam][:8]
        self.respond(drop_in, [sam, *regulars], opened=created, closes=self.day(0, 8))
        self.dated(drop_in, created, created)

    def load(self) -> None:
        self.leads_days()
        self.chief_executives()
        self.prison_conference()
        self.upcoming()
        self.finish()


def load(now: datetime.datetime | None = None) -> None:
    """Write the demo's gatherings (call inside the seed's transaction, after the network)."""
    Loader(now).load()


def flip_chart(lines: list[str]) -> bytes:
    """A picture of a flip chart with the lines written on it, as a PNG (for the demo's harvest photos)."""
    sheet = Image.new("RGB", (900, 640), (252, 251, 244))
    pen = ImageDraw.Draw(sheet)
    heading, body = ImageFont.load_default(size=44), ImageFont.load_default(size=32)
    pen.text((48, 40), lines[0], fill=(20, 60, 140), font=heading)
    for row, line in enumerate(lines[1:]):
        pen.text((48, 130 + 80 * row), line, fill=(30, 30, 30), font=body)
    out = io.BytesIO()
    sheet.save(out, format="PNG")
    return out.getvalue()
