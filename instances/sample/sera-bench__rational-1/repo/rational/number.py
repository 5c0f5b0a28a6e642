"""Rational numbers p/q in lowest terms."""
from __future__ import annotations

import math
from typing import Union

Number = Union[int, "Rational"]


class Rational:
    """An exact fraction p/q, stored in lowest terms with q > 0."""

    __slots__ = ("p", "q")

    def __init__(self, p: int, q: int = 1) -> None:
        if q == 0:
            raise ZeroDivisionError("denominator is zero")
        divisor = math.gcd(p, q)
        self.p = p // divisor
        self.q = q // divisor

    @staticmethod
    def _coerce(value: Number) -> "Rational":
        if isinstance(value, Rational):
            return value
        if isinstance(value, int):
            return Rational(value)
        raise TypeError(f"cannot convert {type(value).__name__} to Rational")

    def __add__(self, other: Number) -> "Rational":
        other = self._coerce(other)
        return Rational(self.p * other.q + other.p * self.q, self.q * other.q)

    __radd__ = __add__

    def __neg__(self) -> "Rational":
        return Rational(-self.p, self.q)

    def __sub__(self, other: Number) -> "Rational":
        return self + -self._coerce(other)

    def __mul__(self, other: Number) -> "Rational":
        other = self._coerce(other)
        return Rational(self.p * other.p, self.q * other.q)

    __rmul__ = __mul__

    def __truediv__(self, other: Number) -> "Rational":
        other = self._coerce(other)
        return Rational(self.p * other.q, self.q * other.p)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int):
            other = Rational(other)
        if not isinstance(other, Rational):
            return NotImplemented
        return (self.p, self.q) == (other.p, other.q)

    def __lt__(self, other: Number) -> bool:
        other = self._coerce(other)
        return self.p * other.q < other.p * self.q

    def __hash__(self) -> int:
        return hash((self.p, self.q))

    def __float__(self) -> float:
        return self.p / self.q

    def __repr__(self) -> str:
        return f"Rational({self.p}, {self.q})"

    def __str__(self) -> str:
        return str(self.p) if self.q == 1 else f"{self.p}/{self.q}"


def harmonic(n: int) -> Rational:
    """The n-th harmonic number 1 + 1/2 + ... + 1/n."""
    total = Rational(0)
    for k in range(1, n + 1):
        total += Rational(1, k)
    return total
