"""Every write to products, their versions, authors and life events goes through here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from groundswell.chronicle import actions as chronicle
from groundswell.communities.models import Community, Membership, Role
from groundswell.conversations.models import Thread
from groundswell.gatherings.models import Gathering
from groundswell.lib.dates import DatePrecision, last_day, normalise
from groundswell.lib.documents import ACCEPTED, DocumentProblem, UnusableDocumentError, identify
from groundswell.people.actions import ActionError
from groundswell.people.models import Affiliation, Organisation, Person
from groundswell.products import tasks
from groundswell.products.models import (
    AFTER_PUBLICATION,
    GATHERING_KINDS,
    ORGANISATION_KINDS,
    RUNG_OF_KIND,
    AdoptionReport,
    AuthorRole,
    Authorship,
    DownloadMonth,
    EventKind,
    LifeEvent,
    Product,
    Rung,
    Stage,
    StageChange,
    Version,
    VersionComment,
)
from groundswell.stories.models import Story

MAX_VERSION_BYTES = 30 * 1024 * 1024
DOCUMENT_PROBLEMS = {
    DocumentProblem.TOO_BIG: f"The file is larger than {MAX_VERSION_BYTES // (1024 * 1024)} MB.",
    DocumentProblem.EMPTY: "The file is empty.",
    DocumentProblem.WRONG_TYPE: f"Upload a document of one of these kinds: {ACCEPTED}.",
    DocumentProblem.MISMATCH: "The file's content does not match its name: it may be damaged or another kind of file.",
}
# The earliest year a product's history may reach back to.
EARLIEST_YEAR = 1948
# A "we use this" link from an email works for this long.
CONFIRMATION_LIFETIME = datetime.timedelta(days=7)
CONFIRMATION_SALT = "groundswell.products.adoption-report"
# Reports waiting for confirmation per email address per day: enough for a real reader, too
# few to use the form to send mail to strangers.
REPORTS_PER_EMAIL_PER_DAY = 3
# An outside reader's email is kept on their report at most this long, even unverified.
REPORTER_EMAIL_KEPT = datetime.timedelta(days=90)
EDITABLE = ("title", "kind", "summary", "audience", "licence", "doi", "canonical_url")


def _record(verb: str, *, actor: Person | None, target: Any, product: Product, **data: Any) -> None:
    """Record the change in the activity stream of every community that owns the product."""
    for community_id in product.communities.order_by("pk").values_list("pk", flat=True):
        chronicle.record_activity(verb, actor=actor, target=target, community_id=community_id, data=data or None)


def _touch(product: Product) -> None:
    product.updated_at = timezone.now()
    Product.objects.filter(pk=product.pk).update(updated_at=product.updated_at)


def _check_date(day: datetime.date, precision: str, what: str) -> datetime.date:
    if precision not in DatePrecision.values:
        raise ActionError("Say whether the date is a day, a month or a year.")
    day = normalise(day, precision)
    if day > timezone.localdate():
        raise ActionError(f"{what} cannot be in the future.")
    if day.year < EARLIEST_YEAR:
        raise ActionError(f"{what} must be in {EARLIEST_YEAR} or later.")
    return day


def _check_members(by: Person, communities: Iterable[Community]) -> list[Community]:
    wanted = list(dict.fromkeys(communities))
    if not wanted:
        raise ActionError("A product belongs to at least one community.")
    belongs = set(
        Membership.objects.active().filter(person=by, community__in=wanted).values_list("community_id", flat=True)
    )
    outside = [c.name for c in wanted if c.pk not in belongs]
    if outside:
        raise ActionError(f"You can share a product only with communities you belong to (not {', '.join(outside)}).")
    closed = [c.name for c in wanted if c.is_closed]
    if closed:
        raise ActionError(f"{', '.join(closed)} has closed and cannot take on new products.")
    return wanted


@transaction.atomic
def create_product(
    communities: Iterable[Community],
    *,
    by: Person,
    title: str,
    kind: str,
    stage: str = Stage.IDEA,
    stage_on: datetime.date | None = None,
    stage_precision: str = DatePrecision.DAY,
    my_role: str | None = AuthorRole.LEAD_AUTHOR,
    **fields: Any,
) -> Product:
    """Start a product in communities the person belongs to, at a stage (back-dated if need be).

    The person becomes an author in ``my_role`` (lead author or editor), unless they are a
    convenor recording someone else's work (``my_role=None``).
    """
    owners = _check_members(by, communities)
    if not title.strip():
        raise ActionError("A product needs a title.")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not product fields: {sorted(unknown)}")
    if stage in AFTER_PUBLICATION or stage == Stage.RETIRED:
        raise ActionError("Start a product at a stage up to publication; record later stages after that.")
    now = timezone.now()
    product = Product.objects.create(
        title=title.strip(), kind=kind, created_by=by, created_at=now, updated_at=now,
        **{name: (value.strip() if isinstance(value, str) else value) for name, value in fields.items()},
    )  # fmt: skip
    product.communities.set(owners)
    if my_role is not None:
        if my_role not in (AuthorRole.LEAD_AUTHOR, AuthorRole.EDITOR):
            raise ActionError("Start a product as its lead author or its editor.")
        Authorship.objects.create(product=product, person=by, role=my_role, added_by=by, position=1)
    elif not Membership.objects.active().filter(person=by, community__in=owners, role=Role.CONVENOR).exists():
        raise ActionError("Say what your part in it is: only a convenor can record a product without being an author.")
    _record("created_product", actor=by, target=product, product=product)
    _move(product, by=by, stage=stage, on=stage_on or timezone.localdate(), precision=stage_precision, note="")
    return product


@transaction.atomic
def update_product(
    product: Product,
    *,
    by: Person,
    communities: Iterable[Community] | None = None,
    born_at: Iterable[Gathering] | None = None,
    born_in_threads: Iterable[Thread] | None = None,
    born_in_stories: Iterable[Story] | None = None,
    **fields: Any,
) -> list[str]:
    """Change a product's details, its owning communities or the gatherings it was born at.

    Communities added must be ones the person belongs to; at least one must remain. Returns
    the names of the fields that changed.
    """
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not product fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if name == "title" and not value:
            raise ActionError("A product needs a title.")
        if getattr(product, name) != value:
            setattr(product, name, value)
            changed.append(name)
    if changed:
        product.save(update_fields=changed)
    if communities is not None:
        wanted = list(dict.fromkeys(communities))
        current = set(product.communities.values_list("pk", flat=True))
        added = [c for c in wanted if c.pk not in current]
        if not wanted:
            raise ActionError("A product belongs to at least one community.")
        if added:
            _check_members(by, added)
        if {c.pk for c in wanted} != current:
            product.communities.set(wanted)
            changed.append("communities")
    origins: tuple[tuple[str, Iterable[Any] | None], ...] = (
        ("born_at", born_at), ("born_in_threads", born_in_threads), ("born_in_stories", born_in_stories),
    )  # fmt: skip
    for name, given in origins:
        if given is None:
            continue
        wanted_ids = {item.pk for item in given}
        relation = getattr(product, name)
        if wanted_ids != set(relation.values_list("pk", flat=True)):
            relation.set(wanted_ids)
            changed.append(name)
    if changed:
        _touch(product)
        _record("updated_product", actor=by, target=product, product=product, fields=changed)
    return changed


def allowed_stages(product: Product) -> list[str]:
    """The stages a product may move to next.

    Before its first publication a product moves freely between the stages up to "published"
    (a draft goes back to drafting after consultation); after it, it may be in use, be revised
    (a new edition is drafted and consulted on in the open), be published again, or retire.
    A retired product's record is kept and stays where it is.
    """
    if product.stage == Stage.RETIRED:
        return []
    if product.published_on is None:
        stages = [s for s in Stage if s not in AFTER_PUBLICATION]
    else:
        stages = [s for s in Stage if s != Stage.IDEA]
    return [s.value for s in stages if s != product.stage]


def _move(product: Product, *, by: Person, stage: str, on: datetime.date, precision: str, note: str) -> StageChange:
    on = _check_date(on, precision, "The date of the change")
    last = product.stage_changes.order_by("-on", "-id").first()
    if last is not None and last_day(on, precision) < last.on:
        raise ActionError(f"The date is before the product's last change of stage ({last.when}).")
    change = StageChange.objects.create(product=product, stage=stage, on=on, precision=precision, note=note, by=by)
    product.stage = stage
    update = ["stage", "updated_at"]
    if stage == Stage.PUBLISHED:
        if product.published_on is None:
            product.published_on = on
            update.append("published_on")
        # Publication releases the newest version to readers, if it was not released already.
        newest = product.versions.order_by("-number").first()
        if newest is not None and newest.released_on is None:
            newest.released_on = max(on, timezone.localdate(newest.created_at))
            newest.save(update_fields=["released_on"])
    product.updated_at = timezone.now()
    product.save(update_fields=update)
    _record("moved_product_stage", actor=by, target=product, product=product, stage=stage)
    return change


@transaction.atomic
def change_stage(
    product: Product, *, by: Person, stage: str, on: datetime.date, precision: str = DatePrecision.DAY, note: str = ""
) -> StageChange:
    """Move a product to another stage of its lifecycle, on a date that may be approximate.

    Moving to "published" the first time makes the product public and releases its newest version.
    """
    product = Product.objects.select_for_update().get(pk=product.pk)
    if stage not in allowed_stages(product):
        if product.stage == Stage.RETIRED:
            raise ActionError("This product has retired; its record is kept as it is.")
        if stage == product.stage:
            raise ActionError(f"The product is already at the stage {Stage(stage).label.lower()}.")
        raise ActionError(
            f"A product cannot move from {Stage(product.stage).label.lower()} to {Stage(stage).label.lower()}."
        )
    return _move(product, by=by, stage=stage, on=on, precision=precision, note=note.strip())


@transaction.atomic
def add_version(
    product: Product,
    *,
    by: Person,
    label: str,
    change_summary: str = "",
    filename: str = "",
    raw: bytes | None = None,
    link: str = "",
    release: bool = False,
) -> Version:
    """Add a version: a file (checked by its content) or a link. Earlier versions stay available.

    ``release`` makes it public at once, for a product already published; otherwise
    publication releases the newest version.
    """
    product = Product.objects.select_for_update().get(pk=product.pk)
    label = label.strip()
    if not label:
        raise ActionError("Give the version a label, such as Draft 2 or 1.0.")
    if (raw is None) == (not link):
        raise ActionError("Add either a file or a link, not both.")
    if release and not product.is_public:
        raise ActionError("Only versions of a published product can be released; publishing releases the newest.")
    last = product.versions.aggregate(n=models.Max("number"))["n"] or 0
    version = Version(
        product=product, number=last + 1, label=label[:60], change_summary=change_summary.strip(), link=link,
        added_by=by, released_on=timezone.localdate() if release else None,
    )  # fmt: skip
    if raw is not None:
        try:
            document = identify(filename, raw, max_bytes=MAX_VERSION_BYTES)
        except UnusableDocumentError as error:
            raise ActionError(DOCUMENT_PROBLEMS[error.problem]) from error
        version.extension, version.content_type, version.size = document.extension, document.content_type, document.size
        version.file.save(f"version.{document.extension}", ContentFile(raw), save=False)
    try:
        version.save()
    except Exception:
        if version.file:
            version.file.delete(save=False)
        raise
    _touch(product)
    _record("added_version", actor=by, target=product, product=product, version=version.label)
    return version


@transaction.atomic
def add_comment(version: Version, *, by: Person, body: str) -> VersionComment:
    """Comment on a version while its product is being drafted or is out for consultation."""
    product = version.product
    if not product.takes_comments:
        raise ActionError("Comments are open only while the product is being drafted or is out for consultation.")
    if not body.strip():
        raise ActionError("Write your comment.")
    comment = VersionComment.objects.create(version=version, author=by, body=body.strip())
    _touch(product)
    _record("commented_on_version", actor=by, target=product, product=product, version=version.label)
    return comment


@transaction.atomic
def add_author(
    product: Product,
    *,
    by: Person,
    role: str,
    person: Person | None = None,
    name: str = "",
    organisation: Organisation | None = None,
    organisation_name: str = "",
) -> Authorship:
    """Credit someone for a product: a person in Groundswell, or a named outsider.

    Authors come from any community or organisation; the organisation defaults to the
    person's current one in the directory.
    """
    if role not in AuthorRole.values:
        raise ActionError("Choose the author's role.")
    name = name.strip()
    if person is None and not name:
        raise ActionError("Choose a person, or give the name of an author without an account.")
    if person is not None and Authorship.objects.filter(product=product, person=person).exists():
        raise ActionError(f"{person.display_name} is already an author.")
    if person is not None and organisation is None and not organisation_name.strip():
        current = (
            Affiliation.objects.current()
            .filter(person=person)
            .select_related("organisation")
            .order_by("-start_date", "-id")
            .first()
        )
        organisation = current.organisation if current is not None else None
    last = product.authors.aggregate(n=models.Max("position"))["n"] or 0
    authorship = Authorship.objects.create(
        product=product, person=person, name="" if person is not None else name[:120], organisation=organisation,
        organisation_name=organisation_name.strip()[:200], role=role, position=last + 1, added_by=by,
    )  # fmt: skip
    _touch(product)
    _record("added_author", actor=by, target=product, product=product, role=role)
    return authorship


@transaction.atomic
def remove_author(authorship: Authorship, *, by: Person) -> None:
    """Take someone off a product's authors."""
    product = authorship.product
    authorship.delete()
    _touch(product)
    _record("removed_author", actor=by, target=product, product=product)


