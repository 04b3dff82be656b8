"""Shared test fixtures: one community with a person in each role, plus an outsider."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from groundswell.communities import actions as community_actions
from groundswell.communities.models import Community, Privacy, Role
from groundswell.people import actions as people_actions
from groundswell.people.models import Organisation, Person, Profession

PASSWORD = "correct horse battery staple"


def make_person(email: str, display_name: str | None = None, **fields: Any) -> Person:
    """Create a verified person with the shared test password."""
    person = people_actions.create_person(
        email=email, display_name=display_name or email.split("@")[0].title(), verified=True, **fields
    )
    person.set_password(PASSWORD)
    person.save(update_fields=["password"])
    return person


def make_community(convenor: Person, name: str = "Cancer Leads Network", **fields: Any) -> Community:
    """Start a community with the given convenor."""
    fields.setdefault("purpose", "Leads of local cancer networks learning together.")
    fields.setdefault("kind", "network")
    return community_actions.create_community(by=convenor, name=name, **fields)


def add_member(community: Community, person: Person, role: str = Role.MEMBER) -> None:
    """Add a person to a community directly (test shortcut that still records activity)."""
    community_actions._add_member(community, person, role=role, by=None, verb="joined")


class BaseTestCase(TestCase):
    """A private community with a convenor, core member, member and lay partner, and an outsider."""

    convenor: Person
    core: Person
    member: Person
    lay: Person
    outsider: Person
    community: Community
    organisation: Organisation

    @classmethod
    def setUpTestData(cls) -> None:
        cls.organisation = people_actions.create_organisation(
            by=None, name="Northshire Cancer Alliance", kind="nhs_trust", region="north_west"
        )
        cls.convenor = make_person("cara@example.org", "Cara Convenor", profession=Profession.NURSE)
        cls.core = make_person("colin@example.org", "Colin Core", profession=Profession.GP)
        cls.member = make_person("mina@example.org", "Mina Member", profession=Profession.MANAGER)
        cls.lay = make_person("lee@example.org", "Lee Lay", profession=Profession.CARER)
        cls.outsider = make_person("otto@example.org", "Otto Outsider", profession=Profession.RESEARCHER)
        cls.community = make_community(cls.convenor, privacy=Privacy.PRIVATE)
        add_member(cls.community, cls.core, Role.CORE_MEMBER)
        add_member(cls.community, cls.member, Role.MEMBER)
        add_member(cls.community, cls.lay, Role.LAY_PARTNER)
