"""axe-core finds nothing on any page, for each demo persona and for someone not signed in.

Every HTML page in the URL conf is visited (the last test checks that against the URL conf),
including forms re-rendered with their validation errors, and each page is checked as it
stands after loading, with NHS.UK frontend's JavaScript running.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.template import loader
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from PIL import Image
from playwright.sync_api import FilePayload, Page

from groundswell.communities import actions as community_actions
from groundswell.communities.models import OPEN_STATUSES, Community, Invitation, Lifecycle, Membership, Privacy, Role
from groundswell.demo.personas import PERSONAS
from groundswell.gatherings import actions as gathering_actions
from groundswell.gatherings.models import Gathering
from groundswell.people import actions as people_actions
from groundswell.people.models import Organisation, Person
from groundswell.testing import PASSWORD, make_person

from .conftest import (
    Site,
    axe_violations,
    emailed_code,
    emailed_link,
    finish_axe,
    format_violations,
    sign_in_with_password,
    start_axe,
)
from .consultations_visits import consultations_visits
from .conversations_visits import conversations_public_visits, conversations_visits
from .products_visits import products_visits, public_products_visits
from .stories_visits import stories_public_visits, stories_visits

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
    "mfa_download_recovery_codes",
    # Email addresses are confirmed with an emailed code (checked below), never this link.
    "account_confirm_email",
    "gatherings:respond",
    "gatherings:action_status",
    "gatherings:ics",
    "gatherings:attendees_csv",
    "gatherings:person_feed",
    "gatherings:community_feed",
    "gatherings:photo",
    "gatherings:photo_remove",
    "gatherings:pre_read",
    "consultations:document",
    "consultations:insight_evidence",
    "consultations:brief_pdf",
    "consultations:brief_csv",
    # Form targets on the thread and story pages (checked there) that redirect back.
    "consultations:capture_post",
    "consultations:capture_story",
    "stories:export",
    "conversations:community_watch",
    "conversations:thread_watch",
    "conversations:accept_answer",
    "conversations:attachment",
    "conversations:notification_open",
    "conversations:notifications_read",
    "conversations:report_dismiss",
    "products:version_file",
    "products:story_csv",
    "products:event_verify",
    "products:event_remove",
}


def is_json_api(name: str) -> bool:
    """The JSON API's endpoints; its one HTML page, the reference, is checked."""
    return name.startswith("api:") and name != "api:openapi-view"


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
    """The page and members page of a community in each privacy tier the person can see,
    one they belong to and one they do not, plus a closed one and a 403."""
    mine = _member_of(person)
    visits = []
    visible = Community.objects.visible_to(person).order_by("name")
    for tier in Privacy:
        in_tier = [c for c in visible if c.privacy == tier]
        member = next((c for c in in_tier if c.pk in mine and not c.is_closed), None)
        outsider = next((c for c in in_tier if c.pk not in mine and not c.is_closed), None)
        for community, how in ((member, "member"), (outsider, "not a member")):
            if community is not None:
                role = f", {mine[community.pk].get_role_display().lower()}" if community.pk in mine else ""
                visits.append(Visit(f"{tier} community ({how}{role})", f"/communities/{community.slug}/"))
                visits.append(
                    Visit(f"{tier} community members ({how}{role})", f"/communities/{community.slug}/members/")
                )
    closed = next((c for c in visible if c.is_closed), None)
    if closed is not None:
        visits.append(Visit("closed community", f"/communities/{closed.slug}/"))
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
    return emailed_link(r"/invitations/[^/\s]+/")


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
        Visit("change stage with errors", f"/communities/{slug}/stage/", close_without_a_note),
        Visit("invite", f"/communities/{slug}/invite/"),
        Visit("invite with errors", f"/communities/{slug}/invite/", submit_empty("Send invitation")),
        Visit("import people", f"/communities/{slug}/import/"),
        Visit("import people with errors", f"/communities/{slug}/import/", submit_empty("Check the file")),
        Visit("import preview with row errors", f"/communities/{slug}/import/", upload_spreadsheet),
    ]
    if other is not None:
        remove = f"/communities/{slug}/members/{other.pk}/remove/"
        visits.append(Visit("remove member", remove))
        visits.append(Visit("remove member with errors", remove, submit_empty("Remove")))
    return visits


