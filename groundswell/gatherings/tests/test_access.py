from django.http import Http404

from groundswell.gatherings import access, actions
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.lib.http import Forbidden
from groundswell.testing import BaseTestCase


class GatheringAccessTestCase(BaseTestCase):
    """The community in BaseTestCase is private."""

    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, place="Room 4, Civic Centre")

    def test_it_hides_a_private_communitys_gathering_from_outsiders(self) -> None:
        with self.assertRaises(Http404):
            access.get_gathering_for_viewer(self.outsider, self.gathering.pk)
        with self.assertRaises(Http404):
            access.get_gathering_for_organiser(self.outsider, self.gathering.pk)

    def test_it_shows_it_to_members_but_only_organisers_organise(self) -> None:
        self.assertEqual(access.get_gathering_for_viewer(self.member, self.gathering.pk), self.gathering)
        with self.assertRaises(Forbidden):
            access.get_gathering_for_organiser(self.member, self.gathering.pk)
        self.assertEqual(access.get_gathering_for_organiser(self.convenor, self.gathering.pk), self.gathering)

    def test_it_counts_named_facilitators_as_organisers(self) -> None:
        self.gathering.facilitators.add(self.core)
        self.assertEqual(access.get_gathering_for_organiser(self.core, self.gathering.pk), self.gathering)

    def test_it_shows_the_place_only_to_people_with_a_place(self) -> None:
        actions.open_registration(self.gathering, by=self.convenor)
        self.assertFalse(access.can_see_joining_details(self.gathering, self.member))
        actions.register(self.gathering, person=self.member)
        self.assertTrue(access.can_see_joining_details(self.gathering, self.member))
        self.assertTrue(access.can_see_joining_details(self.gathering, self.convenor))
        self.assertFalse(access.can_see_joining_details(self.gathering, None))
