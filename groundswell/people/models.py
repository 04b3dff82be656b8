"""People, organisations, affiliations and personal access tokens."""

from __future__ import annotations

import datetime
import functools
import hashlib
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Profession(models.TextChoices):
    GP = "gp", "GP"
    HOSPITAL_DOCTOR = "hospital_doctor", "Hospital doctor"
    NURSE = "nurse", "Nurse"
    AHP = "ahp", "Allied health professional"
    PHARMACIST = "pharmacist", "Pharmacist"
    MANAGER = "manager", "Manager"
    COMMISSIONER = "commissioner", "Commissioner"
    RESEARCHER = "researcher", "Researcher"
    CHARITY_STAFF = "charity_staff", "Charity staff"
    PATIENT = "patient", "Patient"
    CARER = "carer", "Carer"
    OTHER = "other", "Other"


LAY_PROFESSIONS = frozenset({Profession.PATIENT, Profession.CARER})


class Region(models.TextChoices):
    NORTH_EAST_YORKSHIRE = "north_east_yorkshire", "North East and Yorkshire"
    NORTH_WEST = "north_west", "North West"
    MIDLANDS = "midlands", "Midlands"
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    NATIONAL = "national", "England-wide"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


class Visibility(models.TextChoices):
    SIGNED_IN = "signed_in", "Anyone signed in to Groundswell"
    COMMUNITIES = "communities", "People in my communities"
    ONLY_ME = "only_me", "Only me"


# The profile fields a person can hide, with their default visibility.
VISIBLE_FIELDS: dict[str, str] = {
    "profession": Visibility.SIGNED_IN,
    "organisations": Visibility.SIGNED_IN,
    "region": Visibility.SIGNED_IN,
    "expertise": Visibility.SIGNED_IN,
    "bio": Visibility.SIGNED_IN,
    "email": Visibility.COMMUNITIES,
}


class OrganisationKind(models.TextChoices):
    GP_PRACTICE = "gp_practice", "GP practice"
    NHS_TRUST = "nhs_trust", "NHS trust"
    ICB = "icb", "Integrated care board"
    CHARITY = "charity", "Charity"
    ROYAL_COLLEGE = "royal_college", "Royal college"
    UNIVERSITY = "university", "University"
    GOVERNMENT = "government", "Government"
    PRISON = "prison", "Prison"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    PATIENT_GROUP = "patient_group", "Patient group"
    OTHER = "other", "Other"


@functools.cache
def _profile_url_pattern() -> str:
    """The profile URL with a slot for the id, reversed once per process.

    Pages list dozens of people; one ``reverse()`` each was the largest single cost of
    rendering a community page's members.
    """
    url = reverse("people:detail", args=[987654321])
    assert url.count("987654321") == 1, url
    return url.replace("987654321", "{}")


