"""A product's lifecycle: dated stages (some approximate), publication making it public."""

from __future__ import annotations

import datetime

import time_machine

from groundswell.people.actions import ActionError
from groundswell.products import actions
from groundswell.products.models import Product, Stage, StageChange, Version
from groundswell.products.tests.builders import PDF, bearer, make_product
from groundswell.testing import PASSWORD, BaseTestCase

D = datetime.date


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC))
class LifecycleTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.product = make_product(
            self.community, self.core, stage="idea", stage_on=D(2020, 5, 1), stage_precision="year"
        )

    def move(self, stage: str, on: datetime.date, precision: str = "day") -> StageChange:
        return actions.change_stage(self.product, by=self.core, stage=stage, on=on, precision=precision)

    def test_it_records_each_move_with_its_date_and_precision(self) -> None:
        self.move("drafting", D(2021, 3, 17), "month")
        self.move("consultation", D(2022, 1, 10))
        changes = list(StageChange.objects.filter(product=self.product).order_by("on", "id"))
        self.assertEqual(
            [(c.stage, c.on, c.precision, c.when) for c in changes],
            [
                ("idea", D(2020, 1, 1), "year", "2020"),
                ("drafting", D(2021, 3, 1), "month", "March 2021"),
                ("consultation", D(2022, 1, 10), "day", "10 January 2022"),
            ],
        )
        self.product.refresh_from_db()
        self.assertEqual((self.product.stage, self.product.published_on), ("consultation", None))

    def test_it_refuses_dates_in_the_future_or_before_the_last_move(self) -> None:
        self.move("drafting", D(2022, 6, 1))
        with self.assertRaisesMessage(ActionError, "before the product's last change of stage (1 June 2022)"):
            self.move("consultation", D(2022, 5, 31))
        with self.assertRaisesMessage(ActionError, "cannot be in the future"):
            self.move("consultation", D(2025, 6, 2))
        # "2022" may be any day of that year, so it does not contradict June.
        self.move("consultation", D(2022, 1, 1), "year")

    def test_it_publishes_once_releasing_the_newest_version(self) -> None:
        actions.add_version(self.product, by=self.core, label="Draft", filename="a.pdf", raw=PDF)
        actions.add_version(self.product, by=self.core, label="1.0", filename="b.pdf", raw=PDF)
        self.assertFalse(self.product.is_public)
        self.move("published", D(2024, 2, 1))
        self.product.refresh_from_db()
        self.assertEqual(self.product.published_on, D(2024, 2, 1))
        self.assertTrue(self.product.is_public)
        self.assertEqual(
            list(Version.objects.order_by("number").values_list("label", "released_on")),
            [("Draft", None), ("1.0", D(2025, 6, 1))],
        )
        # A second edition keeps the first publication date, and stays public while it is drafted.
        self.move("revised", D(2024, 9, 1))
        self.move("consultation", D(2024, 10, 1))
        self.move("published", D(2025, 1, 1))
        self.product.refresh_from_db()
        self.assertEqual((self.product.published_on, self.product.is_public), (D(2024, 2, 1), True))

    def test_it_allows_only_the_moves_the_lifecycle_has(self) -> None:
        self.assertEqual(
            actions.allowed_stages(self.product), ["drafting", "consultation", "endorsed", "published", "retired"]
        )
        with self.assertRaisesMessage(ActionError, "cannot move from idea to in use"):
            self.move("in_use", D(2021, 1, 1))
        with self.assertRaisesMessage(ActionError, "already at the stage idea"):
            self.move("idea", D(2021, 1, 1))
        self.move("published", D(2021, 1, 1))
        self.assertNotIn("idea", actions.allowed_stages(Product.objects.get()))
        self.move("retired", D(2024, 1, 1))
        self.assertEqual(actions.allowed_stages(Product.objects.get()), [])
        with self.assertRaisesMessage(ActionError, "has retired"):
            self.move("in_use", D(2024, 2, 1))

    def test_it_moves_stages_from_the_page_and_the_api(self) -> None:
        self.client.login(email=self.core.email, password=PASSWORD)
        url = f"/products/{self.product.pk}/stage/"
        page = self.client.get(url)
        self.assertContains(page, "2020")
        self.assertNotContains(page, 'value="in_use"')
        response = self.client.post(url, {"stage": "drafting", "year": "2021", "month": "", "day": "4"})
        self.assertContains(response, "Choose the month too")
        response = self.client.post(url, {"stage": "drafting", "year": "2021", "month": "7", "day": ""})
        self.assertRedirects(response, f"/products/{self.product.pk}/")
        self.assertEqual(Product.objects.get().stage, Stage.DRAFTING)
        api = f"/api/v1/products/{self.product.pk}/stages"
        headers = bearer(self.core)
        future = self.client.post(
            api, {"stage": "consultation", "on": "2030-01-01"}, content_type="application/json", headers=headers
        )
        self.assertEqual(future.status_code, 422)
        wrong = self.client.post(
            api, {"stage": "in_use", "on": "2022-01-01"}, content_type="application/json", headers=headers
        )
        self.assertEqual(wrong.status_code, 409)
        self.assertIn("cannot move from drafting to in use", wrong.json()["detail"])
        ok = self.client.post(
            api,
            {"stage": "published", "on": "2023-03-01", "date_precision": "month"},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(ok.status_code, 201, ok.content)
        listed = self.client.get(api, headers=bearer(self.member)).json()
        self.assertEqual(
            [(i["stage"], i["on"]) for i in listed["items"]],
            [("idea", "2020-01-01"), ("drafting", "2021-07-01"), ("published", "2023-03-01")],
        )
        product = self.client.get(f"/api/v1/products/{self.product.pk}", headers=headers).json()
        self.assertEqual(product["published_on"], "2023-03-01")
        self.assertTrue(product["share_url"].endswith(f"/products/{self.product.pk}/share/"))
