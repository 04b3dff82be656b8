"""API: communities and membership, with the same access rules as the pages."""

from __future__ import annotations

from typing import Any

from django.core import mail

from groundswell.chronicle.models import Activity
from groundswell.communities import actions
from groundswell.communities.models import Community, Invitation, Lifecycle, Membership, MembershipStatus, Privacy, Role
from groundswell.people import actions as people_actions
from groundswell.people.models import Person
from groundswell.testing import BaseTestCase, add_member, make_community, make_person


def bearer(person: Person) -> dict[str, str]:
    _, raw = people_actions.create_api_token(person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


class ApiClientMixin:
    def call(self, method: str, url: str, person: Person, body: dict[str, Any] | None = None):
        kwargs = {"content_type": "application/json"} if body is not None else {}
        args = (url, body) if body is not None else (url,)
        return getattr(self.client, method)(*args, headers=bearer(person), **kwargs)  # type: ignore[attr-defined]


class CommunityListApiTestCase(ApiClientMixin, BaseTestCase):
    open: Community
    restricted: Community
    confidential: Community

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.open = make_community(cls.outsider, name="Open Prison Health", privacy=Privacy.OPEN)
        cls.restricted = make_community(cls.outsider, name="Restricted Research", privacy=Privacy.RESTRICTED)
        cls.confidential = make_community(cls.convenor, name="Chief Executives", privacy=Privacy.CONFIDENTIAL)

    def names(self, person: Person, query: str = "") -> list[str]:
        response = self.call("get", f"/api/v1/communities{query}", person)
        self.assertEqual(response.status_code, 200, response.content)
        return [c["name"] for c in response.json()["items"]]

    def test_it_leaves_hidden_communities_out_for_outsiders(self):
        self.assertEqual(self.names(self.outsider), ["Open Prison Health", "Restricted Research"])

    def test_it_lists_hidden_communities_for_their_members(self):
        self.assertEqual(
            self.names(self.convenor),
            ["Cancer Leads Network", "Chief Executives", "Open Prison Health", "Restricted Research"],
        )
        self.assertEqual(self.names(self.member, "?privacy=private"), ["Cancer Leads Network"])

    def test_it_filters_by_text_kind_and_lifecycle(self):
        actions.change_lifecycle(self.open, by=self.outsider, lifecycle=Lifecycle.ACTIVE)
        self.assertEqual(self.names(self.outsider, "?q=prison"), ["Open Prison Health"])
        self.assertEqual(self.names(self.outsider, "?lifecycle=active"), ["Open Prison Health"])
        self.assertEqual(self.names(self.outsider, "?kind=community_of_practice"), [])
        self.assertEqual(self.names(self.convenor, "?kind=network&privacy=private"), ["Cancer Leads Network"])

    def test_it_shows_member_counts_and_the_callers_role(self):
        items = {c["name"]: c for c in self.call("get", "/api/v1/communities", self.member).json()["items"]}
        cancer = items["Cancer Leads Network"]
        self.assertEqual(cancer["member_count"], 4)
        self.assertEqual(cancer["my_role"], "member")
        self.assertEqual(cancer["id"], self.community.pk)
        self.assertEqual(cancer["slug"], "cancer-leads-network")
        self.assertEqual(cancer["url"], "http://testserver/communities/cancer-leads-network/")
        self.assertIsNone(items["Open Prison Health"]["my_role"])

    def test_it_pages_the_list(self):
        body = self.call("get", "/api/v1/communities?limit=1&offset=1", self.convenor).json()
        self.assertEqual(body["count"], 4)
        self.assertEqual([c["name"] for c in body["items"]], ["Chief Executives"])

    def test_it_lists_communities_in_a_constant_number_of_queries(self):
        headers = bearer(self.outsider)
        self.client.get("/api/v1/me", headers=headers)
        with self.assertNumQueries(4):
            self.assertEqual(self.client.get("/api/v1/communities", headers=headers).json()["count"], 2)
        for i in range(28):
            community = make_community(self.outsider, name=f"Open group {i}", privacy=Privacy.OPEN)
            add_member(community, self.member)
        with self.assertNumQueries(4):
            self.assertEqual(self.client.get("/api/v1/communities", headers=headers).json()["count"], 30)


class CommunityDetailApiTestCase(ApiClientMixin, BaseTestCase):
    def test_it_shows_a_community_to_its_members(self):
        response = self.call("get", f"/api/v1/communities/{self.community.pk}", self.lay)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["privacy"], "private")
        self.assertEqual(body["my_role"], "lay_partner")
        self.assertEqual(body["member_count"], 4)
        self.assertRegex(body["created_at"], r"\+00:00$")

    def test_it_answers_404_to_an_outsider_for_a_private_community(self):
        for url in [f"/api/v1/communities/{self.community.pk}", f"/api/v1/communities/{self.community.pk}/members"]:
            with self.subTest(url=url):
                response = self.call("get", url, self.outsider)
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, "Cancer", status_code=404)

    def test_it_answers_404_to_a_former_member(self):
        membership = Membership.objects.get(community=self.community, person=self.member, status="active")
        actions.leave_community(membership)
        self.assertEqual(self.call("get", f"/api/v1/communities/{self.community.pk}", self.member).status_code, 404)

    def test_it_creates_a_community_with_the_caller_as_convenor(self):
        response = self.call(
            "post",
            "/api/v1/communities",
            self.outsider,
            {"name": "Frailty Network", "purpose": "Share what works.", "kind": "network", "privacy": "restricted"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["slug"], body["my_role"], body["lifecycle"]), ("frailty-network", "convenor", "forming"))
        community = Community.objects.get(pk=body["id"])
        self.assertTrue(
            Membership.objects.active().filter(community=community, person=self.outsider, role=Role.CONVENOR).exists()
        )
        self.assertTrue(Activity.objects.filter(verb="created_community", community=community).exists())


