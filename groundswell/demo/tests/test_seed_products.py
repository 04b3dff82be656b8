"""``manage.py seed_demo`` loads products with a social life that the demo logins can follow."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from groundswell.demo.personas import DEMO_PASSWORD, PERSONAS
from groundswell.lib.documents import identify
from groundswell.products import uptake
from groundswell.products.models import LifeEvent, Product, Rung, Stage, Version, VersionComment

EMAIL = {p.key: p.email for p in PERSONAS}


# A storage of its own: the demo's files (version PDFs, harvest photos) must not linger in the
# process-wide in-memory storage that later tests in the same worker read.
@override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
)
class SeedProductsTestCase(TestCase):
    guidance: Product

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", stdout=StringIO())
        cls.guidance = Product.objects.get(title="Safety-netting in primary care: guidance for GPs")

    def test_it_follows_the_gp_guidance_from_an_idea_five_years_ago_to_adoption(self) -> None:
        stages = list(self.guidance.stage_changes.order_by("on", "id").values_list("stage", flat=True))
        self.assertEqual(
            stages,
            ["idea", "drafting", "consultation", "endorsed", "published", "in_use", "revised", "published", "in_use"],
        )
        idea = self.guidance.stage_changes.get(stage=Stage.IDEA)
        self.assertGreater((timezone.localdate() - idea.on).days, 4.8 * 365)
        self.assertEqual(self.guidance.born_at.get().community.slug, "gp-cancer-community")
        self.assertTrue(self.guidance.authors.filter(role="lay_reviewer", person__email=EMAIL["lay"]).exists())
        events = LifeEvent.objects.filter(product=self.guidance, verified=True)
        self.assertTrue(events.filter(kind="endorsed", organisation__name="Royal College of Primary Care").exists())
        icbs = events.filter(kind="adopted", organisation__kind="icb")
        self.assertGreaterEqual(icbs.count(), 3)
        self.assertGreaterEqual(events.filter(kind="cited_policy").count(), 2)
        self.assertTrue(events.filter(kind="presented", gathering__series__title="Leads' days").exists())
        self.assertEqual(self.guidance.rung, Rung.ADOPTED)
        waiting = LifeEvent.objects.get(product=self.guidance, verified=False)
        self.assertTrue(waiting.reporter_email)
        self.assertTrue(self.guidance.download_months.exists())
        # Earlier versions stay: drafts for the community, two released editions for everyone.
        self.assertEqual(self.guidance.versions.filter(released_on__isnull=False).count(), 2)
        self.assertTrue(VersionComment.objects.filter(version__product=self.guidance).exists())

    def test_it_seeds_real_pdfs_that_the_upload_check_accepts(self) -> None:
        for version in Version.objects.exclude(file=""):
            raw = version.file.read()
            self.assertEqual(identify("v.pdf", raw, max_bytes=10**6).extension, "pdf")
            self.assertTrue(raw.rstrip().endswith(b"%%EOF"))

    def test_it_has_the_networks_toolkit_and_drafts_with_comments(self) -> None:
        toolkit = Product.objects.get(title="Faster diagnosis toolkit for local cancer networks")
        self.assertEqual(toolkit.born_at.get().number_in_series, 1)
        self.assertEqual(toolkit.rung, Rung.ADOPTED)
        drafts = Product.objects.filter(stage__in=[Stage.DRAFTING, Stage.CONSULTATION])
        self.assertGreaterEqual(drafts.count(), 3)
        for product in drafts:
            with self.subTest(product.title):
                self.assertTrue(VersionComment.objects.filter(version__product=product).exists())
        gp = uptake.community_uptake(self.guidance.communities.get().pk)
        self.assertEqual((gp.published, gp.taken_up), (3, 2))
        self.assertIsNotNone(gp.median_days)

    def test_it_keeps_the_panels_draft_within_the_panel(self) -> None:
        report = Product.objects.get(title__startswith="Plain English in referral letters")
        self.client.login(email=EMAIL["core"], password=DEMO_PASSWORD)
        self.assertEqual(self.client.get(f"/products/{report.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/products/?q=referral"), "Plain English")
        self.client.login(email=EMAIL["lay"], password=DEMO_PASSWORD)
        page = self.client.get(f"/products/{report.pk}/")
        self.assertContains(page, 'Draft 1</a> <span class="gs-meta">(1 comment)</span>')
        self.client.logout()
        share = self.client.get(f"/products/{self.guidance.pk}/share/")
        self.assertContains(share, "Endorsed by</dt><dd>Royal College of Primary Care")
        self.assertContains(share, "Download 1.1")

    def test_it_dates_the_activity_stream_as_things_happened(self) -> None:
        from groundswell.chronicle.models import Activity

        created = Activity.objects.filter(verb="created_product", target_id=self.guidance.pk).get()
        self.assertLess(created.created_at, timezone.now() - datetime.timedelta(days=4 * 365))
