"""The identifiability check as stories use it: what a story is checked against, and the pages."""

from __future__ import annotations

from groundswell.communities.models import Privacy
from groundswell.stories import actions, checking
from groundswell.stories.models import Story, Use
from groundswell.stories.tests.builders import make_story, terms
from groundswell.testing import PASSWORD, BaseTestCase, add_member, make_community, make_person


def kinds(story: Story) -> list[tuple[str, str, str]]:
    return [(item.field, item.flag.kind, item.flag.text) for item in checking.flags_for(story)]


class CheckedAgainstTestCase(BaseTestCase):
    def test_it_flags_the_names_of_people_who_share_a_community_with_the_teller(self) -> None:
        elsewhere = make_community(self.outsider, name="Elsewhere", privacy=Privacy.OPEN)
        stranger = make_person("sid@example.org", "Sid Stranger")
        add_member(elsewhere, stranger)
        # Otto shares no community with Mina, but Mina may also belong to Elsewhere.
        story = make_story(self.community, self.member, what_happened="Colin Core and Sid Stranger met Otto Outsider.")
        self.assertEqual(kinds(story), [("what_happened", "name", "Colin Core")])
        add_member(elsewhere, self.member)
        self.assertEqual(
            kinds(story),
            [
                ("what_happened", "name", "Colin Core"),
                ("what_happened", "name", "Sid Stranger"),
                ("what_happened", "name", "Otto Outsider"),
            ],
        )

    def test_it_checks_every_field_and_a_small_place_with_a_condition_anywhere(self) -> None:
        story = make_story(
            self.community, self.member, title="Mina's idea", what_changed="Her DOB is 1/2/1950.",
            why_it_matters="He has motor neurone disease.", place="Much Wenlock",
        )  # fmt: skip
        self.assertEqual(
            kinds(story),
            [
                ("title", "name", "Mina"),
                ("what_changed", "date_of_birth", "1/2/1950"),
                ("place", "rare_detail", "Much Wenlock"),
            ],
        )

    def test_it_leaves_a_small_place_alone_without_a_condition(self) -> None:
        story = make_story(self.community, self.member, place="Much Wenlock")
        self.assertEqual(kinds(story), [])
        self.assertTrue(story.is_checked)

    def test_it_checks_a_story_recorded_for_someone_without_an_account_against_the_community(self) -> None:
        story = actions.tell_story(
            self.community, by=self.convenor, terms=terms(Use.COMMUNITY), teller_name="Edna Hill",
            how_given="By phone", title="A call", what_happened="Edna Hill spoke to Lee Lay in Clun about her stroke.",
        )  # fmt: skip
        self.assertEqual(
            kinds(story),
            [
                ("what_happened", "name", "Edna Hill"),
                ("what_happened", "name", "Lee Lay"),
                ("what_happened", "rare_detail", "Clun"),
            ],
        )


class CheckPageTestCase(BaseTestCase):
    TEXT = "Colin Core rang me on 07700 900123 from SW1A 1AA."

    def setUp(self) -> None:
        self.story = make_story(self.community, self.member, uses=[Use.PUBLIC], what_happened=self.TEXT)

    def login(self, person) -> None:
        self.client.login(email=person.email, password=PASSWORD)

    def test_it_shows_the_findings_marked_in_the_text(self) -> None:
        self.login(self.member)
        response = self.client.get(f"/stories/{self.story.pk}/check/")
        self.assertContains(response, "We found 3 details")
        self.assertContains(response, "<mark>07700 900123")
        self.assertContains(response, "This looks like a phone number.")
        self.assertContains(response, f'value="{self.story.content_digest}"')

    def test_it_removes_the_ticked_findings_and_records_the_check(self) -> None:
        self.login(self.convenor)
        flags = checking.flags_for(self.story)
        chosen = [item.id for item in flags if item.flag.kind != "name"]
        response = self.client.post(
            f"/stories/{self.story.pk}/check/", {"digest": self.story.content_digest, "remove": chosen}
        )
        self.assertRedirects(response, f"/stories/{self.story.pk}/")
        self.story.refresh_from_db()
        self.assertEqual(self.story.what_happened, "Colin Core rang me on [phone removed] from [postcode removed].")
        self.assertTrue(self.story.is_checked)
        self.assertTrue(Story.objects.readable_by(None, use=Use.PUBLIC).filter(pk=self.story.pk).exists())

    def test_it_shows_the_story_again_when_it_changed_meanwhile(self) -> None:
        self.login(self.member)
        old_digest = self.story.content_digest
        old_ids = [item.id for item in checking.flags_for(self.story)]
        actions.edit_story(self.story, by=self.member, what_happened="Also: " + self.TEXT)
        response = self.client.post(f"/stories/{self.story.pk}/check/", {"digest": old_digest, "remove": old_ids})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The story changed while you were checking it")
        self.story.refresh_from_db()
        self.assertFalse(self.story.is_checked)
        self.assertTrue(self.story.what_happened.startswith("Also:"))

    def test_it_answers_404_to_outsiders_and_403_to_members_who_do_not_look_after_it(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/stories/{self.story.pk}/check/").status_code, 404)
        self.login(self.core)
        self.assertEqual(self.client.get(f"/stories/{self.story.pk}/check/").status_code, 403)
        response = self.client.post(f"/stories/{self.story.pk}/check/", {"digest": self.story.content_digest})
        self.assertEqual(response.status_code, 403)
        self.story.refresh_from_db()
        self.assertFalse(self.story.is_checked)

    def test_telling_a_story_to_share_beyond_the_community_leads_to_the_check(self) -> None:
        self.login(self.member)
        response = self.client.post(
            f"/communities/{self.community.slug}/stories/new/",
            {
                "title": "Rang",
                "what_happened": self.TEXT,
                "genre": "moment",
                "uses": ["groundswell"],
                "naming": "named",
            },
        )
        story = Story.objects.latest("pk")
        self.assertRedirects(response, f"/stories/{story.pk}/check/")