class UpdateCommunityApiTestCase(ApiClientMixin, BaseTestCase):
    def url(self) -> str:
        return f"/api/v1/communities/{self.community.pk}"

    def test_it_lets_the_convenor_change_the_community(self):
        response = self.call(
            "patch", self.url(), self.convenor, {"name": "Cancer Leads", "learning_question": "What helps?"}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.community.refresh_from_db()
        self.assertEqual((self.community.name, self.community.learning_question), ("Cancer Leads", "What helps?"))
        self.assertTrue(Activity.objects.filter(verb="updated_community", community=self.community).exists())

    def test_it_closes_a_community_with_a_closing_note(self):
        response = self.call(
            "patch", self.url(), self.convenor, {"lifecycle": "closed", "closing_note": "Our work lives on in the ICB."}
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["lifecycle"], "closed")
        self.assertEqual(body["closing_note"], "Our work lives on in the ICB.")
        self.assertIsNotNone(body["closed_at"])

    def test_it_refuses_a_member_without_the_role(self):
        for person in [self.core, self.member, self.lay]:
            with self.subTest(person=person):
                response = self.call("patch", self.url(), person, {"name": "Taken over"})
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json()["detail"], "Only the community's convenors can do this.")
        self.community.refresh_from_db()
        self.assertEqual(self.community.name, "Cancer Leads Network")

    def test_it_answers_404_to_an_outsider(self):
        self.assertEqual(self.call("patch", self.url(), self.outsider, {"name": "Taken over"}).status_code, 404)

    def test_it_answers_403_to_a_non_member_of_a_visible_community(self):
        open_community = make_community(self.convenor, name="Open", privacy=Privacy.OPEN)
        response = self.call("patch", f"/api/v1/communities/{open_community.pk}", self.outsider, {"name": "Mine"})
        self.assertEqual(response.status_code, 403)


class MemberListApiTestCase(ApiClientMixin, BaseTestCase):
    def url(self, community: Community | None = None) -> str:
        return f"/api/v1/communities/{(community or self.community).pk}/members"

    def test_it_lists_current_members_with_their_roles(self):
        response = self.call("get", self.url(), self.member)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["count"], 4)
        self.assertEqual(
            [(m["person"]["display_name"], m["role"]) for m in body["items"]],
            [
                ("Cara Convenor", "convenor"),
                ("Colin Core", "core_member"),
                ("Lee Lay", "lay_partner"),
                ("Mina Member", "member"),
            ],
        )
        self.assertIsNotNone(body["items"][0]["joined_at"])
        self.assertEqual(body["items"][0]["person"]["url"], f"http://testserver/people/{self.convenor.pk}/")

    def test_it_keeps_confidential_names_within_the_community(self):
        confidential = make_community(self.convenor, name="Chief Executives", privacy=Privacy.CONFIDENTIAL)
        add_member(confidential, self.core)
        outsider = self.call("get", self.url(confidential), self.outsider)
        self.assertEqual(outsider.status_code, 404)
        self.assertNotContains(outsider, "Colin", status_code=404)
        # Membership of another community does not open it either.
        not_member = self.call("get", self.url(confidential), self.member)
        self.assertEqual(not_member.status_code, 404)
        member = self.call("get", self.url(confidential), self.core)
        self.assertEqual([m["person"]["display_name"] for m in member.json()["items"]], ["Cara Convenor", "Colin Core"])

    def test_it_shows_open_community_members_to_anyone_signed_in(self):
        open_community = make_community(self.convenor, name="Open", privacy=Privacy.OPEN)
        response = self.call("get", self.url(open_community), self.outsider)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)

    def test_it_lists_alumni_with_the_reason_for_convenors_only(self):
        membership = Membership.objects.get(community=self.community, person=self.member, status="active")
        actions.remove_member(membership, by=self.convenor, reason="Left the trust")
        as_convenor = self.call("get", self.url() + "?status=alumni", self.convenor).json()
        self.assertEqual(as_convenor["count"], 1)
        alumnus = as_convenor["items"][0]
        self.assertEqual((alumnus["person"]["id"], alumnus["status"]), (self.member.pk, "removed"))
        self.assertEqual(alumnus["left_reason"], "Left the trust")
        as_member = self.call("get", self.url() + "?status=alumni", self.core).json()
        self.assertIsNone(as_member["items"][0]["left_reason"])
        self.assertEqual(self.call("get", self.url(), self.core).json()["count"], 3)

    def test_it_lists_members_in_a_constant_number_of_queries(self):
        headers = bearer(self.member)
        self.client.get("/api/v1/me", headers=headers)
        with self.assertNumQueries(5):
            self.assertEqual(self.client.get(self.url(), headers=headers).json()["count"], 4)
        for i in range(26):
            add_member(self.community, make_person(f"extra{i}@example.org"))
        with self.assertNumQueries(5):
            self.assertEqual(self.client.get(self.url(), headers=headers).json()["count"], 30)