def refresh_rung(product: Product) -> int:
    """Recompute the highest rung reached by the product's verified events and counted downloads."""
    kinds = set(
        LifeEvent.objects.filter(product=product, verified=True).order_by().values_list("kind", flat=True).distinct()
    )
    rungs = [RUNG_OF_KIND.get(kind, Rung.NONE) for kind in kinds]
    if DownloadMonth.objects.filter(product=product, count__gt=0).exists():
        rungs.append(Rung.SEEN)
    rung = max(rungs, default=Rung.NONE)
    if rung != product.rung:
        product.rung = rung
        Product.objects.filter(pk=product.pk).update(rung=rung)
    return rung


def _is_convenor(product: Product, person: Person | None) -> bool:
    if person is None:
        return False
    return (
        Membership.objects.active()
        .filter(person=person, community__in=product.communities.all(), role=Role.CONVENOR)
        .exists()
    )


@transaction.atomic
def record_event(
    product: Product,
    *,
    by: Person,
    kind: str,
    occurred_on: datetime.date,
    date_precision: str = DatePrecision.DAY,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    venue: str = "",
    gathering: Gathering | None = None,
    audience_size: int | None = None,
    count: int | None = None,
    link: str = "",
    evidence: str = "",
    version: Version | None = None,
) -> LifeEvent:
    """Record something that happened to the product. A convenor's record is verified at once;
    anyone else's waits for a convenor to verify it before it counts on the uptake ladder."""
    if kind not in EventKind.values:
        raise ActionError("Choose what happened.")
    occurred_on = _check_date(occurred_on, date_precision, "The date")
    organisation_name = organisation_name.strip()
    if kind in ORGANISATION_KINDS and organisation is None and not organisation_name:
        raise ActionError(f"Say which organisation it was ({EventKind(kind).label.lower()}).")
    if gathering is not None and kind not in GATHERING_KINDS:
        raise ActionError("Only a presentation or a discussion happens at a gathering.")
    if kind == EventKind.DISCUSSED_AT_GATHERING and gathering is None and not venue.strip():
        raise ActionError("Say which gathering, or where it was discussed.")
    if version is not None and version.product_id != product.pk:
        raise ActionError("That version belongs to another product.")
    verified = _is_convenor(product, by)
    now = timezone.now()
    event = LifeEvent.objects.create(
        product=product, version=version, kind=kind, occurred_on=occurred_on, date_precision=date_precision,
        organisation=organisation, organisation_name="" if organisation else organisation_name[:200],
        venue=venue.strip()[:200], gathering=gathering, audience_size=audience_size, count=count, link=link,
        evidence=evidence.strip(), recorded_by=by, verified=verified, verified_by=by if verified else None,
        verified_at=now if verified else None,
    )  # fmt: skip
    _touch(product)
    if verified:
        refresh_rung(product)
    _record("recorded_life_event", actor=by, target=product, product=product, kind=kind, verified=verified)
    return event


