import unittest

from csvlite import CSVError, read_dicts, read_rows, split_row


class SplitRowTests(unittest.TestCase):
    def test_plain_fields(self):
        self.assertEqual(split_row("a,b,c"), ["a", "b", "c"])

    def test_empty_fields(self):
        """Empty fields between delimiters are kept."""
        self.assertEqual(split_row("a,,c,"), ["a", "", "c", ""])

    def test_quoted_delimiter(self):
        self.assertEqual(split_row('"Smith, Jane",42'), ["Smith, Jane", "42"])

    def test_other_delimiter(self):
        self.assertEqual(split_row("a;b", delimiter=";"), ["a", "b"])

    def test_unterminated_quote(self):
        with self.assertRaises(CSVError):
            split_row('"open,field')


class ReadTests(unittest.TestCase):
    def test_read_rows_skips_blank_lines(self):
        self.assertEqual(list(read_rows("a,b\n\nc,d\n")), [["a", "b"], ["c", "d"]])

    def test_read_dicts(self):
        rows = list(read_dicts("name,age\nAda,36\nAlan,41\n"))
        self.assertEqual(rows, [{"name": "Ada", "age": "36"}, {"name": "Alan", "age": "41"}])

    def test_read_dicts_rejects_ragged_rows(self):
        with self.assertRaises(CSVError):
            list(read_dicts("a,b\n1,2,3\n"))