class AddMemberApiTestCase(ApiClientMixin, BaseTestCase):
    def url(self, community: Community | None = None) -> str:
        return f"/api/v1/communities/{(community or self.community).pk}/members"

    def test_it_joins_an_open_community(self):
        open_community = make_community(self.convenor, name="Open", privacy=Privacy.OPEN)
        response = self.call("post", self.url(open_community), self.outsider, {})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["status"], response.json()["role"]), ("active", "member"))
        again = self.call("post", self.url(open_community), self.outsider, {"person_id": self.outsider.pk})
        self.assertEqual(again.status_code, 409)
        self.assertEqual(Membership.objects.filter(community=open_community, person=self.outsider).count(), 1)

    def test_it_joins_a_lay_partner_as_a_lay_partner(self):
        open_community = make_community(self.convenor, name="Open", privacy=Privacy.OPEN)
        outsider_carer = make_person("carol@example.org", profession="carer")
        self.assertEqual(self.call("post", self.url(open_community), outsider_carer, {}).json()["role"], "lay_partner")

    def test_it_asks_to_join_a_restricted_community(self):
        restricted = make_community(self.convenor, name="Restricted", privacy=Privacy.RESTRICTED)
        response = self.call("post", self.url(restricted), self.outsider, {"message": "I lead a prison team."})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], "requested")
        self.assertIsNotNone(response.json()["requested_at"])
        self.assertEqual(
            Membership.objects.get(community=restricted, person=self.outsider).request_message, "I lead a prison team."
        )

    def test_it_refuses_a_closed_community(self):
        open_community = make_community(self.convenor, name="Open", privacy=Privacy.OPEN)
        actions.change_lifecycle(open_community, by=self.convenor, lifecycle=Lifecycle.CLOSED, closing_note="Done.")
        response = self.call("post", self.url(open_community), self.outsider, {})
        self.assertEqual(response.status_code, 409)
        self.assertIn("closed", response.json()["detail"])

    def test_it_refuses_to_let_someone_choose_their_own_role(self):
        open_community = make_community(self.convenor, name="Open", privacy=Privacy.OPEN)
        response = self.call("post", self.url(open_community), self.outsider, {"role": "convenor"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Membership.objects.filter(community=open_community, person=self.outsider).exists())

    def test_it_answers_404_to_an_outsider_of_a_private_community(self):
        bodies: list[dict[str, Any]] = [{}, {"email": "x@example.org"}, {"person_id": self.lay.pk}]
        for body in bodies:
            with self.subTest(body=body):
                self.assertEqual(self.call("post", self.url(), self.outsider, body).status_code, 404)

    def test_it_invites_by_email(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.call(
                "post",
                self.url(),
                self.convenor,
                {"email": "New.Person@NHS.net", "role": "guest", "message": "Welcome"},
            )
        self.assertEqual(response.status_code, 202, response.content)
        body = response.json()
        self.assertEqual((body["email"], body["role"], body["status"]), ("new.person@nhs.net", "guest", "pending"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["new.person@nhs.net"])
        again = self.call("post", self.url(), self.convenor, {"email": "new.person@nhs.net"})
        self.assertEqual(again.status_code, 409)
        self.assertEqual(Invitation.objects.filter(community=self.community).count(), 1)

    def test_it_adds_someone_by_id(self):
        response = self.call("post", self.url(), self.convenor, {"person_id": self.outsider.pk, "role": "sponsor"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["person"]["id"], response.json()["role"]), (self.outsider.pk, "sponsor"))
        self.assertTrue(Membership.objects.active().filter(community=self.community, person=self.outsider).exists())

    def test_it_refuses_members_without_the_role(self):
        bodies: list[dict[str, Any]] = [{"email": "x@example.org"}, {"person_id": self.outsider.pk}]
        for body in bodies:
            with self.subTest(body=body):
                response = self.call("post", self.url(), self.member, body)
                self.assertEqual(response.status_code, 403)
        self.assertFalse(Invitation.objects.exists())
        self.assertFalse(Membership.objects.filter(person=self.outsider).exists())

    def test_it_answers_409_for_an_existing_member(self):
        response = self.call("post", self.url(), self.convenor, {"person_id": self.member.pk})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.call("post", self.url(), self.member, {}).status_code, 409)


class ChangeMemberApiTestCase(ApiClientMixin, BaseTestCase):
    def url(self, person: Person) -> str:
        return f"/api/v1/communities/{self.community.pk}/members/{person.pk}"

    def test_it_lets_the_convenor_change_a_role(self):
        response = self.call("patch", self.url(self.member), self.convenor, {"role": "core_member"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["role"], "core_member")
        self.assertTrue(Activity.objects.filter(verb="changed_role", community=self.community).exists())

    def test_it_refuses_members_without_the_role(self):
        response = self.call("patch", self.url(self.member), self.core, {"role": "convenor"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Membership.objects.active().filter(person=self.member, role=Role.CONVENOR).exists())

    def test_it_answers_404_to_an_outsider(self):
        self.assertEqual(self.call("patch", self.url(self.member), self.outsider, {"role": "guest"}).status_code, 404)

    def test_it_answers_404_for_someone_who_is_not_a_member(self):
        self.assertEqual(self.call("patch", self.url(self.outsider), self.convenor, {"role": "guest"}).status_code, 404)

    def test_it_keeps_a_convenor(self):
        response = self.call("patch", self.url(self.convenor), self.convenor, {"role": "member"})
        self.assertEqual(response.status_code, 409)
        self.assertIn("convenor", response.json()["detail"])


class RemoveMemberApiTestCase(ApiClientMixin, BaseTestCase):
    def url(self, person: Person, query: str = "") -> str:
        return f"/api/v1/communities/{self.community.pk}/members/{person.pk}{query}"

    def test_it_lets_a_member_leave_and_keeps_the_history(self):
        response = self.call("delete", self.url(self.lay, "?reason=Moving%20on"), self.lay)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual((body["status"], body["left_reason"]), ("left", "Moving on"))
        self.assertIsNotNone(body["left_at"])
        membership = Membership.objects.get(pk=body["id"])
        self.assertEqual(membership.status, MembershipStatus.LEFT)
        alumni = self.call("get", f"/api/v1/communities/{self.community.pk}/members?status=alumni", self.convenor)
        self.assertEqual([m["person"]["id"] for m in alumni.json()["items"]], [self.lay.pk])

    def test_it_lets_the_convenor_remove_someone_with_a_reason(self):
        response = self.call("delete", self.url(self.member, "?reason=Asked%20to%20be%20removed"), self.convenor)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "removed")
        self.assertTrue(Activity.objects.filter(verb="removed_member", community=self.community).exists())

    def test_it_needs_a_reason_to_remove_someone(self):
        for query in ["", "?reason=", "?reason=%20%20"]:
            with self.subTest(query=query):
                response = self.call("delete", self.url(self.member, query), self.convenor)
                self.assertEqual(response.status_code, 400)
        self.assertTrue(Membership.objects.active().filter(person=self.member, community=self.community).exists())

    def test_it_refuses_members_without_the_role(self):
        response = self.call("delete", self.url(self.member, "?reason=x"), self.core)
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Membership.objects.active().filter(person=self.member, community=self.community).exists())

    def test_it_answers_404_to_an_outsider(self):
        self.assertEqual(self.call("delete", self.url(self.member, "?reason=x"), self.outsider).status_code, 404)
        self.assertEqual(self.call("delete", self.url(self.outsider), self.outsider).status_code, 404)

    def test_it_keeps_the_last_convenor(self):
        response = self.call("delete", self.url(self.convenor), self.convenor)
        self.assertEqual(response.status_code, 409)
        self.assertTrue(Membership.objects.active().filter(person=self.convenor, community=self.community).exists())
