"""Closed numeric intervals."""
from intervals.core import Interval, IntervalError, gaps, merge, total_length

__all__ = ["Interval", "IntervalError", "gaps", "merge", "total_length"]
__version__ = "0.3.0"
