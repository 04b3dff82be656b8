"""Telling, recording, consent history, withdrawal and the check, through the actions."""

from __future__ import annotations

import datetime

from django.core import mail
from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.communities import actions as community_actions
from groundswell.communities.models import Lifecycle
from groundswell.people.actions import ActionError
from groundswell.stories import actions, checking
from groundswell.stories.models import ConsentRecord, Naming, Story, Use
from groundswell.stories.tests.builders import make_story, terms
from groundswell.testing import BaseTestCase


class TellStoryTestCase(BaseTestCase):
    def test_it_records_the_story_and_its_consent_with_who_and_when(self) -> None:
        story = make_story(self.community, self.lay, uses=[Use.COMMUNITY], naming=Naming.PSEUDONYMOUS, pseudonym="Wren")
        self.assertEqual(story.teller, self.lay)
        self.assertFalse(story.on_behalf)
        consent = ConsentRecord.objects.get(story=story)
        self.assertEqual(story.consent, consent)
        self.assertEqual(consent.recorded_by, self.lay)
        self.assertEqual(consent.uses, [Use.COMMUNITY])
        self.assertEqual((consent.naming, consent.pseudonym), (Naming.PSEUDONYMOUS, "Wren"))
        self.assertFalse(consent.on_behalf)
        self.assertIsNotNone(consent.recorded_at)

    def test_it_adds_the_narrower_uses_a_wider_one_includes(self) -> None:
        public = make_story(self.community, self.member, uses=[Use.PUBLIC])
        assert public.consent is not None
        self.assertEqual(public.consent.uses, [Use.COMMUNITY, Use.GROUNDSWELL, Use.PUBLIC])
        reports = make_story(self.community, self.member, uses=[Use.SPONSOR_REPORTS])
        assert reports.consent is not None
        self.assertEqual(reports.consent.uses, [Use.COMMUNITY, Use.SPONSOR_REPORTS])

    def test_it_checks_a_story_with_nothing_to_flag_at_once(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC])
        self.assertTrue(story.is_checked)
        self.assertIsNone(story.checked_by)

    def test_it_leaves_a_story_with_findings_unchecked(self) -> None:
        story = make_story(self.community, self.member, what_happened="Email me at mina@example.org.")
        self.assertFalse(story.is_checked)

    def test_it_refuses_a_pseudonym_that_is_someones_name(self) -> None:
        with self.assertRaisesMessage(ActionError, "name of someone in Groundswell"):
            make_story(self.community, self.lay, naming=Naming.PSEUDONYMOUS, pseudonym="colin core")
        with self.assertRaisesMessage(ActionError, "Give the pseudonym"):
            make_story(self.community, self.lay, naming=Naming.PSEUDONYMOUS, pseudonym="  ")
        self.assertFalse(Story.objects.exists())

    def test_it_drops_a_pseudonym_given_with_another_naming(self) -> None:
        story = make_story(self.community, self.lay, naming=Naming.NAMED, pseudonym="Wren")
        assert story.consent is not None
        self.assertEqual(story.consent.pseudonym, "")

    def test_it_refuses_an_expiry_that_is_not_in_the_future(self) -> None:
        with self.assertRaisesMessage(ActionError, "after today"):
            make_story(self.community, self.member, expires_on=timezone.localdate())

    def test_it_refuses_a_closed_community_and_empty_text(self) -> None:
        with self.assertRaisesMessage(ActionError, "needs a title"):
            make_story(self.community, self.member, title="   ")
        with self.assertRaisesMessage(ActionError, "what happened"):
            make_story(self.community, self.member, what_happened="")
        community_actions.change_lifecycle(
            self.community, by=self.convenor, lifecycle=Lifecycle.CLOSED, closing_note="Done."
        )
        with self.assertRaisesMessage(ActionError, "closed"):
            make_story(self.community, self.member)

    def test_it_records_no_actor_and_no_title_in_the_activity_stream(self) -> None:
        story = make_story(self.community, self.lay, title="My husband's diagnosis", naming=Naming.ANONYMOUS)
        activity = Activity.objects.get(verb="told_story")
        self.assertIsNone(activity.actor_id)
        self.assertEqual(activity.target_id, story.pk)
        self.assertNotIn("diagnosis", activity.target_label)


