"""API: stories through every endpoint, with the same consent rule and access as the pages."""

from __future__ import annotations

from typing import Any

from groundswell.communities.models import Privacy, Role
from groundswell.people import actions as people_actions
from groundswell.people.models import Person
from groundswell.stories import actions, checking
from groundswell.stories.models import ConsentRecord, Naming, Story, Use
from groundswell.stories.tests.builders import make_story
from groundswell.testing import BaseTestCase, add_member, make_community, make_person

NEW = {"title": "Asked", "what_happened": "We asked the ward.", "consent": {"uses": ["community"]}}


def bearer(person: Person) -> dict[str, str]:
    _, raw = people_actions.create_api_token(person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


class StoryApiTestCase(BaseTestCase):
    def call(self, method: str, url: str, person: Person | None, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": bearer(person) if person is not None else {}}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        return getattr(self.client, method)(url, **kwargs)

    def ok(self, method: str, url: str, person: Person | None, body: Any = None, status: int = 200) -> Any:
        response = self.call(method, url, person, body)
        self.assertEqual(response.status_code, status, response.content)
        return response.json() if response.content else None


class AccessTestCase(StoryApiTestCase):
    def test_it_answers_404_to_outsiders_on_every_endpoint(self) -> None:
        story = make_story(self.community, self.member)
        s, c = story.pk, self.community.pk
        calls: list[tuple[str, str, Any]] = [
            ("get", f"/api/v1/communities/{c}/stories", None),
            ("post", f"/api/v1/communities/{c}/stories", NEW),
            ("get", f"/api/v1/stories/{s}", None),
            ("patch", f"/api/v1/stories/{s}", {"title": "x"}),
            ("put", f"/api/v1/stories/{s}/consent", {"uses": ["public"]}),
            ("get", f"/api/v1/stories/{s}/consents", None),
            ("post", f"/api/v1/stories/{s}/withdrawal", {}),
            ("get", f"/api/v1/stories/{s}/check", None),
            ("post", f"/api/v1/stories/{s}/check", {"digest": story.content_digest}),
            ("get", f"/api/v1/public/stories/{s}", None),
        ]  # fmt: skip
        for method, url, body in calls:
            with self.subTest(method=method, url=url):
                response = self.call(method, url, self.outsider, body)
                self.assertEqual(response.status_code, 404, response.content)
                self.assertEqual(response.json(), {"detail": "Not found."})
        self.assertEqual(Story.objects.count(), 1)
        self.assertEqual(ConsentRecord.objects.count(), 1)

    def test_it_answers_403_to_members_without_the_role(self) -> None:
        story = make_story(self.community, self.member)
        s, c = story.pk, self.community.pk
        calls: list[tuple[str, str, Any]] = [
            ("post", f"/api/v1/communities/{c}/stories", {**NEW, "teller_name": "Edna"}),
            ("get", f"/api/v1/communities/{c}/stories?use=sponsor_reports", None),
            ("patch", f"/api/v1/stories/{s}", {"title": "x"}),
            ("put", f"/api/v1/stories/{s}/consent", {"uses": ["public"]}),
            ("get", f"/api/v1/stories/{s}/consents", None),
            ("post", f"/api/v1/stories/{s}/withdrawal", {}),
            ("get", f"/api/v1/stories/{s}/check", None),
            ("post", f"/api/v1/stories/{s}/check", {"digest": story.content_digest}),
        ]  # fmt: skip
        for method, url, body in calls:
            with self.subTest(method=method, url=url):
                response = self.call(method, url, self.core, body)
                self.assertEqual(response.status_code, 403, response.content)
                self.assertIn("detail", response.json())
        story.refresh_from_db()
        self.assertEqual((story.title, ConsentRecord.objects.count()), ("The ward that asked", 1))

    def test_a_convenor_may_not_change_a_members_own_story_or_its_consent(self) -> None:
        story = make_story(self.community, self.member)
        self.assertEqual(
            self.call("patch", f"/api/v1/stories/{story.pk}", self.convenor, {"title": "x"}).status_code, 403
        )
        response = self.call("put", f"/api/v1/stories/{story.pk}/consent", self.convenor, {"uses": ["public"]})
        self.assertEqual(response.status_code, 403)

    def test_it_needs_a_token_except_for_public_stories(self) -> None:
        self.assertEqual(self.call("get", "/api/v1/stories", None).status_code, 401)
        self.assertEqual(self.call("get", "/api/v1/public/stories", None).status_code, 200)


class TellAndChangeTestCase(StoryApiTestCase):
    def test_a_member_tells_a_story(self) -> None:
        consent = {"uses": ["public"], "naming": "pseudonymous", "pseudonym": "Wren", "expires_on": "2099-01-31"}
        body = {**NEW, "genre": "value_creation", "place": "A GP practice", "consent": consent}
        data = self.ok("post", f"/api/v1/communities/{self.community.pk}/stories", self.lay, body, status=201)
        self.assertEqual(data["teller"], "Wren (you)")
        self.assertEqual(data["genre"], "value_creation")
        self.assertEqual(data["consent"]["uses"], ["community", "groundswell", "public"])
        self.assertEqual(data["consent"]["expires_on"], "2099-01-31")
        self.assertTrue(data["is_mine"] and data["can_manage"] and data["checked"])
        self.assertEqual(data["community_id"], self.community.pk)
        self.assertTrue(data["url"].endswith(f"/stories/{data['id']}/"))

    def test_a_convenor_records_a_story_for_someone(self) -> None:
        body = {**NEW, "teller_id": self.lay.pk, "consent": {"uses": ["community"], "how_given": "By phone"}}
        data = self.ok("post", f"/api/v1/communities/{self.community.pk}/stories", self.convenor, body, status=201)
        self.assertEqual(data["teller_person"]["id"], self.lay.pk)
        self.assertEqual(data["consent"]["how_given"], "By phone")
        self.assertTrue(data["consent"]["on_behalf"])
        body = {**NEW, "teller_name": "Edna Hill", "consent": {"uses": ["community"]}}
        response = self.call("post", f"/api/v1/communities/{self.community.pk}/stories", self.convenor, body)
        self.assertEqual(response.status_code, 409)
        self.assertIn("how the teller gave their consent", response.json()["detail"])
        body = {**NEW, "teller_id": self.outsider.pk, "consent": {"uses": [], "how_given": "x"}}
        response = self.call("post", f"/api/v1/communities/{self.community.pk}/stories", self.convenor, body)
        self.assertEqual(response.status_code, 409)

    def test_it_refuses_bad_input_with_422(self) -> None:
        url = f"/api/v1/communities/{self.community.pk}/stories"
        for body in (
            {**NEW, "title": ""},
            {**NEW, "title": "a\x00b"},
            {**NEW, "what_happened": "x" * 6001},
            {**NEW, "genre": "epic"},
            {**NEW, "consent": {"uses": ["everyone"]}},
            {**NEW, "consent": {"uses": [], "expires_on": "9999-12-31"}},
            {**NEW, "colour": "red"},
            {"title": "No consent", "what_happened": "x"},
        ):
            with self.subTest(body=str(body)[:80]):
                response = self.call("post", url, self.member, body)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn("detail", response.json())
        self.assertFalse(Story.objects.exists())

    def test_the_teller_changes_the_story_and_its_consent(self) -> None:
        story = make_story(self.community, self.member)
        data = self.ok(
            "patch", f"/api/v1/stories/{story.pk}", self.member, {"title": "  Asked again ", "genre": "other"}
        )
        self.assertEqual((data["title"], data["genre"]), ("Asked again", "other"))
        self.assertEqual(
            self.call("patch", f"/api/v1/stories/{story.pk}", self.member, {"title": None}).status_code, 422
        )
        data = self.ok(
            "put",
            f"/api/v1/stories/{story.pk}/consent",
            self.member,
            {"uses": ["sponsor_reports"], "naming": "anonymous"},
        )
        self.assertEqual(data["consent"]["uses"], ["community", "sponsor_reports"])
        self.assertEqual(data["teller"], "Anonymous (you)")
        history = self.ok("get", f"/api/v1/stories/{story.pk}/consents", self.member)
        self.assertEqual(history["count"], 2)
        self.assertEqual(history["items"][0]["naming"], "anonymous")
        self.assertEqual(history["items"][1]["recorded_by"]["id"], self.member.pk)
        response = self.call(
            "put", f"/api/v1/stories/{story.pk}/consent", self.member, {"uses": [], "naming": "pseudonymous"}
        )
        self.assertEqual(response.status_code, 409)


class ConsentThroughTheApiTestCase(StoryApiTestCase):
    """A withdrawn story, or one without the needed consent, is in no answer but its teller's."""

    def every_answer(self, person: Person | None) -> str:
        """The text of every list and lookup a person can ask for."""
        c = self.community.pk
        urls = ["/api/v1/public/stories"]
        if person is not None:
            urls += [
                "/api/v1/stories",
                f"/api/v1/communities/{c}/stories",
                f"/api/v1/communities/{c}/stories?use=community",
                f"/api/v1/communities/{c}/stories?use=groundswell",
                f"/api/v1/communities/{c}/stories?use=public",
            ]
            if person in (self.convenor,):
                urls.append(f"/api/v1/communities/{c}/stories?use=sponsor_reports")
        answers = []
        for url in urls:
            response = self.call("get", url, person)
            self.assertIn(response.status_code, (200, 404), url)
            answers.append(response.content.decode())
        return "\n".join(answers)

    def test_a_withdrawn_story_leaks_through_no_door(self) -> None:
        story = make_story(self.community, self.member, title="Secret title", uses=[Use.PUBLIC, Use.SPONSOR_REPORTS])
        self.assertIn("Secret title", self.every_answer(None))
        response = self.call("post", f"/api/v1/stories/{story.pk}/withdrawal", self.member, {"reason": "No"})
        self.assertEqual(response.status_code, 204)
        for person in (None, self.outsider, self.core, self.convenor):
            with self.subTest(person=person):
                self.assertNotIn("Secret title", self.every_answer(person))
        for url in (f"/api/v1/stories/{story.pk}", f"/api/v1/public/stories/{story.pk}"):
            self.assertEqual(self.call("get", url, self.convenor).status_code, 404)
        # The teller keeps it.
        mine = self.ok("get", "/api/v1/me/stories", self.member)
        self.assertEqual(mine["items"][0]["consent"]["withdrawn"], True)
        self.assertEqual(self.ok("get", f"/api/v1/stories/{story.pk}", self.member)["title"], "Secret title")
        self.assertEqual(self.call("post", f"/api/v1/stories/{story.pk}/withdrawal", self.member, {}).status_code, 409)

    def test_a_convenor_who_withdraws_a_story_no_longer_sees_it(self) -> None:
        story = make_story(self.community, self.member)
        self.assertEqual(
            self.call("post", f"/api/v1/stories/{story.pk}/withdrawal", self.convenor, {}).status_code, 204
        )
        self.assertEqual(self.call("get", f"/api/v1/stories/{story.pk}", self.convenor).status_code, 404)

    def test_each_use_reaches_only_its_audience(self) -> None:
        make_story(self.community, self.member, title="Members only")
        make_story(self.community, self.member, title="Across Groundswell", uses=[Use.GROUNDSWELL])
        make_story(self.community, self.member, title="For sponsors", uses=[Use.SPONSOR_REPORTS])
        public = self.every_answer(None)
        self.assertNotIn("Members only", public)
        self.assertNotIn("Across Groundswell", public)
        outsider = self.every_answer(self.outsider)
        self.assertIn("Across Groundswell", outsider)
        self.assertNotIn("Members only", outsider)
        self.assertNotIn("For sponsors", outsider)
        reports = self.ok("get", f"/api/v1/communities/{self.community.pk}/stories?use=sponsor_reports", self.convenor)
        self.assertEqual([item["title"] for item in reports["items"]], ["For sponsors"])
        # Outside the private community the story is shared, but the community is not named.
        item = next(
            i for i in self.ok("get", "/api/v1/stories", self.outsider)["items"] if i["title"] == "Across Groundswell"
        )
        self.assertIsNone(item["community_id"])

    def test_it_shows_the_teller_only_as_agreed(self) -> None:
        make_story(self.community, self.lay, uses=[Use.PUBLIC], naming=Naming.PSEUDONYMOUS, pseudonym="Wren")
        for person in (None, self.outsider, self.core):
            with self.subTest(person=person):
                answer = self.every_answer(person)
                self.assertIn("Wren", answer)
                self.assertNotIn("Lee Lay", answer)
                self.assertNotIn(f'"id": {self.lay.pk},', answer)

    def test_sponsors_read_stories_for_reports(self) -> None:
        sponsor = make_person("sue@example.org", "Sue Sponsor")
        add_member(self.community, sponsor, Role.SPONSOR)
        make_story(self.community, self.member, title="For sponsors", uses=[Use.SPONSOR_REPORTS])
        data = self.ok("get", f"/api/v1/communities/{self.community.pk}/stories?use=sponsor_reports", sponsor)
        self.assertEqual(data["count"], 1)

    def test_lists_page_and_filter(self) -> None:
        other = make_community(self.outsider, name="Elsewhere", privacy=Privacy.OPEN)
        for n in range(3):
            make_story(other, self.outsider, title=f"Shared {n}", uses=[Use.PUBLIC], genre="moment" if n else "other")
        data = self.ok("get", "/api/v1/public/stories?limit=2&offset=0", None)
        self.assertEqual((len(data["items"]), data["count"]), (2, 3))
        self.assertEqual(data["items"][0]["community_id"], other.pk)
        data = self.ok("get", "/api/v1/public/stories?genre=other", None)
        self.assertEqual([item["title"] for item in data["items"]], ["Shared 0"])
        self.assertEqual(self.call("get", "/api/v1/public/stories?limit=0", None).status_code, 422)


class CheckApiTestCase(StoryApiTestCase):
    def test_it_lists_the_findings_and_removes_the_chosen_ones(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC], what_happened="Colin Core: 07700 900123.")
        url = f"/api/v1/stories/{story.pk}/check"
        check = self.ok("get", url, self.convenor)
        self.assertFalse(check["checked"])
        self.assertEqual([flag["kind"] for flag in check["flags"]], ["name", "phone"])
        self.assertEqual(check["flags"][1]["text"], "07700 900123")
        self.assertEqual(self.call("get", f"/api/v1/public/stories/{story.pk}", None).status_code, 404)
        phone = check["flags"][1]["id"]
        stale = self.call("post", url, self.convenor, {"digest": "0" * 64, "remove": [phone]})
        self.assertEqual(stale.status_code, 409)
        after = self.ok("post", url, self.convenor, {"digest": check["digest"], "remove": [phone]})
        self.assertTrue(after["checked"])
        self.assertEqual([flag["kind"] for flag in after["flags"]], ["name"])
        public = self.ok("get", f"/api/v1/public/stories/{story.pk}", None)
        self.assertEqual(public["what_happened"], "Colin Core: [phone removed].")

    def test_it_refuses_ids_that_do_not_match_the_story(self) -> None:
        story = make_story(self.community, self.member, what_happened="Ring 07700 900123.")
        response = self.call(
            "post",
            f"/api/v1/stories/{story.pk}/check",
            self.member,
            {"digest": story.content_digest, "remove": ["title:0:3"]},
        )
        self.assertEqual(response.status_code, 409)
        story.refresh_from_db()
        self.assertFalse(story.is_checked)
        self.assertEqual(len(checking.flags_for(story)), 1)

    def test_a_withdrawn_story_cannot_be_checked(self) -> None:
        story = make_story(self.community, self.member, what_happened="Ring 07700 900123.")
        actions.withdraw_story(story, by=self.member)
        response = self.call("post", f"/api/v1/stories/{story.pk}/check", self.member, {"digest": story.content_digest})
        self.assertEqual(response.status_code, 409)
