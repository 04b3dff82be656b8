"""The one consent rule: Story.objects.readable_by / visible_to, and shown_teller."""

from __future__ import annotations

import datetime

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from groundswell.communities.models import Privacy, Role
from groundswell.people import actions as people_actions
from groundswell.stories import actions
from groundswell.stories.models import Naming, Story, Use, shown_teller
from groundswell.stories.tests.builders import make_story, terms
from groundswell.testing import BaseTestCase, add_member, make_community, make_person


def ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


class ReadableByTestCase(BaseTestCase):
    def test_it_shows_a_community_story_to_its_members_only(self) -> None:
        story = make_story(self.community, self.member)
        for person in (self.convenor, self.core, self.member, self.lay):
            with self.subTest(person=person.email):
                self.assertEqual(ids(Story.objects.readable_by(person)), {story.pk})
        self.assertEqual(ids(Story.objects.readable_by(self.outsider)), set())
        self.assertEqual(ids(Story.objects.readable_by(None)), set())
        self.assertEqual(ids(Story.objects.readable_by(AnonymousUser())), set())  # type: ignore[arg-type]

    def test_it_keeps_a_story_without_consent_for_the_community_from_its_members(self) -> None:
        make_story(self.community, self.member, uses=())
        self.assertEqual(ids(Story.objects.readable_by(self.convenor)), set())
        self.assertEqual(ids(Story.objects.readable_by(self.member)), set())

    def test_it_shares_across_groundswell_with_anyone_signed_in(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.GROUNDSWELL])
        self.assertEqual(ids(Story.objects.readable_by(self.outsider, use=Use.GROUNDSWELL)), {story.pk})
        self.assertEqual(ids(Story.objects.readable_by(None, use=Use.GROUNDSWELL)), set())
        # Across Groundswell includes the community, but not the public.
        self.assertEqual(ids(Story.objects.readable_by(self.core)), {story.pk})
        self.assertEqual(ids(Story.objects.readable_by(None, use=Use.PUBLIC)), set())

    def test_it_shares_in_public_with_anyone_at_all(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC])
        self.assertEqual(ids(Story.objects.readable_by(None, use=Use.PUBLIC)), {story.pk})
        self.assertEqual(ids(Story.objects.readable_by(self.outsider, use=Use.GROUNDSWELL)), {story.pk})

    def test_it_gives_stories_for_reports_to_convenors_and_sponsors_only(self) -> None:
        sponsor = make_person("sue@example.org", "Sue Sponsor")
        add_member(self.community, sponsor, Role.SPONSOR)
        story = make_story(self.community, self.member, uses=[Use.SPONSOR_REPORTS])
        readers = {p.pk for p in (self.convenor, sponsor, self.core, self.member, self.outsider)
                   if Story.objects.readable_by(p, use=Use.SPONSOR_REPORTS).exists()}  # fmt: skip
        self.assertEqual(readers, {self.convenor.pk, sponsor.pk})
        # Without consent for reports, a convenor gets nothing for reports.
        make_story(self.community, self.lay, title="Community only")
        self.assertEqual(ids(Story.objects.readable_by(self.convenor, use=Use.SPONSOR_REPORTS)), {story.pk})

    def test_it_hides_every_use_once_the_story_is_withdrawn(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC, Use.SPONSOR_REPORTS])
        actions.withdraw_story(story, by=self.member)
        for use in Use:
            for viewer in (None, self.outsider, self.member, self.convenor):
                with self.subTest(use=use, viewer=viewer):
                    self.assertFalse(Story.objects.readable_by(viewer, use=use).exists())

    def test_it_stops_sharing_after_the_consent_expires(self) -> None:
        today = timezone.localdate()
        story = make_story(
            self.community, self.member, uses=[Use.PUBLIC], expires_on=today + datetime.timedelta(days=2)
        )
        with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
            self.assertTrue(Story.objects.readable_by(None, use=Use.PUBLIC).filter(pk=story.pk).exists())
        with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
            self.assertFalse(Story.objects.readable_by(None, use=Use.PUBLIC).exists())
            self.assertFalse(Story.objects.readable_by(self.member).exists())
            # The teller still sees their own story.
            self.assertTrue(Story.objects.visible_to(self.member).filter(pk=story.pk).exists())

    def test_it_waits_for_the_check_before_sharing_beyond_the_community(self) -> None:
        story = make_story(
            self.community, self.member, uses=[Use.PUBLIC], what_happened="Colin Core phoned me on 07700 900123."
        )
        self.assertFalse(story.is_checked)
        self.assertTrue(Story.objects.readable_by(self.core).filter(pk=story.pk).exists())
        for use in (Use.GROUNDSWELL, Use.SPONSOR_REPORTS, Use.PUBLIC):
            self.assertFalse(Story.objects.readable_by(self.convenor, use=use).exists())
        actions.check_story(story, by=self.member, digest=story.content_digest, redact=[])
        self.assertTrue(Story.objects.readable_by(None, use=Use.PUBLIC).filter(pk=story.pk).exists())

    def test_it_pauses_sharing_when_an_edit_adds_something_to_check(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC])
        self.assertTrue(Story.objects.readable_by(None, use=Use.PUBLIC).exists())
        actions.edit_story(story, by=self.member, what_happened="Ring me on 07700 900123.")
        self.assertFalse(Story.objects.readable_by(None, use=Use.PUBLIC).exists())
        self.assertTrue(Story.objects.readable_by(self.core).exists())

    def test_it_drops_the_stories_of_a_teller_who_erased_their_data(self) -> None:
        make_story(self.community, self.member, uses=[Use.PUBLIC])
        people_actions.erase_person(self.member, by=self.member)
        self.assertFalse(Story.objects.readable_by(None, use=Use.PUBLIC).exists())
        self.assertFalse(Story.objects.readable_by(self.core).exists())
        self.assertFalse(Story.objects.visible_to(self.convenor).exists())

    def test_it_keeps_a_community_story_from_members_of_other_communities(self) -> None:
        other = make_community(self.outsider, name="Elsewhere", privacy=Privacy.OPEN)
        make_story(other, self.outsider)
        self.assertEqual(ids(Story.objects.readable_by(self.member)), set())

    def test_it_forgets_a_member_who_left(self) -> None:
        from groundswell.communities import actions as community_actions
        from groundswell.communities.models import Membership

        make_story(self.community, self.core)
        community_actions.leave_community(Membership.objects.active().get(community=self.community, person=self.member))
        self.assertFalse(Story.objects.readable_by(self.member).exists())


