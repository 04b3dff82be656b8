"""The community page previews each role's newest members and counts the rest."""

from __future__ import annotations

from groundswell.communities.models import Role
from groundswell.testing import BaseTestCase, add_member, make_person


def members_section(content: bytes) -> bytes:
    return content.split(b"<h2>Members</h2>")[1].split(b"<h2>Recent activity")[0]


class MembersByRoleTestCase(BaseTestCase):
    url: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # 30 more members, joining one after another: with Mina Member the role has 31, of which 12 are shown.
        for i in range(30):
            add_member(cls.community, make_person(f"m{i:02d}@example.org", f"Member {i:02d}"), Role.MEMBER)
        cls.url = f"/communities/{cls.community.slug}/"

    def test_it_shows_the_newest_members_of_a_large_role_and_counts_the_rest(self) -> None:
        self.client.force_login(self.member)
        members = members_section(self.client.get(self.url).content).decode()
        self.assertIn("Members (31), newest first", members)
        self.assertIn("Member 29", members)
        self.assertIn("Member 18", members)
        self.assertNotIn("Member 17", members)
        self.assertNotIn("Mina Member", members)
        self.assertIn("and 19 more", members)
        self.assertLess(members.index("Member 29"), members.index("Member 18"))
        self.assertIn("Core member (1)", members)
        self.assertIn("Colin Core", members)

    def test_it_runs_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.member)
        self.client.get(self.url)
        # Session, person, community (with its stored role counts), membership, newest members, activity,
        # the unread notifications in the header, and (from consultations' {% asks_for %} tag) the newest
        # asks and whether the viewer is the centre.
        with self.assertNumQueries(9):
            self.client.get(self.url)

    def test_it_hides_the_community_from_an_outsider(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
