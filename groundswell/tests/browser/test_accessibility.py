"""axe-core finds nothing on any page, for each demo persona and for someone not signed in.

Every HTML page in the URL conf is visited (the last test checks that against the URL conf),
including forms re-rendered with their validation errors, and each page is checked as it
stands after loading, with NHS.UK frontend's JavaScript running.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from playwright.sync_api import Page

from groundswell.communities import actions as community_actions
from groundswell.communities.models import OPEN_STATUSES, Community, Invitation, Lifecycle, Membership, Privacy, Role
from groundswell.demo.personas import PERSONAS
from groundswell.people import actions as people_actions
from groundswell.people.models import Organisation, Person

from groundswell.testing import PASSWORD, make_person

from .conftest import Site, axe_violations, finish_axe, format_violations, sign_in_with_password, start_axe

pytestmark = pytest.mark.browser

# Route names reached by each scan, checked against the URL conf at the end.
COVERED: set[str] = set()

# Routes that are not pages: form targets that only redirect, downloads, JSON, the API and
# the health check. Each is reached by a POST from a page that is checked, or is not HTML.
NOT_PAGES = {
    "healthz",
    "communities:join",
    "communities:request",
    "communities:leave",
    "communities:invitation_manage",
    "communities:member_role",
    "communities:member_decide",
    "people:affiliation_end",
    "people:token_create",
    "people:token_revoke",
    "people:data_export",
    "openapi-json",
    "api-root",
    "mfa_download_recovery_codes",
    # Reached only by following a link that allauth emails; the e-mailed key is checked in
    # test_it_checks_password_reset_from_the_emailed_link.
    "account_confirm_email",
}


@dataclass
class Visit:
    """One page to check: go to `path`, optionally act on it (submit it empty), then run axe."""

    label: str
    path: str
    then: Callable[[Page], None] | None = None
    status: int = 200


def submit_empty(button: str) -> Callable[[Page], None]:
    """Submit the form whose submit button is named `button` without filling anything in."""

    def act(page: Page) -> None:
        page.evaluate("() => document.querySelectorAll('form').forEach(f => { f.noValidate = true; })")
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()

    return act


def clear_and_submit(label: str, button: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_label(label, exact=True).fill("", timeout=3000)
        submit_empty(button)(page)

    return act


def scan(page: Page, visits: list[Visit]) -> str:
    """Check each page; return a report of every violation found (empty when all pass).

    Two tabs take turns, so that axe checks one page while the other tab loads the next.
    """
    tabs = [page, page.context.new_page()]
    pending: dict[int, tuple[Visit, str]] = {}
    failures = []

    def collect(slot: int) -> None:
        if slot in pending:
            visit, url = pending.pop(slot)
            violations = finish_axe(tabs[slot])
            if violations:
                failures.append(f"{visit.label} ({url}):\n{format_violations(violations)}")

    for number, visit in enumerate(visits):
        slot = number % 2
        tab = tabs[slot]
        collect(slot)
        response = tab.goto(visit.path)
        assert response is not None
        if response.status != visit.status:
            failures.append(f"{visit.label} ({visit.path}): status {response.status}, expected {visit.status}")
            continue
        if visit.then is not None:
            try:
                visit.then(tab)
            except Exception as error:
                main = tab.locator("main").inner_text() if tab.locator("main").count() else tab.content()
                failures.append(f"{visit.label} ({tab.url}): could not act on the page: {error}\n{main[:300]}")
                continue
        if visit.status == 200:
            COVERED.add(resolve(urlsplit(tab.url).path).view_name)
        start_axe(tab)
        pending[slot] = (visit, tab.url)
    collect(0)
    collect(1)
    return "\n".join(failures)


def persona(key: str) -> Person:
    email = next(p.email for p in PERSONAS if p.key == key)
    return Person.objects.get(email=email)


def _member_of(person: Person) -> dict[int, Membership]:
    return {m.community_id: m for m in Membership.objects.active().filter(person=person)}


def community_visits(person: Person) -> list[Visit]:
    """Community pages for each privacy tier the person can see, as member and as outsider."""
    mine = _member_of(person)
    visits = []
    visible = Community.objects.visible_to(person).order_by("name")
    for tier in Privacy:
        in_tier = [c for c in visible if c.privacy == tier]
        member = next((c for c in in_tier if c.pk in mine and not c.is_closed), None)
        outsider = next((c for c in in_tier if c.pk not in mine and not c.is_closed), None)
        for community, how in ((member, "member"), (outsider, "not a member")):
            if community is not None:
                visits.append(Visit(f"{tier} community ({how})", f"/communities/{community.slug}/"))
    closed = next((c for c in visible if c.is_closed), None)
    if closed is not None:
        visits.append(Visit("closed community", f"/communities/{closed.slug}/"))
    member_of = next((c for c in visible if c.pk in mine and mine[c.pk].role != Role.CONVENOR), None)
    if member_of is not None:
        visits.append(Visit("members page (not convenor)", f"/communities/{member_of.slug}/members/"))
    outsider_of = next((c for c in visible if c.pk not in mine), None)
    if outsider_of is not None:
        visits.append(
            Visit("403: edit a community one does not convene", f"/communities/{outsider_of.slug}/edit/", status=403)
        )
    return visits


def invitation_link(community: Community, by: Person, email: str) -> str:
    """Invite `email` and return the link from the email (the raw token is only ever emailed)."""
    Invitation.objects.filter(community=community, email=email, status="pending").update(status="revoked")
    mail.outbox.clear()
    community_actions.invite(community, by=by, email=email)
    body = mail.outbox[-1].body
    found = re.search(r"/invitations/[^/\s]+/", body)
    assert found, body
    return found.group(0)


def not_in(community: Community) -> Person:
    """Someone with an account who neither belongs to the community nor has asked to join."""
    person = (
        Person.objects.filter(is_active=True, is_staff=False)
        .exclude(memberships__community=community, memberships__status__in=OPEN_STATUSES)
        .exclude(email__in=[p.email for p in PERSONAS])
        .exclude(email="")
        .order_by("-pk")
        .first()
    )
    assert person is not None
    return person


def convened_by(person: Person) -> Community | None:
    return (
        Community.objects.filter(
            memberships__person=person, memberships__status="active", memberships__role=Role.CONVENOR
        )
        .exclude(lifecycle=Lifecycle.CLOSED)
        .order_by("name")
        .first()
    )


def convenor_visits(person: Person) -> list[Visit]:
    """Management pages, with a pending request and invitations so their tables show."""
    community = convened_by(person)
    if community is None:
        return []
    slug = community.slug
    # Someone asking to join (only restricted communities take requests).
    if community.privacy == Privacy.RESTRICTED:
        community_actions.request_membership(community, person=not_in(community), message="I lead a network too.")
    Invitation.objects.filter(community=community, email="axe.invitee@example.org").delete()
    community_actions.invite(community, by=person, email="axe.invitee@example.org", role=Role.GUEST)
    other = Membership.objects.active().filter(community=community).exclude(person=person).order_by("pk").first()
    visits = [
        Visit("members page (convenor)", f"/communities/{slug}/members/"),
        Visit("edit community", f"/communities/{slug}/edit/"),
        Visit("edit community with errors", f"/communities/{slug}/edit/", clear_and_submit("Name", "Save changes")),
        Visit("change stage", f"/communities/{slug}/stage/"),
        Visit("invite", f"/communities/{slug}/invite/"),
        Visit("invite with errors", f"/communities/{slug}/invite/", submit_empty("Send invitation")),
        Visit("import people", f"/communities/{slug}/import/"),
    ]
    if other is not None:
        visits.append(Visit("remove member", f"/communities/{slug}/members/{other.pk}/remove/"))
    return visits


def signed_in_visits(person: Person) -> list[Visit]:
    other = Person.objects.exclude(pk=person.pk).filter(is_active=True).order_by("pk").first()
    organisation = Organisation.objects.order_by("name").first()
    assert other is not None and organisation is not None
    visits = [
        Visit("home", "/"),
        Visit("communities directory", "/communities/"),
        Visit(
            "communities directory, filtered",
            "/communities/?q=network&kind=network&privacy=restricted&lifecycle=active",
        ),
        Visit("communities directory, page 2", "/communities/?page=2"),
        Visit("start a community", "/communities/new/"),
        Visit("start a community with errors", "/communities/new/", submit_empty("Start the community")),
        *community_visits(person),
        *convenor_visits(person),
        Visit("people directory", "/people/"),
        Visit(
            "people directory, filtered", f"/people/?q=a&profession=nurse&region=london&organisation={organisation.pk}"
        ),
        Visit("own profile", f"/people/{person.pk}/"),
        Visit("own profile with a new token", f"/people/{person.pk}/", create_token),
        Visit("someone else's profile", f"/people/{other.pk}/"),
        Visit("edit profile", f"/people/{person.pk}/edit/"),
        Visit(
            "edit profile with errors", f"/people/{person.pk}/edit/", clear_and_submit("Name to show", "Save profile")
        ),
        Visit("add an organisation to one's profile", f"/people/{person.pk}/affiliations/new/"),
        Visit(
            "add an organisation with errors",
            f"/people/{person.pk}/affiliations/new/",
            submit_empty("Add"),
        ),
        Visit("organisations", "/organisations/"),
        Visit("organisations, filtered", "/organisations/?q=a&kind=nhs_trust&region=london"),
        Visit("organisation", f"/organisations/{organisation.pk}/"),
        Visit("new organisation", "/organisations/new/"),
        Visit("new organisation with errors", "/organisations/new/", submit_empty("Add organisation")),
        Visit("erase my data", "/me/erase/"),
        Visit("erase my data with errors", "/me/erase/", submit_empty("Erase my account")),
        Visit("email addresses", "/accounts/email/"),
        Visit("change password", "/accounts/password/change/"),
        Visit("change password with errors", "/accounts/password/change/", submit_empty("Change Password")),
        Visit("two-factor authentication", "/accounts/2fa/"),
        Visit("set up an authenticator app", "/accounts/2fa/totp/activate/"),
        Visit("confirm it is you", "/accounts/reauthenticate/"),
        Visit("sign out", "/accounts/logout/"),
        Visit("accessibility statement", "/accessibility/"),
        Visit("privacy notice", "/privacy/"),
        Visit("404", "/no-such-page/", status=404),
    ]
    return visits


def create_token(page: Page) -> None:
    page.get_by_label("Token name").fill("axe check")
    page.get_by_role("button", name="Create a token").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("key", [p.key for p in PERSONAS])
def test_it_finds_no_violations_for_each_persona(site: Site, key: str) -> None:
    person = persona(key)
    page = site.as_persona(person.email)
    visits = signed_in_visits(person)
    if person.is_staff:
        # Staff without an authenticator app are sent to set one up before the admin.
        visits.append(Visit("admin (redirects to authenticator set-up)", "/admin/"))
    report = scan(page, visits)
    assert not report, f"axe found violations for {key}:\n{report}"


def test_it_finds_no_violations_when_signed_out(site: Site) -> None:
    page = site.anonymous()
    open_community = Community.objects.filter(privacy=Privacy.OPEN).exclude(lifecycle=Lifecycle.CLOSED).first()
    closed = Community.objects.filter(privacy=Privacy.OPEN, lifecycle=Lifecycle.CLOSED).first()
    assert open_community is not None
    convenor = persona("convenor")
    community = convened_by(convenor)
    assert community is not None
    lay = persona("lay")
    visits = [
        Visit("home", "/"),
        Visit("communities directory", "/communities/"),
        Visit("communities directory, filtered", "/communities/?q=care&kind=community_of_practice"),
        Visit("open community", f"/communities/{open_community.slug}/"),
        Visit("members of an open community", f"/communities/{open_community.slug}/members/"),
        Visit("sign in", "/accounts/login/"),
        Visit("sign in with errors", "/accounts/login/", sign_in_wrongly),
        Visit("ask for a sign-in code", "/accounts/login/code/"),
        Visit("ask for a sign-in code with errors", "/accounts/login/code/", submit_empty("Request Code")),
        Visit("enter the sign-in code", "/accounts/login/code/", request_code(lay.email)),
        Visit("enter the sign-in code with errors", "/accounts/login/code/confirm/", enter_wrong_code),
        Visit("create an account", "/accounts/signup/"),
        Visit("create an account with errors", "/accounts/signup/", submit_empty("Sign Up")),
        Visit("reset password", "/accounts/password/reset/"),
        Visit("reset password with errors", "/accounts/password/reset/", submit_empty("Reset My Password")),
        Visit("invitation for a newcomer", invitation_link(community, convenor, "newcomer@example.net")),
        Visit(
            "invitation for a newcomer with errors",
            invitation_link(community, convenor, "newcomer2@example.net"),
            submit_empty(f"Join {community.name}"),
        ),
        Visit("invitation for someone with an account", invitation_link(community, convenor, not_in(community).email)),
        Visit("accessibility statement", "/accessibility/"),
        Visit("privacy notice", "/privacy/"),
        Visit("404", "/no-such-page/", status=404),
    ]
    if closed is not None:
        visits.append(Visit("closed community", f"/communities/{closed.slug}/"))
    report = scan(page, visits)
    assert not report, f"axe found violations when signed out:\n{report}"


def sign_in_wrongly(page: Page) -> None:
    page.get_by_label("Email").fill("amara.okafor@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in with password").click()
    page.wait_for_load_state()


def request_code(email: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_label("Email").fill(email)
        page.get_by_role("button", name="Request Code").click()
        page.wait_for_url("**/login/code/confirm/")

    return act


def enter_wrong_code(page: Page) -> None:
    page.get_by_label("Code").fill("NOTACODE")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()


class Checker:
    """Check pages one at a time along a flow, collecting violations for one assertion."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.failures: list[str] = []

    def check(self, label: str) -> None:
        self.page.wait_for_load_state()
        COVERED.add(resolve(urlsplit(self.page.url).path).view_name)
        violations = axe_violations(self.page)
        if violations:
            self.failures.append(f"{label} ({self.page.url}):\n{format_violations(violations)}")

    def report(self) -> str:
        return "\n".join(self.failures)


