import unittest

from csvlite import format_row, write_rows


class WriterTests(unittest.TestCase):
    def test_plain_row(self):
        self.assertEqual(format_row(["a", 1, 2.5]), "a,1,2.5")

    def test_quotes_fields_that_need_it(self):
        self.assertEqual(format_row(["a,b", 'say "hi"']), '"a,b","say ""hi"""')

    def test_write_rows_uses_crlf(self):
        self.assertEqual(write_rows([["a"], ["b"]]), "a\r\nb\r\n")
