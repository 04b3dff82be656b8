"""Every write to stories and their consent goes through here.

Activity-stream entries for stories carry no actor and no title (``Story.__str__`` is "story
N"): the stream is shown to the community and outlives a withdrawal, and "Lee told a story"
beside a new anonymous story would undo the anonymity. Who did what is kept where it belongs:
in the consent records (who recorded each decision) and on the story (who recorded it, who
last checked it).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from groundswell.chronicle import actions as chronicle
from groundswell.communities.models import Community, Membership
from groundswell.people.actions import ActionError
from groundswell.people.models import Person
from groundswell.stories import checking, tasks
from groundswell.stories.models import USE_FIELDS, ConsentRecord, Genre, Naming, Story, with_implied

# The longest text each field holds (the forms and the API refuse longer).
_MAX_LENGTHS = {
    "title": 160,
    "what_happened": 6000,
    "what_changed": 4000,
    "why_it_matters": 4000,
    "period": 100,
    "place": 120,
}
EDITABLE = frozenset({"title", "what_happened", "what_changed", "why_it_matters", "genre", "period", "place"})


@dataclass(frozen=True)
class ConsentTerms:
    """What a teller agrees to: the uses, how they are named, and until when."""

    uses: frozenset[str] = field(default_factory=frozenset)
    naming: str = Naming.NAMED
    pseudonym: str = ""
    expires_on: datetime.date | None = None


def _record(verb: str, story: Story, *, actor: Person | None = None, **data: Any) -> None:
    chronicle.record_activity(verb, actor=actor, target=story, community_id=story.community_id, data=data or None)


def _check_terms(terms: ConsentTerms) -> ConsentTerms:
    """Refuse terms that cannot be kept; return them with the implied narrower uses added."""
    unknown = set(terms.uses) - set(USE_FIELDS)
    if unknown:
        raise ValueError(f"unknown uses: {sorted(unknown)}")
    if terms.naming not in Naming.values:
        raise ValueError(f"unknown naming: {terms.naming}")
    pseudonym = terms.pseudonym.strip()
    if terms.naming == Naming.PSEUDONYMOUS:
        if not pseudonym:
            raise ActionError("Give the pseudonym to show with the story.")
        # A pseudonym that is someone's name would attach the story to them.
        if Person.objects.filter(display_name__iexact=pseudonym).exists():
            raise ActionError("That pseudonym is the name of someone in Groundswell. Choose another.")
    elif pseudonym:
        pseudonym = ""
    if terms.expires_on is not None and terms.expires_on <= timezone.localdate():
        raise ActionError("The consent must end after today. Leave the end date empty for no end.")
    return ConsentTerms(
        uses=with_implied(terms.uses), naming=terms.naming, pseudonym=pseudonym, expires_on=terms.expires_on
    )


def _new_consent(
    story: Story,
    *,
    by: Person,
    terms: ConsentTerms,
    how_given: str = "",
    withdrawn: bool = False,
    reason: str = "",
) -> ConsentRecord:
    on_behalf = story.teller_id != by.pk
    how_given = how_given.strip()
    if on_behalf and not withdrawn and not how_given:
        raise ActionError("Say how the teller gave their consent, for example “by phone on 3 March”.")
    record = ConsentRecord.objects.create(
        story=story,
        **{column: use in terms.uses for use, column in USE_FIELDS.items()},
        naming=terms.naming,
        pseudonym=terms.pseudonym,
        expires_on=terms.expires_on,
        withdrawn=withdrawn,
        recorded_by=by,
        on_behalf=on_behalf,
        how_given=how_given,
        reason=reason.strip(),
    )
    story.consent = record
    story.save(update_fields=["consent"])
    return record


def _check_automatically(story: Story) -> None:
    """Mark the story checked when the check finds nothing; otherwise someone must look."""
    story.content_digest = story.compute_digest()
    if not checking.flags_for(story):
        story.checked_digest = story.content_digest
        story.checked_by = None
        story.checked_at = timezone.now()


def _clean_content(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    if "title" in cleaned and not cleaned["title"]:
        raise ActionError("A story needs a title.")
    if "what_happened" in cleaned and not cleaned["what_happened"]:
        raise ActionError("Say what happened.")
    if "genre" in cleaned and cleaned["genre"] not in Genre.values:
        raise ValueError(f"unknown genre: {cleaned['genre']}")
    return cleaned


@transaction.atomic
def tell_story(
    community: Community,
    *,
    by: Person,
    terms: ConsentTerms,
    title: str,
    what_happened: str,
    teller: Person | None = None,
    teller_name: str = "",
    how_given: str = "",
    **content: Any,
) -> Story:
    """Tell a story in a community, with the teller's consent for its uses.

    ``by`` tells their own story; or a convenor records one for a member (``teller``) or for
    someone without an account (``teller_name``), saying how they gave consent.
    """
    if community.is_closed:
        raise ActionError("This community has closed; it takes no new stories.")
    unknown = set(content) - EDITABLE
    if unknown:
        raise ValueError(f"not story fields: {sorted(unknown)}")
    teller_name = teller_name.strip()
    if teller is not None and teller_name:
        raise ActionError("Choose a member or give a name, not both.")
    if teller is None and not teller_name:
        teller = by
    if teller is not None and not Membership.objects.active().filter(community=community, person=teller).exists():
        raise ActionError(f"{teller.display_name} is not a member of this community.")
    terms = _check_terms(terms)
    fields = _clean_content({"title": title, "what_happened": what_happened, **content})
    now = timezone.now()
    story = Story(
        community=community,
        teller=teller,
        teller_name=teller_name,
        recorded_by=by,
        on_behalf=teller is None or teller.pk != by.pk,
        created_at=now,
        updated_at=now,
        **fields,
    )
    _check_automatically(story)
    story.save()
    _new_consent(story, by=by, terms=terms, how_given=how_given)
    _record("told_story", story)
    return story


@transaction.atomic
def edit_story(story: Story, *, by: Person, **fields: Any) -> Story:
    """Change what a story says. Sharing beyond the community waits for a new check if the
    change brings anything the check would flag."""
    if story.is_withdrawn:
        raise ActionError("This story has been withdrawn; it cannot be changed.")
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"not story fields: {sorted(unknown)}")
    cleaned = _clean_content(fields)
    changed = [name for name, value in cleaned.items() if getattr(story, name) != value]
    if not changed:
        return story
    for name in changed:
        setattr(story, name, cleaned[name])
    _check_automatically(story)
    story.updated_at = timezone.now()
    story.save(update_fields=[*changed, "content_digest", "checked_digest", "checked_by", "checked_at", "updated_at"])
    _record("edited_story", story)
    return story


@transaction.atomic
def record_consent(story: Story, *, by: Person, terms: ConsentTerms, how_given: str = "") -> ConsentRecord:
    """Record a new decision about the story's uses; the earlier ones stay as history."""
    if story.is_withdrawn:
        raise ActionError("This story has been withdrawn. To share it again, tell it again.")
    record = _new_consent(story, by=by, terms=_check_terms(terms), how_given=how_given)
    _record("recorded_consent", story)
    return record


