"""The admin shows stories read-only, and never a withdrawn one."""

from __future__ import annotations

from django.test import override_settings

from groundswell.people.models import Person
from groundswell.stories import actions
from groundswell.stories.tests.builders import make_story
from groundswell.testing import PASSWORD, BaseTestCase


@override_settings(GROUNDSWELL_REQUIRE_STAFF_MFA=False)
class StoryAdminTestCase(BaseTestCase):
    def test_it_lists_current_stories_read_only_and_hides_withdrawn_ones(self) -> None:
        kept = make_story(self.community, self.member, title="Still here")
        gone = make_story(self.community, self.member, title="Taken back")
        actions.withdraw_story(gone, by=self.member)
        self.client.force_login(Person.objects.create_superuser("admin@example.org", PASSWORD, display_name="Admin"))
        response = self.client.get("/admin/stories/story/")
        self.assertContains(response, "Still here")
        self.assertNotContains(response, "Taken back")
        self.assertEqual(self.client.get(f"/admin/stories/story/{gone.pk}/change/").status_code, 302)
        response = self.client.get(f"/admin/stories/story/{kept.pk}/change/")
        self.assertContains(response, "Still here")
        self.assertNotContains(response, 'name="_save"')
        self.assertEqual(self.client.get("/admin/stories/story/add/").status_code, 403)
