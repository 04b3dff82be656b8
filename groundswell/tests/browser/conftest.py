"""Real-browser fixtures: Debian's chromium driven by Playwright, the demo network, axe-core.

The demo network is loaded once for the whole browser run and the live server reads it from
the same database. pytest-django normally wraps every `live_server` test in a
TransactionTestCase, which flushes the database afterwards and would throw the demo network
away after the first test; reloading it (or `serialized_rollback`) costs seconds per test.
So these tests run without a per-test transaction or flush: they read the demo network and
write only to things they create themselves (a community of their own to join, an
invitation to an address of their own), and the database is flushed once when the package
is done so that any database tests that run later in the same session start clean.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@functools.cache
def axe_source() -> str:
    # Read when first needed, so the other suites can be collected before `make static`.
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="package")
def demo_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load the demo network once for every browser test; flush it when they are done."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _live_server_helper(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    """Replace pytest-django's helper of the same name for browser tests.

    Theirs requests `transactional_db`, which flushes the database after every test. Here the
    demo network is loaded once and the database is open to the test and the server thread.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("demo_data")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    with django_db_blocker.unblock():
        yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Site:
    """The live server plus a browser, with a signed-in session cached per persona."""

    url: str
    browser: Browser
    states: dict[str, Any] = field(default_factory=dict)
    contexts: list[BrowserContext] = field(default_factory=list)
    # Uncaught exceptions and console errors from the pages' own scripts.
    script_errors: list[str] = field(default_factory=list)

    def new_page(self, *, storage_state: Any = None, javascript: bool = True) -> Page:
        context = self.browser.new_context(
            base_url=self.url, storage_state=storage_state, java_script_enabled=javascript
        )
        context.set_default_timeout(10_000)
        if javascript:
            context.add_init_script(script=axe_source())
            context.on(
                "weberror", lambda error: self.script_errors.append(f"{error.page and error.page.url}: {error.error}")
            )
            context.on("console", self._console)
        self.contexts.append(context)
        return context.new_page()

    def _console(self, message: Any) -> None:
        # A missing favicon is the browser's request, not the page's script.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.script_errors.append(f"{message.page and message.page.url}: {message.text}")

    def anonymous(self, *, javascript: bool = True) -> Page:
        return self.new_page(javascript=javascript)

    def as_persona(self, email: str, *, password: str | None = None, javascript: bool = True) -> Page:
        """A page signed in as this person, through the real sign-in form (once per run)."""
        if email not in self.states:
            page = self.new_page()
            sign_in_with_password(page, email, password)
            self.states[email] = page.context.storage_state()
            page.context.close()
        return self.new_page(storage_state=self.states[email], javascript=javascript)

    def close_all(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


def sign_in_with_password(page: Page, email: str, password: str | None = None) -> None:
    from groundswell.demo.personas import DEMO_PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in with password").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"sign-in as {email} failed: {page.content()[:2000]}"


@pytest.fixture(scope="session")
def _site(live_server: Any, browser: Browser) -> Site:
    return Site(url=live_server.url, browser=browser)


@pytest.fixture
def site(_site: Site) -> Iterator[Site]:
    """The browser and live server; each test's pages close after it, signed-in states stay."""
    yield _site
    _site.close_all()
    errors, _site.script_errors[:] = list(_site.script_errors), []
    assert not errors, "JavaScript errors on the pages:\n" + "\n".join(errors)


def format_violations(violations: list[dict[str, Any]]) -> str:
    """axe's findings, one rule at a time: impact, rule, help link, then up to five nodes."""
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            # The first line of axe's summary is "Fix any/all of the following:".
            why = "; ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"      at {' '.join(map(str, node['target']))}: {why}")
            lines.append(f"        {node['html'][:200]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def start_axe(page: Page) -> None:
    """Start axe-core on the page, without waiting for it to finish.

    Closed <details> are opened first so that what they hide is checked too.
    """
    page.evaluate(
        "tags => { document.querySelectorAll('details').forEach(d => { d.open = true; }); "
        "window.__axeRun = axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}); }",
        AXE_TAGS,
    )


def finish_axe(page: Page) -> list[dict[str, Any]]:
    """Wait for the run `start_axe` began and return its violations."""
    result: dict[str, Any] = page.evaluate("() => window.__axeRun")
    return list(result["violations"])


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its violations."""
    start_axe(page)
    return finish_axe(page)


def last_email() -> str:
    return str(mail.outbox[-1].body)


def emailed_link(pattern: str) -> str:
    """The path in the last email sent that matches `pattern`."""
    found = re.search(pattern, last_email())
    assert found, last_email()
    return found.group(0)


def emailed_code() -> str:
    """The one-time code in the last email sent (allauth writes it on a line of its own)."""
    found = re.search(r"^\s*([A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6})?)\s*$", last_email(), re.MULTILINE)
    assert found, last_email()
    return found.group(1)
