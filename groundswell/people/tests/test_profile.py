import json

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Membership
from groundswell.people import actions
from groundswell.people.models import Person, Visibility
from groundswell.testing import BaseTestCase


class ProfilePageTestCase(BaseTestCase):
    def test_it_shows_only_what_the_person_allows(self) -> None:
        actions.update_profile(
            self.core,
            by=self.core,
            bio="GP in Salford",
            bio_visibility=Visibility.ONLY_ME,
            email_visibility=Visibility.SIGNED_IN,
        )
        self.client.force_login(self.outsider)
        response = self.client.get(f"/people/{self.core.pk}/")
        self.assertContains(response, "Colin Core")
        self.assertContains(response, "colin@example.org")
        self.assertNotContains(response, "GP in Salford")

    def test_it_shows_email_to_people_sharing_a_community_by_default(self) -> None:
        self.client.force_login(self.member)
        self.assertContains(self.client.get(f"/people/{self.core.pk}/"), "colin@example.org")
        self.client.force_login(self.outsider)
        self.assertNotContains(self.client.get(f"/people/{self.core.pk}/"), "colin@example.org")

    def test_it_shows_access_needs_only_to_the_person(self) -> None:
        actions.update_profile(
            self.lay, by=self.lay, access_needs="BSL interpreter", consent_to_share_access_needs=True
        )
        self.client.force_login(self.lay)
        self.assertContains(self.client.get(f"/people/{self.lay.pk}/"), "BSL interpreter")
        for viewer in (self.convenor, self.outsider):
            self.client.force_login(viewer)
            self.assertNotContains(self.client.get(f"/people/{self.lay.pk}/"), "BSL interpreter")

    def test_it_returns_404_for_unknown_and_erased_people(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/people/999999/").status_code, 404)
        actions.erase_person(self.member, by=self.member)
        self.assertEqual(self.client.get(f"/people/{self.member.pk}/").status_code, 404)

    def test_it_derives_the_lay_partner_flag_and_allows_an_override(self) -> None:
        self.assertTrue(self.lay.is_lay_partner)
        self.assertFalse(self.core.is_lay_partner)
        actions.update_profile(self.core, by=self.core, lay_partner_override=True)
        self.assertTrue(self.core.is_lay_partner)


class EditProfileTestCase(BaseTestCase):
    def form(self, **overrides: str) -> dict[str, str]:
        data = {
            "display_name": "Colin Core",
            "profession": "gp",
            "region": "north_west",
            "bio": "",
            "access_needs": "",
            "expertise_tags": "Cancer care, Quality improvement",
            "lay_partner": "",
            "profession_visibility": "signed_in",
            "organisations_visibility": "signed_in",
            "region_visibility": "signed_in",
            "expertise_visibility": "signed_in",
            "bio_visibility": "signed_in",
            "email_visibility": "only_me",
        }
        data.update(overrides)
        return data

    def test_it_saves_the_profile_and_records_which_fields_changed(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post(
            f"/people/{self.core.pk}/edit/", self.form(access_needs="Step-free access", access_needs_consent="on")
        )
        self.assertRedirects(response, f"/people/{self.core.pk}/")
        self.core.refresh_from_db()
        self.assertEqual(self.core.region, "north_west")
        self.assertEqual(
            sorted(self.core.expertise.values_list("slug", flat=True)), ["cancer-care", "quality-improvement"]
        )
        activity = Activity.objects.get(verb="updated_profile", target_id=self.core.pk)
        self.assertIn("access_needs", activity.data["fields"])
        self.assertNotIn("Step-free", json.dumps(activity.data))

    def test_it_keeps_access_needs_only_with_consent(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post(f"/people/{self.core.pk}/edit/", self.form(access_needs="Step-free access"))
        self.assertContains(response, "Tick this box to let convenors see your access needs")
        self.core.refresh_from_db()
        self.assertEqual(self.core.access_needs, "")
        self.client.post(
            f"/people/{self.core.pk}/edit/", self.form(access_needs="Step-free access", access_needs_consent="on")
        )
        self.core.refresh_from_db()
        self.assertIsNotNone(self.core.access_needs_consent_at)
        # Clearing the needs withdraws the consent too.
        self.client.post(f"/people/{self.core.pk}/edit/", self.form(access_needs=""))
        self.core.refresh_from_db()
        self.assertEqual((self.core.access_needs, self.core.access_needs_consent_at), ("", None))

    def test_it_refuses_access_needs_without_consent_through_the_action(self) -> None:
        with self.assertRaisesMessage(actions.ActionError, "agree that convenors may see"):
            actions.update_profile(self.core, by=self.core, access_needs="Hearing loop")
        self.core.refresh_from_db()
        self.assertEqual(self.core.access_needs, "")

    def test_it_rerenders_with_errors(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post(f"/people/{self.core.pk}/edit/", self.form(display_name="", profession="astronaut"))
        self.assertContains(response, "There is a problem")
        self.core.refresh_from_db()
        self.assertEqual(self.core.display_name, "Colin Core")

    def test_it_refuses_editing_someone_else(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.post(f"/people/{self.core.pk}/edit/", self.form(display_name="Hacked"))
        self.assertEqual(response.status_code, 403)
        self.core.refresh_from_db()
        self.assertEqual(self.core.display_name, "Colin Core")

    def test_it_lets_an_administrator_edit(self) -> None:
        admin = Person.objects.create_superuser("root@example.org", "pw", display_name="Root")
        self.client.force_login(admin)
        self.client.post(f"/people/{self.core.pk}/edit/", self.form(display_name="Dr Colin Core"))
        self.core.refresh_from_db()
        self.assertEqual(self.core.display_name, "Dr Colin Core")


class AffiliationTestCase(BaseTestCase):
    def test_it_adds_and_ends_an_affiliation_keeping_the_history(self) -> None:
        self.client.force_login(self.core)
        self.client.post(
            f"/people/{self.core.pk}/affiliations/new/",
            {"organisation": "northshire cancer alliance", "role_title": "Macmillan GP", "start_date": "2021-04-01"},
        )
        affiliation = self.core.affiliations.get()
        self.assertTrue(affiliation.is_current)
        self.client.post(f"/people/{self.core.pk}/affiliations/{affiliation.pk}/end/")
        affiliation.refresh_from_db()
        self.assertFalse(affiliation.is_current)
        self.assertContains(self.client.get(f"/people/{self.core.pk}/"), "Northshire Cancer Alliance")

    def test_it_refuses_dates_out_of_order(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post(
            f"/people/{self.core.pk}/affiliations/new/",
            {"organisation": "Northshire Cancer Alliance", "start_date": "2022-01-01", "end_date": "2021-01-01"},
        )
        self.assertContains(response, "must not be before")
        self.assertFalse(self.core.affiliations.exists())

    def test_it_explains_an_unknown_organisation(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post(f"/people/{self.core.pk}/affiliations/new/", {"organisation": "Nowhere Trust"})
        self.assertContains(response, "No single organisation has that name or code")
        self.assertFalse(self.core.affiliations.exists())

    def test_it_refuses_adding_to_someone_else(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.post(f"/people/{self.core.pk}/affiliations/new/", {"organisation": self.organisation.pk})
        self.assertEqual(response.status_code, 403)


class PersonalDataTestCase(BaseTestCase):
    def test_it_exports_everything_held_about_the_person(self) -> None:
        actions.update_profile(self.lay, by=self.lay, access_needs="Large print", consent_to_share_access_needs=True)
        self.client.force_login(self.lay)
        response = self.client.get("/me/data.json")
        data = json.loads(response.content)
        self.assertEqual(data["profile"]["email"], "lee@example.org")
        self.assertEqual(data["profile"]["access_needs"], "Large print")
        self.assertIsNotNone(data["profile"]["access_needs_consent_at"])
        self.assertEqual(data["memberships"][0]["community"], "Cancer Leads Network")
        self.assertIn("attachment", response["Content-Disposition"])

    def test_it_erases_personal_data_but_keeps_anonymous_history(self) -> None:
        self.client.force_login(self.member)
        response = self.client.post("/me/erase/", {"confirm": "nope"})
        self.assertContains(response, "Type ERASE")
        self.client.post("/me/erase/", {"confirm": "ERASE"})
        self.member.refresh_from_db()
        self.assertEqual(self.member.display_name, "Former member")
        self.assertNotIn("mina", self.member.email)
        self.assertFalse(self.member.is_active)
        self.assertTrue(Membership.objects.filter(person=self.member).exists())
        self.assertEqual(self.client.get("/people/").status_code, 302)  # signed out


class TokensOnProfileTestCase(BaseTestCase):
    def test_it_creates_a_token_shown_once_and_revokes_it(self) -> None:
        self.client.force_login(self.core)
        response = self.client.post("/me/tokens/", {"name": "Evaluation notebook"}, follow=True)
        token = self.core.api_tokens.get()
        raw = response.context["new_token"]
        self.assertTrue(raw.startswith(token.prefix))
        self.assertNotEqual(token.token_hash, raw)
        self.assertNotContains(self.client.get(f"/people/{self.core.pk}/"), raw)
        self.client.post(f"/me/tokens/{token.pk}/revoke/")
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.assertIsNone(actions.authenticate_token(raw))

    def test_it_refuses_revoking_someone_elses_token(self) -> None:
        token, raw = actions.create_api_token(self.core, name="mine")
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(f"/me/tokens/{token.pk}/revoke/").status_code, 404)
        self.assertEqual(actions.authenticate_token(raw), self.core)

    def test_it_hides_tokens_from_other_viewers(self) -> None:
        actions.create_api_token(self.core, name="Secret notebook")
        self.client.force_login(self.outsider)
        self.assertNotContains(self.client.get(f"/people/{self.core.pk}/"), "Secret notebook")


class ProfileLinkTestCase(BaseTestCase):
    def test_it_links_to_the_profile_page(self) -> None:
        from django.urls import reverse

        self.assertEqual(self.core.get_absolute_url(), reverse("people:detail", args=[self.core.pk]))
        self.assertEqual(self.core.get_absolute_url(), f"/people/{self.core.pk}/")
        self.client.force_login(self.member)
        self.assertContains(self.client.get(f"/communities/{self.community.slug}/"), f'href="/people/{self.core.pk}/"')