class RecordOnBehalfTestCase(BaseTestCase):
    def test_it_records_a_members_story_with_how_they_consented(self) -> None:
        story = make_story(self.community, self.lay, by=self.convenor, how_given="By phone on 3 March")
        self.assertEqual((story.teller, story.recorded_by, story.on_behalf), (self.lay, self.convenor, True))
        assert story.consent is not None
        self.assertTrue(story.consent.on_behalf)
        self.assertEqual(story.consent.how_given, "By phone on 3 March")
        self.assertEqual(story.consent.recorded_by, self.convenor)

    def test_it_records_the_story_of_someone_without_an_account(self) -> None:
        story = actions.tell_story(
            self.community, by=self.convenor, terms=terms(Use.COMMUNITY), teller_name="Edna Hill",
            how_given="Signed form, by post", title="A letter", what_happened="She wrote to us.",
        )  # fmt: skip
        self.assertIsNone(story.teller)
        self.assertEqual(story.teller_name, "Edna Hill")

    def test_it_needs_to_know_how_consent_was_given(self) -> None:
        with self.assertRaisesMessage(ActionError, "how the teller gave their consent"):
            make_story(self.community, self.lay, by=self.convenor, how_given="  ")

    def test_it_refuses_a_teller_who_is_not_a_member(self) -> None:
        with self.assertRaisesMessage(ActionError, "not a member"):
            make_story(self.community, self.outsider, by=self.convenor)

    def test_it_refuses_both_a_member_and_a_name(self) -> None:
        with self.assertRaisesMessage(ActionError, "not both"):
            make_story(self.community, self.lay, by=self.convenor, teller_name="Edna Hill")


class EditStoryTestCase(BaseTestCase):
    def test_it_changes_only_what_changed(self) -> None:
        story = make_story(self.community, self.member)
        before = Activity.objects.count()
        actions.edit_story(story, by=self.member, title=story.title)
        self.assertEqual(Activity.objects.count(), before)
        actions.edit_story(story, by=self.member, title="  A new title  ")
        story.refresh_from_db()
        self.assertEqual(story.title, "A new title")
        self.assertTrue(Activity.objects.filter(verb="edited_story").exists())

    def test_it_keeps_the_check_when_the_new_text_has_nothing_to_flag(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC])
        actions.edit_story(story, by=self.member, what_changed="Complaints fell.")
        story.refresh_from_db()
        self.assertTrue(story.is_checked)

    def test_it_refuses_a_withdrawn_story(self) -> None:
        story = make_story(self.community, self.member)
        actions.withdraw_story(story, by=self.member)
        with self.assertRaisesMessage(ActionError, "withdrawn"):
            actions.edit_story(story, by=self.member, title="Back")


class ConsentHistoryTestCase(BaseTestCase):
    def test_it_appends_a_record_for_every_decision(self) -> None:
        story = make_story(self.community, self.lay)
        first = story.consent
        assert first is not None
        expires = timezone.localdate() + datetime.timedelta(days=90)
        second = actions.record_consent(
            story, by=self.lay, terms=terms(Use.PUBLIC, naming=Naming.ANONYMOUS, expires_on=expires)
        )
        story.refresh_from_db()
        self.assertEqual(story.consent, second)
        self.assertEqual(ConsentRecord.objects.filter(story=story).count(), 2)
        first.refresh_from_db()
        self.assertEqual(first.uses, [Use.COMMUNITY])
        self.assertEqual(first.naming, Naming.NAMED)
        self.assertEqual((second.naming, second.expires_on), (Naming.ANONYMOUS, expires))

    def test_a_convenor_records_consent_for_a_story_they_recorded_saying_how(self) -> None:
        story = make_story(self.community, self.lay, by=self.convenor)
        with self.assertRaisesMessage(ActionError, "how the teller gave their consent"):
            actions.record_consent(story, by=self.convenor, terms=terms(Use.PUBLIC))
        record = actions.record_consent(story, by=self.convenor, terms=terms(Use.PUBLIC), how_given="By phone")
        self.assertTrue(record.on_behalf)


