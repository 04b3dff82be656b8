"""API: the caller, the people directory and organisations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Annotated, ClassVar

from django.db import transaction
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from groundswell.lib.api import Id, InputSchema, Paging, PatchSchema, Storable, Text, errors, page
from groundswell.people import access, actions
from groundswell.people.api_auth import caller
from groundswell.people.models import (
    VISIBLE_FIELDS,
    Affiliation,
    Organisation,
    OrganisationKind,
    Person,
    Profession,
    Region,
    Visibility,
)

router = Router(tags=["people"])

HIDDEN = "null when the person does not share it with you."

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), Storable]


class OrganisationRef(Schema):
    id: int
    name: str
    url: str


class AffiliationOut(Schema):
    organisation: OrganisationRef
    role_title: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    current: bool


class ExpertiseOut(Schema):
    name: str
    slug: str


class VisibilitySettings(Schema):
    profession: Visibility
    organisations: Visibility
    region: Visibility
    expertise: Visibility
    bio: Visibility
    email: Visibility


class PrivateDetails(Schema):
    access_needs: str = Field(description="Communication and access needs.")
    access_needs_consent_at: datetime.datetime | None = Field(
        description="When you agreed that your communities' convenors may see your access needs."
    )
    lay_partner_override: bool | None = Field(description="null: worked out from the profession.")
    visibility: VisibilitySettings = Field(description="Who can see each field.")


class PersonOut(Schema):
    id: int
    url: str
    display_name: str
    profession: Profession | None = Field(description=HIDDEN)
    lay_partner: bool | None = Field(description="Shown with the profession; " + HIDDEN)
    region: Region | None = Field(description="null when not given, or when the person does not share it with you.")
    bio: str | None = Field(description=HIDDEN)
    email: str | None = Field(description=HIDDEN)
    affiliations: list[AffiliationOut] | None = Field(description="Current ones first; " + HIDDEN)
    expertise: list[ExpertiseOut] | None = Field(description=HIDDEN)
    private: PrivateDetails | None = Field(description="Only on your own record.")


class PersonList(Schema):
    items: list[PersonOut]
    count: int


class PeopleFilters(Paging):
    q: Text = Field("", max_length=100, description="Words from the name.")
    profession: Profession | None = None
    organisation: Id | None = Field(None, description="An organisation's id.")
    region: Region | None = None
    expertise: Text = Field("", max_length=80, description="An expertise tag's slug.")


class VisibilityPatch(PatchSchema):
    profession: Visibility | None = None
    organisations: Visibility | None = None
    region: Visibility | None = None
    expertise: Visibility | None = None
    bio: Visibility | None = None
    email: Visibility | None = None


class PersonPatch(PatchSchema):
    """Only the fields sent are changed."""

    nullable: ClassVar[frozenset[str]] = frozenset({"region", "lay_partner_override"})

    display_name: Name | None = None
    profession: Profession | None = None
    region: Region | None = Field(None, description="null clears it.")
    bio: Annotated[str, StringConstraints(max_length=1000), Storable] | None = None
    access_needs: Annotated[str, StringConstraints(max_length=1000), Storable] | None = Field(
        None, description="Kept only with consent: send access_needs_consent true the first time."
    )
    access_needs_consent: bool | None = Field(
        None, description="true: you agree that your communities' convenors may see your access needs."
    )
    lay_partner_override: bool | None = Field(None, description="null: work it out from the profession.")
    visibility: VisibilityPatch | None = None
    expertise: (
        list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), Storable]] | None
    ) = Field(None, max_length=50, description="Tag names; replaces the current tags.")


class OrganisationOut(Schema):
    id: int
    url: str
    name: str
    kind: OrganisationKind
    region: Region | None = Field(description="null when not given.")
    ods_code: str
    created_at: datetime.datetime


class OrganisationList(Schema):
    items: list[OrganisationOut]
    count: int


class OrganisationFilters(Paging):
    q: Text = Field("", max_length=100, description="Words from the name, or an ODS code.")
    kind: OrganisationKind | None = None
    region: Region | None = None


class OrganisationIn(InputSchema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable]
    kind: OrganisationKind = OrganisationKind.OTHER
    region: Region | None = None
    ods_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=10), Storable] = Field(
        "", description="NHS Organisation Data Service code, if it has one; unique."
    )


def _affiliations() -> Prefetch[str, QuerySet[Affiliation], str]:
    return Prefetch(
        "affiliations",
        queryset=Affiliation.objects.select_related("organisation").order_by("-start_date", "-id"),
        to_attr="api_affiliations",
    )


def _organisation_ref(request: HttpRequest, organisation: Organisation) -> OrganisationRef:
    return OrganisationRef(
        id=organisation.pk, name=organisation.name, url=request.build_absolute_uri(organisation.get_absolute_url())
    )


def _person_out(request: HttpRequest, viewer: Person, person: Person, *, shares_community: bool) -> PersonOut:
    """Show the person as the viewer may see them; needs the prefetches of ``_with_details``."""
    fields = access.visible_fields(viewer, person, shares_community=shares_community)
    affiliations: list[Affiliation] = getattr(person, "api_affiliations", [])
    private = None
    if viewer.pk == person.pk:
        private = PrivateDetails(
            access_needs=person.access_needs,
            access_needs_consent_at=person.access_needs_consent_at,
            lay_partner_override=person.lay_partner_override,
            visibility=VisibilitySettings.model_validate(
                {field: person.visibility_of(field) for field in VISIBLE_FIELDS}
            ),
        )
    return PersonOut(
        id=person.pk,
        url=request.build_absolute_uri(person.get_absolute_url()),
        display_name=person.display_name,
        profession=Profession(person.profession) if "profession" in fields else None,
        lay_partner=person.is_lay_partner if "profession" in fields else None,
        region=Region(person.region) if "region" in fields and person.region else None,
        bio=person.bio if "bio" in fields else None,
        email=person.email if "email" in fields else None,
        affiliations=[
            AffiliationOut(
                organisation=_organisation_ref(request, a.organisation),
                role_title=a.role_title,
                start_date=a.start_date,
                end_date=a.end_date,
                current=a.is_current,
            )
            for a in sorted(affiliations, key=lambda a: not a.is_current)
        ]
        if "organisations" in fields
        else None,
        expertise=[ExpertiseOut(name=t.name, slug=t.slug) for t in person.expertise.all()]
        if "expertise" in fields
        else None,
        private=private,
    )


def _people_out(request: HttpRequest, viewer: Person, people: Iterable[Person]) -> list[PersonOut]:
    people = list(people)
    prefetch_related_objects(people, _affiliations(), "expertise")
    shared = access.people_sharing_a_community(viewer, [p.pk for p in people if p.pk != viewer.pk])
    return [_person_out(request, viewer, p, shares_community=p.pk in shared) for p in people]


def _organisation_out(request: HttpRequest, organisation: Organisation) -> OrganisationOut:
    return OrganisationOut(
        id=organisation.pk,
        url=request.build_absolute_uri(organisation.get_absolute_url()),
        name=organisation.name,
        kind=OrganisationKind(organisation.kind),
        region=Region(organisation.region) if organisation.region else None,
        ods_code=organisation.ods_code,
        created_at=organisation.created_at,
    )


@router.get("/me", response={200: PersonOut, **errors()}, summary="Your own record")
def me(request: HttpRequest) -> PersonOut:
    """Your person record, with the private details only you see."""
    viewer = caller(request)
    return _people_out(request, viewer, [viewer])[0]


@router.get("/people", response={200: PersonList, **errors(422)}, summary="Search the people directory")
def list_people(request: HttpRequest, filters: Query[PeopleFilters]) -> PersonList:
    """People who can be found in the directory, by name (and filters), in name order.

    Each person shows only the fields they share with you; a filter on a field matches only
    people who share that field with you.
    """
    viewer = caller(request)
    qs = Person.objects.search(
        viewer,
        q=filters.q,
        profession=filters.profession.value if filters.profession else "",
        organisation=str(filters.organisation) if filters.organisation else "",
        region=filters.region.value if filters.region else "",
        expertise=filters.expertise.strip(),
    )
    people, count = page(qs, filters)
    return PersonList(items=_people_out(request, viewer, people), count=count)


@router.get("/people/{int:person_id}", response={200: PersonOut, **errors(404, 422)}, summary="One person")
def get_person(request: HttpRequest, person_id: int) -> PersonOut:
    """A person's record, showing only the fields they share with you."""
    viewer = caller(request)
    person = access.get_person_for_viewer(viewer, person_id)
    return _people_out(request, viewer, [person])[0]


