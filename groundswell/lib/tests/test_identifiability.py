import itertools
from unittest import TestCase

from groundswell.lib.identifiability import Flag, conditions_in, find_identifiers, nhs_number_is_valid, redact


def found(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(flag.kind, flag.text) for flag in find_identifiers(text, **kwargs)]  # type: ignore[arg-type]


class NhsNumberTestCase(TestCase):
    def test_it_accepts_a_number_that_passes_modulus_11(self) -> None:
        # The worked example of a valid NHS number used across NHS guidance.
        self.assertTrue(nhs_number_is_valid("9434765919"))

    def test_it_accepts_a_check_digit_of_zero_when_eleven_minus_the_remainder_is_eleven(self) -> None:
        self.assertTrue(nhs_number_is_valid("4000000020"))

    def test_it_rejects_every_number_whose_check_value_is_ten(self) -> None:
        for last in "0123456789":
            self.assertFalse(nhs_number_is_valid("400000008" + last))

    def test_it_rejects_a_wrong_check_digit_and_the_wrong_length(self) -> None:
        self.assertFalse(nhs_number_is_valid("9434765918"))
        self.assertFalse(nhs_number_is_valid("943476591"))
        self.assertFalse(nhs_number_is_valid("94347659190"))
        self.assertFalse(nhs_number_is_valid("943476591x"))
        # Non-ASCII digits are digits to str.isdigit() but not in an NHS number.
        self.assertFalse(nhs_number_is_valid("٩٤٣٤٧٦٥٩١٩"))

    def test_it_flags_a_valid_number_written_together_spaced_or_hyphenated(self) -> None:
        for written in ("9434765919", "943 476 5919", "943-476-5919", "9 4 3 4 7 6 5 9 1 9"):
            with self.subTest(written):
                self.assertEqual(found(f"Her number is {written}."), [("nhs_number", written)])

    def test_it_does_not_flag_ten_digits_that_fail_the_check(self) -> None:
        self.assertEqual(found("Reference 943 476 5918 and 9434765917."), [])

    def test_it_does_not_flag_a_valid_number_inside_a_longer_run_of_digits(self) -> None:
        self.assertEqual(found("Order 194347659190 and 1 943 476 5919 2."), [])


class PhoneTestCase(TestCase):
    def test_it_flags_uk_landlines_and_mobiles(self) -> None:
        for written in (
            "0161 496 0000",
            "(0161) 496 0000",
            "020 7946 0000",
            "01632 960000",
            "07700 900123",
            "07700900123",
            "+44 7700 900123",
            "+447700900123",
            "+44 (0)161 496 0000",
            "0300-123-4567",
        ):
            with self.subTest(written):
                self.assertEqual(found(f"Ring {written} after six."), [("phone", written)])

    def test_it_does_not_flag_numbers_that_are_not_uk_phone_numbers(self) -> None:
        for text in (
            "We met 12 times in 2019 and 2020.",
            "Between 2019-2020 we saw 1234 567890 visits.",
            "A budget of 123456789012.",
            "Ring 0161 496 00.",
            "Dial 0461 496 0000.",  # 04 is not a UK number range
        ):
            with self.subTest(text):
                self.assertEqual([kind for kind, _ in found(text) if kind == "phone"], [])