@transaction.atomic
def report_use(
    product: Product,
    *,
    by: Person,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    how_used: str,
    link: str = "",
    occurred_on: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
) -> LifeEvent:
    """Record "we use this" from someone signed in: an adoption, unverified until a convenor checks it."""
    if not how_used.strip():
        raise ActionError("Say how you use it.")
    event = record_event(
        product, by=by, kind=EventKind.ADOPTED, occurred_on=occurred_on or timezone.localdate(),
        date_precision=date_precision, organisation=organisation, organisation_name=organisation_name,
        evidence=how_used, link=link,
    )  # fmt: skip
    if not event.verified:
        transaction.on_commit(partial(tasks.send_use_reported_emails.enqueue, event.pk))
    return event


def confirmation_token(report: AdoptionReport) -> str:
    """The signed, expiring token of an outside reader's confirmation link (it carries only the report's id)."""
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign(str(report.pk))


@transaction.atomic
def request_use_confirmation(
    product: Product, *, email: str, organisation_name: str, how_used: str, link: str = ""
) -> AdoptionReport:
    """Take a "we use this" report from a reader outside Groundswell and email them a link to confirm it.

    Nothing appears on the product until they confirm; the report (with their email) is
    deleted when they do, or when the link lapses.
    """
    if not product.is_public:
        raise ActionError("Only a published product can be reported as in use.")
    email = email.strip().lower()
    if not organisation_name.strip() or not how_used.strip():
        raise ActionError("Say which organisation uses it, and how.")
    since = timezone.now() - datetime.timedelta(days=1)
    if AdoptionReport.objects.filter(email__iexact=email, created_at__gte=since).count() >= REPORTS_PER_EMAIL_PER_DAY:
        raise ActionError("We have already emailed that address several links today. Please use one of those.")
    report = AdoptionReport.objects.create(
        product=product, email=email, organisation_name=organisation_name.strip()[:200], how_used=how_used.strip(),
        link=link,
    )  # fmt: skip
    transaction.on_commit(partial(tasks.send_use_confirmation_email.enqueue, report.pk))
    return report


