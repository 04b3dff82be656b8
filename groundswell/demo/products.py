"""Load the demo's products and their social life.

* The GP Cancer Community's safety-netting guidance, from an idea at a workshop five years ago
  through drafts, a lay review, consultation, endorsement by the Royal College of Primary Care,
  publication, presentations, citations in policy and adoption by integrated care boards, to a
  second edition; with a report of use from outside Groundswell still waiting to be verified.
* The National Cancer Leads Network's faster-diagnosis toolkit, born at its first Leads' day.
* Products still being written, with comments: a standard "not cancer" result letter (the
  network with the Lay Partners' Panel), the panel's own report (a private community's draft),
  guidance on living with cancer, and the prison network's release checklist.

Rows are written in bulk with their real dates, with the activity-stream entries the actions
would have recorded (the sanctioned seed exception described in ``groundswell.demo.network``);
the uptake ladder is then computed by ``products.actions.refresh_rung``, as after any event.
Version files are small PDFs made here.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community, Membership, Role
from groundswell.demo.personas import PERSONAS
from groundswell.demo.plan import SEED
from groundswell.gatherings.models import Format, Gathering, GatheringStatus
from groundswell.lib.dates import DatePrecision, normalise
from groundswell.people.models import Organisation, Person
from groundswell.products import actions
from groundswell.products.models import (
    AuthorRole,
    Authorship,
    DownloadMonth,
    EventKind,
    LifeEvent,
    Product,
    ProductKind,
    Stage,
    StageChange,
    Version,
    VersionComment,
)

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines of text (PDF 1.4, Helvetica, A4)."""

    def text(value: str) -> bytes:
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return escaped.encode("latin-1", "replace")

    ops = [b"BT", b"/F1 18 Tf", b"72 770 Td", b"(" + text(title) + b") Tj", b"/F1 11 Tf"]
    for line in lines:
        ops += [b"0 -20 Td", b"(" + text(line) + b") Tj"]
    ops.append(b"ET")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@dataclass
class Staged:
    """One product's rows, written together at the end."""

    product: Product
    communities: list[Community]
    stages: list[StageChange] = field(default_factory=list)
    versions: list[tuple[Version, list[tuple[Person, str, datetime.datetime]]]] = field(default_factory=list)
    authors: list[Authorship] = field(default_factory=list)
    events: list[LifeEvent] = field(default_factory=list)
    downloads: list[DownloadMonth] = field(default_factory=list)


