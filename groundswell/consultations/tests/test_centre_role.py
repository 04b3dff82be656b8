"""The centre capacity: sponsors hold it, convenors give it to members, and only the centre sends asks."""

from __future__ import annotations

from groundswell.consultations import access, actions
from groundswell.consultations.models import Ask, CentreGrant
from groundswell.consultations.tests.builders import ConsultationTestCase, make_ask
from groundswell.people import actions as people_actions
from groundswell.people.actions import ActionError
from groundswell.people.models import Person
from groundswell.testing import PASSWORD


def bearer(person: Person) -> dict[str, str]:
    _, raw = people_actions.create_api_token(person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


class CentreRoleTestCase(ConsultationTestCase):
    def test_it_treats_sponsors_and_granted_members_as_the_centre(self) -> None:
        self.assertTrue(access.has_centre_role(self.community, self.centre))
        self.assertFalse(access.has_centre_role(self.community, self.member))
        actions.grant_centre(self.community, by=self.convenor, person=self.member)
        self.assertTrue(access.has_centre_role(self.community, self.member))
        actions.revoke_centre(self.community, by=self.convenor, person=self.member)
        self.assertFalse(access.has_centre_role(self.community, self.member))

    def test_it_grants_only_to_members_and_only_once(self) -> None:
        with self.assertRaises(ActionError):
            actions.grant_centre(self.community, by=self.convenor, person=self.outsider)
        actions.grant_centre(self.community, by=self.convenor, person=self.core)
        with self.assertRaises(ActionError):
            actions.grant_centre(self.community, by=self.convenor, person=self.core)

    def test_it_refuses_an_ask_from_someone_who_is_not_the_centre(self) -> None:
        with self.assertRaises(ActionError):
            make_ask(self.member, [self.community])
        actions.grant_centre(self.community, by=self.convenor, person=self.member)
        ask = make_ask(self.member, [self.community])
        self.assertEqual(list(ask.communities.all()), [self.community])

    def test_it_lets_convenors_manage_the_centre_on_a_page(self) -> None:
        url = f"/communities/{self.community.slug}/centre/"
        self.client.login(email=self.convenor.email, password=PASSWORD)
        page = self.client.get(url)
        self.assertContains(page, "Cece Centre")
        self.client.post(url, {"intent": "grant", "person": self.core.pk})
        self.assertTrue(CentreGrant.objects.filter(community=self.community, person=self.core).exists())
        page = self.client.post(url, {"intent": "grant", "person": ""})
        self.assertContains(page, "There is a problem")
        self.client.post(url, {"intent": "revoke", "person": self.core.pk})
        self.assertFalse(CentreGrant.objects.filter(person=self.core).exists())

    def test_it_refuses_the_centre_page_to_members_and_hides_it_from_outsiders(self) -> None:
        url = f"/communities/{self.community.slug}/centre/"
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, {"intent": "grant", "person": self.member.pk}).status_code, 403)
        self.client.login(email=self.outsider.email, password=PASSWORD)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertFalse(CentreGrant.objects.exists())

    def test_it_offers_sending_an_ask_only_to_the_centre(self) -> None:
        self.client.login(email=self.member.email, password=PASSWORD)
        self.assertEqual(self.client.get("/asks/new/").status_code, 403)
        self.client.login(email=self.centre.email, password=PASSWORD)
        self.assertContains(self.client.get("/asks/new/"), self.community.name)
        self.assertContains(self.client.get(f"/communities/{self.community.slug}/"), "Send an ask to this community")

    def test_it_manages_the_centre_through_the_api(self) -> None:
        c = self.community.pk
        response = self.client.post(
            f"/api/v1/communities/{c}/centre",
            {"person_id": self.core.pk},
            content_type="application/json",
            headers=bearer(self.convenor),
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual({i["how"] for i in response.json()["items"]}, {"sponsor", "granted"})
        listed = self.client.get(f"/api/v1/communities/{c}/centre", headers=bearer(self.member)).json()
        self.assertEqual(listed["count"], 2)
        refused = self.client.post(
            f"/api/v1/communities/{c}/centre",
            {"person_id": self.member.pk},
            content_type="application/json",
            headers=bearer(self.member),
        )
        self.assertEqual(refused.status_code, 403)
        hidden = self.client.get(f"/api/v1/communities/{c}/centre", headers=bearer(self.outsider))
        self.assertEqual(hidden.status_code, 404)
        gone = self.client.delete(f"/api/v1/communities/{c}/centre/{self.core.pk}", headers=bearer(self.convenor))
        self.assertEqual(gone.json()["count"], 1)
        again = self.client.delete(f"/api/v1/communities/{c}/centre/{self.core.pk}", headers=bearer(self.convenor))
        self.assertEqual(again.status_code, 409)

    def test_it_refuses_api_asks_from_members_who_are_not_the_centre(self) -> None:
        body = {
            "title": "X",
            "context": "Why",
            "questions": ["Q?"],
            "deadline": "2099-01-01",
            "community_ids": [self.community.pk],
        }
        refused = self.client.post(
            "/api/v1/consultations", body, content_type="application/json", headers=bearer(self.member)
        )
        self.assertEqual(refused.status_code, 403)
        hidden = self.client.post(
            "/api/v1/consultations", body, content_type="application/json", headers=bearer(self.outsider)
        )
        self.assertEqual(hidden.status_code, 404)
        self.assertFalse(Ask.objects.exists())
