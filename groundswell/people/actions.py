"""Every write to people, organisations, affiliations and tokens goes through here."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from groundswell.chronicle import actions as chronicle
from groundswell.people import personal_data
from groundswell.people.models import (
    VISIBLE_FIELDS,
    Affiliation,
    ApiToken,
    ExpertiseTag,
    Organisation,
    Person,
    hash_token,
)

PROFILE_FIELDS = frozenset(
    {"display_name", "profession", "region", "bio", "lay_partner_override", "access_needs"}
    | {f"{field}_visibility" for field in VISIBLE_FIELDS}
)


class ActionError(Exception):
    """A rule refused the change; the message is safe to show to the person."""


@transaction.atomic
def create_person(
    *,
    email: str,
    display_name: str,
    by: Person | None = None,
    verified: bool = False,
    access_needs_consent_at: datetime.datetime | None = None,
    **fields: Any,
) -> Person:
    """Create a person (with no usable password) and, if the email is proven, a verified address.

    Access needs are stored only with the time the person agreed to share them.
    """
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    if Person.objects.filter(email__iexact=email).exists():
        raise ActionError(f"Someone with the email {email} already exists.")
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    if fields.get("access_needs") and access_needs_consent_at is None:
        raise ActionError("Access needs can be recorded only with the person's consent to share them.")
    person = Person.objects.create_user(
        email,
        None,
        display_name=display_name.strip(),
        access_needs_consent_at=access_needs_consent_at if fields.get("access_needs") else None,
        **fields,
    )
    EmailAddress.objects.create(user=person, email=email, primary=True, verified=verified)
    chronicle.record_activity("joined_groundswell", actor=by or person, target=person)
    return person


@transaction.atomic
def update_profile(
    person: Person, *, by: Person, consent_to_share_access_needs: bool = False, **fields: Any
) -> list[str]:
    """Change profile fields; return the names of those that changed.

    Communication and access needs are special-category data (UK GDPR Article 9): they are kept
    only with the person's recorded consent to show them to their communities' convenors, and
    the consent goes when the needs are cleared.
    """
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    if "access_needs" in fields:
        fields["access_needs"] = fields["access_needs"].strip()
        if not fields["access_needs"]:
            fields["access_needs_consent_at"] = None
        elif consent_to_share_access_needs:
            if person.access_needs_consent_at is None:
                fields["access_needs_consent_at"] = timezone.now()
        elif person.access_needs_consent_at is None:
            raise ActionError("Tick the box to agree that convenors may see your access needs, or leave them empty.")
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, fields[name])
    if changed:
        person.save(update_fields=changed)
        # Record which fields changed, never their values: access needs are special category.
        chronicle.record_activity("updated_profile", actor=by, target=person, data={"fields": changed})
    return changed


def tag_for(name: str) -> ExpertiseTag:
    name = " ".join(name.split())[:80]
    slug = slugify(name)[:80] or "tag"
    tag, _ = ExpertiseTag.objects.get_or_create(slug=slug, defaults={"name": name})
    return tag


@transaction.atomic
def set_expertise(person: Person, *, by: Person, names: list[str]) -> list[ExpertiseTag]:
    """Replace the person's expertise tags with the named ones, creating new tags."""
    tags = [tag_for(name) for name in dict.fromkeys(n for n in names if n.strip())]
    before = set(person.expertise.values_list("pk", flat=True))
    if before != {tag.pk for tag in tags}:
        person.expertise.set(tags)
        chronicle.record_activity("updated_expertise", actor=by, target=person)
    return tags


@transaction.atomic
def create_organisation(
    *, by: Person | None, name: str, kind: str, region: str = "", ods_code: str = ""
) -> Organisation:
    """Create an organisation; an ODS code may belong to one organisation only."""
    ods_code = ods_code.strip().upper()
    if ods_code and Organisation.objects.filter(ods_code=ods_code).exists():
        raise ActionError(f"An organisation with ODS code {ods_code} already exists.")
    organisation = Organisation.objects.create(name=name.strip(), kind=kind, region=region, ods_code=ods_code)
    chronicle.record_activity("created_organisation", actor=by, target=organisation)
    return organisation


