"""Closed intervals [start, end] over numbers, and operations on lists of them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List


class IntervalError(ValueError):
    """Raised for an interval whose start lies after its end."""


@dataclass(frozen=True)
class Interval:
    start: float
    end: float

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise IntervalError(f"start {self.start!r} is after end {self.end!r}")

    @property
    def length(self) -> float:
        return self.end - self.start

    def overlaps(self, other: "Interval") -> bool:
        """True when the two intervals share at least one point."""
        return self.start <= other.end and other.start <= self.end

    def contains(self, value: float) -> bool:
        return self.start <= value <= self.end

    def __repr__(self) -> str:
        return f"Interval({self.start!r}, {self.end!r})"


def merge(intervals: Iterable[Interval]) -> List[Interval]:
    """Merge overlapping or touching intervals.

    The result is sorted by start and no two of its intervals overlap.
    """
    merged: List[Interval] = []
    for interval in intervals:
        if merged and interval.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Interval(last.start, max(last.end, interval.end))
        else:
            merged.append(interval)
    return merged


def total_length(intervals: Iterable[Interval]) -> float:
    """The length of the union of the intervals (overlaps are counted once)."""
    return sum(interval.length for interval in merge(intervals))


def gaps(intervals: Iterable[Interval], within: Interval) -> List[Interval]:
    """The parts of `within` that none of the intervals cover."""
    result: List[Interval] = []
    cursor = within.start
    for interval in merge(intervals):
        if interval.end < within.start or interval.start > within.end:
            continue
        if interval.start > cursor:
            result.append(Interval(cursor, interval.start))
        cursor = max(cursor, interval.end)
    if cursor < within.end:
        result.append(Interval(cursor, within.end))
    return result