@transaction.atomic
def withdraw_story(story: Story, *, by: Person, reason: str = "") -> ConsentRecord:
    """Withdraw the story from every use: it is then seen only by its teller. Final.

    A convenor may withdraw a story too (for its teller, or because it should not be there);
    the teller, if they have an account, is told why.
    """
    if story.is_withdrawn:
        raise ActionError("This story has already been withdrawn.")
    naming = story.consent.naming if story.consent is not None else Naming.ANONYMOUS
    record = _new_consent(story, by=by, terms=ConsentTerms(naming=naming), withdrawn=True, reason=reason, how_given="")
    _record("withdrew_story", story)
    if story.teller_id is not None and story.teller_id != by.pk:
        transaction.on_commit(partial(tasks.send_story_withdrawn_email.enqueue, record.pk))
    return record


@transaction.atomic
def check_story(story: Story, *, by: Person, digest: str, redact: Collection[str] = ()) -> list[checking.FieldFlag]:
    """Record that someone looked at what the identifiability check found, removing the findings
    named in ``redact`` (ids of ``checking.FieldFlag``) and keeping the rest as they judged.

    ``digest`` is the fingerprint of the story they looked at: if it changed meanwhile, they
    have not seen it, and nothing is recorded. Return the findings removed.
    """
    if story.is_withdrawn:
        raise ActionError("This story has been withdrawn.")
    if digest != story.content_digest:
        raise ActionError("The story changed while you were checking it. Look at it again.")
    flags = {item.id: item for item in checking.flags_for(story)}
    missing = set(redact) - set(flags)
    if missing:
        raise ActionError("The story changed while you were checking it. Look at it again.")
    chosen = [flags[flag_id] for flag_id in redact]
    changed = checking.redacted_fields(story, chosen)
    for name, text in changed.items():
        # A redaction marker may take a short field past its limit.
        limit = _MAX_LENGTHS[name]
        setattr(story, name, text[:limit])
    story.content_digest = story.compute_digest()
    story.checked_digest = story.content_digest
    story.checked_by = by
    story.checked_at = timezone.now()
    fields = [*changed, "content_digest", "checked_digest", "checked_by", "checked_at"]
    if changed:
        story.updated_at = story.checked_at
        fields.append("updated_at")
    story.save(update_fields=fields)
    _record("checked_story", story, removed=len(chosen))
    return chosen


@transaction.atomic
def record_export(community: Community, *, by: Person, use: str, count: int) -> None:
    """Note in the community's activity that a convenor exported its stories for a use."""
    chronicle.record_activity(
        "exported_stories", actor=by, target=community, community_id=community.pk, data={"use": use, "count": count}
    )