class WithdrawStoryTestCase(BaseTestCase):
    def test_it_withdraws_for_good_keeping_the_history(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC])
        record = actions.withdraw_story(story, by=self.member, reason="Changed my mind")
        story.refresh_from_db()
        self.assertTrue(story.is_withdrawn)
        self.assertEqual((record.uses, record.reason, record.on_behalf), ([], "Changed my mind", False))
        self.assertEqual(ConsentRecord.objects.filter(story=story).count(), 2)
        with self.assertRaisesMessage(ActionError, "already been withdrawn"):
            actions.withdraw_story(story, by=self.member)
        with self.assertRaisesMessage(ActionError, "tell it again"):
            actions.record_consent(story, by=self.member, terms=terms(Use.PUBLIC))

    def test_it_tells_the_teller_when_a_convenor_withdraws_their_story(self) -> None:
        story = make_story(self.community, self.member, title="Night shifts")
        with self.captureOnCommitCallbacks(execute=True):
            actions.withdraw_story(story, by=self.convenor, reason="It names a patient")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["mina@example.org"])
        self.assertIn("Night shifts", message.body)
        self.assertIn("It names a patient", message.body)
        self.assertIn(f"/stories/{story.pk}/", message.body)

    def test_it_sends_no_email_when_tellers_withdraw_their_own(self) -> None:
        story = make_story(self.community, self.member)
        with self.captureOnCommitCallbacks(execute=True):
            actions.withdraw_story(story, by=self.member)
        self.assertEqual(mail.outbox, [])


class CheckStoryTestCase(BaseTestCase):
    TEXT = "Colin Core rang me on 07700 900123 about the clinic."

    def test_it_removes_the_chosen_findings_and_keeps_the_rest(self) -> None:
        story = make_story(self.community, self.member, uses=[Use.PUBLIC], what_happened=self.TEXT)
        flags = {item.flag.kind: item for item in checking.flags_for(story)}
        self.assertEqual(set(flags), {"name", "phone"})
        removed = actions.check_story(story, by=self.core, digest=story.content_digest, redact=[flags["phone"].id])
        self.assertEqual(removed, [flags["phone"]])
        story.refresh_from_db()
        self.assertEqual(story.what_happened, "Colin Core rang me on [phone removed] about the clinic.")
        self.assertTrue(story.is_checked)
        self.assertEqual(story.checked_by, self.core)

    def test_it_refuses_when_the_story_changed_since_it_was_looked_at(self) -> None:
        story = make_story(self.community, self.member, what_happened=self.TEXT)
        digest = story.content_digest
        flag_id = checking.flags_for(story)[0].id
        actions.edit_story(story, by=self.member, what_happened="Now: " + self.TEXT)
        with self.assertRaisesMessage(ActionError, "changed while you were checking"):
            actions.check_story(story, by=self.member, digest=digest, redact=[])
        with self.assertRaisesMessage(ActionError, "changed while you were checking"):
            actions.check_story(story, by=self.member, digest=story.content_digest, redact=[flag_id])
        story.refresh_from_db()
        self.assertFalse(story.is_checked)

    def test_it_refuses_a_withdrawn_story(self) -> None:
        story = make_story(self.community, self.member, what_happened=self.TEXT)
        actions.withdraw_story(story, by=self.member)
        with self.assertRaisesMessage(ActionError, "withdrawn"):
            actions.check_story(story, by=self.member, digest=story.content_digest)
