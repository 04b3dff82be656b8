"""The newest activity across several communities, as the home page shows it."""

from __future__ import annotations

import datetime

from django.test import TestCase
from django.utils import timezone

from groundswell.chronicle.models import Activity
from groundswell.communities.models import Community
from groundswell.testing import make_community, make_person


class LatestInTestCase(TestCase):
    communities: list[Community]

    @classmethod
    def setUpTestData(cls) -> None:
        convenor = make_person("cara@example.org", "Cara Convenor")
        cls.communities = [make_community(convenor, name=f"Network {i}") for i in range(3)]
        Activity.objects.all().delete()
        start = timezone.now() - datetime.timedelta(days=30)
        # Community 0 is busy long ago, community 2 recently; community 1 is in between.
        for c, community in enumerate(cls.communities):
            for i in range(10):
                Activity.objects.create(
                    verb="joined",
                    target_type="community",
                    target_id=community.pk,
                    community=community,
                    created_at=start + datetime.timedelta(days=c * 5 + i),
                )

    def test_it_returns_the_newest_entries_across_the_communities(self) -> None:
        ids = [c.pk for c in self.communities]
        latest = list(Activity.objects.latest_in(ids, 12))
        expected = list(Activity.objects.filter(community_id__in=ids).order_by("-created_at", "-id")[:12])
        self.assertEqual(latest, expected)
        self.assertEqual({a.community_id for a in latest}, {ids[1], ids[2]})

    def test_it_leaves_out_other_communities(self) -> None:
        latest = list(Activity.objects.latest_in([self.communities[0].pk], 5))
        self.assertEqual({a.community_id for a in latest}, {self.communities[0].pk})
        self.assertEqual(len(latest), 5)

    def test_it_returns_nothing_for_no_communities(self) -> None:
        with self.assertNumQueries(0):
            self.assertEqual(list(Activity.objects.latest_in([], 5)), [])
