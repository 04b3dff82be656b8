"""A lay partner tells a story, checks it and withdraws it, with JavaScript switched off."""

from __future__ import annotations

import pytest

from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.stories.models import Story, Use

from .conftest import Site, sign_in_with_password

pytestmark = pytest.mark.browser

EMAIL = {p.key: p.email for p in PERSONAS}


def test_it_tells_checks_and_withdraws_a_story_without_javascript(site: Site) -> None:
    page = site.anonymous(javascript=False)
    sign_in_with_password(page, EMAIL["lay"], DEMO_PASSWORD)
    page.goto("/communities/carers-in-cancer-care-network/stories/")
    page.get_by_role("button", name="Tell a story").click()
    page.get_by_label("Title").fill("Flow check: the phone call")
    page.get_by_label("What happened").fill("The nurse rang me back on 07700 900123 the same day.")
    page.get_by_label("A moment").check()
    page.get_by_label("Anyone signed in to Groundswell").check()
    page.get_by_label("Pseudonym (optional)").fill("Flow Wren")
    page.get_by_role("button", name="Save the story").click()

    page.get_by_role("heading", name="Check for details that could identify someone").wait_for()
    story = Story.objects.get(title="Flow check: the phone call")
    assert not Story.objects.readable_by(None, use=Use.GROUNDSWELL).filter(pk=story.pk).exists()
    assert page.get_by_text("This looks like a phone number.").is_visible()
    page.get_by_role("button", name="Remove the ticked details and confirm").click()

    page.get_by_role("heading", name="Flow check: the phone call").wait_for()
    assert page.get_by_text("The nurse rang me back on [phone removed] the same day.").is_visible()
    story.refresh_from_db()
    assert story.is_checked

    page.get_by_role("link", name="Withdraw the story").click()
    page.get_by_role("button", name="Withdraw the story").click()
    page.get_by_text("Only you can see it").first.wait_for()
    story.refresh_from_db()
    assert story.is_withdrawn
