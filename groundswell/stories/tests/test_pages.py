"""The stories pages, as members, lay partners, convenors, outsiders and the public use them."""

from __future__ import annotations

from django.test import TestCase

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Privacy, Role
from groundswell.stories import actions
from groundswell.stories.models import ConsentRecord, Naming, Story, Use
from groundswell.stories.tests.builders import make_story
from groundswell.testing import PASSWORD, BaseTestCase, add_member, make_community, make_person

TELL = {"title": "The ward that asked", "what_happened": "We asked.", "genre": "moment", "naming": "named"}


class StoryPagesTestCase(BaseTestCase):
    def login(self, person) -> None:
        self.client.login(email=person.email, password=PASSWORD)


class CommunityStoriesTestCase(StoryPagesTestCase):
    def test_it_lists_the_stories_members_may_read(self) -> None:
        make_story(
            self.community, self.lay, title="Told under a pseudonym", naming=Naming.PSEUDONYMOUS, pseudonym="Wren"
        )
        make_story(self.community, self.core, title="Kept to myself", uses=())
        withdrawn = make_story(self.community, self.core, title="Taken back")
        actions.withdraw_story(withdrawn, by=self.core)
        self.login(self.member)
        response = self.client.get(f"/communities/{self.community.slug}/stories/")
        self.assertContains(response, "Told under a pseudonym")
        self.assertContains(response, "Told by Wren")
        self.assertNotContains(response, "Lee Lay")
        self.assertNotContains(response, "Kept to myself")
        self.assertNotContains(response, "Taken back")
        # The teller sees their unshared story on the list; a withdrawn one only on their own page.
        self.login(self.core)
        response = self.client.get(f"/communities/{self.community.slug}/stories/")
        self.assertContains(response, "Kept to myself")
        self.assertNotContains(response, "Taken back")

    def test_it_answers_404_to_outsiders_of_a_private_community(self) -> None:
        make_story(self.community, self.member, uses=[Use.PUBLIC])
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/stories/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(f"/communities/{self.community.slug}/stories/").status_code, 404)

    def test_it_shows_people_outside_an_open_community_only_what_is_shared_with_them(self) -> None:
        open_community = make_community(self.convenor, name="Open Circle", privacy=Privacy.OPEN)
        add_member(open_community, self.member)
        make_story(open_community, self.member, title="Members only")
        make_story(open_community, self.member, title="For Groundswell", uses=[Use.GROUNDSWELL])
        make_story(open_community, self.member, title="For everyone", uses=[Use.PUBLIC])
        self.login(self.outsider)
        response = self.client.get(f"/communities/{open_community.slug}/stories/")
        self.assertNotContains(response, "Members only")
        self.assertContains(response, "For Groundswell")
        self.assertContains(response, "For everyone")
        self.assertNotContains(response, "Tell a story")
        self.client.logout()
        response = self.client.get(f"/communities/{open_community.slug}/stories/")
        self.assertNotContains(response, "For Groundswell")
        self.assertContains(response, "For everyone")

    def test_it_lists_in_a_fixed_number_of_queries(self) -> None:
        for n in range(3):
            make_story(self.community, self.lay, title=f"Story {n}", naming=Naming.PSEUDONYMOUS, pseudonym=f"Wren {n}")
        self.login(self.convenor)
        url = f"/communities/{self.community.slug}/stories/"
        self.client.get(url)
        with self.assertNumQueries(7):
            self.client.get(url)
        for n in range(10):
            make_story(self.community, self.core, title=f"More {n}")
        with self.assertNumQueries(7):
            response = self.client.get(url)
        self.assertContains(response, "More 9")
        self.assertContains(response, "Download the stories")


