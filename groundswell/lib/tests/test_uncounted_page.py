from django.contrib.auth.models import Group
from django.test import RequestFactory, TestCase

from groundswell.lib.http import paginate_uncounted


class UncountedPageTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        Group.objects.bulk_create(Group(name=f"Org {i:02d}") for i in range(5))

    def page(self, number: str):  # type: ignore[no-untyped-def]
        request = RequestFactory().get("/", {"page": number})
        return paginate_uncounted(request, Group.objects.order_by("name"), per_page=2)

    def test_it_knows_whether_another_page_follows_without_counting(self) -> None:
        with self.assertNumQueries(1):
            first = self.page("1")
        self.assertEqual([o.name for o in first], ["Org 00", "Org 01"])
        self.assertTrue(first.has_next)
        self.assertFalse(first.has_previous())
        last = self.page("3")
        self.assertEqual([o.name for o in last], ["Org 04"])
        self.assertFalse(last.has_next)
        self.assertEqual((last.start_index(), last.end_index()), (5, 5))

    def test_it_treats_a_bad_page_number_as_the_first_page(self) -> None:
        self.assertEqual(self.page("x").number, 1)
        self.assertEqual(self.page("-3").number, 1)