def invitation_visits(person: Person) -> list[Visit]:
    """An invitation waiting for the person: it shows on their home page and has its own page."""
    community = (
        Community.objects.exclude(memberships__person=person)
        .exclude(lifecycle=Lifecycle.CLOSED)
        .filter(memberships__role=Role.CONVENOR, memberships__status="active")
        .order_by("name")
        .first()
    )
    assert community is not None
    convenor = Membership.objects.active().filter(community=community, role=Role.CONVENOR).first()
    assert convenor is not None
    return [Visit("invitation, signed in", invitation_link(community, convenor.person, person.email))]


def someone_else(person: Person) -> Person:
    """Another member of one of the person's communities (so more of their profile shows)."""
    shared = Membership.objects.active().filter(
        community__in=Membership.objects.active().filter(person=person).values("community")
    )
    other = shared.exclude(person=person).select_related("person").order_by("pk").first()
    if other is not None:
        return other.person
    anyone = Person.objects.exclude(pk=person.pk).filter(is_active=True).order_by("pk").first()
    assert anyone is not None
    return anyone


def close_without_a_note(page: Page) -> None:
    page.get_by_label("Closed", exact=True).check()
    submit_empty("Save stage")(page)


def show_server_error_page(page: Page) -> None:
    """Put the 500 page, as Django's handler renders it (no request context), in the tab."""
    page.set_content(loader.get_template("500.html").render())


IMPORT_CSV = (
    "email,name,profession,organisation,region,role\n"
    "new.colleague@example.net,New Colleague,Nurse,Northshire Hospice,North West,Member\n"
    "not-an-email,Broken Row,Astronaut,,Atlantis,Emperor\n"
)


def upload_spreadsheet(page: Page) -> None:
    upload: FilePayload = {"name": "people.csv", "mimeType": "text/csv", "buffer": IMPORT_CSV.encode()}
    page.get_by_label("Spreadsheet saved as CSV").set_input_files(files=upload)
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check the import").wait_for()


def axe_gathering(person: Person) -> Gathering | None:
    """A gathering in a community the person convenes, with something in every section."""
    community = convened_by(person)
    if community is None:
        return None
    existing = Gathering.objects.filter(community=community, title="Axe check leads' day").first()
    if existing is not None:
        return existing
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=3)
    series = gathering_actions.schedule_series(
        community, by=person, title="Axe check series", first_starts_at=start,
        duration=datetime.timedelta(hours=2), every_months=2, meetings=3, capacity=40,
    )  # fmt: skip
    gathering = Gathering.objects.get(series=series, number_in_series=1)
    Gathering.objects.filter(pk=gathering.pk).update(title="Axe check leads' day", place="Room 4, Civic Centre")
    gathering.refresh_from_db()
    gathering_actions.open_registration(gathering, by=person)
    gathering_actions.register(gathering, person=person, access_needs="Step-free access")
    gathering_actions.invite_to_gathering(gathering, by=person, email="axe.guest@example.net", name="Axe Guest")
    item = gathering_actions.add_agenda_item(gathering, by=person, title="Check-in", element="check_in")
    gathering_actions.add_pre_read(item, by=person, filename="Draft guidance.pdf", raw=b"%PDF-1.7\n%%EOF\n")
    gathering_actions.add_agenda_item(gathering, by=person, title="Briefing from the centre", element="briefing")
    gathering_actions.add_note(gathering, by=person, what_we_heard="Letters confuse patients", agenda_item=item)
    gathering_actions.add_action(gathering, by=person, title="Share the audit template")
    gathering_actions.add_feedback(gathering, by=person, message="Rewrite the two-week-wait letter with patients")
    chart = io.BytesIO()
    Image.new("RGB", (300, 200), (255, 255, 250)).save(chart, format="PNG")
    gathering_actions.add_photo(
        gathering, by=person, raw=chart.getvalue(), alt_text="Flip chart: three barriers to prehab", caption="Table 1"
    )
    return gathering