class TellTestCase(StoryPagesTestCase):
    def test_a_member_tells_a_story(self) -> None:
        self.login(self.member)
        url = f"/communities/{self.community.slug}/stories/new/"
        self.assertContains(self.client.get(url), "Keep patients and others safe")
        response = self.client.post(url, {**TELL, "uses": ["community"]})
        story = Story.objects.get()
        self.assertRedirects(response, f"/stories/{story.pk}/")
        self.assertEqual((story.teller, story.title), (self.member, "The ward that asked"))
        assert story.consent is not None
        self.assertEqual(story.consent.uses, [Use.COMMUNITY])

    def test_a_lay_partner_is_offered_a_pseudonym_first(self) -> None:
        self.login(self.lay)
        response = self.client.get(f"/communities/{self.community.slug}/stories/new/")
        self.assertContains(response, 'value="pseudonymous" checked')

    def test_it_shows_the_form_again_with_its_problems(self) -> None:
        self.login(self.member)
        url = f"/communities/{self.community.slug}/stories/new/"
        response = self.client.post(url, {"naming": "pseudonymous", "genre": "moment", "expires_on": "2001-01-01"})
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "Give the pseudonym")
        self.assertContains(response, "must be after today")
        response = self.client.post(url, {**TELL, "naming": "pseudonymous", "pseudonym": "Colin Core"})
        self.assertContains(response, "name of someone in Groundswell")
        response = self.client.post(url, {**TELL, "uses": ["everyone"], "genre": "epic", "what_happened": "x" * 6001})
        # Each problem shows twice: in the summary and at its field.
        self.assertContains(response, "Select a valid choice", count=4)
        self.assertContains(response, "at most 6000 characters")
        self.assertFalse(Story.objects.exists())

    def test_it_escapes_hostile_text(self) -> None:
        self.login(self.member)
        hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
        self.client.post(
            f"/communities/{self.community.slug}/stories/new/",
            {**TELL, "title": hostile, "what_happened": hostile, "place": hostile, "uses": ["community"]},
        )
        story = Story.objects.get()
        for url in (f"/stories/{story.pk}/", f"/communities/{self.community.slug}/stories/", "/me/stories/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotContains(response, "<script>alert")
                self.assertNotContains(response, "<img src=x")
                self.assertContains(response, "&lt;script&gt;")

    def test_it_answers_404_to_outsiders_and_403_to_non_members_of_an_open_community(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.client.post(f"/communities/{self.community.slug}/stories/new/", TELL).status_code, 404)
        open_community = make_community(self.convenor, name="Open Circle", privacy=Privacy.OPEN)
        url = f"/communities/{open_community.slug}/stories/new/"
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, TELL).status_code, 403)
        self.assertFalse(Story.objects.exists())


class RecordTestCase(StoryPagesTestCase):
    def test_a_convenor_records_a_story_for_someone_without_an_account(self) -> None:
        self.login(self.convenor)
        url = f"/communities/{self.community.slug}/stories/record/"
        self.assertContains(self.client.get(url), "How the teller gave their consent")
        response = self.client.post(url, {**TELL, "teller_name": "Edna Hill", "how_given": "By phone, 3 March"})
        story = Story.objects.get()
        self.assertRedirects(response, f"/stories/{story.pk}/")
        self.assertEqual((story.teller_name, story.recorded_by, story.on_behalf), ("Edna Hill", self.convenor, True))
        assert story.consent is not None
        self.assertEqual(story.consent.how_given, "By phone, 3 March")

    def test_a_convenor_records_a_story_for_a_member(self) -> None:
        self.login(self.convenor)
        url = f"/communities/{self.community.slug}/stories/record/"
        response = self.client.post(url, {**TELL, "teller_email": "LEE@example.org", "how_given": "In person"})
        story = Story.objects.get()
        self.assertRedirects(response, f"/stories/{story.pk}/")
        self.assertEqual(story.teller, self.lay)
        # The member can then look after it themselves.
        self.login(self.lay)
        self.assertContains(self.client.get(f"/stories/{story.pk}/"), "Consent and who may read it")

    def test_it_needs_a_teller_and_how_they_consented(self) -> None:
        self.login(self.convenor)
        url = f"/communities/{self.community.slug}/stories/record/"
        response = self.client.post(url, TELL)
        self.assertContains(response, "Give the email address of the member whose story it is")
        self.assertContains(response, "This field is required")
        response = self.client.post(url, {**TELL, "teller_email": self.outsider.email, "how_given": "x"})
        self.assertContains(response, "No member of this community has that email address.")
        response = self.client.post(
            url, {**TELL, "teller_email": self.lay.email, "teller_name": "Lee", "how_given": "x"}
        )
        self.assertContains(response, "not both")
        self.assertFalse(Story.objects.exists())

    def test_it_answers_403_to_members_who_do_not_convene(self) -> None:
        self.login(self.core)
        url = f"/communities/{self.community.slug}/stories/record/"
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, {**TELL, "teller_name": "X", "how_given": "x"}).status_code, 403)
        self.assertFalse(Story.objects.exists())


