"""Reading CSV text: fields separated by a delimiter, optionally wrapped in double quotes."""
from __future__ import annotations

from typing import Dict, Iterator, List


class CSVError(ValueError):
    """Raised for malformed CSV input."""


def split_row(line: str, delimiter: str = ",", quote: str = '"') -> List[str]:
    """Split one CSV line into its fields.

    A field may be wrapped in quotes; inside a quoted field the delimiter is literal and a
    quote character is written twice (RFC 4180, section 2.7).
    """
    fields: List[str] = []
    buffer: List[str] = []
    in_quotes = False
    index = 0
    while index < len(line):
        char = line[index]
        if in_quotes:
            if char == quote:
                in_quotes = False
            else:
                buffer.append(char)
        elif char == quote:
            in_quotes = True
        elif char == delimiter:
            fields.append("".join(buffer))
            buffer = []
        else:
            buffer.append(char)
        index += 1
    if in_quotes:
        raise CSVError(f"unterminated quoted field in line: {line!r}")
    fields.append("".join(buffer))
    return fields


def read_rows(text: str, delimiter: str = ",") -> Iterator[List[str]]:
    """Yield the rows of CSV text; blank lines are skipped."""
    for line in text.splitlines():
        if line.strip():
            yield split_row(line, delimiter)


def read_dicts(text: str, delimiter: str = ",") -> Iterator[Dict[str, str]]:
    """Yield one dict per data row, keyed by the header row."""
    rows = read_rows(text, delimiter)
    header = next(rows, None)
    if header is None:
        return
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise CSVError(f"row {number} has {len(row)} fields, the header has {len(header)}")
        yield dict(zip(header, row))