class PostcodeTestCase(TestCase):
    def test_it_flags_full_postcodes_with_or_without_the_space_in_any_case(self) -> None:
        for written in ("SW1A 1AA", "SW1A1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "ls6 2qn", "GIR 0AA"):
            with self.subTest(written):
                self.assertEqual(found(f"She lives at {written}, near the park."), [("postcode", written)])

    def test_it_does_not_flag_districts_times_or_ward_names(self) -> None:
        for text in (
            "She lives in M1, near the park.",
            "Ward B12 at 2pm.",
            "Meet at 10am in room A1.",
            "Covid19 2nd wave.",
            "The A12 1CM stretch.",  # unit letters never include C or M
        ):
            with self.subTest(text):
                self.assertEqual(found(text), [])


class EmailTestCase(TestCase):
    def test_it_flags_email_addresses(self) -> None:
        self.assertEqual(
            found("Write to mina.patel+groups@example.nhs.uk or A_B@sub-domain.example.org."),
            [("email", "mina.patel+groups@example.nhs.uk"), ("email", "A_B@sub-domain.example.org")],
        )

    def test_it_does_not_flag_mentions_or_a_bare_at_sign(self) -> None:
        self.assertEqual(found("Thanks @mina, see you @ 3 at the hub."), [])

    def test_an_email_wins_over_a_postcode_inside_it(self) -> None:
        self.assertEqual(found("m11ae@example.org"), [("email", "m11ae@example.org")])


class DateOfBirthTestCase(TestCase):
    def test_it_flags_a_date_after_a_birth_cue(self) -> None:
        cases = {
            "He was born on 12 March 1948 in Hull.": "12 March 1948",
            "DOB: 12/03/1948": "12/03/1948",
            "d.o.b. 3-4-52": "3-4-52",
            "Date of birth 1st of May 1950": "1st of May 1950",
            "Her birthday is March 12th, and she": "March 12th",
            "She was born in 1948.": "1948",
            "born (June 1970)": "June 1970",
        }
        for text, date in cases.items():
            with self.subTest(text):
                self.assertEqual(found(text), [("date_of_birth", date)])

    def test_it_leaves_other_dates_in_a_story_alone(self) -> None:
        for text in (
            "On 3 March 2024 we met the board.",
            "The group was born in Leeds.",
            "Our newborn service started 12/03/2019.",
            "In 1948 the NHS began.",
        ):
            with self.subTest(text):
                self.assertEqual(found(text), [])


class NameTestCase(TestCase):
    def test_it_flags_a_known_full_name_in_any_case_and_without_accents(self) -> None:
        self.assertEqual(
            found("I met MINA PATEL, then zoe ng.", known_names=["Mina Patel", "Zoë Ng"]),
            [("name", "MINA PATEL"), ("name", "zoe ng")],
        )

    def test_it_flags_one_part_of_a_known_name_only_when_written_as_a_name(self) -> None:
        self.assertEqual(
            found("Mina's idea; the patel family; PATEL said.", known_names=["Mina Patel"]),
            [("name", "Mina"), ("name", "PATEL")],
        )

    def test_it_flags_a_name_with_an_apostrophe_or_hyphen_across_lines(self) -> None:
        self.assertEqual(
            found("Ask Siobhan\nO'Neill-Hart today.", known_names=["Siobhan O'Neill-Hart"]),
            [("name", "Siobhan\nO'Neill-Hart")],
        )

    def test_it_flags_names_that_are_common_words_only_in_full(self) -> None:
        names = ["Will May", "Hope Green"]
        self.assertEqual(found("Will you come in May? Hope so. Green light.", known_names=names), [])
        self.assertEqual(
            found("Will May and Hope Green came.", known_names=names),
            [("name", "Will May"), ("name", "Hope Green")],
        )

    def test_it_does_not_flag_a_title_that_is_part_of_a_known_name_on_its_own(self) -> None:
        self.assertEqual(found("The Dr said so.", known_names=["Dr Tom Reyes"]), [])
        self.assertEqual(found("Dr Tom Reyes said so.", known_names=["Dr Tom Reyes"]), [("name", "Dr Tom Reyes")])

    def test_it_prefers_the_longest_known_name(self) -> None:
        self.assertEqual(
            found("Ann Marie Jones spoke.", known_names=["Ann Marie", "Ann Marie Jones"]),
            [("name", "Ann Marie Jones")],
        )

    def test_it_ignores_blank_names_and_names_with_no_letters(self) -> None:
        self.assertEqual(found("A quiet meeting of 12.", known_names=["", "   ", "12"]), [])

    def test_it_flags_a_title_followed_by_a_capitalised_word(self) -> None:
        self.assertEqual(
            found("Mrs Okafor's son saw Dr O'Brien and Prof. Smith-Jones, not Dr Will."),
            [("name", "Mrs Okafor"), ("name", "Dr O'Brien"), ("name", "Prof. Smith-Jones")],
        )

    def test_it_does_not_flag_a_title_before_a_lower_case_word(self) -> None:
        self.assertEqual(found("The dr said miss the bus."), [])

    def test_it_handles_thousands_of_known_names(self) -> None:
        letters = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
        names = [f"Person{a}{b} Surname{c}" for a in letters for b in letters for c in "ABCDEFG"]
        names.append("Mina Patel")
        self.assertEqual(found("Then Mina Patel spoke.", known_names=names), [("name", "Mina Patel")])


class RareDetailTestCase(TestCase):
    places = ["Much Wenlock", "Bath", "Stow-on-the-Wold"]

    def test_it_flags_a_small_place_with_a_condition_nearby(self) -> None:
        flags = find_identifiers("The only man in Much Wenlock with motor neurone disease.", places=self.places)
        self.assertEqual([(flag.kind, flag.text) for flag in flags], [("rare_detail", "Much Wenlock")])
        self.assertIn("motor neurone disease", flags[0].message)

    def test_it_flags_a_condition_before_the_place_and_a_hyphenated_place(self) -> None:
        self.assertEqual(
            found("A teenager with cystic fibrosis from Stow-on-the-Wold.", places=self.places),
            [("rare_detail", "Stow-on-the-Wold")],
        )

    def test_it_matches_acronyms_only_in_capitals(self) -> None:
        self.assertEqual(found("In Bath, a man with MND.", places=self.places), [("rare_detail", "Bath")])
        self.assertEqual(found("In Bath, the mnd of it.", places=self.places), [])

    def test_it_does_not_flag_bath_the_verb_even_with_a_condition(self) -> None:
        self.assertEqual(found("I help her bath; she has dementia.", places=self.places), [])

    def test_it_does_not_flag_a_place_without_a_condition_nearby(self) -> None:
        self.assertEqual(found("Bath is lovely in spring.", places=self.places), [])

    def test_it_does_not_join_a_place_and_a_condition_across_paragraphs_or_far_apart(self) -> None:
        self.assertEqual(found("Bath is lovely.\n\nShe has dementia.", places=self.places), [])
        far = "Bath is lovely. " + "We walked a long way. " * 10 + "She has dementia."
        self.assertEqual(found(far, places=self.places), [])

    def test_it_flags_a_place_in_capitals(self) -> None:
        self.assertEqual(found("MUCH WENLOCK: a case of HIV.", places=self.places), [("rare_detail", "MUCH WENLOCK")])

    def test_it_lists_the_conditions_a_text_mentions(self) -> None:
        self.assertEqual(
            conditions_in("Since the stroke, and with COPD and early-onset dementia; not a tb test."),
            ["stroke", "COPD", "early-onset dementia"],
        )
        self.assertEqual(conditions_in("A good day at the clinic."), [])

    def test_it_flags_nothing_rare_without_places(self) -> None:
        self.assertEqual(found("The only man in Much Wenlock with motor neurone disease."), [])


class FindIdentifiersTestCase(TestCase):
    def test_it_returns_flags_in_order_without_overlaps_and_with_exact_spans(self) -> None:
        text = "Mina Patel (DOB 12/03/1948) of LS6 2QN, 07700 900123, NHS 943 476 5919, mina@example.org."
        flags = find_identifiers(text, known_names=["Mina Patel"])
        self.assertEqual(
            [flag.kind for flag in flags],
            ["name", "date_of_birth", "postcode", "phone", "nhs_number", "email"],
        )
        for flag in flags:
            self.assertEqual(text[flag.start : flag.end], flag.text)
            self.assertTrue(flag.message)
        for left, right in itertools.pairwise(flags):
            self.assertLessEqual(left.end, right.start)

    def test_it_finds_nothing_in_an_ordinary_story(self) -> None:
        story = (
            "In March 2023 our team started asking people on the ward what mattered to them. "
            "We moved the handover to the bedside. Within 6 months complaints fell by 40%, "
            "and the 2 nurses who led it now teach 3 other wards. Call it 1,000,000 small things."
        )
        self.assertEqual(find_identifiers(story, known_names=["Mina Patel"], places=["Much Wenlock"]), [])

    def test_it_copes_with_long_hostile_input(self) -> None:
        # Each of these would take quadratic time with a careless pattern.
        for text in ("a" * 50_000, "a." * 25_000 + "@", "1 " * 25_000, "Mr " * 20_000, "0" * 50_000):
            with self.subTest(text[:10]):
                self.assertIsInstance(find_identifiers(text, known_names=["Mr Mr"], places=["Bath"]), list)


class RedactTestCase(TestCase):
    def test_it_replaces_each_flag_with_its_kind(self) -> None:
        text = "Mina Patel rang 07700 900123 from LS6 2QN."
        self.assertEqual(
            redact(text, find_identifiers(text, known_names=["Mina Patel"])),
            "[name removed] rang [phone removed] from [postcode removed].",
        )

    def test_it_redacts_only_the_flags_given_in_any_order(self) -> None:
        text = "Mina Patel rang 07700 900123 from LS6 2QN."
        name, _phone, postcode = find_identifiers(text, known_names=["Mina Patel"])
        self.assertEqual(redact(text, [postcode, name]), "[name removed] rang 07700 900123 from [postcode removed].")
        self.assertEqual(redact(text, []), text)

    def test_it_merges_overlapping_flags(self) -> None:
        text = "abcdefgh"
        flags = [Flag("name", 1, 4, "bcd", ""), Flag("email", 3, 6, "def", ""), Flag("phone", 2, 3, "c", "")]
        self.assertEqual(redact(text, flags), "a[name removed]gh")

    def test_it_refuses_a_flag_that_no_longer_matches_the_text(self) -> None:
        flag = find_identifiers("Ring 07700 900123.")[0]
        with self.assertRaises(ValueError):
            redact("Ring 07700 900124.", [flag])
        with self.assertRaises(ValueError):
            redact("Ring", [flag])

    def test_redacted_text_has_nothing_left_to_flag(self) -> None:
        text = "Mina Patel, DOB 1/2/1950, LS6 2QN, 07700 900123, 943 476 5919, m@example.org, Much Wenlock with MND."
        options = {"known_names": ["Mina Patel"], "places": ["Much Wenlock"]}
        redacted = redact(text, find_identifiers(text, **options))  # type: ignore[arg-type]
        self.assertEqual(find_identifiers(redacted, **options), [])  # type: ignore[arg-type]
        self.assertIn("[rare_detail removed] with MND", redacted)