def report_for_token(token: str) -> AdoptionReport | None:
    """Return the report a confirmation link names, or None if the link is bad, lapsed or used."""
    try:
        report_id = signing.TimestampSigner(salt=CONFIRMATION_SALT).unsign(token, max_age=CONFIRMATION_LIFETIME)
    except signing.BadSignature:
        return None
    if not report_id.isdigit():
        return None
    return AdoptionReport.objects.select_related("product").filter(pk=int(report_id)).first()


@transaction.atomic
def confirm_use(token: str) -> LifeEvent:
    """Turn a confirmed outside report into an unverified adoption, and tell the convenors."""
    found = report_for_token(token)
    if found is None:
        raise ActionError("This link has lapsed or has been used already.")
    report = AdoptionReport.objects.select_for_update().filter(pk=found.pk).first()
    if report is None:
        raise ActionError("This link has lapsed or has been used already.")
    product = found.product
    event = LifeEvent.objects.create(
        product=product, kind=EventKind.ADOPTED, occurred_on=timezone.localdate(),
        organisation_name=report.organisation_name, evidence=report.how_used, link=report.link,
        reporter_email=report.email,
    )  # fmt: skip
    report.delete()
    _touch(product)
    _record("reported_use", actor=None, target=product, product=product)
    transaction.on_commit(partial(tasks.send_use_reported_emails.enqueue, event.pk))
    return event