class Loader:
    def __init__(self, now: datetime.datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.rng = random.Random(SEED + 11)
        self.personas = {p.key: Person.objects.get(email=p.email) for p in PERSONAS}
        self.communities = {c.slug: c for c in Community.objects.all()}
        self.orgs = {o.name: o for o in Organisation.objects.all()}
        self.staged: list[Staged] = []
        self.activities: list[Activity] = []

    # -- time and people ----------------------------------------------------------------

    def day(self, ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=ago)

    def at(self, ago: int | datetime.date, hour: int = 11) -> datetime.datetime:
        day = self.day(ago) if isinstance(ago, int) else ago
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, self.rng.randrange(60))))
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def convenor(self, slug: str) -> Person:
        membership = (
            Membership.objects.active()
            .filter(community=self.communities[slug], role=Role.CONVENOR)
            .select_related("person")
            .order_by("joined_at", "pk")
            .first()
        )
        assert membership is not None
        return membership.person

    def members(self, slug: str, *roles: str) -> list[Person]:
        memberships = Membership.objects.active().filter(community=self.communities[slug])
        if roles:
            memberships = memberships.filter(role__in=roles)
        return [m.person for m in memberships.select_related("person").order_by("person__display_name", "pk")]

    def org(self, name: str) -> Organisation:
        return self.orgs[name]

    def leads_day(self, number: int) -> Gathering:
        return Gathering.objects.get(
            community=self.communities["national-cancer-leads-network"],
            series__title="Leads' days",
            number_in_series=number,
        )

    def record(self, verb: str, actor: Person | None, staged: Staged, when: datetime.datetime, **data: Any) -> None:
        for community in staged.communities:
            self.activities.append(
                Activity(
                    actor=actor,
                    verb=verb,
                    target_type="product",
                    target_id=staged.product.pk,
                    target_label=staged.product.title[:300],
                    community=community,
                    created_at=when,
                    data=data,
                )
            )

    # -- building a product's life ------------------------------------------------------

    def product(
        self, slugs: list[str], *, by: Person, created_ago: int, title: str, kind: str, **fields: Any
    ) -> Staged:
        created = self.at(created_ago, 10)
        product = Product.objects.create(
            title=title, kind=kind, created_by=by, created_at=created, updated_at=created, **fields
        )
        communities = [self.communities[slug] for slug in slugs]
        product.communities.set(communities)
        staged = Staged(product, communities)
        self.staged.append(staged)
        self.record("created_product", by, staged, created)
        return staged

    def stage(self, staged: Staged, stage: str, ago: int, *, by: Person, precision: str = DAY, note: str = "") -> None:
        on = normalise(self.day(ago), precision)
        staged.stages.append(
            StageChange(
                product=staged.product,
                stage=stage,
                on=on,
                precision=precision,
                note=note,
                by=by,
                created_at=self.at(ago),
            )
        )
        self.record("moved_product_stage", by, staged, self.at(ago), stage=stage)

    def version(
        self,
        staged: Staged,
        label: str,
        ago: int,
        *,
        by: Person,
        summary: str = "",
        released_ago: int | None = None,
        link: str = "",
        comments: Sequence[tuple[Person, str, int]] = (),
    ) -> None:
        product = staged.product
        version = Version(
            product=product,
            number=len(staged.versions) + 1,
            label=label,
            change_summary=summary,
            added_by=by,
            created_at=self.at(ago),
            released_on=self.day(released_ago) if released_ago is not None else None,
            link=link,
        )
        if not link:
            lines = [f"Version {label}", summary[:90], "", "A demonstration document from the Groundswell demo."]
            raw = pdf(product.title[:70], lines)
            name = default_storage.save(f"products/{product.pk}/{uuid.uuid4().hex}.pdf", ContentFile(raw))
            version.file.name = name
            version.extension, version.content_type, version.size = "pdf", "application/pdf", len(raw)
        staged.versions.append((version, [(person, body, self.at(ago_)) for person, body, ago_ in comments]))
        self.record("added_version", by, staged, self.at(ago), version=label)

    def author(
        self, staged: Staged, role: str, person: Person | None = None, *, name: str = "", organisation: str = ""
    ) -> None:
        org = self.orgs.get(organisation) if organisation else None
        if person is not None and org is None and not organisation:
            current = person.affiliations.order_by("-start_date", "-pk").select_related("organisation").first()
            org = current.organisation if current is not None and current.end_date is None else None
        staged.authors.append(
            Authorship(
                product=staged.product,
                person=person,
                name=name if person is None else "",
                organisation=org,
                organisation_name=organisation if org is None else "",
                role=role,
                position=len(staged.authors) + 1,
                added_by=staged.product.created_by,
                created_at=staged.product.created_at,
            )
        )

    def event(
        self,
        staged: Staged,
        kind: str,
        ago: int,
        *,
        by: Person | None,
        precision: str = DAY,
        org: str = "",
        venue: str = "",
        gathering: Gathering | None = None,
        audience: int | None = None,
        link: str = "",
        evidence: str = "",
        verified_by: Person | None = None,
        reporter_email: str = "",
    ) -> None:
        when = self.at(ago, 14)
        organisation = self.orgs.get(org) if org else None
        staged.events.append(
            LifeEvent(
                product=staged.product,
                kind=kind,
                occurred_on=normalise(self.day(ago), precision),
                date_precision=precision,
                organisation=organisation,
                organisation_name=org if organisation is None else "",
                venue=venue,
                gathering=gathering,
                audience_size=audience,
                link=link,
                evidence=evidence,
                recorded_by=by,
                verified=verified_by is not None,
                verified_by=verified_by,
                verified_at=when + datetime.timedelta(days=2) if verified_by else None,
                reporter_email=reporter_email,
                created_at=when,
            )
        )
        self.record("recorded_life_event", by, staged, when, kind=kind, verified=verified_by is not None)

    def downloads(self, staged: Staged, since_ago: int, monthly: tuple[int, int]) -> None:
        month = self.day(since_ago).replace(day=1)
        this_month = self.today.replace(day=1)
        while month <= this_month:
            staged.downloads.append(
                DownloadMonth(product=staged.product, month=month, count=self.rng.randint(*monthly))
            )
            month = (month + datetime.timedelta(days=32)).replace(day=1)

    # -- the products -------------------------------------------------------------------

    def safety_netting(self) -> None:
        """The GP Cancer Community's guidance: five years from an idea to adoption by ICBs."""
        gp = "gp-cancer-community"
        tom, grace, priya = self.personas["core"], self.personas["lay"], self.personas["centre"]
        convenor = self.convenor(gp)
        core = [p for p in self.members(gp, Role.CORE_MEMBER) if p != tom]
        lay = [p for p in self.members(gp, Role.LAY_PARTNER) if p != grace]
        gps = self.members(gp, Role.MEMBER)
        workshop = self.workshop()
        s = self.product(
            [gp],
            by=convenor,
            created_ago=1785,
            title="Safety-netting in primary care: guidance for GPs",
            kind=ProductKind.GUIDELINE,
            summary="How to safety-net a patient whose symptoms could be cancer after a normal test: what to say, "
            "what to write down, and when to look again. Written by GPs with patients and carers.",
            audience="GPs, practice nurses and the teams who handle test results",
            licence="CC BY 4.0",
            doi="10.5555/gp-safety-netting.2022",
        )
        s.product.born_at.add(workshop)
        self.author(s, AuthorRole.LEAD_AUTHOR, convenor)
        self.author(s, AuthorRole.LEAD_AUTHOR, tom)
        for person in core[:3]:
            self.author(s, AuthorRole.CONTRIBUTOR, person)
        self.author(s, AuthorRole.CONTRIBUTOR, name="Prof. Ruth Okonjo", organisation="Humber University")
        self.author(s, AuthorRole.LAY_REVIEWER, grace)
        if lay:
            self.author(s, AuthorRole.LAY_REVIEWER, lay[0])
        self.author(s, AuthorRole.EDITOR, core[3] if len(core) > 3 else convenor)

        self.stage(s, Stage.IDEA, 1785, by=convenor, precision=MONTH, note="A table at the workshop asked for it.")
        self.stage(s, Stage.DRAFTING, 1650, by=convenor, precision=MONTH)
        self.version(
            s,
            "Draft 1",
            1600,
            by=tom,
            summary="First draft from the writing group.",
            comments=[
                (gps[0], "The section on blood tests needs to say who chases a result that never comes back.", 1590),
                (
                    grace,
                    "As a carer I would want the leaflet to say what to do out of hours, not just 'come back'.",
                    1585,
                ),
                (core[0], "Agree with Grace. Also: what about patients who do not read English?", 1580),
            ],
        )
        self.event(
            s,
            EventKind.DRAFT_CIRCULATED,
            1598,
            by=tom,
            evidence="Sent to the community and to the Lay Partners' Panel for a first read.",
            verified_by=convenor,
        )
        self.version(
            s,
            "Draft 2",
            1380,
            by=tom,
            summary="Rewritten after the lay review: out-of-hours advice, plain-English patient wording, translations.",
            comments=[
                (lay[0] if lay else grace, "Much clearer. The 'three questions to ask' box is the best part.", 1370),
                (gps[1], "Can we add a worked example for a normal chest X-ray?", 1365),
            ],
        )
        self.stage(s, Stage.CONSULTATION, 1210, by=convenor, note="Six weeks, open to every GP in the community.")
        self.version(
            s,
            "Consultation draft",
            1210,
            by=convenor,
            summary="For consultation.",
            comments=[
                (gps[2], "Our practice tried the template for a month: it works, but the coding needs fixing.", 1190),
                (gps[3], "Please add what to do when a patient declines the follow-up test.", 1180),
                (tom, "Thank you all: 43 comments so far, we will answer each one.", 1172),
            ],
        )
        self.event(
            s,
            EventKind.COMMENT_RECEIVED,
            1165,
            by=tom,
            evidence="43 comments from 29 practices during the consultation.",
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.REVISED,
            1100,
            by=tom,
            precision=MONTH,
            evidence="Every consultation comment answered in a published table.",
            verified_by=convenor,
        )
        self.stage(s, Stage.ENDORSED, 1000, by=convenor, note="Endorsed by the Royal College of Primary Care.")
        self.event(
            s,
            EventKind.ENDORSED,
            1000,
            by=convenor,
            org="Royal College of Primary Care",
            link="https://example.org/rcpc/endorsements/safety-netting",
            verified_by=convenor,
        )
        self.version(s, "1.0", 955, by=convenor, summary="The first edition.", released_ago=950)
        self.stage(s, Stage.PUBLISHED, 950, by=convenor)
        self.event(
            s,
            EventKind.MENTIONED_MEDIA,
            930,
            by=tom,
            venue="General Practice Today (magazine)",
            link="https://example.org/gp-today/safety-netting",
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.PRESENTED,
            900,
            by=tom,
            venue="Primary Care Cancer Conference, Harrogate",
            audience=400,
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.CITED_ACADEMIC,
            820,
            by=tom,
            precision=MONTH,
            evidence="Cited in a survey of safety-netting practice in the Journal of Primary Care Practice.",
            link="https://doi.org/10.5555/jpcp.2023.118",
            verified_by=convenor,
        )
        self.stage(s, Stage.IN_USE, 760, by=convenor, note="Practices across England use it.")
        self.event(
            s,
            EventKind.ADOPTED,
            680,
            by=priya,
            org="NHS Tyne, Tees and Humber Integrated Care Board",
            evidence="Adopted as the ICB's safety-netting standard for all practices.",
            link="https://example.org/icb-tth/board-papers/2023-09",
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.CITED_POLICY,
            700,
            by=priya,
            org="National Cancer Programme",
            evidence="Cited in the faster diagnosis operational guidance, section 4.",
            link="https://example.org/ncp/faster-diagnosis-guidance",
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.ADOPTED,
            620,
            by=priya,
            org="NHS Lancashire and Lakes Integrated Care Board",
            evidence="Built into the ICB's primary care contract specification.",
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.ADAPTED_LOCALLY,
            600,
            by=gps[0],
            org="Priory Lane Surgery",
            evidence="Turned into the practice's results protocol, with a template in the clinical system.",
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.REFERENCED_IN_GUIDELINE,
            560,
            by=tom,
            org="Royal College of Cancer Nursing",
            evidence="Referenced in the College's guidance for nurses on suspected-cancer pathways.",
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.CITED_POLICY,
            500,
            by=priya,
            org="Department for Health and Care",
            evidence="Named as an example of good practice in the early diagnosis policy paper.",
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.ADOPTED,
            450,
            by=priya,
            org="NHS Peninsula and Severn Integrated Care Board",
            verified_by=convenor,
            evidence="Adopted with a local audit of safety-netting codes.",
        )
        self.stage(s, Stage.REVISED, 380, by=convenor, note="A second edition: safety-netting after a normal FIT.")
        self.version(
            s, "1.1 draft", 380, by=tom, summary="Adds safety-netting after a normal faecal immunochemical test (FIT)."
        )
        self.event(
            s,
            EventKind.TRANSLATED,
            350,
            by=grace,
            org="Mosaic Community Health Trust",
            evidence="The patient box translated into Polish, Urdu and Bengali.",
            verified_by=convenor,
        )
        self.version(s, "1.1", 305, by=convenor, summary="Second edition, with FIT.", released_ago=300)
        self.stage(s, Stage.PUBLISHED, 300, by=convenor, note="Second edition.")
        self.stage(s, Stage.IN_USE, 200, by=convenor)
        self.event(
            s,
            EventKind.PRESENTED,
            160,
            by=self.personas["convenor"],
            gathering=self.leads_day(3),
            audience=85,
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.DISCUSSED_AT_GATHERING,
            100,
            by=tom,
            gathering=self.leads_day(4),
            evidence="The leads asked for it to be shared with every network's primary care lead.",
            verified_by=convenor,
        )
        self.event(
            s,
            EventKind.ADOPTED,
            90,
            by=priya,
            org="NHS North Thames Integrated Care Board",
            verified_by=convenor,
            evidence="Adopted across the ICB's 40 primary care networks.",
        )
        # Reported from outside Groundswell and confirmed by email: waiting for the convenor.
        self.event(
            s,
            EventKind.ADOPTED,
            5,
            by=None,
            org="Harbour Road Practice",
            evidence="We use the patient box in every consultation where a test comes back normal.",
            reporter_email="practice.manager@harbour-road.example.net",
        )
        self.downloads(s, 950, (40, 260))

    def workshop(self) -> Gathering:
        """The GP community's workshop where the guidance was born (written directly, like the rest)."""
        community = self.communities["gp-cancer-community"]
        starts = self.at(1790, 13)
        return Gathering.objects.create(
            community=community,
            title="What keeps you awake? A workshop on results and safety-netting",
            purpose="GPs and patients on the results that worry us most.",
            format=Format.IN_PERSON,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            status=GatheringStatus.HELD,
            place="Leeds Trinity Centre",
            created_by=self.convenor("gp-cancer-community"),
            created_at=starts - datetime.timedelta(days=40),
            updated_at=starts,
        )

    def gp_others(self) -> None:
        gp = "gp-cancer-community"
        tom, grace = self.personas["core"], self.personas["lay"]
        convenor = self.convenor(gp)
        gps = self.members(gp, Role.MEMBER)
        living = self.product(
            [gp],
            by=tom,
            created_ago=420,
            title="Living with cancer: care in general practice",
            kind=ProductKind.GUIDELINE,
            summary="What good care looks like in general practice for people living with cancer and its "
            "treatment, for the years after diagnosis.",
            audience="GPs and practice teams",
        )
        self.author(living, AuthorRole.LEAD_AUTHOR, tom)
        self.author(living, AuthorRole.LAY_REVIEWER, grace)
        self.author(living, AuthorRole.CONTRIBUTOR, gps[5])
        self.author(living, AuthorRole.CONTRIBUTOR, gps[6])
        self.stage(living, Stage.IDEA, 420, by=tom, precision=MONTH)
        self.stage(living, Stage.DRAFTING, 200, by=tom)
        self.version(
            living,
            "Draft 1",
            150,
            by=tom,
            summary="Outline and the first three sections.",
            comments=[
                (gps[5], "Section 2 could say more about fatigue and returning to work.", 140),
                (grace, "Please include carers: we are often the ones who notice things first.", 138),
            ],
        )
        self.version(
            living,
            "Draft 2",
            40,
            by=tom,
            summary="All sections drafted; carers added throughout.",
            comments=[
                (grace, "This is much better. The carers' section made me cry, in a good way.", 35),
                (gps[6], "The prescribing table needs checking by a pharmacist.", 30),
                (convenor, "Let's take it to consultation after the lunchtime session.", 12),
            ],
        )
        self.event(
            living,
            EventKind.DRAFT_CIRCULATED,
            38,
            by=tom,
            evidence="Shared with the community for comment.",
            verified_by=convenor,
        )

        templates = self.product(
            [gp],
            by=convenor,
            created_ago=600,
            title="Safety-netting templates for practice systems",
            kind=ProductKind.TOOLKIT,
            summary="Templates and codes for the main practice systems that put the guidance into everyday use.",
            audience="Practice managers and clinical system leads",
            licence="Open Government Licence v3.0",
        )
        self.author(templates, AuthorRole.LEAD_AUTHOR, convenor)
        self.author(templates, AuthorRole.CONTRIBUTOR, gps[0])
        self.stage(templates, Stage.DRAFTING, 600, by=convenor, precision=MONTH)
        self.version(templates, "Beta", 400, by=convenor, summary="Tested in four practices.")
        self.version(
            templates, "1.0", 262, by=convenor, summary="Templates for the three main systems.", released_ago=260
        )
        self.stage(templates, Stage.PUBLISHED, 260, by=convenor)
        self.event(
            templates,
            EventKind.ADOPTED,
            120,
            by=convenor,
            org="NHS Black Country and Trent Integrated Care Board",
            evidence="Installed in every practice's system by the ICB's digital team.",
            verified_by=convenor,
        )
        self.downloads(templates, 260, (15, 90))

        leaflet = self.product(
            [gp, "cancer-lay-partners-panel"],
            by=grace,
            created_ago=700,
            title="What safety-netting means for you: a leaflet for patients",
            kind=ProductKind.PATIENT_INFORMATION,
            summary="A two-page leaflet, written with patients and carers, that explains why the GP asks you to "
            "come back and what to look out for.",
            audience="Patients and carers",
            licence="CC BY-NC 4.0",
        )
        self.author(leaflet, AuthorRole.LEAD_AUTHOR, grace)
        self.author(leaflet, AuthorRole.CONTRIBUTOR, tom)
        self.stage(leaflet, Stage.DRAFTING, 700, by=grace, precision=MONTH)
        self.version(leaflet, "Reading-day draft", 620, by=grace)
        self.version(leaflet, "1.0", 505, by=grace, released_ago=500)
        self.stage(leaflet, Stage.PUBLISHED, 500, by=convenor)
        self.event(
            leaflet,
            EventKind.ENDORSED,
            470,
            by=grace,
            org="Northern Cancer Voices",
            verified_by=convenor,
            evidence="Endorsed by the patient group's committee.",
        )
        self.downloads(leaflet, 500, (20, 140))

    def leads_toolkit(self) -> None:
        """The national network's toolkit, born at its first Leads' day."""
        network = "national-cancer-leads-network"
        amara, priya = self.personas["convenor"], self.personas["centre"]
        leads = self.members(network, Role.CORE_MEMBER)
        lay = self.members(network, Role.LAY_PARTNER)
        born = self.leads_day(1)
        start = (self.today - timezone.localdate(born.starts_at)).days
        s = self.product(
            [network],
            by=amara,
            created_ago=start,
            title="Faster diagnosis toolkit for local cancer networks",
            kind=ProductKind.TOOLKIT,
            summary="What local networks found works in meeting the 28-day faster diagnosis standard: protected "
            "diagnostic slots, straight-to-test pathways and telling patients when it is not cancer.",
            audience="Local cancer network leads and their trusts",
            licence="Open Government Licence v3.0",
        )
        s.product.born_at.add(born)
        self.author(s, AuthorRole.EDITOR, amara)
        for person in leads[:4]:
            self.author(s, AuthorRole.CONTRIBUTOR, person)
        if lay:
            self.author(s, AuthorRole.LAY_REVIEWER, lay[0])
        self.stage(s, Stage.IDEA, start, by=amara, note="Tables 1 and 3 at the first Leads' day.")
        self.stage(s, Stage.DRAFTING, start - 14, by=amara)
        self.version(
            s,
            "Draft",
            start - 30,
            by=amara,
            summary="What the tables heard, organised as a toolkit.",
            comments=[
                (leads[0], "Add the ring-fenced CT slot model from our network.", start - 35),
                (leads[1], "The 'not cancer' letter should link to the standard we are drafting.", start - 36),
            ],
        )
        self.event(
            s,
            EventKind.DISCUSSED_AT_GATHERING,
            start - 60,
            by=amara,
            gathering=self.leads_day(2),
            evidence="Each network tested the draft against its own pathway.",
            verified_by=amara,
        )
        self.stage(s, Stage.CONSULTATION, start - 70, by=amara)
        self.version(
            s,
            "Consultation draft",
            start - 70,
            by=amara,
            comments=[
                (
                    leads[2],
                    "Our trust cannot do straight-to-test for upper GI yet: say what to do meanwhile.",
                    start - 80,
                ),
            ],
        )
        self.version(s, "1.0", start - 152, by=amara, summary="Published toolkit.", released_ago=start - 150)
        self.stage(s, Stage.PUBLISHED, start - 150, by=amara)
        self.event(s, EventKind.PRESENTED, 100, by=amara, gathering=self.leads_day(4), audience=92, verified_by=amara)
        self.event(
            s,
            EventKind.ADOPTED,
            80,
            by=leads[0],
            org="Tyne and Tees Teaching Hospitals NHS Foundation Trust",
            evidence="Protected CT slots introduced for straight-to-test lung referrals.",
            verified_by=amara,
        )
        self.event(
            s,
            EventKind.CITED_POLICY,
            45,
            by=priya,
            org="National Cancer Programme",
            evidence="Linked from the national faster diagnosis resources page.",
            verified_by=amara,
        )
        self.event(
            s,
            EventKind.ADOPTED,
            20,
            by=leads[1],
            org="Severn Vale University Hospitals NHS Trust",
            evidence="Using the 'not cancer' communication checklist from next month.",
        )
        self.downloads(s, start - 150, (30, 120))

        letter = self.product(
            [network, "cancer-lay-partners-panel"],
            by=amara,
            created_ago=start - 2,
            title="A standard 'not cancer' result letter",
            kind=ProductKind.STANDARD,
            summary="What every patient told they do not have cancer should receive in writing, and by when.",
            audience="Trusts and diagnostic services",
        )
        letter.product.born_at.add(born)
        self.author(letter, AuthorRole.LEAD_AUTHOR, amara)
        self.author(letter, AuthorRole.LAY_REVIEWER, self.personas["lay"])
        self.stage(letter, Stage.IDEA, start, by=amara, note="An action agreed at the first Leads' day.")
        self.stage(letter, Stage.DRAFTING, 90, by=amara)
        self.version(
            letter,
            "Draft 1",
            60,
            by=amara,
            comments=[
                (self.personas["lay"], "Say who to phone if the letter raises questions, with opening hours.", 55),
                (leads[2], "Two weeks is realistic for us; one week is not.", 50),
            ],
        )
        self.stage(letter, Stage.CONSULTATION, 25, by=amara)
        self.version(
            letter,
            "Consultation draft",
            25,
            by=amara,
            summary="For the networks and the panel.",
            comments=[(leads[3], "Could the letter be sent by text message as well?", 10)],
        )

    def private_drafts(self) -> None:
        panel = "cancer-lay-partners-panel"
        grace = self.personas["lay"]
        members = [p for p in self.members(panel, Role.LAY_PARTNER) if p != grace]
        report = self.product(
            [panel],
            by=grace,
            created_ago=90,
            title="Plain English in referral letters: what patients told us",
            kind=ProductKind.REPORT,
            summary="The panel's findings from reading 40 urgent referral letters.",
            audience="The National Cancer Programme",
        )
        self.author(report, AuthorRole.LEAD_AUTHOR, grace)
        for person in members[:2]:
            self.author(report, AuthorRole.CONTRIBUTOR, person)
        self.stage(report, Stage.DRAFTING, 90, by=grace)
        self.version(
            report,
            "Draft 1",
            20,
            by=grace,
            comments=[
                (
                    members[0],
                    "We should quote the letter that used 'two-week wait' four times without explaining it.",
                    15,
                ),
            ],
        )

        prison = "prison-health-network"
        convenor = self.convenor(prison)
        conference = Gathering.objects.filter(community=self.communities[prison]).order_by("starts_at").first()
        checklist = self.product(
            [prison],
            by=convenor,
            created_ago=140,
            title="Continuity of care on release: a checklist",
            kind=ProductKind.FRAMEWORK,
            summary="What has to be in place, and by whom, on the day someone leaves prison: medicines, GP "
            "registration, records and appointments.",
            audience="Prison healthcare teams, probation and community services",
        )
        if conference is not None:
            checklist.product.born_at.add(conference)
        self.author(checklist, AuthorRole.LEAD_AUTHOR, convenor)
        self.stage(checklist, Stage.IDEA, 145, by=convenor, note="From the conference's Open Space sessions.")
        self.stage(checklist, Stage.DRAFTING, 100, by=convenor)
        people = self.members(prison, Role.MEMBER)
        self.version(
            checklist,
            "Draft 1",
            60,
            by=convenor,
            comments=[
                (people[0], "Medicines on the day of release must come first on the list.", 55),
                (people[1], "Add who books the first GP appointment.", 50),
            ],
        )

    # -- writing ------------------------------------------------------------------------

    def write(self) -> None:
        stages, authors, events, downloads, comments = [], [], [], [], []
        for staged in self.staged:
            stages += staged.stages
            authors += staged.authors
            events += staged.events
            downloads += staged.downloads
            created = Version.objects.bulk_create([v for v, _ in staged.versions])
            for version, (_, said) in zip(created, staged.versions, strict=True):
                for person, body, when in said:
                    comments.append(VersionComment(version=version, author=person, body=body, created_at=when))
                    self.record("commented_on_version", person, staged, when, version=version.label)
        StageChange.objects.bulk_create(stages)
        Authorship.objects.bulk_create(authors)
        LifeEvent.objects.bulk_create(events)
        DownloadMonth.objects.bulk_create(downloads)
        VersionComment.objects.bulk_create(comments)
        for staged in self.staged:
            product = staged.product
            ordered = sorted(staged.stages, key=lambda s: (s.on, s.created_at))
            published = [s.on for s in ordered if s.stage == Stage.PUBLISHED]
            last_change = max(
                [s.created_at for s in ordered]
                + [e.created_at for e in staged.events]
                + [v.created_at for v, _ in staged.versions],
                default=product.created_at,
            )
            Product.objects.filter(pk=product.pk).update(
                stage=ordered[-1].stage, published_on=published[0] if published else None, updated_at=last_change
            )
            actions.refresh_rung(product)
        self.activities.sort(key=lambda a: a.created_at)
        Activity.objects.bulk_create(self.activities, batch_size=1000)

    def load(self) -> None:
        self.safety_netting()
        self.gp_others()
        self.leads_toolkit()
        self.private_drafts()
        self.write()


def seed(now: datetime.datetime | None = None) -> None:
    """Write the demo's products (inside the seed's transaction, after the network and gatherings)."""
    Loader(now).load()


def counts() -> dict[str, int]:
    return {
        "products": Product.objects.count(),
        "life events": LifeEvent.objects.count(),
        "versions": Version.objects.count(),
    }