def gathering_visits(person: Person) -> list[Visit]:
    """Every gatherings page, as an organiser where the person convenes a community."""
    visits = [Visit("my gatherings", "/me/gatherings/"), Visit("calendar feeds", "/me/calendar/")]
    gathering = axe_gathering(person)
    if gathering is None:
        return visits
    g, slug = gathering.pk, gathering.community.slug
    return [
        *visits,
        Visit("community gatherings", f"/communities/{slug}/gatherings/"),
        Visit("gathering (organiser)", f"/gatherings/{g}/"),
        Visit("series", f"/series/{gathering.series_id}/"),
        Visit("change a series", f"/series/{gathering.series_id}/edit/"),
        Visit(
            "change a series with errors",
            f"/series/{gathering.series_id}/edit/",
            clear_and_submit("Title", "Save the changes"),
        ),
        Visit("change a gathering", f"/gatherings/{g}/edit/"),
        Visit(
            "change a gathering with errors", f"/gatherings/{g}/edit/", clear_and_submit("Title", "Save the changes")
        ),
        Visit("add a photo", f"/gatherings/{g}/photos/new/"),
        Visit("add a photo with errors", f"/gatherings/{g}/photos/new/", submit_empty("Add the photo")),
        Visit("register for a gathering", f"/gatherings/{g}/register/"),
        Visit("plan a gathering", f"/communities/{slug}/gatherings/new/"),
        Visit(
            "plan a gathering with errors", f"/communities/{slug}/gatherings/new/", submit_empty("Plan the gathering")
        ),
        Visit("plan a series", f"/communities/{slug}/series/new/"),
        Visit("plan a series with errors", f"/communities/{slug}/series/new/", submit_empty("Plan the series")),
        Visit("gathering status", f"/gatherings/{g}/status/"),
        Visit("invite to a gathering", f"/gatherings/{g}/invite/"),
        Visit("invite to a gathering with errors", f"/gatherings/{g}/invite/", submit_empty("Invite")),
        Visit("attendance tick list", f"/gatherings/{g}/attendance/"),
        Visit("agenda", f"/gatherings/{g}/agenda/"),
        Visit("agenda with errors", f"/gatherings/{g}/agenda/", submit_empty("Add to the agenda")),
        Visit("agenda, pre-read with errors", f"/gatherings/{g}/agenda/", submit_empty("Attach the pre-read")),
        Visit("add harvest notes", f"/gatherings/{g}/notes/new/"),
        Visit("add harvest notes with errors", f"/gatherings/{g}/notes/new/", submit_empty("Add the notes")),
        Visit("add an action", f"/gatherings/{g}/actions/new/"),
        Visit("add an action with errors", f"/gatherings/{g}/actions/new/", submit_empty("Agree the action")),
        Visit("add feedback to the centre", f"/gatherings/{g}/feedback/new/"),
        Visit("open space grid", f"/gatherings/{g}/open-space/"),
        Visit("world café tables", f"/gatherings/{g}/world-cafe/"),
        Visit("open space with errors", f"/gatherings/{g}/open-space/", submit_empty("Add the room")),
        Visit("world café with errors", f"/gatherings/{g}/world-cafe/", submit_empty("Add the round")),
        Visit("upload an attendance list", f"/gatherings/{g}/attendance/upload/"),
        Visit("bring a significant local other", f"/gatherings/{g}/bring/"),
        Visit("bring someone with errors", f"/gatherings/{g}/bring/", submit_empty("Send the invitation")),
        Visit(
            "add feedback to the centre with errors", f"/gatherings/{g}/feedback/new/", submit_empty("Add the feedback")
        ),
    ]


