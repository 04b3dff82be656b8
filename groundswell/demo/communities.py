"""The demo's communities, modelled on the scenarios in the product brief.

Each function plans one community: who started it and when, how it grew, who changed role,
who left and why, and what is still waiting (requests, invitations). Days count back from
today.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from groundswell.communities.models import CommunityKind, InvitationStatus, Lifecycle, Privacy, Role
from groundswell.demo import catalogue as cat
from groundswell.people.models import Region

if TYPE_CHECKING:
    from groundswell.demo.plan import Planner


def _one(pl: Planner, group: str) -> int:
    return pl.groups[group][0]


def plan_all(pl: Planner) -> None:
    """Plan every community, in a fixed order (the order decides the random draws)."""
    national_leads(pl)
    gp_community(pl)
    prison_network(pl)
    chief_executives(pl)
    improvement(pl)
    lay_panel(pl)
    self_managing_team(pl)
    acute_oncology(pl)
    pharmacists(pl)
    faster_diagnosis_pilot(pl)
    induction_series(pl)
    carers_network(pl)
    release_project(pl)
    nurse_specialists(pl)
    research_forum(pl)
    managers_meetings(pl)
    commissioners(pl)
    community_pharmacy(pl)
    help_and_feedback(pl)


def national_leads(pl: Planner) -> None:
    """(a) The lead nurse, doctor and manager of each of 34 local cancer networks."""
    rng = pl.rng
    priya, amara = _one(pl, "persona:centre"), _one(pl, "persona:convenor")
    c = pl._community(
        "national",
        "National Cancer Leads Network",
        CommunityKind.NETWORK,
        Privacy.RESTRICTED,
        "The lead nurse, lead doctor and manager of each of England's 34 local cancer networks. We meet "
        "for a day every two months, with theme guests, to test national guidance against local "
        "experience and give the national team rapid, informed feedback.",
        created_ago=1640,
        creator=priya,
        stages=[(1600, Lifecycle.ACTIVE)],
        learning_question="How can national guidance be tested against local reality early enough to change it?",
    )
    c.updates = [(1210, ["purpose"]), (300, ["learning_question"])]
    pl.promote(pl.member(c, amara, Role.CORE_MEMBER, 1632, how="added"), Role.CONVENOR, 1460)
    pl.promote(c.open_people[priya], Role.SPONSOR, 1450)
    facilitator = pl.member(c, _one(pl, "facilitator"), Role.MEMBER, 1595, how="added")
    pl.promote(facilitator, Role.CONVENOR, 900)

    for index in pl.groups["former_lead"]:
        person = pl.people[index]
        handover = person.affiliations[0].end_ago or 1
        joined = rng.randint(min(handover + 10, 1630), 1630)
        retired = len(person.affiliations) == 1
        if not retired and rng.random() < 0.35:
            # Stayed on after handing over the lead role: the relationship outlives the post.
            pl.promote(pl.member(c, index, Role.CORE_MEMBER, joined), Role.MEMBER, handover)
        else:
            reason = "Retired." if retired else f"Handed over as lead for {person.network} and moved to a new post."
            pl.member(c, index, Role.CORE_MEMBER, joined, left_ago=handover - rng.randint(0, 15), reason=reason)
    for index in pl.groups["lead"]:
        if index == amara:
            continue
        start = pl.people[index].affiliations[0].start_ago or 1700
        if start > 1600:
            pl.member(c, index, Role.CORE_MEMBER, rng.randint(1560, 1635))
        elif start > 200 and rng.random() < 0.3:
            # A deputy who was already a member, then took over as lead.
            deputy = pl.member(c, index, Role.MEMBER, rng.randint(start + 20, 1590))
            pl.promote(deputy, Role.CORE_MEMBER, start - 1)
        else:
            pl.member(c, index, Role.CORE_MEMBER, max(1, start - rng.randint(7, 45)), how="invitation")

    deputies = pl._pool("cancer_nurse", "manager", exclude=c.open_people)
    pl.crowd(c, pl._sample(deputies, 14), Role.MEMBER, leave_percent=15, recent=1)
    guests = (
        pl._sample(pl._pool("prison_staff"), 2)
        + pl._sample(pl._pool("local_authority"), 2)
        + pl._sample(pl._pool("charity"), 3)
        + pl._sample(pl._pool("researcher"), 3)
        + pl._sample(pl._pool("commissioner"), 2)
    )
    for membership in pl.crowd(c, guests, Role.GUEST, leave_percent=0, recent=1):
        if membership.joined_ago and membership.joined_ago > 90 and rng.random() < 0.4:
            membership.left_ago = membership.joined_ago - rng.randint(1, 3)
            membership.left_reason = "Came for one theme day."
            membership.status = "left"
            c.open_people.pop(membership.person, None)
    lay = pl._sample(pl._pool("patient", "carer", exclude=c.open_people), 4)
    pl.crowd(c, lay, Role.LAY_PARTNER, leave_percent=0)

    for group, day in (("cancer_nurse", 2), ("manager", 5), ("gp", 9)):
        asking = pl._sample(pl._pool(group, exclude=c.open_people), 1)[0]
        pl.request(c, asking, day, cat.REQUEST_MESSAGES[group])
    fundraiser = pl._sample(pl._pool("charity", exclude=c.open_people), 1)[0]
    message = "I'd like to tell the leads about our new fundraising campaign."
    pl.request(c, fundraiser, 410, message, declined_ago=405)

    nurse = pl._sample(pl._pool("cancer_nurse", exclude=c.open_people), 1)[0]
    pl.invite_only(
        c,
        "new.deputy.lead@example.net",
        status=InvitationStatus.PENDING,
        sent_ago=6,
        message="Welcome aboard: our next meeting is a fortnight on Thursday.",
    )
    pl.invite_only(c, pl.people[nurse].email, status=InvitationStatus.PENDING, sent_ago=20, resent_ago=3)
    pl.invite_only(c, "j.barlow.lead@example.com", status=InvitationStatus.EXPIRED, sent_ago=75)
    pl.invite_only(
        c,
        "t.nightingale@example.org",
        status=InvitationStatus.DECLINED,
        sent_ago=210,
        responded_ago=204,
        role=Role.GUEST,
    )
    pl.invite_only(c, "deputy.lead@example.com", status=InvitationStatus.REVOKED, sent_ago=130, responded_ago=129)


def gp_community(pl: Planner) -> None:
    """(b) GPs with an interest in cancer, with lay partners, over nearly five years."""
    rng = pl.rng
    tom, grace = _one(pl, "persona:core"), _one(pl, "persona:lay")
    gps = pl._pool("gp")
    founder = gps[0]
    c = pl._community(
        "gp",
        "GP Cancer Community",
        CommunityKind.COMMUNITY_OF_PRACTICE,
        Privacy.OPEN,
        "A national community of GPs with an interest in cancer, and the patients and carers who work "
        "alongside us. Our conversations have turned into guidance on safety-netting and on caring for "
        "people living with cancer in general practice.",
        created_ago=1800,
        creator=founder,
        stages=[(1780, Lifecycle.ACTIVE)],
    )
    c.updates = [(900, ["purpose"])]
    second = pl.member(c, gps[1], Role.MEMBER, 1790)
    pl.promote(second, Role.CORE_MEMBER, 1500)
    pl.promote(second, Role.CONVENOR, 1100)
    pl.promote(pl.member(c, tom, Role.MEMBER, 1500), Role.CORE_MEMBER, 1100)
    pl.member(c, grace, Role.LAY_PARTNER, 1300)
    for index in gps[2:10]:
        membership = pl.member(c, index, Role.MEMBER, rng.randint(1200, 1790))
        pl.promote(membership, Role.CORE_MEMBER)
    pl.crowd(c, gps[10:95], leave_percent=18, recent=4)
    pl.crowd(c, pl._sample(pl._pool("practice_nurse"), 12), leave_percent=10)
    pl.crowd(c, pl._sample(pl._pool("pharmacist"), 5), leave_percent=10)
    lay = pl._sample(pl._pool("patient", "carer"), 7)
    pl.crowd(c, lay, Role.LAY_PARTNER, leave_percent=10, recent=1)
    pl.crowd(c, pl.groups["visitor"], Role.GUEST, newest=100, oldest=600, leave_percent=0)
    pl.member(c, _one(pl, "college_champion"), Role.SPONSOR, 1700)
    # A GP who left for parental leave and came back: two spells, both kept.
    returner = gps[95]
    pl.member(c, returner, Role.MEMBER, 1650, left_ago=1200, reason="Going on parental leave.")
    pl.member(c, returner, Role.MEMBER, 800)


def prison_network(pl: Planner) -> None:
    """(c) Prison staff and NHS staff, started after a cross-sector conference."""
    heads = [i for i in pl._pool("prison_nhs") if "Head of healthcare" in pl.people[i].affiliations[-1].role_title]
    founder = heads[0] if heads else pl._pool("prison_nhs")[0]
    c = pl._community(
        "prison",
        "Prison Health Network",
        CommunityKind.NETWORK,
        Privacy.RESTRICTED,
        "Prison officers, governors, healthcare staff, commissioners and civil servants working together "
        "on health in prison and after release. It began at a conference of 140 people from both sides "
        "of the gate who wanted to keep talking.",
        created_ago=1100,
        creator=founder,
        stages=[(1080, Lifecycle.ACTIVE)],
    )
    governors = [i for i in pl._pool("prison_staff") if "overnor" in pl.people[i].affiliations[-1].role_title]
    if governors:
        pl.promote(pl.member(c, governors[0], Role.MEMBER, 1095), Role.CONVENOR, 1000)
        for index in governors[1:]:
            pl.member(c, index, Role.CORE_MEMBER, pl.rng.randint(700, 1090))
    staff = pl._pool("prison_staff", exclude=c.open_people)
    pl.crowd(c, pl._sample(staff, 22), leave_percent=12, recent=2)
    pl.crowd(c, pl._sample(pl._pool("prison_nhs", exclude=c.open_people), 16), leave_percent=10, recent=1)
    pl.crowd(c, pl._sample(pl._pool("commissioner"), 4), leave_percent=0)
    justice = pl.groups["justice"]
    pl.member(c, justice[0], Role.SPONSOR, 1050)
    pl.member(c, justice[1], Role.MEMBER, 900)
    pl.crowd(
        c,
        pl._sample(pl._staff_of("charity_open_gate"), 3),
    )
    pl.crowd(c, pl.groups["lived_prison"], Role.LAY_PARTNER, leave_percent=0)
    removed = pl._sample(pl._pool("prison_staff", exclude=c.open_people), 1)
    if removed:
        pl.member(c, removed[0], Role.MEMBER, 800, left_ago=300, reason=cat.REMOVED_REASONS[2], removed=True)
    for group, day in (("prison_staff", 3), ("prison_nhs", 12)):
        asking = pl._sample(pl._pool(group, exclude=c.open_people), 1)[0]
        pl.request(c, asking, day, cat.REQUEST_MESSAGES[group])


def chief_executives(pl: Planner) -> None:
    """(d) A confidential peer network of chief executives, meeting twice a year."""
    rng = pl.rng
    execs = pl._pool("executive")
    founder, successor = execs[0], execs[1]
    c = pl._community(
        "ceos",
        "Chief Executives' Peer Network",
        CommunityKind.PEER_NETWORK,
        Privacy.CONFIDENTIAL,
        "A safe space for chief executives of NHS trusts, integrated care boards, councils and charities "
        "to think aloud together. We meet twice a year; each member may bring a significant local other. "
        "The Chatham House rule applies to everything said here.",
        created_ago=1500,
        creator=founder,
        stages=[(1490, Lifecycle.ACTIVE)],
    )
    pl.promote(pl.member(c, successor, Role.MEMBER, 1495), Role.CONVENOR, 700)
    founder_membership = c.open_people[founder]
    founder_membership.left_ago, founder_membership.left_reason, founder_membership.status = 400, "Retired.", "left"
    del c.open_people[founder]
    for index in execs[2:]:
        left = rng.choice([None] * 8 + [rng.randint(100, 900)])
        pl.member(
            c,
            index,
            Role.MEMBER,
            rng.randint(900, 1497),
            left_ago=left,
            reason=rng.choice(["Retired.", "Moved to a national role.", "Left the NHS."]),
        )
    pl.member(c, _one(pl, "persona:centre"), Role.GUEST, 300, how="invitation")
    director = [
        i for i in pl._pool("local_authority") if "adult social care" in pl.people[i].affiliations[-1].role_title
    ]
    if director:
        pl.member(c, director[0], Role.GUEST, 200, how="invitation")
    pl.invite_only(
        c,
        "chief.executive@fens-icb.example.org",
        status=InvitationStatus.PENDING,
        sent_ago=8,
        message="Our spring meeting is in six weeks; we would be glad to have you.",
    )


def improvement(pl: Planner) -> None:
    """(e, part one) The improvement community the special-interest group belongs to."""
    north = (Region.NORTH_EAST_YORKSHIRE, Region.NORTH_WEST)
    managers = pl._pool("manager", region=north)
    c = pl._community(
        "improvement",
        "Northern Cancer Improvement Collaborative",
        CommunityKind.COMMUNITY_OF_PRACTICE,
        Privacy.OPEN,
        "People improving cancer care in the North of England, learning from each other's tests of change. "
        "Anyone may join; special-interest groups form around particular questions.",
        created_ago=1350,
        creator=managers[0],
        stages=[(1330, Lifecycle.ACTIVE)],
    )
    tom = _one(pl, "persona:core")
    pl.member(c, tom, Role.MEMBER, 900)
    people: list[int] = []
    for group, n in (
        ("manager", 14),
        ("cancer_nurse", 12),
        ("gp", 12),
        ("ahp", 6),
        ("practice_nurse", 6),
        ("researcher", 4),
        ("pharmacist", 3),
        ("commissioner", 3),
        ("patient", 4),
    ):
        pool = pl._pool(group, exclude=c.open_people, region=north)
        local = sum(1 for i in pool if pl.people[i].region in north)
        people += pl._sample(pool, n, prefer_first=local)
    members = pl.crowd(c, people, leave_percent=10, recent=3)
    pl.promote_some(members, 6, Role.CORE_MEMBER)


def lay_panel(pl: Planner) -> None:
    """(f) Patients and carers who advise the national programme."""
    founder = pl._staff_of("charity_bright")[0]
    c = pl._community(
        "lay_panel",
        "Cancer Lay Partners' Panel",
        CommunityKind.LAY_PANEL,
        Privacy.PRIVATE,
        "Patients and carers who advise the National Cancer Programme and the networks. We read drafts "
        "before anyone else, say what is missing and check that what comes back is in plain English. "
        "Travel is paid and papers come in the format you need.",
        created_ago=1200,
        creator=founder,
        stages=[(1170, Lifecycle.ACTIVE)],
    )
    pl.member(c, _one(pl, "persona:centre"), Role.SPONSOR, 1150, how="invitation")
    pl.member(c, _one(pl, "persona:lay"), Role.LAY_PARTNER, 1150, how="invitation")
    lay = pl._sample(pl._pool("patient", "carer"), 17)
    pl.crowd(c, lay, Role.LAY_PARTNER, leave_percent=12, recent=1)
    pl.invite_only(
        c,
        "mo.hassan.carer@example.net",
        status=InvitationStatus.PENDING,
        sent_ago=4,
        role=Role.LAY_PARTNER,
        message="Grace suggested you; we'd love you to join us.",
    )
    pl.invite_only(c, "pat.oduya@example.com", status=InvitationStatus.EXPIRED, sent_ago=80, role=Role.LAY_PARTNER)


def self_managing_team(pl: Planner) -> None:
    """(g) A neighbourhood nursing team that organises itself by advice process."""
    rng = pl.rng
    nurses = pl._pool("practice_nurse", region=(Region.LONDON,))
    c = pl._community(
        "smt",
        "Riverside Neighbourhood Nursing Team",
        CommunityKind.SELF_MANAGING_TEAM,
        Privacy.PRIVATE,
        "A self-managing team of nurses and therapists caring for people at home, many of them living "
        "with cancer. We have no manager: anyone may make a decision after seeking advice from those it "
        "affects and those who know most about it (the advice process). The convenor role rotates yearly.",
        created_ago=900,
        creator=nurses[0],
        stages=[(860, Lifecycle.ACTIVE)],
    )
    team = pl._sample(nurses[1:], 7) + pl._sample(pl._pool("ahp"), 3) + pl._sample(pl._pool("pharmacist"), 1)
    memberships = [pl.member(c, index, Role.CORE_MEMBER, rng.randint(860, 898)) for index in team]
    pl.promote(memberships[0], Role.CONVENOR, 500)
    pl.promote(c.open_people[nurses[0]], Role.CORE_MEMBER, 495)
    leaver = memberships[-2]
    if leaver:
        leaver.left_ago, leaver.left_reason, leaver.status = 160, "Moved to a hospice post.", "left"
        c.open_people.pop(leaver.person, None)


def acute_oncology(pl: Planner) -> None:
    """(h) A forum that has gone quiet: dormant, its members still listed."""
    nurses = pl._pool("cancer_nurse")
    c = pl._community(
        "aon",
        "Acute Oncology Nurses Forum",
        CommunityKind.COMMUNITY_OF_PRACTICE,
        Privacy.OPEN,
        "Nurses who look after people with cancer who become acutely unwell, sharing protocols and cases. "
        "Quiet for now: most of our conversations moved into the Cancer Nurse Specialists Community.",
        created_ago=1750,
        creator=nurses[-1],
        stages=[(1740, Lifecycle.ACTIVE), (420, Lifecycle.DORMANT)],
    )
    pl.member(c, _one(pl, "persona:convenor"), Role.MEMBER, 1700)
    pl.crowd(c, pl._sample(nurses[:-1], 38), leave_percent=15)


def pharmacists(pl: Planner) -> None:
    """(h) A dormant special-interest group, restricted."""
    pharmacists_ = pl._pool("pharmacist")
    pl_community = pl._community(
        "pharm",
        "Cancer Pharmacists' Special Interest Group",
        CommunityKind.SPECIAL_INTEREST_GROUP,
        Privacy.RESTRICTED,
        "Pharmacists in hospitals, practices and prisons working on the safe use of cancer medicines.",
        created_ago=1300,
        creator=pharmacists_[0],
        stages=[(1290, Lifecycle.ACTIVE), (250, Lifecycle.DORMANT)],
        learning_question="How do we keep people on oral anticancer medicines safe once they are back at home?",
    )
    pl.crowd(pl_community, pharmacists_[1:14], leave_percent=15)


def faster_diagnosis_pilot(pl: Planner) -> None:
    """(h) A project that finished: closed with a note, kept as an archive."""
    gps = pl._pool("gp")
    c = pl._community(
        "pilot",
        "Faster Diagnosis Pilot Project Team",
        CommunityKind.PROJECT_TEAM,
        Privacy.PRIVATE,
        "Twelve practices testing a checklist for following up urgent referrals for suspected cancer.",
        created_ago=1400,
        creator=gps[3],
        stages=[(1380, Lifecycle.ACTIVE), (380, Lifecycle.CLOSED)],
        closing_note=(
            "The pilot ran in twelve practices for eighteen months and cut the median time from referral "
            "to diagnosis by nine days. Our report and the referral checklist are now part of the national "
            "toolkit, and the GP Cancer Community carries the work on. Thank you, everyone."
        ),
    )
    pl.member(c, _one(pl, "persona:core"), Role.CORE_MEMBER, 1390)
    people = (
        pl._sample(gps[10:95], 6)
        + pl._sample(pl._pool("manager"), 3)
        + pl._sample(pl._pool("patient"), 1)
        + pl._sample(pl._pool("researcher"), 1)
    )
    pl.crowd(c, people, leave_percent=25)


def induction_series(pl: Planner) -> None:
    """(h) A meeting series for new leads that closed once its job was done."""
    c = pl._community(
        "induction",
        "New Cancer Leads Induction Series",
        CommunityKind.MEETING_SERIES,
        Privacy.RESTRICTED,
        "Eight sessions for people new to a cancer network lead role: the job, the data and the people.",
        created_ago=1500,
        creator=_one(pl, "facilitator"),
        stages=[(1490, Lifecycle.ACTIVE), (1000, Lifecycle.CLOSED)],
        closing_note=(
            "Forty-one new leads took part over eight sessions. Most now meet in the National Cancer Leads "
            "Network, which offers induction one to one, so this series has closed."
        ),
    )
    pl.member(
        c,
        _one(pl, "persona:convenor"),
        Role.MEMBER,
        1495,
        left_ago=1200,
        reason="Came to share what I learned as a new lead; the sessions are in good hands.",
    )
    leads = pl._sample(pl._pool("lead", "former_lead"), 14)
    pl.crowd(c, leads, leave_percent=25)


def carers_network(pl: Planner) -> None:
    """A network just forming, started a few weeks ago."""
    founder = pl._staff_of("charity_carers")[0]
    c = pl._community(
        "carers",
        "Carers in Cancer Care Network",
        CommunityKind.NETWORK,
        Privacy.OPEN,
        "Carers and the people who support them, sharing what helps when someone you love has cancer. "
        "We are just getting started: come and help shape it.",
        created_ago=18,
        creator=founder,
    )
    pl.member(c, _one(pl, "persona:lay"), Role.LAY_PARTNER, 15)
    pl.crowd(c, pl._sample(pl._pool("carer"), 4) + pl._sample(pl._pool("charity"), 1), leave_percent=0)
    pl.invite_only(
        c,
        pl.people[_one(pl, "persona:core")].email,
        status=InvitationStatus.PENDING,
        sent_ago=10,
        message="We'd value a GP's view as we get going.",
    )


def release_project(pl: Planner) -> None:
    """A private project team in its first weeks."""
    nhs = pl._pool("prison_nhs")
    c = pl._community(
        "release",
        "Prison Release Continuity of Care Project",
        CommunityKind.PROJECT_TEAM,
        Privacy.PRIVATE,
        "Making sure people leaving prison mid-way through cancer treatment keep their appointments, "
        "medicines and GP registration.",
        created_ago=40,
        creator=nhs[-1],
    )
    people = (
        pl._sample(nhs[:-1], 2)
        + pl._sample(pl._pool("local_authority"), 1)
        + pl._sample(pl._pool("gp"), 1)
        + pl._sample(pl._pool("commissioner"), 1)
    )
    pl.crowd(c, people, leave_percent=0)


def nurse_specialists(pl: Planner) -> None:
    """A large, lively open community of practice."""
    nurses = pl._pool("cancer_nurse")
    c = pl._community(
        "cns",
        "Cancer Nurse Specialists Community",
        CommunityKind.COMMUNITY_OF_PRACTICE,
        Privacy.OPEN,
        "Clinical nurse specialists, navigators and support workers in cancer care, sharing practice, "
        "questions and the occasional rant.",
        created_ago=1700,
        creator=nurses[1],
        stages=[(1690, Lifecycle.ACTIVE)],
    )
    pl.promote(pl.member(c, _one(pl, "persona:convenor"), Role.MEMBER, 1650), Role.CORE_MEMBER, 1200)
    people = (
        nurses[2:]
        + pl._sample(pl._pool("practice_nurse"), 14)
        + pl._sample(pl._pool("prison_nhs"), 5)
        + pl._sample(pl._pool("ahp"), 6)
    )
    people += pl._sample(pl._pool("lead_nurse"), 20)
    members = pl.crowd(c, people, leave_percent=12, recent=4)
    pl.promote_some(members, 5, Role.CORE_MEMBER)


def research_forum(pl: Planner) -> None:
    """An open forum where researchers, clinicians and lay partners meet."""
    researchers = pl._pool("researcher")
    c = pl._community(
        "research",
        "Living With and Beyond Cancer Research Forum",
        CommunityKind.COMMUNITY_OF_PRACTICE,
        Privacy.OPEN,
        "Researchers, clinicians and people with lived experience shaping research on life after cancer "
        "treatment, from the first question to the last dissemination event.",
        created_ago=1000,
        creator=researchers[0],
        stages=[(970, Lifecycle.ACTIVE)],
        learning_question="Which questions about life after cancer matter most to patients, and who is answering them?",
    )
    pl.member(c, _one(pl, "persona:lay"), Role.LAY_PARTNER, 500)
    people = (
        researchers[1:16]
        + pl._sample(pl._pool("cancer_nurse"), 10)
        + pl._sample(pl._pool("ahp"), 6)
        + pl._sample(pl._pool("patient", "carer"), 8)
    )
    pl.crowd(c, people, leave_percent=10, recent=2)


def managers_meetings(pl: Planner) -> None:
    """A private meeting series convened by the national team."""
    c = pl._community(
        "managers",
        "Regional Cancer Managers' Meetings",
        CommunityKind.MEETING_SERIES,
        Privacy.PRIVATE,
        "Monthly online meetings of cancer network managers and the national team: performance, "
        "planning and the practicalities behind both.",
        created_ago=1200,
        creator=_one(pl, "persona:centre"),
        stages=[(1190, Lifecycle.ACTIVE)],
    )
    managers = pl._sample(pl._pool("lead_manager"), 20) + pl._sample(pl._pool("former_lead_manager"), 3)
    pl.crowd(c, managers, leave_percent=10, recent=1)
    pl.crowd(c, pl._sample(pl._pool("national"), 4), leave_percent=0)


def commissioners(pl: Planner) -> None:
    """A restricted peer network for commissioners."""
    people = pl._pool("commissioner")
    c = pl._community(
        "commissioners",
        "ICB Cancer Commissioners' Peer Network",
        CommunityKind.PEER_NETWORK,
        Privacy.RESTRICTED,
        "Commissioners of cancer services in integrated care boards and councils, comparing notes on "
        "contracts, data and what actually changes outcomes.",
        created_ago=800,
        creator=people[0],
        stages=[(780, Lifecycle.ACTIVE)],
    )
    pl.crowd(c, people[1:] + pl._sample(pl._pool("manager"), 3), leave_percent=8, recent=1)


def community_pharmacy(pl: Planner) -> None:
    """A young special-interest group with a learning question."""
    pharmacists_ = pl._pool("pharmacist")
    c = pl._community(
        "pharmacy",
        "Community Pharmacy Early Diagnosis Group",
        CommunityKind.SPECIAL_INTEREST_GROUP,
        Privacy.OPEN,
        "Community pharmacists and GPs exploring how pharmacies can spot possible cancer symptoms sooner.",
        created_ago=120,
        creator=pharmacists_[-1],
        stages=[(60, Lifecycle.ACTIVE)],
        learning_question="Can community pharmacists spot possible cancer symptoms earlier, and how should they refer?",
    )
    people = pl._sample(pharmacists_[:-1], 9) + pl._sample(pl._pool("gp"), 3) + pl._sample(pl._pool("patient"), 1)
    pl.crowd(c, people, leave_percent=0, recent=3)


def help_and_feedback(pl: Planner) -> None:
    """The administrator's community: questions about using Groundswell."""
    c = pl._community(
        "help",
        "Groundswell Help and Feedback",
        CommunityKind.COMMUNITY_OF_PRACTICE,
        Privacy.OPEN,
        "Ask how to do something on Groundswell, tell us what gets in your way, and hear about changes first.",
        created_ago=1790,
        creator=_one(pl, "persona:admin"),
        stages=[(1785, Lifecycle.ACTIVE)],
    )
    everyone = [p.index for p in pl.people if not p.persona]
    pl.crowd(c, pl._sample(everyone, 45), leave_percent=20, recent=2)