class ExpertiseTag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _visible_q(field: str, viewer: Person | None) -> Q:
    """Condition: the person's ``field`` may be shown to ``viewer``."""
    column = f"{field}_visibility"
    if viewer is None or not viewer.is_authenticated:
        return Q(pk__in=[])
    # Reach Membership through the reverse relation: communities sits above people
    # (docs/architecture.md), so this module cannot import it.
    membership = Person._meta.get_field("memberships").related_model
    viewer_communities = membership._default_manager.filter(person_id=viewer.pk, status="active").values("community_id")
    # A correlated scalar subquery rather than EXISTS: inside an OR, PostgreSQL turns EXISTS
    # into a hash of everyone who shares any of the viewer's communities (tens of thousands
    # of rows for a member of a national network); this checks only the candidate rows.
    shared = membership._default_manager.filter(
        person_id=OuterRef("pk"), status="active", community_id__in=viewer_communities
    ).values("community_id")[:1]
    shares_community = IsNull(Subquery(shared), False)
    return cast(
        Q,
        Q(pk=viewer.pk)
        | Q(**{column: Visibility.SIGNED_IN})
        | (Q(**{column: Visibility.COMMUNITIES}) & shares_community),
    )


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        """Return people who can sign in and have not been erased."""
        return self.filter(is_active=True, erased_at__isnull=True)

    def search(self, viewer: Person | None, **filters: str) -> PersonQuerySet:
        """Filter the directory, matching only on fields each person lets the viewer see.

        Accepts ``q`` (name), ``profession``, ``organisation`` (id or name), ``region`` and
        ``expertise`` (tag slug or name).
        """
        qs = self.active()
        if q := filters.get("q", "").strip():
            qs = qs.filter(display_name__icontains=q)
        if profession := filters.get("profession"):
            qs = qs.filter(Q(profession=profession) & _visible_q("profession", viewer))
        if region := filters.get("region"):
            qs = qs.filter(Q(region=region) & _visible_q("region", viewer))
        if organisation := filters.get("organisation", "").strip():
            # An id (from a link or the API) or words from the organisation's name.
            by_org = (
                Q(organisation_id=int(organisation))
                if organisation.isdigit()
                else Q(organisation__name__icontains=organisation)
            )
            current = Affiliation.objects.current().filter(by_org, person=OuterRef("pk"))
            qs = qs.filter(Exists(current) & _visible_q("organisations", viewer))
        if expertise := filters.get("expertise", "").strip():
            # A tag's slug (from a link) or words from its name.
            tagged = Person.expertise.through.objects.filter(
                Q(expertisetag__slug=expertise) | Q(expertisetag__name__icontains=expertise), person=OuterRef("pk")
            )
            qs = qs.filter(Exists(tagged) & _visible_q("expertise", viewer))
        return qs.order_by("display_name", "id")


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def get_queryset(self) -> PersonQuerySet:
        return PersonQuerySet(self.model, using=self._db)

    def active(self) -> PersonQuerySet:
        """Return people who can sign in and have not been erased."""
        return self.get_queryset().active()

    def search(self, viewer: Person | None, **filters: str) -> PersonQuerySet:
        """Filter the people directory; see PersonQuerySet.search."""
        return self.get_queryset().search(viewer, **filters)

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Person:
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> Person:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone who takes part in Groundswell; also the account they sign in with."""

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=120)
    profession = models.CharField(max_length=32, choices=Profession.choices, default=Profession.OTHER)
    region = models.CharField(max_length=32, choices=Region.choices, blank=True)
    bio = models.TextField(max_length=1000, blank=True)
    expertise = models.ManyToManyField(ExpertiseTag, blank=True, related_name="people")
    lay_partner_override = models.BooleanField(
        null=True,
        blank=True,
        help_text="Leave empty to derive it from the profession (patients and carers).",
    )
    access_needs = models.TextField(
        "communication and access needs",
        max_length=1000,
        blank=True,
        help_text="Seen only by you and the convenors of your communities.",
    )
    access_needs_consent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person agreed that their communities' convenors may see their access needs.",
    )
    profession_visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.SIGNED_IN)
    organisations_visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.SIGNED_IN)
    region_visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.SIGNED_IN)
    expertise_visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.SIGNED_IN)
    bio_visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.SIGNED_IN)
    email_visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.COMMUNITIES)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[PersonManager] = PersonManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    if TYPE_CHECKING:
        affiliations: RelatedManager[Affiliation]
        api_tokens: RelatedManager[ApiToken]

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["display_name"], name="person_name"),
            # Filter by profession or region and read names in order, stopping at a page's worth.
            models.Index(fields=["profession", "display_name"], name="person_profession_name"),
            models.Index(fields=["region", "display_name"], name="person_region_name"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_absolute_url(self) -> str:
        return _profile_url_pattern().format(self.pk)

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def is_lay_partner(self) -> bool:
        if self.lay_partner_override is not None:
            return self.lay_partner_override
        return self.profession in LAY_PROFESSIONS

    @property
    def shared_access_needs(self) -> str:
        """Access needs as convenors may see them: only with the person's recorded consent."""
        return self.access_needs if self.access_needs_consent_at is not None else ""

    def visibility_of(self, field: str) -> str:
        return str(getattr(self, f"{field}_visibility"))


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def search(self, q: str = "", kind: str = "", region: str = "") -> OrganisationQuerySet:
        """Filter organisations by name, kind and region."""
        qs = self
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(ods_code__iexact=q))
        if kind:
            qs = qs.filter(kind=kind)
        if region:
            qs = qs.filter(region=region)
        return qs.order_by("name", "id")


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.OTHER)
    region = models.CharField(max_length=32, choices=Region.choices, blank=True)
    ods_code = models.CharField(
        "ODS code", max_length=10, blank=True, help_text="NHS Organisation Data Service code, if it has one."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["name"], name="organisation_name")]
        constraints = [
            models.UniqueConstraint(fields=["ods_code"], condition=~Q(ods_code=""), name="unique_ods_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:organisation", args=[self.pk])


class AffiliationQuerySet(models.QuerySet["Affiliation"]):
    def current(self, on: datetime.date | None = None) -> AffiliationQuerySet:
        """Return affiliations in force on the given day (today by default)."""
        day = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class Affiliation(models.Model):
    """A dated tie between a person and an organisation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="affiliations")
    role_title = models.CharField(max_length=120, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organisation", "person"], name="affiliation_org_person")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="affiliation_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.organisation}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.start_date is None or self.start_date <= today) and (
            self.end_date is None or self.end_date >= today
        )


def hash_token(raw: str) -> str:
    """Hash a personal access token; tokens carry 256 bits, so one SHA-256 round suffices."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        """Return tokens that have not been revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal access token for the JSON API, stored only as a hash."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise a token.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
