"""Keyboard alone: the skip link, and the main flows (sign in, join a community, invite someone).

Each flow moves only with Tab, typing, the arrow keys, Space and Enter, as someone who cannot
use a mouse would; no element is clicked or filled directly.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from groundswell.communities import actions as community_actions
from groundswell.communities.models import Community, Invitation, Membership, Privacy, Role
from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.people.models import Person

from .conftest import Site

pytestmark = pytest.mark.browser

EMAIL = {p.key: p.email for p in PERSONAS}

# The focused element's label (form fields) or text (links, buttons), or "" when focus has
# left the page; each element is marked when first reached, so a second visit shows up.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: "", again: false, left: true};
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const again = el.dataset.keyboardSeen === "1";
  el.dataset.keyboardSeen = "1";
  const name = (label || el.innerText || el.value || "").replace(/\\s+/g, " ").trim();
  return {name: name, again: again, left: false};
}"""


def focused_name(page: Page) -> str:
    name: str = page.evaluate(FOCUSED)["name"]
    return name


def tab_to(page: Page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element's label or text is `name` (optional fields too)."""
    wanted = {name.lower(), f"{name} (optional)".lower()}
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = focused_name(page)
        if focused.lower() in wanted:
            return
        seen.append(focused)
    raise AssertionError(f"Tab never reached {name!r}; focus went through: {seen}")


def focus_is_visible(page: Page) -> bool:
    """The focused element takes up space on screen and has a focus style (NHS.UK's yellow)."""
    return bool(
        page.evaluate(
            """() => {
              const el = document.activeElement;
              const box = el.getBoundingClientRect();
              const style = getComputedStyle(el);
              const styled = style.outlineStyle !== "none" || style.boxShadow !== "none"
                || style.backgroundColor === "rgb(255, 235, 59)";
              return box.width > 0 && box.height > 0 && styled;
            }"""
        )
    )


def new_open_community(name: str) -> Community:
    """A community of the test's own, convened by someone else, so joining it changes nothing shared."""
    convenor = Person.objects.get(email=EMAIL["convenor"])
    return community_actions.create_community(
        by=convenor,
        name=name,
        kind="network",
        purpose="Checking that people can join by keyboard.",
        privacy=Privacy.OPEN,
    )


def test_it_skips_to_the_main_content(site: Site) -> None:
    page = site.as_persona(EMAIL["core"])
    page.goto("/communities/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop after the skip link is inside <main>, past the header's links.
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_it_shows_where_the_focus_is_on_every_stop(site: Site) -> None:
    """Each element Tab reaches is on screen with a visible focus style, and Tab never gets stuck."""
    page = site.as_persona(EMAIL["convenor"])
    for path in ["/", "/communities/", "/people/"]:
        page.goto(path)
        stops = 0
        for _ in range(300):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["left"]:
                break  # past the last element: focus has gone back to the browser
            assert not focused["again"], f"{path}: Tab came back to {focused['name']!r} before the end"
            assert focus_is_visible(page), f"{path}: no visible focus on {focused['name']!r}"
            stops += 1
        else:
            raise AssertionError(f"{path}: Tab never left the page")
        assert stops > 5, f"{path}: Tab reached only {stops} elements"


def test_it_signs_in_with_the_keyboard(site: Site) -> None:
    page = site.anonymous()
    page.goto("/")
    tab_to(page, "Sign in")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/")
    tab_to(page, "Email")
    page.keyboard.type(EMAIL["lay"])
    tab_to(page, "Password")
    page.keyboard.type(DEMO_PASSWORD)
    tab_to(page, "Sign in with password")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.get_by_role("navigation", name="Account").get_by_text("Grace Mensah").is_visible()


def test_it_joins_a_community_with_the_keyboard(site: Site) -> None:
    community = new_open_community("Keyboard Joiners Network")
    person = Person.objects.get(email=EMAIL["lay"])
    page = site.as_persona(person.email)
    page.goto("/")
    tab_to(page, "Communities")
    page.keyboard.press("Enter")
    page.wait_for_url("**/communities/")
    tab_to(page, "Search")
    page.keyboard.type("Keyboard Joiners")
    page.keyboard.press("Enter")
    page.get_by_text("1 community found").wait_for()
    tab_to(page, "Keyboard Joiners Network")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/communities/{community.slug}/")
    tab_to(page, "Join this community")
    page.keyboard.press("Enter")
    page.get_by_text("Welcome to Keyboard Joiners Network").wait_for()
    assert Membership.objects.active().filter(community=community, person=person).exists()


def test_it_invites_someone_with_the_keyboard(site: Site) -> None:
    convenor = Person.objects.get(email=EMAIL["convenor"])
    community = community_actions.create_community(
        by=convenor,
        name="Keyboard Inviters Group",
        kind="project_team",
        purpose="Inviting by keyboard.",
        privacy=Privacy.PRIVATE,
    )
    page = site.as_persona(convenor.email)
    page.goto(f"/communities/{community.slug}/")
    tab_to(page, "Manage members and invitations")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/communities/{community.slug}/members/")
    tab_to(page, "Invite someone")
    # A link that looks like a button must answer Space as a button does (NHS.UK's button module).
    page.keyboard.press("Space")
    page.wait_for_url(f"**/communities/{community.slug}/invite/")
    tab_to(page, "Email")
    page.keyboard.type("keyboard.invitee@example.net")
    tab_to(page, "Role")
    # A native select: arrow keys change the choice without opening it.
    page.keyboard.press("ArrowDown")
    tab_to(page, "A personal note")
    page.keyboard.type("Join us to plan the pilot.")
    tab_to(page, "Send invitation")
    page.keyboard.press("Enter")
    page.get_by_text("Invitation sent to keyboard.invitee@example.net").wait_for()
    invitation = Invitation.objects.get(community=community, email="keyboard.invitee@example.net")
    assert invitation.role == Role.LAY_PARTNER
    assert invitation.message == "Join us to plan the pilot."
