import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.test import SimpleTestCase

from groundswell.lib.ical import CalendarEvent, calendar

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)


def make_event(**overrides: object) -> CalendarEvent:
    values: dict[str, object] = {
        "uid": "gathering-42@groundswell.example.org",
        "sequence": 3,
        "start": datetime.datetime(2026, 6, 10, 14, 0, tzinfo=LONDON),
        "end": datetime.datetime(2026, 6, 10, 15, 30, tzinfo=LONDON),
        "summary": "Regional leads: peer support",
    }
    values.update(overrides)
    return CalendarEvent(**values)  # type: ignore[arg-type]


def physical_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text[: -len("\r\n")].split("\r\n")


def unfolded_lines(text: str) -> list[str]:
    return physical_lines(text.replace("\r\n ", ""))


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


class ICalendarTestCase(SimpleTestCase):
    def test_it_writes_the_calendar_header_and_every_event_property(self) -> None:
        event = make_event(
            description="Bring one story.",
            location="Room 4, Quarry House",
            url="https://groundswell.example.org/gatherings/42/",
            last_modified=datetime.datetime(2026, 2, 27, 16, 5, tzinfo=datetime.UTC),
            organiser_name="Ada Lovelace",
            organiser_email="ada@example.org",
        )
        lines = unfolded_lines(calendar([event], name="My gatherings", method="PUBLISH", now=NOW))
        self.assertEqual(
            lines,
            [
                "BEGIN:VCALENDAR",
                "PRODID:-//Groundswell//Groundswell//EN",
                "VERSION:2.0",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "X-WR-CALNAME:My gatherings",
                "BEGIN:VEVENT",
                "UID:gathering-42@groundswell.example.org",
                "DTSTAMP:20260301T093000Z",
                "DTSTART:20260610T130000Z",
                "DTEND:20260610T143000Z",
                "SEQUENCE:3",
                "SUMMARY:Regional leads: peer support",
                "DESCRIPTION:Bring one story.",
                "LOCATION:Room 4\\, Quarry House",
                "URL:https://groundswell.example.org/gatherings/42/",
                "STATUS:CONFIRMED",
                "LAST-MODIFIED:20260227T160500Z",
                'ORGANIZER;CN="Ada Lovelace":mailto:ada@example.org',
                "END:VEVENT",
                "END:VCALENDAR",
            ],
        )

    def test_it_leaves_out_empty_optional_properties_and_the_method(self) -> None:
        text = calendar([make_event()], name="Gatherings", now=NOW)
        for name in ("METHOD", "DESCRIPTION", "LOCATION", "URL", "LAST-MODIFIED", "ORGANIZER"):
            self.assertNotIn(f"\r\n{name}", text)

    def test_it_escapes_every_special_character_in_text(self) -> None:
        event = make_event(
            summary="Back\\slash; semi, comma",
            description="one\ntwo\r\nthree\rfour\x07bell\ttab",
        )
        lines = unfolded_lines(calendar([event], name="A;B,C\\D\nE", now=NOW))
        self.assertIn("SUMMARY:Back\\\\slash\\; semi\\, comma", lines)
        self.assertIn("DESCRIPTION:one\\ntwo\\nthree\\nfourbell\ttab", lines)
        self.assertIn("X-WR-CALNAME:A\\;B\\,C\\\\D\\nE", lines)

    def test_it_quotes_the_organiser_name_as_a_parameter(self) -> None:
        event = make_event(organiser_name='Dr "Jo" Smith; Lead, North', organiser_email="jo@example.org")
        lines = unfolded_lines(calendar([event], name="G", now=NOW))
        self.assertIn("ORGANIZER;CN=\"Dr 'Jo' Smith; Lead, North\":mailto:jo@example.org", lines)
        organiser = parse("\r\n".join(lines) + "\r\n").walk("VEVENT")[0]["ORGANIZER"]
        self.assertEqual(organiser.params["CN"], "Dr 'Jo' Smith; Lead, North")
        self.assertEqual(str(organiser), "mailto:jo@example.org")

    def test_it_folds_long_lines_at_75_octets_without_splitting_characters(self) -> None:
        description = "Café résumé 🎉 " * 30 + "end"
        text = calendar([make_event(description=description)], name="G", now=NOW)
        # Split the encoded bytes: a line holding part of a character would not decode.
        raw_lines = text.encode("utf-8").split(b"\r\n")
        self.assertEqual(raw_lines.pop(), b"")
        continuations = [line for line in raw_lines if line.startswith(b" ")]
        self.assertGreater(len(continuations), 5)
        for line in raw_lines:
            self.assertLessEqual(len(line), 75, line)
            self.assertFalse(line.startswith(b"  "), line)
            line.decode("utf-8", errors="strict")
        self.assertTrue(any(len(line) >= 72 for line in continuations))
        self.assertIn(f"DESCRIPTION:{description}", unfolded_lines(text))

    def test_it_folds_per_octet_so_each_line_holds_whole_characters(self) -> None:
        # 25 three-octet characters after "SUMMARY:" (8 octets): the first line can
        # hold 22 of them (74 octets); a 23rd would make 77.
        summary = "€" * 25
        lines = physical_lines(calendar([make_event(summary=summary)], name="G", now=NOW))
        index = next(i for i, line in enumerate(lines) if line.startswith("SUMMARY:"))
        self.assertEqual(lines[index], "SUMMARY:" + "€" * 22)
        self.assertEqual(lines[index + 1], " " + "€" * 3)

    def test_it_ends_every_line_with_crlf(self) -> None:
        text = calendar([make_event(description="a\nb " * 40)], name="G", now=NOW)
        self.assertTrue(text.endswith("END:VCALENDAR\r\n"))
        self.assertEqual(text.count("\n"), text.count("\r\n"))
        self.assertEqual(text.count("\r"), text.count("\r\n"))

    def test_it_marks_a_cancelled_event(self) -> None:
        event = make_event(sequence=4, cancelled=True)
        text = calendar([event], name="G", method="CANCEL", now=NOW)
        self.assertIn("\r\nMETHOD:CANCEL\r\n", text)
        self.assertIn("\r\nSTATUS:CANCELLED\r\n", text)
        self.assertNotIn("CONFIRMED", text)
        parsed = parse(text)
        self.assertEqual(parsed["METHOD"], "CANCEL")
        self.assertEqual(parsed.walk("VEVENT")[0]["STATUS"], "CANCELLED")
        self.assertEqual(parsed.walk("VEVENT")[0].decoded("SEQUENCE"), 4)

    def test_it_writes_a_feed_of_several_events(self) -> None:
        events = [
            make_event(
                uid=f"gathering-{number}@groundswell.example.org",
                sequence=number,
                start=datetime.datetime(2026, 1 + number, 5, 10, tzinfo=LONDON),
                end=datetime.datetime(2026, 1 + number, 5, 12, tzinfo=LONDON),
                summary=f"Meeting {number}",
                cancelled=number == 2,
            )
            for number in range(4)
        ]
        text = calendar(iter(events), name="Regional leads", method="PUBLISH", now=NOW)
        parsed = parse(text)
        self.assertEqual(parsed["X-WR-CALNAME"], "Regional leads")
        found = parsed.walk("VEVENT")
        self.assertEqual([str(e["UID"]) for e in found], [e.uid for e in events])
        self.assertEqual([e.decoded("DTSTART") for e in found], [e.start for e in events])
        self.assertEqual([str(e["STATUS"]) for e in found], ["CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED"])
        self.assertEqual(text.count("DTSTAMP:20260301T093000Z"), 4)

    def test_it_round_trips_through_an_independent_parser(self) -> None:
        event = make_event(
            sequence=7,
            start=datetime.datetime(2026, 10, 25, 0, 30, tzinfo=LONDON),
            end=datetime.datetime(2026, 10, 25, 2, 30, tzinfo=LONDON),
            summary="Case discussion; ethics, consent \\ capacity — 🎉 " * 3,
            description="Agenda:\n1. Check-in, 10 minutes\n2. Local perspectives; é\n\nNotes \\ later",
            location="https://meet.example.org/j/123?pwd=a,b;c",
            url="https://groundswell.example.org/gatherings/42/",
            last_modified=datetime.datetime(2026, 9, 1, 8, 0, 15, tzinfo=datetime.UTC),
            organiser_name="Zoë Ødegaard",
            organiser_email="zoe@example.org",
        )
        text = calendar([event], name="Café société", method="REQUEST", now=NOW)
        parsed = parse(text)
        self.assertEqual(str(parsed["PRODID"]), "-//Groundswell//Groundswell//EN")
        self.assertEqual(str(parsed["VERSION"]), "2.0")
        self.assertEqual(str(parsed["CALSCALE"]), "GREGORIAN")
        self.assertEqual(str(parsed["METHOD"]), "REQUEST")
        self.assertEqual(str(parsed["X-WR-CALNAME"]), "Café société")
        [found] = parsed.walk("VEVENT")
        self.assertEqual(str(found["UID"]), event.uid)
        self.assertEqual(found.decoded("SEQUENCE"), 7)
        start, end = found.decoded("DTSTART"), found.decoded("DTEND")
        self.assertIsNotNone(start.tzinfo)
        self.assertIsNotNone(end.tzinfo)
        self.assertEqual(start, event.start)
        self.assertEqual(end, event.end)
        self.assertEqual(found.decoded("DTSTAMP"), NOW)
        self.assertEqual(found.decoded("LAST-MODIFIED"), event.last_modified)
        self.assertEqual(str(found["SUMMARY"]), event.summary)
        self.assertEqual(str(found["DESCRIPTION"]), event.description)
        self.assertEqual(str(found["LOCATION"]), event.location)
        self.assertEqual(str(found["URL"]), event.url)
        self.assertEqual(str(found["STATUS"]), "CONFIRMED")
        self.assertEqual(found["ORGANIZER"].params["CN"], "Zoë Ødegaard")
        self.assertEqual(str(found["ORGANIZER"]), "mailto:zoe@example.org")
        self.assertEqual(parsed.errors, [])
        self.assertEqual(found.errors, [])

    def test_it_is_deterministic_for_the_same_inputs(self) -> None:
        event = make_event(description="Same every time")
        self.assertEqual(calendar([event], name="G", now=NOW), calendar([event], name="G", now=NOW))

    def test_it_refuses_values_that_would_be_invalid(self) -> None:
        naive = datetime.datetime(2026, 6, 10, 14, 0)  # noqa: DTZ001 -- deliberately naive
        bad_inputs = [
            make_event(start=naive),
            make_event(end=make_event().start),
            make_event(sequence=-1),
            make_event(last_modified=naive),
        ]
        for event in bad_inputs:
            with self.subTest(event=event), self.assertRaises(ValueError):
                calendar([event], name="G", now=NOW)
        with self.assertRaises(ValueError):
            calendar([], name="G", now=naive)
        with self.assertRaises(ValueError):
            calendar([], name="G", method="PUBLISH\r\nX-EVIL:1", now=NOW)
