"""Everything still works with JavaScript switched off in the browser."""

from __future__ import annotations

import re

import pytest

from groundswell.communities import actions as community_actions
from groundswell.communities.models import Membership, Privacy
from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.people.models import Person, Visibility
from groundswell.testing import PASSWORD, make_person

from .conftest import Site, emailed_code

pytestmark = pytest.mark.browser

EMAIL = {p.key: p.email for p in PERSONAS}


def test_it_signs_in_with_a_password(site: Site) -> None:
    page = site.anonymous(javascript=False)
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(EMAIL["centre"])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in with password").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.get_by_role("navigation", name="Account").get_by_text("Priya Shah").is_visible()


def test_it_signs_in_with_an_emailed_code(site: Site) -> None:
    page = site.anonymous(javascript=False)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Email me a sign-in code").click()
    page.get_by_label("Email").fill(EMAIL["lay"])
    page.get_by_role("button", name="Request Code").click()
    page.get_by_label("Code").fill(emailed_code())
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_role("navigation", name="Account").get_by_text("Grace Mensah").is_visible()


def test_it_browses_communities(site: Site) -> None:
    page = site.as_persona(EMAIL["core"], javascript=False)
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Communities").click()
    page.get_by_label("Search").fill("network")
    page.get_by_label("Kind").select_option(label="Network")
    page.get_by_role("button", name="Search").click()
    assert "q=network" in page.url and "kind=network" in page.url
    results = page.locator("#results h2 a")
    assert results.count() > 0
    first = results.first.inner_text()
    results.first.click()
    assert page.get_by_role("heading", level=1).inner_text() == first
    # Paging through the whole directory works with plain links.
    page.goto("/communities/")
    next_link = page.get_by_role("link", name=re.compile("^Next"))
    if next_link.count():
        next_link.click()
        assert "page=2" in page.url
        assert page.locator("#results h2 a").count() > 0


def test_it_joins_a_community(site: Site) -> None:
    convenor = Person.objects.get(email=EMAIL["convenor"])
    community = community_actions.create_community(
        by=convenor,
        name="Plain HTML Joiners",
        kind="network",
        purpose="Joining without scripts.",
        privacy=Privacy.OPEN,
    )
    person = Person.objects.get(email=EMAIL["core"])
    page = site.as_persona(person.email, javascript=False)
    page.goto("/communities/?q=Plain+HTML+Joiners")
    page.get_by_role("link", name="Plain HTML Joiners").click()
    page.get_by_role("button", name="Join this community").click()
    assert page.get_by_text("Welcome to Plain HTML Joiners").is_visible()
    assert Membership.objects.active().filter(community=community, person=person).exists()


def test_it_edits_a_profile(site: Site) -> None:
    # Someone of the test's own, so the demo personas' profiles stay as seeded.
    person = make_person("plain.profile@example.net", "Plain Profile")
    page = site.as_persona(person.email, password=PASSWORD, javascript=False)
    page.goto("/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Plain Profile").click()
    page.get_by_role("button", name="Edit profile").click()
    page.get_by_label("Name to show").fill("Plainly Edited")
    page.get_by_label("About you").fill("Community nurse; works without JavaScript.")
    page.get_by_label("Expertise").fill("district nursing, frailty")
    page.get_by_role("group", name="Who can see your bio").get_by_label("People in my communities").check()
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("Your profile has been saved.").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Plainly Edited"
    person.refresh_from_db()
    assert person.display_name == "Plainly Edited"
    assert person.bio == "Community nurse; works without JavaScript."
    assert person.bio_visibility == Visibility.COMMUNITIES
    assert sorted(t.name.lower() for t in person.expertise.all()) == ["district nursing", "frailty"]