def emailed_link(pattern: str) -> str:
    found = re.search(pattern, mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0)


def emailed_code() -> str:
    found = re.search(r"^\s*([A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6})?)\s*$", mail.outbox[-1].body, re.MULTILINE)
    assert found, mail.outbox[-1].body
    return found.group(1)


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    # Each code may be used once per period; forget used codes so the flow can reuse one.
    cache.clear()
    counter = list(yield_hotp_counters_from_time())[len(list(yield_hotp_counters_from_time())) // 2]
    return format_hotp_value(hotp_value(secret, counter))


def test_it_finds_no_violations_on_sign_up_and_password_reset(site: Site) -> None:
    """Creating an account (confirmed by an emailed code) and resetting a password by link."""
    page = site.anonymous()
    checker = Checker(page)
    mail.outbox.clear()
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("new.person@example.net")
    page.get_by_role("button", name="Sign Up").click()
    checker.check("confirm email address by code")
    page.get_by_label("Code").fill("WRONG1")
    page.get_by_role("button", name="Confirm").click()
    checker.check("confirm email address by code, with errors")
    page.get_by_label("Code").fill(emailed_code())
    page.get_by_role("button", name="Confirm").click()
    checker.check("signed in after confirming")
    page.goto("/accounts/password/set/")
    checker.check("set a password")
    page.get_by_role("button", name="Set Password").click()
    checker.check("set a password, with errors")
    page.goto("/accounts/inactive/")
    checker.check("account inactive")

    person = make_person("forgetful@example.net", "Forgetful Person")
    page = site.anonymous()
    checker.page = page
    mail.outbox.clear()
    page.goto("/accounts/password/reset/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_role("button", name="Reset My Password").click()
    checker.check("password reset sent")
    page.goto(emailed_link(r"/accounts/password/reset/key/\S+"))
    checker.check("choose a new password")
    page.get_by_role("button", name="Change Password").click()
    checker.check("choose a new password, with errors")
    page.get_by_label("New Password", exact=True).fill("a new long passphrase")
    page.get_by_label("New Password (again)").fill("a new long passphrase")
    page.get_by_role("button", name="Change Password").click()
    checker.check("password changed")
    report = checker.report()
    assert not report, f"axe found violations:\n{report}"


def test_it_finds_no_violations_on_staff_two_factor_pages(site: Site) -> None:
    """Staff set up an authenticator app before the admin, then sign in with it.

    A throwaway staff account keeps the demo administrator signing in with a password only.
    """
    staff = make_person("staff.axe@example.net", "Staff Check")
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    page = site.anonymous()
    checker = Checker(page)
    sign_in_with_password(page, staff.email, PASSWORD)
    page.goto("/admin/")
    checker.check("admin sends staff to confirm their password first")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    checker.check("activate an authenticator app")
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Activate").click()
    checker.check("activate an authenticator app, with errors")
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    checker.check("after activating")
    for path, label in [
        ("/accounts/2fa/", "two-factor authentication, active"),
        ("/accounts/2fa/recovery-codes/", "recovery codes"),
        ("/accounts/2fa/recovery-codes/generate/", "generate recovery codes"),
        ("/accounts/2fa/totp/deactivate/", "deactivate authenticator app"),
        ("/accounts/2fa/reauthenticate/", "confirm it is you with the app"),
        ("/admin/", "admin index"),
    ]:
        page.goto(path)
        checker.check(label)
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign Out", exact=True).click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in with password").click()
    checker.check("enter the authenticator code")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign In").click()
    checker.check("enter the authenticator code, with errors")
    report = checker.report()
    assert not report, f"axe found violations:\n{report}"


def _route_names(patterns: list[Any], prefix: str = "") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _route_names(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_it_checked_every_page_in_the_url_conf() -> None:
    """Every named route is either checked above or listed as not being a page."""
    if not COVERED:
        pytest.skip("runs after the page checks in this module")
    missing = _route_names(get_resolver().url_patterns) - COVERED - NOT_PAGES
    assert not missing, f"pages no test has checked with axe: {sorted(missing)}"
