"""A tiny CSV reader and writer."""
from csvlite.reader import CSVError, read_dicts, read_rows, split_row
from csvlite.writer import format_row, write_rows

__all__ = ["CSVError", "format_row", "read_dicts", "read_rows", "split_row", "write_rows"]
