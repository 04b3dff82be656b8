import datetime

from django.http import HttpResponseBase

from groundswell.chronicle.models import Activity
from groundswell.gatherings import session_actions
from groundswell.gatherings.models import (
    CafeRound,
    CafeTable,
    Confidentiality,
    Gathering,
    OpenSpaceRoom,
    OpenSpaceSession,
    OpenSpaceTime,
    Registration,
    RegistrationStatus,
)
from groundswell.gatherings.tests.builders import make_gathering
from groundswell.people.actions import ActionError
from groundswell.people.models import Person
from groundswell.testing import BaseTestCase


def _give_place(gathering: Gathering, person: Person) -> None:
    Registration.objects.create(
        gathering=gathering,
        person=person,
        email=person.email,
        name=person.display_name,
        status=RegistrationStatus.REGISTERED,
    )


class OpenSpaceTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, title="Leads' day")
        self.url = f"/gatherings/{self.gathering.pk}/open-space/"
        self.hall = session_actions.add_open_space_room(self.gathering, by=self.convenor, name="Hall")
        self.garden = session_actions.add_open_space_room(self.gathering, by=self.convenor, name="Garden")
        self.first = session_actions.add_open_space_time(
            self.gathering, by=self.convenor, starts_at=self.gathering.starts_at, minutes=45
        )
        _give_place(self.gathering, self.core)

    def _propose(self, title: str, slot: OpenSpaceTime, room: OpenSpaceRoom) -> HttpResponseBase:
        return self.client.post(
            self.url, {"intent": "propose", "session-title": title, "session-cell": f"{slot.pk}-{room.pk}"}
        )

    def test_it_hides_the_grid_from_outsiders(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self._propose("Sneaky", self.first, self.hall).status_code, 404)
        self.assertFalse(OpenSpaceSession.objects.exists())

    def test_it_forbids_members_without_a_place_to_propose(self) -> None:
        self.client.force_login(self.member)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Propose a session")
        self.assertEqual(self._propose("Frailty", self.first, self.hall).status_code, 403)
        self.assertFalse(OpenSpaceSession.objects.exists())
        with self.assertRaisesMessage(ActionError, "Only people with a place"):
            session_actions.propose_session(self.gathering, by=self.member, room=self.hall, time=self.first, title="X")

    def test_it_lets_a_person_with_a_place_propose_and_withdraw(self) -> None:
        self.client.force_login(self.core)
        response = self._propose("Frailty pathways", self.first, self.hall)
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        session = OpenSpaceSession.objects.get()
        self.assertEqual(
            (session.title, session.convener, session.room, session.time),
            ("Frailty pathways", self.core, self.hall, self.first),
        )
        page = self.client.get(self.url)
        self.assertContains(page, "Frailty pathways")
        self.assertContains(page, "Convened by Colin Core")
        self.assertContains(page, '<th scope="row"', html=False)
        self.assertTrue(Activity.objects.filter(verb="proposed_session").exists())

        response = self.client.post(self.url, {"intent": "withdraw", "session": session.pk})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertFalse(OpenSpaceSession.objects.exists())
        self.assertTrue(Activity.objects.filter(verb="withdrew_session").exists())

    def test_it_refuses_a_taken_cell(self) -> None:
        session_actions.propose_session(self.gathering, by=self.core, room=self.hall, time=self.first, title="Frailty")
        with self.assertRaisesMessage(ActionError, "already taken"):
            session_actions.propose_session(
                self.gathering, by=self.convenor, room=self.hall, time=self.first, title="Again"
            )
        # The page no longer offers the cell, and refuses a stale form that asks for it.
        self.client.force_login(self.convenor)
        response = self._propose("Again", self.first, self.hall)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "nhsuk-error-summary")
        self.assertEqual(OpenSpaceSession.objects.get().title, "Frailty")
        # The free cell next door is still open to proposals.
        self.assertEqual(self._propose("Workforce", self.first, self.garden).status_code, 302)

    def test_it_lets_only_the_convener_or_an_organiser_withdraw(self) -> None:
        session = session_actions.propose_session(
            self.gathering, by=self.core, room=self.hall, time=self.first, title="Frailty"
        )
        _give_place(self.gathering, self.member)
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(self.url, {"intent": "withdraw", "session": session.pk}).status_code, 403)
        with self.assertRaisesMessage(ActionError, "convener or an organiser"):
            session_actions.withdraw_session(session, by=self.member)
        self.assertTrue(OpenSpaceSession.objects.exists())
        self.client.force_login(self.convenor)
        self.assertEqual(self.client.post(self.url, {"intent": "withdraw", "session": session.pk}).status_code, 302)
        self.assertFalse(OpenSpaceSession.objects.exists())

    def test_it_lets_organisers_add_rooms_and_times_in_local_time(self) -> None:
        self.client.force_login(self.convenor)
        response = self.client.post(self.url, {"intent": "room", "room-name": "Library"})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertTrue(OpenSpaceRoom.objects.filter(gathering=self.gathering, name="Library").exists())
        data = {"intent": "time", "time-date": "2027-07-15", "time-start_time": "14:00", "time-minutes": "30"}
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        # 14:00 in London in July is British Summer Time: 13:00 UTC.
        slot = OpenSpaceTime.objects.get(gathering=self.gathering, minutes=30)
        self.assertEqual(slot.starts_at, datetime.datetime(2027, 7, 15, 13, 0, tzinfo=datetime.UTC))
        # A duplicate room re-renders with the error summary.
        response = self.client.post(self.url, {"intent": "room", "room-name": "library"})
        self.assertContains(response, "nhsuk-error-summary")
        self.assertContains(response, "There is already a room called library.")

    def test_it_forbids_members_to_set_up_the_grid(self) -> None:
        _give_place(self.gathering, self.member)
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(self.url, {"intent": "room", "room-name": "Attic"}).status_code, 403)
        data = {"intent": "time", "time-date": "2027-07-15", "time-start_time": "14:00", "time-minutes": "30"}
        self.assertEqual(self.client.post(self.url, data).status_code, 403)
        self.assertNotContains(self.client.get(self.url), "Add a room")
        with self.assertRaises(ActionError):
            session_actions.add_open_space_room(self.gathering, by=self.member, name="Attic")
        self.assertFalse(OpenSpaceRoom.objects.filter(name="Attic").exists())

    def test_it_hides_conveners_under_chatham_house_from_people_without_a_place(self) -> None:
        Gathering.objects.filter(pk=self.gathering.pk).update(confidentiality=Confidentiality.CHATHAM_HOUSE)
        session_actions.propose_session(self.gathering, by=self.core, room=self.hall, time=self.first, title="Frailty")
        self.client.force_login(self.member)
        page = self.client.get(self.url)
        self.assertContains(page, "Frailty")
        self.assertNotContains(page, "Colin Core")
        for person in (self.core, self.convenor):
            self.client.force_login(person)
            self.assertContains(self.client.get(self.url), "Convened by Colin Core")

    def test_it_draws_the_grid_in_a_constant_number_of_queries(self) -> None:
        self.client.force_login(self.member)
        session_actions.propose_session(self.gathering, by=self.core, room=self.hall, time=self.first, title="One")
        with self.assertNumQueries(12) as one:
            self.client.get(self.url)
        later = session_actions.add_open_space_time(
            self.gathering, by=self.convenor, starts_at=self.gathering.starts_at + datetime.timedelta(hours=1)
        )
        for room in (self.hall, self.garden):
            session_actions.propose_session(self.gathering, by=self.convenor, room=room, time=later, title="More")
        session_actions.propose_session(self.gathering, by=self.convenor, room=self.garden, time=self.first, title="X")
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(self.url)
        self.assertContains(response, "<strong>More</strong>", count=2)


class WorldCafeTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.gathering = make_gathering(self.community, self.convenor, title="Leads' day")
        self.url = f"/gatherings/{self.gathering.pk}/world-cafe/"
        _give_place(self.gathering, self.core)

    def test_it_hides_the_cafe_from_outsiders(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, {"intent": "round", "round-question": "Q"}).status_code, 404)

    def test_it_lets_organisers_add_rounds_and_tables(self) -> None:
        self.client.force_login(self.convenor)
        response = self.client.post(self.url, {"intent": "round", "round-question": "What helps early diagnosis?"})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        cafe_round = CafeRound.objects.get(gathering=self.gathering)
        self.assertEqual(cafe_round.number, 1)
        data = {
            "intent": "table",
            "table-cafe_round": cafe_round.pk,
            "table-name": "Table A",
            "table-host": self.core.pk,
        }
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        data = {
            "intent": "table",
            "table-cafe_round": cafe_round.pk,
            "table-name": "Table B",
            "table-host_name": "Pat Guest",
        }
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.assertEqual(
            list(CafeTable.objects.values_list("name", "host", "host_name")),
            [("Table A", self.core.pk, ""), ("Table B", None, "Pat Guest")],
        )
        self.assertTrue(Activity.objects.filter(verb="added_cafe_table").exists())
        self.client.force_login(self.member)
        page = self.client.get(self.url)
        self.assertContains(page, "Round 1: What helps early diagnosis?")
        self.assertContains(page, "hosted by Colin Core")
        self.assertContains(page, "hosted by Pat Guest")
        self.assertNotContains(page, "Add a round")

    def test_it_needs_exactly_one_host_with_a_place(self) -> None:
        cafe_round = session_actions.add_cafe_round(self.gathering, by=self.convenor, question="Q")
        self.client.force_login(self.convenor)
        response = self.client.post(self.url, {"intent": "table", "table-cafe_round": cafe_round.pk, "table-name": "A"})
        self.assertContains(response, "nhsuk-error-summary")
        self.assertFalse(CafeTable.objects.exists())
        with self.assertRaisesMessage(ActionError, "must have a place"):
            session_actions.add_cafe_table(cafe_round, by=self.convenor, name="A", host=self.member)

    def test_it_forbids_members_to_add_rounds(self) -> None:
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertEqual(self.client.post(self.url, {"intent": "round", "round-question": "Q"}).status_code, 403)
        self.assertFalse(CafeRound.objects.exists())
