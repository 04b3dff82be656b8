"""Where a product was born: conversations and stories, shown from both sides, within their rules."""

from __future__ import annotations

from groundswell.conversations.tests.builders import make_thread
from groundswell.products.tests.builders import bearer, make_product
from groundswell.stories import actions as story_actions
from groundswell.stories.tests.builders import make_story
from groundswell.testing import PASSWORD, BaseTestCase


class OriginsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.product = make_product(self.community, self.convenor, title="Safety-netting guide")
        self.thread = make_thread(self.community, self.core, title="How do you safety-net?")
        self.story = make_story(self.community, self.lay, title="The call that came too late")
        self.url = f"/products/{self.product.pk}/born-at/"

    def test_it_links_a_conversation_and_a_story_and_shows_them_from_both_sides(self) -> None:
        self.client.login(email=self.convenor.email, password=PASSWORD)
        self.client.post(self.url, {"intent": "add_thread", "thread": self.thread.pk})
        self.client.post(self.url, {"intent": "add_story", "story": self.story.pk})
        self.assertEqual(list(self.product.born_in_threads.all()), [self.thread])
        self.assertEqual(list(self.product.born_in_stories.all()), [self.story])
        self.client.login(email=self.member.email, password=PASSWORD)
        page = self.client.get(f"/products/{self.product.pk}/")
        self.assertContains(page, "How do you safety-net?")
        self.assertContains(page, "The call that came too late")
        self.assertContains(self.client.get(self.thread.get_absolute_url()), "Safety-netting guide")
        self.assertContains(self.client.get(self.story.get_absolute_url()), "Safety-netting guide")

    def test_it_drops_a_withdrawn_story_everywhere_but_for_its_teller(self) -> None:
        self.product.born_in_stories.add(self.story)
        story_actions.withdraw_story(self.story, by=self.lay)
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertNotContains(self.client.get(f"/products/{self.product.pk}/"), "The call that came too late")
        detail = self.client.get(f"/api/v1/products/{self.product.pk}", headers=bearer(self.member)).json()
        self.assertEqual(detail["born_in"]["stories"], [])

    def test_it_refuses_links_people_may_not_make(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(
            self.client.post(self.url, {"intent": "add_thread", "thread": self.thread.pk}).status_code, 403
        )
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(self.product.born_in_threads.exists())

    def test_it_links_through_the_api_only_what_the_caller_may_see(self) -> None:
        url = f"/api/v1/products/{self.product.pk}"
        body = {"born_in_thread_ids": [self.thread.pk], "born_in_story_ids": [self.story.pk]}
        response = self.client.patch(url, data=body, content_type="application/json", headers=bearer(self.convenor))
        self.assertEqual(response.status_code, 200, response.content)
        born_in = response.json()["born_in"]
        self.assertEqual([t["title"] for t in born_in["threads"]], ["How do you safety-net?"])
        self.assertEqual([s["title"] for s in born_in["stories"]], ["The call that came too late"])
        self.assertEqual(
            self.client.patch(
                url,
                data={"born_in_story_ids": [987654]},
                content_type="application/json",
                headers=bearer(self.convenor),
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.patch(url, data=body, content_type="application/json", headers=bearer(self.member)).status_code,
            403,
        )
