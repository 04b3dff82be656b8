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

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
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
AXE_SOURCE = AXE_JS.read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="package")
def demo_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load the demo network once for every browser test; flush it when they are done."""
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)
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

    def new_page(self, *, storage_state: Any = None, javascript: bool = True) -> Page:
        context = self.browser.new_context(
            base_url=self.url, storage_state=storage_state, java_script_enabled=javascript
        )
        context.set_default_timeout(5_000)
        if javascript:
            context.add_init_script(script=AXE_SOURCE)
        self.contexts.append(context)
        return context.new_page()

    def anonymous(self, *, javascript: bool = True) -> Page:
        return self.new_page(javascript=javascript)

    def as_persona(self, email: str) -> Page:
        """A page signed in as this person, through the real sign-in form (once per run)."""
        if email not in self.states:
            page = self.new_page()
            sign_in_with_password(page, email)
            self.states[email] = page.context.storage_state()
            page.context.close()
        return self.new_page(storage_state=self.states[email])

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


_site: Site | None = None


@pytest.fixture
def site(live_server: Any, browser: Browser) -> Iterator[Site]:
    global _site
    if _site is None or _site.browser is not browser:
        _site = Site(url=live_server.url, browser=browser)
    yield _site
    _site.close_all()


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(
                f"      {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}"
            )
            lines.append(f"        {node['html'][:200]}")
        if len(v["nodes"]) > 5:
            lines.append(f"      ... and {len(v['nodes']) - 5} more nodes")
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


Check = Callable[[Page], None]