def signed_in_visits(person: Person) -> list[Visit]:
    other = someone_else(person)
    organisation = Organisation.objects.order_by("name").first()
    assert organisation is not None
    visits = [
        Visit("home", "/"),
        Visit("communities directory", "/communities/"),
        Visit(
            "communities directory, filtered",
            "/communities/?q=network&kind=network&privacy=restricted&lifecycle=active",
        ),
        Visit("start a community", "/communities/new/"),
        Visit("start a community with errors", "/communities/new/", submit_empty("Start the community")),
        *community_visits(person),
        *convenor_visits(person),
        *invitation_visits(person),
        *gathering_visits(person),
        *consultations_visits(person),
        *conversations_visits(person),
        *stories_visits(person),
        *products_visits(person),
        Visit("people directory", "/people/"),
        Visit("people directory, page 2", "/people/?page=2"),
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
        # allauth asks for the password again first; the activation form itself is checked
        # in test_it_finds_no_violations_on_staff_two_factor_pages.
        Visit("set up an authenticator app (confirm it is you)", "/accounts/2fa/totp/activate/"),
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
        Visit("create an account with errors", "/accounts/signup/", submit_empty("Join")),
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
        Visit("API reference", "/api/v1/docs"),
        *public_products_visits(),
        Visit("404", "/no-such-page/", status=404),
        Visit("500", "/privacy/", show_server_error_page),
        *stories_public_visits(),
        *conversations_public_visits(),
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


def test_it_finds_no_violations_on_a_small_screen(site: Site) -> None:
    """At 320 CSS pixels wide (WCAG 1.4.10, reflow), pages pass axe and need no sideways scrolling."""
    person = persona("convenor")
    community = convened_by(person)
    assert community is not None
    people_actions.create_api_token(person, name="small screen check")
    page = site.as_persona(person.email)
    page.set_viewport_size({"width": 320, "height": 640})
    checker = Checker(page)
    overflowing = []
    for path in [
        "/",
        "/communities/",
        f"/communities/{community.slug}/",
        f"/communities/{community.slug}/members/",
        f"/communities/{community.slug}/invite/",
        f"/communities/{community.slug}/import/",  # the preview after an upload
        "/people/",
        f"/people/{person.pk}/",
        f"/people/{person.pk}/edit/",
        "/organisations/",
        "/api/v1/docs",
    ]:
        page.goto(path)
        if path.endswith("/import/"):
            upload_spreadsheet(page)
        checker.check(f"{path} at 320px")
        # Data tables may scroll sideways inside themselves (WCAG's exception); the page may not.
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            overflowing.append(path)
    report = checker.report()
    assert not report, f"axe found violations on a small screen:\n{report}"
    assert not overflowing, f"pages wider than a 320px screen: {overflowing}"


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


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    # Each code may be used once per period; forget used codes so the flow can reuse one.
    cache.clear()
    counters = list(yield_hotp_counters_from_time())
    return str(format_hotp_value(hotp_value(secret, counters[len(counters) // 2])))


def test_it_finds_no_violations_on_sign_up_and_password_reset(site: Site) -> None:
    """Creating an account (confirmed by an emailed code) and resetting a password by link."""
    page = site.anonymous()
    checker = Checker(page)
    mail.outbox.clear()
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("new.person@example.net")
    page.get_by_role("button", name="Join", exact=True).click()
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
        # Past its index the admin is Django's own markup, for staff only, and out of scope:
        # Django 5.2's change-list filters fail target-size and its date-time widgets have no
        # labels; holding them to axe would mean overriding Django's admin templates.
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


def test_it_checked_every_page_in_the_url_conf(request: pytest.FixtureRequest) -> None:
    """Every named route is either checked above or listed as not being a page."""
    selected = {
        item.originalname
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.module is request.module
    }
    if {name for name in globals() if name.startswith("test_")} - selected:
        pytest.skip("needs every other test in this module to have run")
    routes = {name for name in _route_names(get_resolver().url_patterns) if not is_json_api(name)}
    missing = routes - COVERED - NOT_PAGES
    assert not missing, f"pages no test has checked with axe: {sorted(missing)}"