@transaction.atomic
def add_affiliation(
    person: Person,
    *,
    by: Person | None,
    organisation: Organisation,
    role_title: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Affiliation:
    """Tie a person to an organisation for a (possibly open-ended) period."""
    if start_date and end_date and end_date < start_date:
        raise ActionError("The end date must not be before the start date.")
    affiliation = Affiliation.objects.create(
        person=person, organisation=organisation, role_title=role_title, start_date=start_date, end_date=end_date
    )
    chronicle.record_activity("added_affiliation", actor=by, target=affiliation)
    return affiliation


@transaction.atomic
def end_affiliation(affiliation: Affiliation, *, by: Person, end_date: datetime.date | None = None) -> None:
    """Close an affiliation; the tie stays in the person's history."""
    # Leaving "now" means the last day there was yesterday, so the tie stops being current today.
    end = end_date or timezone.localdate() - datetime.timedelta(days=1)
    if end_date is None and affiliation.start_date and end < affiliation.start_date:
        end = affiliation.start_date
    if affiliation.start_date and end < affiliation.start_date:
        raise ActionError("The end date must not be before the start date.")
    affiliation.end_date = end
    affiliation.save(update_fields=["end_date"])
    chronicle.record_activity("ended_affiliation", actor=by, target=affiliation)


@transaction.atomic
def create_api_token(person: Person, *, name: str) -> tuple[ApiToken, str]:
    """Create a token; return it and the only copy of its secret."""
    raw = "gs_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person, name=name.strip() or "API token", prefix=raw[:10], token_hash=hash_token(raw)
    )
    chronicle.record_activity("created_api_token", actor=person, target=token)
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: Person) -> None:
    """Revoke a token at once; it stays listed as revoked."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        chronicle.record_activity("revoked_api_token", actor=by, target=token)


def authenticate_token(raw: str) -> Person | None:
    """Return the person a live token belongs to, noting when it was last used."""
    token = ApiToken.objects.live().select_related("person").filter(token_hash=hash_token(raw)).first()
    if token is None or not token.person.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute so every API call is not also a write.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person


def export_personal_data(person: Person) -> dict[str, Any]:
    """Return everything Groundswell holds about the person (UK GDPR Article 15/20)."""
    memberships = [
        {
            "community": m.community.name,
            "role": m.role,
            "status": m.status,
            "joined_at": m.joined_at.isoformat() if m.joined_at else None,
            "left_at": m.left_at.isoformat() if m.left_at else None,
            "left_reason": m.left_reason,
        }
        for m in person.memberships.select_related("community").order_by("pk")  # type: ignore[attr-defined]
    ]
    return {
        **{holder.section: holder.export(person) for holder in personal_data.holders()},
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": person.email,
            "display_name": person.display_name,
            "profession": person.profession,
            "region": person.region,
            "bio": person.bio,
            "lay_partner": person.is_lay_partner,
            "access_needs": person.access_needs,
            "access_needs_consent_at": (
                person.access_needs_consent_at.isoformat() if person.access_needs_consent_at else None
            ),
            "expertise": list(person.expertise.values_list("name", flat=True)),
            "visibility": {field: person.visibility_of(field) for field in VISIBLE_FIELDS},
            "date_joined": person.date_joined.isoformat(),
        },
        "affiliations": [
            {
                "organisation": a.organisation.name,
                "role_title": a.role_title,
                "start_date": a.start_date.isoformat() if a.start_date else None,
                "end_date": a.end_date.isoformat() if a.end_date else None,
            }
            for a in person.affiliations.select_related("organisation").order_by("pk")
        ],
        "memberships": memberships,
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at.isoformat(), "revoked": t.revoked_at is not None}
            for t in person.api_tokens.order_by("pk")
        ],
    }


@transaction.atomic
def erase_person(person: Person, *, by: Person) -> None:
    """Erase a person's personal data (UK GDPR Article 17), keeping anonymous history.

    Memberships and activity stay, so communities' histories still add up, but nothing in
    them names the person any more.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    for holder in personal_data.holders():
        holder.erase(person)
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    person.api_tokens.all().delete()
    person.affiliations.all().delete()
    person.expertise.clear()
    person.email = f"erased-{person.pk}@erased.invalid"
    person.display_name = "Former member"
    person.bio = ""
    person.access_needs = ""
    person.access_needs_consent_at = None
    person.region = ""
    person.lay_partner_override = None
    person.is_active = False
    person.erased_at = timezone.now()
    person.set_unusable_password()
    person.save()
    chronicle.record_activity("erased_person", actor=by if by.pk != person.pk else None, target=person)