class StoryDetailTestCase(StoryPagesTestCase):
    def test_it_shows_a_story_to_members_naming_the_teller_as_agreed(self) -> None:
        story = make_story(self.community, self.lay, naming=Naming.ANONYMOUS, what_changed="Letters got shorter.")
        self.login(self.core)
        response = self.client.get(f"/stories/{story.pk}/")
        self.assertContains(response, "Told by")
        self.assertContains(response, "Anonymous")
        self.assertContains(response, "Letters got shorter.")
        self.assertNotContains(response, "Lee Lay")
        self.assertNotContains(response, "Consent and who may read it")

    def test_it_answers_404_to_everyone_else(self) -> None:
        story = make_story(self.community, self.member)
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/stories/{story.pk}/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(f"/stories/{story.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/stories/987654321/").status_code, 404)

    def test_a_public_story_is_readable_without_signing_in_without_naming_a_private_community(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC])
        response = self.client.get(f"/stories/{story.pk}/")
        self.assertContains(response, story.title)
        self.assertNotContains(response, self.community.name)
        self.assertNotContains(response, self.community.slug)

    def test_a_withdrawn_story_is_its_tellers_alone(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC])
        actions.withdraw_story(story, by=self.member, reason="Too raw")
        for person in (self.convenor, self.core, self.outsider):
            self.login(person)
            self.assertEqual(self.client.get(f"/stories/{story.pk}/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(f"/stories/{story.pk}/").status_code, 404)
        self.login(self.member)
        response = self.client.get(f"/stories/{story.pk}/")
        self.assertContains(response, "Only you can see it")
        self.assertContains(response, "Too raw")

    def test_convenors_see_who_told_a_story_they_look_after(self) -> None:
        story = make_story(self.community, self.lay, by=self.convenor, naming=Naming.PSEUDONYMOUS, pseudonym="Wren")
        self.login(self.convenor)
        response = self.client.get(f"/stories/{story.pk}/")
        self.assertContains(response, "You look after this story for Lee Lay, shown to others as “Wren”")


class EditAndConsentTestCase(StoryPagesTestCase):
    def test_the_teller_changes_the_story(self) -> None:
        story = make_story(self.community, self.member)
        self.login(self.member)
        response = self.client.post(f"/stories/{story.pk}/edit/", {**TELL, "title": "Asked again"})
        self.assertRedirects(response, f"/stories/{story.pk}/")
        story.refresh_from_db()
        self.assertEqual(story.title, "Asked again")
        response = self.client.post(f"/stories/{story.pk}/edit/", {**TELL, "title": ""})
        self.assertContains(response, "This field is required")

    def test_the_teller_records_new_consent_and_sees_the_history(self) -> None:
        story = make_story(self.community, self.member)
        self.login(self.member)
        url = f"/stories/{story.pk}/consent/"
        self.assertContains(self.client.get(url), 'value="community" checked')
        response = self.client.post(url, {"uses": ["public"], "naming": "anonymous", "expires_on": "2099-12-31"})
        self.assertRedirects(response, f"/stories/{story.pk}/")
        story.refresh_from_db()
        assert story.consent is not None
        self.assertEqual(story.consent.uses, [Use.COMMUNITY, Use.GROUNDSWELL, Use.PUBLIC])
        response = self.client.get(url)
        self.assertContains(response, "In public, until 31 December 2099")
        self.assertContains(response, "Within the community")
        self.assertEqual(ConsentRecord.objects.filter(story=story).count(), 2)

    def test_a_convenor_records_consent_for_a_story_they_look_after_saying_how(self) -> None:
        story = make_story(self.community, self.lay, by=self.convenor)
        self.login(self.convenor)
        url = f"/stories/{story.pk}/consent/"
        response = self.client.post(url, {"uses": ["public"], "naming": "named"})
        self.assertContains(response, "This field is required")
        response = self.client.post(url, {"uses": ["public"], "naming": "named", "how_given": "By phone"})
        self.assertRedirects(response, f"/stories/{story.pk}/")

    def test_others_get_403_or_404(self) -> None:
        story = make_story(self.community, self.member)
        consent = {"uses": ["public"], "naming": "named"}
        for url, body in ((f"/stories/{story.pk}/edit/", TELL), (f"/stories/{story.pk}/consent/", consent)):
            with self.subTest(url=url):
                # A convenor may not change a member's own story or its consent.
                for person in (self.convenor, self.core):
                    self.login(person)
                    self.assertEqual(self.client.get(url).status_code, 403)
                    self.assertEqual(self.client.post(url, body).status_code, 403)
                self.login(self.outsider)
                self.assertEqual(self.client.post(url, body).status_code, 404)
        story.refresh_from_db()
        self.assertEqual(story.title, "The ward that asked")
        self.assertEqual(ConsentRecord.objects.filter(story=story).count(), 1)


class WithdrawPageTestCase(StoryPagesTestCase):
    def test_the_teller_withdraws_their_story(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC])
        self.login(self.member)
        self.assertContains(self.client.get(f"/stories/{story.pk}/withdraw/"), "cannot be undone")
        response = self.client.post(f"/stories/{story.pk}/withdraw/", {"reason": ""})
        self.assertRedirects(response, f"/stories/{story.pk}/")
        self.assertFalse(Story.objects.readable_by(None, use=Use.PUBLIC).exists())
        # Withdrawn is final: the page says so rather than offering the form again.
        self.assertNotContains(self.client.get(f"/stories/{story.pk}/consent/"), "Record this consent")

    def test_a_convenor_withdraws_a_members_story_and_then_cannot_see_it(self) -> None:
        story = make_story(self.community, self.member)
        self.login(self.convenor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/stories/{story.pk}/withdraw/", {"reason": "Names a patient"})
        self.assertRedirects(response, f"/communities/{self.community.slug}/stories/")
        self.assertEqual(self.client.get(f"/stories/{story.pk}/").status_code, 404)

    def test_members_who_do_not_look_after_it_get_403(self) -> None:
        story = make_story(self.community, self.member)
        self.login(self.core)
        self.assertEqual(self.client.post(f"/stories/{story.pk}/withdraw/", {}).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.post(f"/stories/{story.pk}/withdraw/", {}).status_code, 404)
        story.refresh_from_db()
        self.assertFalse(story.is_withdrawn)
        self.assertFalse(Activity.objects.filter(verb="withdrew_story").exists())


class AllStoriesTestCase(StoryPagesTestCase):
    def setUp(self) -> None:
        make_story(self.community, self.member, title="Members only")
        make_story(self.community, self.member, title="For Groundswell", uses=[Use.GROUNDSWELL], genre="value_creation")
        make_story(self.community, self.lay, title="For everyone", uses=[Use.PUBLIC])

    def test_the_public_see_public_stories_without_signing_in(self) -> None:
        response = self.client.get("/stories/")
        self.assertContains(response, "For everyone")
        self.assertNotContains(response, "For Groundswell")
        self.assertNotContains(response, "Members only")
        # The private community is not named to the public.
        self.assertNotContains(response, self.community.name)

    def test_people_signed_in_see_what_is_shared_across_groundswell(self) -> None:
        self.login(self.outsider)
        response = self.client.get("/stories/")
        self.assertContains(response, "For everyone")
        self.assertContains(response, "For Groundswell")
        self.assertNotContains(response, "Members only")
        self.assertNotContains(response, self.community.name)
        response = self.client.get("/stories/?genre=value_creation")
        self.assertContains(response, "For Groundswell")
        self.assertNotContains(response, "For everyone")
        self.assertEqual(self.client.get("/stories/?genre=<b>&page=x").status_code, 200)

    def test_members_see_the_community_named(self) -> None:
        self.login(self.core)
        self.assertContains(self.client.get("/stories/"), self.community.name)

    def test_it_lists_in_a_fixed_number_of_queries(self) -> None:
        other = make_community(self.outsider, name="Elsewhere", privacy=Privacy.PRIVATE)
        for n in range(5):
            make_story(other, self.outsider, title=f"Elsewhere {n}", uses=[Use.GROUNDSWELL])
        self.login(self.member)
        self.client.get("/stories/")
        with self.assertNumQueries(5):
            response = self.client.get("/stories/")
        self.assertContains(response, "Elsewhere 4")


class MyStoriesTestCase(StoryPagesTestCase):
    def test_it_lists_the_tellers_stories_withdrawn_ones_included(self) -> None:
        make_story(self.community, self.member, title="Still shared", uses=[Use.PUBLIC])
        gone = make_story(self.community, self.member, title="Taken back")
        actions.withdraw_story(gone, by=self.member)
        make_story(self.community, self.core, title="Colin's")
        self.login(self.member)
        response = self.client.get("/me/stories/")
        self.assertContains(response, "Still shared")
        self.assertContains(response, "In public")
        self.assertContains(response, "Taken back")
        self.assertContains(response, "Withdrawn")
        self.assertNotContains(response, "Colin's")

    def test_it_needs_signing_in(self) -> None:
        response = self.client.get("/me/stories/")
        self.assertEqual(response.status_code, 302)


class SponsorRoleTestCase(TestCase):
    def test_a_sponsor_who_is_not_a_convenor_cannot_record_or_export(self) -> None:
        convenor = make_person("cara@example.org", "Cara Convenor")
        sponsor = make_person("sue@example.org", "Sue Sponsor")
        community = make_community(convenor, privacy=Privacy.PRIVATE)
        add_member(community, sponsor, Role.SPONSOR)
        self.client.login(email=sponsor.email, password=PASSWORD)
        self.assertEqual(self.client.get(f"/communities/{community.slug}/stories/record/").status_code, 403)
        self.assertEqual(self.client.get(f"/communities/{community.slug}/stories.csv?use=community").status_code, 403)
