"""Writing CSV text, quoting only the fields that need it."""
from __future__ import annotations

from typing import Iterable, Sequence


def _quote_if_needed(field: str, delimiter: str, quote: str) -> str:
    if any(char in field for char in (delimiter, quote, "\n", "\r")):
        return quote + field.replace(quote, quote * 2) + quote
    return field


def format_row(fields: Sequence[object], delimiter: str = ",", quote: str = '"') -> str:
    """One CSV line (without a line terminator) for the given fields."""
    return delimiter.join(_quote_if_needed(str(field), delimiter, quote) for field in fields)


def write_rows(rows: Iterable[Sequence[object]], delimiter: str = ",") -> str:
    """CSV text for the rows, each line ending in CRLF as RFC 4180 asks."""
    return "".join(format_row(row, delimiter) + "\r\n" for row in rows)