@router.patch(
    "/people/{int:person_id}",
    response={200: PersonOut, **errors(400, 403, 404, 422)},
    summary="Change a profile (your own, or anyone's for an administrator)",
)
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> PersonOut:
    """Change the fields sent; `expertise` replaces the tags, `visibility` changes only the fields named in it."""
    viewer = caller(request)
    person = access.get_person_for_editor(viewer, person_id)
    data = payload.model_dump(exclude_unset=True, exclude={"visibility", "expertise", "access_needs_consent"})
    if "region" in data:
        data["region"] = data["region"] or ""
    if payload.visibility is not None:
        data |= {
            f"{field}_visibility": value for field, value in payload.visibility.model_dump(exclude_unset=True).items()
        }
    with transaction.atomic():
        actions.update_profile(
            person,
            by=viewer,
            consent_to_share_access_needs=bool(payload.access_needs_consent),
            **{name: _plain(value) for name, value in data.items()},
        )
        if payload.expertise is not None:
            actions.set_expertise(person, by=viewer, names=payload.expertise)
    return _people_out(request, viewer, [person])[0]


def _plain(value: object) -> object:
    # Store enum members as their plain string values, as the forms do.
    return value.value if isinstance(value, (Profession, Region, Visibility)) else value


@router.get("/organisations", response={200: OrganisationList, **errors(422)}, summary="List organisations")
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> OrganisationList:
    """Organisations in name order, filtered by name or ODS code (`q`), kind and region."""
    caller(request)
    qs = Organisation.objects.search(
        q=filters.q.strip(),
        kind=filters.kind.value if filters.kind else "",
        region=filters.region.value if filters.region else "",
    )
    organisations, count = page(qs, filters)
    return OrganisationList(items=[_organisation_out(request, o) for o in organisations], count=count)


@router.post(
    "/organisations",
    response={201: OrganisationOut, **errors(400, 403, 409, 422)},
    summary="Add an organisation",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[OrganisationOut]:
    """Anyone signed in may add an organisation. 409 if another already has the ODS code."""
    viewer = caller(request)
    organisation = actions.create_organisation(
        by=viewer,
        name=payload.name,
        kind=payload.kind.value,
        region=payload.region.value if payload.region else "",
        ods_code=payload.ods_code,
    )
    return Status(201, _organisation_out(request, organisation))


@router.get(
    "/organisations/{int:organisation_id}",
    response={200: OrganisationOut, **errors(404, 422)},
    summary="One organisation",
)
def get_organisation(request: HttpRequest, organisation_id: int) -> OrganisationOut:
    """An organisation."""
    caller(request)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404("No such organisation")
    return _organisation_out(request, organisation)
