"""Search within a community, on SQLite (FTS5) and PostgreSQL (tsvector) alike: it finds every
word in any form, ranks titles first, never shows hidden posts, and respects access."""

from __future__ import annotations

from groundswell.communities.models import Privacy
from groundswell.conversations import actions, search
from groundswell.conversations.models import Post
from groundswell.conversations.tests.builders import make_reply, make_thread, opening
from groundswell.testing import BaseTestCase, make_community


class SearchTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.thread = make_thread(
            self.community, self.member, title="Referral letters", body="Our two-week-wait letters confuse people."
        )
        self.reply = make_reply(self.thread, self.core, body="We rewrote the referral letter with our lay partners.")
        self.other = make_thread(self.community, self.core, title="Rota gaps", body="Nothing about letters here? No.")
        self.elsewhere = make_community(self.convenor, name="Another Network", privacy=Privacy.PRIVATE)
        make_thread(self.elsewhere, self.convenor, title="Referral letters elsewhere", body="letters letters")

    def ids(self, q: str) -> list[int]:
        return [post.pk for post in search.search(self.community, q, limit=20)]

    def test_it_finds_every_word_in_any_form_within_the_community(self) -> None:
        found = self.ids("referrals letter")
        self.assertEqual(set(found), {opening(self.thread).pk, self.reply.pk})
        self.assertEqual(found[0], opening(self.thread).pk, "a title match ranks first")
        self.assertEqual(search.count(self.community, "referrals letter"), 2)

    def test_it_treats_what_people_type_as_words_not_syntax(self) -> None:
        for q in [
            '"',
            "two-week-wait",
            "letters OR rota",
            "NEAR(letters rota)",
            "scope:c1",
            "*",
            "'; DROP TABLE x; --",
        ]:
            with self.subTest(q=q):
                search.search(self.community, q, limit=20)
                search.count(self.community, q)
        self.assertIn(opening(self.thread).pk, self.ids("two-week-wait"))
        # "or" is a common word, left out as PostgreSQL does: both words must still appear.
        self.assertEqual(self.ids("letters OR rota"), [opening(self.other).pk])
        self.assertEqual(self.ids("the"), [])
        self.assertEqual(self.ids("scope c1"), [])

    def test_it_keeps_each_community_s_posts_apart_whatever_is_typed(self) -> None:
        here, there = self.community.pk, self.elsewhere.pk
        make_thread(self.community, self.member, title="Codes", body=f"c{here} c{there} scope D")
        self.assertEqual(self.ids("___"), [])
        for q in [f"c{here}", f"c{there}", f"c{here}:D", "letters"]:
            with self.subTest(q=q):
                found = search.search(self.elsewhere, q, limit=50)
                self.assertTrue(all(post.community_id == there for post in found), q)

    def test_it_never_finds_hidden_or_removed_posts(self) -> None:
        actions.moderate_post(self.reply, by=self.convenor, decision="hide", reason="Check")
        self.assertNotIn(self.reply.pk, self.ids("rewrote"))
        actions.moderate_post(opening(self.thread), by=self.convenor, decision="remove", reason="Gone")
        self.assertEqual(self.ids("letters"), [opening(self.other).pk])
        actions.moderate_post(self.reply, by=self.convenor, decision="restore")
        self.assertEqual(self.ids("rewrote"), [], "a reply in a removed thread stays out of sight")

    def test_it_fills_a_page_when_hidden_posts_crowd_the_best_matches(self) -> None:
        replies = [make_reply(self.thread, self.core, body=f"zebra crossing number {i}") for i in range(30)]
        # A shortcut for the test: hide all but one without the actions' notifications.
        Post.objects.filter(pk__in=[r.pk for r in replies[1:]]).update(state="hidden")
        self.assertEqual(self.ids("zebra"), [replies[0].pk])
        self.assertEqual([p.pk for p in search.search(self.community, "zebra", limit=1)], [replies[0].pk])
        self.assertEqual(search.search(self.community, "zebra", limit=1, offset=1), [])

    def test_it_follows_edits(self) -> None:
        actions.edit_post(self.reply, by=self.core, body="We now send a text message instead.")
        self.assertEqual(self.ids("rewrote"), [])
        self.assertEqual(self.ids("text message"), [self.reply.pk])
        actions.edit_post(opening(self.thread), by=self.member, body="Same words.", title="Discharge summaries")
        self.assertEqual(self.ids("discharge"), [opening(self.thread).pk])

    def test_it_searches_from_the_page_and_marks_the_words(self) -> None:
        self.client.force_login(self.lay)
        page = self.client.get(f"/communities/{self.community.slug}/conversations/search/", {"q": "rewrote"})
        self.assertContains(page, "<mark>rewrote</mark>", html=True)
        self.assertContains(page, "Referral letters")
        self.assertNotContains(page, "elsewhere")
        empty = self.client.get(f"/communities/{self.community.slug}/conversations/search/", {"q": "zebra"})
        self.assertContains(empty, "Nothing found")
        self.assertContains(self.client.get(f"/communities/{self.community.slug}/conversations/search/"), "Search")
        too_long = self.client.get(f"/communities/{self.community.slug}/conversations/search/", {"q": "x" * 500})
        self.assertContains(too_long, "There is a problem")

    def test_it_answers_404_to_outsiders_of_a_private_community(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.get(f"/communities/{self.community.slug}/conversations/search/", {"q": "letters"})
        self.assertEqual(response.status_code, 404)
