"""Exact rational numbers."""
from rational.number import Rational, harmonic

__all__ = ["Rational", "harmonic"]