@transaction.atomic
def verify_event(event: LifeEvent, *, by: Person) -> None:
    """Confirm a life event (a convenor's check); it then counts on the uptake ladder.

    An outside reader's email is no longer needed, and is erased.
    """
    if event.verified:
        return
    event.verified, event.verified_by, event.verified_at, event.reporter_email = True, by, timezone.now(), ""
    event.save(update_fields=["verified", "verified_by", "verified_at", "reporter_email"])
    product = event.product
    _touch(product)
    refresh_rung(product)
    _record("verified_life_event", actor=by, target=product, product=product, kind=event.kind)


@transaction.atomic
def remove_event(event: LifeEvent, *, by: Person) -> None:
    """Remove a life event recorded in error (or a report that did not check out)."""
    product = event.product
    kind = event.kind
    event.delete()
    _touch(product)
    refresh_rung(product)
    _record("removed_life_event", actor=by, target=product, product=product, kind=kind)


@transaction.atomic
def count_download(product: Product) -> None:
    """Add one to this month's download count. Nothing is recorded about who downloaded it.

    Not in the activity stream: a download is a count, not something a person did in a community.
    """
    month = timezone.localdate().replace(day=1)
    updated = DownloadMonth.objects.filter(product=product, month=month).update(count=models.F("count") + 1)
    if not updated:
        _, created = DownloadMonth.objects.get_or_create(product=product, month=month, defaults={"count": 1})
        if not created:
            DownloadMonth.objects.filter(product=product, month=month).update(count=models.F("count") + 1)
    if product.rung < Rung.SEEN:
        refresh_rung(product)


def clear_adoption_reports(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Delete lapsed confirmation requests and erase outside readers' emails kept too long.

    Return how many requests were deleted and how many emails erased.
    """
    now = now or timezone.now()
    deleted, _ = AdoptionReport.objects.filter(created_at__lt=now - CONFIRMATION_LIFETIME).delete()
    erased = (
        LifeEvent.objects.exclude(reporter_email="")
        .filter(created_at__lt=now - REPORTER_EMAIL_KEPT)
        .update(reporter_email="")
    )
    return deleted, erased