class VisibleToTestCase(BaseTestCase):
    def test_it_shows_the_teller_their_own_stories_whatever_the_consent(self) -> None:
        private = make_story(self.community, self.member, uses=())
        withdrawn = make_story(self.community, self.member)
        actions.withdraw_story(withdrawn, by=self.member)
        self.assertEqual(ids(Story.objects.visible_to(self.member)), {private.pk, withdrawn.pk})
        self.assertEqual(ids(Story.objects.visible_to(self.convenor)), set())

    def test_it_shows_convenors_the_stories_recorded_for_others_until_withdrawn(self) -> None:
        story = actions.tell_story(
            self.community,
            by=self.convenor,
            terms=terms(),
            teller_name="Mrs Jones's neighbour",
            how_given="By post, signed form",
            title="A letter",
            what_happened="They wrote to us.",
        )
        self.assertEqual(ids(Story.objects.visible_to(self.convenor)), {story.pk})
        self.assertEqual(ids(Story.objects.visible_to(self.core)), set())
        actions.withdraw_story(story, by=self.convenor)
        self.assertEqual(ids(Story.objects.visible_to(self.convenor)), set())

    def test_it_shows_anyone_a_public_story(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC])
        self.assertEqual(ids(Story.objects.visible_to(None)), {story.pk})


class ShownTellerTestCase(BaseTestCase):
    def test_it_names_the_teller_as_their_consent_says(self) -> None:
        named = make_story(self.community, self.lay)
        pseudonymous = make_story(self.community, self.lay, naming=Naming.PSEUDONYMOUS, pseudonym="Wren")
        anonymous = make_story(self.community, self.lay, naming=Naming.ANONYMOUS)
        self.assertEqual(shown_teller(named, self.core), "Lee Lay")
        self.assertEqual(shown_teller(pseudonymous, self.core), "Wren")
        self.assertEqual(shown_teller(anonymous, self.core), "Anonymous")
        self.assertEqual(shown_teller(anonymous, None), "Anonymous")
        self.assertEqual(shown_teller(pseudonymous, self.lay), "Wren (you)")

    def test_it_names_someone_without_an_account_by_the_name_recorded(self) -> None:
        story = actions.tell_story(
            self.community,
            by=self.convenor,
            terms=terms(Use.COMMUNITY),
            teller_name="Edna Hill",
            how_given="By phone",
            title="A call",
            what_happened="She rang.",
        )
        self.assertEqual(shown_teller(story, self.member), "Edna Hill")
        self.assertEqual(shown_teller(story, self.convenor), "Edna Hill")

    def test_it_follows_the_latest_consent(self) -> None:
        story = make_story(self.community, self.lay)
        actions.record_consent(story, by=self.lay, terms=terms(Use.COMMUNITY, naming=Naming.ANONYMOUS))
        story.refresh_from_db()
        self.assertEqual(shown_teller(story, self.core), "Anonymous")


class VisibleInTestCase(BaseTestCase):
    def test_it_agrees_with_visible_to_for_every_viewer(self) -> None:
        from groundswell.communities.models import Membership

        sponsor = make_person("sue@example.org", "Sue Sponsor")
        add_member(self.community, sponsor, Role.SPONSOR)
        for uses in ((), (Use.COMMUNITY,), (Use.GROUNDSWELL,), (Use.SPONSOR_REPORTS,), (Use.PUBLIC,)):
            make_story(self.community, self.member, uses=uses)
            make_story(self.community, self.lay, uses=uses, by=self.convenor)
        make_story(self.community, self.core, uses=[Use.PUBLIC], what_happened="Ring 07700 900123.")
        withdrawn = make_story(self.community, self.core, uses=[Use.PUBLIC])
        actions.withdraw_story(withdrawn, by=self.core)
        for viewer in (None, self.convenor, self.core, self.member, self.lay, sponsor, self.outsider):
            with self.subTest(viewer=viewer):
                membership = Membership.objects.active().filter(community=self.community, person=viewer).first()
                role = membership.role if membership is not None else None
                self.assertEqual(
                    ids(Story.objects.visible_in(self.community.pk, viewer, role)),
                    ids(Story.objects.filter(community=self.community).visible_to(viewer)),
                )
