"""A person's posts and stories in their data export, and what erasure does to them."""

from __future__ import annotations

from groundswell.stories.models import Story
from groundswell.stories.tests.builders import make_story
from groundswell.testing import BaseTestCase


class PersonalDataTestCase(BaseTestCase):
    def test_it_exports_a_tellers_stories_and_erases_them(self) -> None:
        from groundswell.conversations.tests.builders import make_thread
        from groundswell.people import actions as people_actions

        make_story(self.community, self.lay, title="The night the ward listened")
        make_thread(self.community, self.lay, title="Who else runs a carers' group?")
        exported = people_actions.export_personal_data(self.lay)
        self.assertEqual([s["title"] for s in exported["stories"]], ["The night the ward listened"])
        self.assertEqual([p["thread"] for p in exported["posts"]], ["Who else runs a carers' group?"])
        people_actions.erase_person(self.lay, by=self.lay)
        self.assertFalse(Story.objects.filter(title="The night the ward listened").exists())
