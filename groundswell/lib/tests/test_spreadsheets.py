from django.test import SimpleTestCase

from groundswell.lib.spreadsheets import Problem, UnreadableFileError, decode_text


class DecodeTextTestCase(SimpleTestCase):
    def problem(self, raw: bytes, **options: bool) -> Problem:
        with self.assertRaises(UnreadableFileError) as caught:
            decode_text(raw, max_bytes=100, **options)
        return caught.exception.problem

    def test_it_reads_the_encodings_spreadsheets_are_saved_in(self) -> None:
        self.assertEqual(decode_text("\ufeffemail,name\n".encode(), max_bytes=100), "email,name\n")
        self.assertEqual(decode_text("Zoë\n".encode("cp1252"), max_bytes=100), "Zoë\n")
        self.assertEqual(decode_text("email\n".encode("utf-16"), max_bytes=100), "email\n")
        self.assertEqual(decode_text("email\n".encode("utf-16-le"), max_bytes=100, utf16_without_bom=True), "email\n")

    def test_it_names_what_is_wrong(self) -> None:
        self.assertEqual(self.problem(b"x" * 101), Problem.TOO_BIG)
        self.assertEqual(self.problem(b"PK\x03\x04rest"), Problem.WORKBOOK)
        self.assertEqual(self.problem("email\n".encode("utf-16-le")), Problem.NOT_TEXT)
        self.assertEqual(self.problem(bytes(range(40))), Problem.NOT_TEXT)
        self.assertEqual(self.problem(b"\r\n \r\n"), Problem.EMPTY)
