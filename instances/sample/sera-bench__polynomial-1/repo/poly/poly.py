"""Dense univariate polynomials: coefficients stored from the constant term upwards."""
from __future__ import annotations

from fractions import Fraction
from itertools import zip_longest
from typing import List, Sequence, Union

Coefficient = Union[int, Fraction]


class Poly:
    """A polynomial c0 + c1*x + c2*x**2 + ...; the zero polynomial has no coefficients."""

    def __init__(self, coeffs: Sequence[Coefficient] = ()) -> None:
        self.coeffs: List[Coefficient] = list(coeffs)

    @property
    def degree(self) -> int:
        """The degree; -1 for the zero polynomial."""
        return len(self.coeffs) - 1

    def leading_coefficient(self) -> Coefficient:
        return self.coeffs[-1] if self.coeffs else 0

    def __call__(self, value: Coefficient) -> Coefficient:
        result: Coefficient = 0
        for coeff in reversed(self.coeffs):
            result = result * value + coeff
        return result

    def __add__(self, other: Union["Poly", int]) -> "Poly":
        other = other if isinstance(other, Poly) else Poly([other])
        return Poly([a + b for a, b in zip_longest(self.coeffs, other.coeffs, fillvalue=0)])

    __radd__ = __add__

    def __neg__(self) -> "Poly":
        return Poly([-c for c in self.coeffs])

    def __sub__(self, other: Union["Poly", int]) -> "Poly":
        other = other if isinstance(other, Poly) else Poly([other])
        return self + -other

    def __mul__(self, other: Union["Poly", int]) -> "Poly":
        other = other if isinstance(other, Poly) else Poly([other])
        if not self.coeffs or not other.coeffs:
            return Poly()
        product = [0] * (len(self.coeffs) + len(other.coeffs) - 1)
        for i, a in enumerate(self.coeffs):
            for j, b in enumerate(other.coeffs):
                product[i + j] += a * b
        return Poly(product)

    __rmul__ = __mul__

    def __pow__(self, exponent: int) -> "Poly":
        result = Poly([1])
        for _ in range(exponent):
            result = result * self
        return result

    def derivative(self) -> "Poly":
        return Poly([k * c for k, c in enumerate(self.coeffs)][1:])

    def monic(self) -> "Poly":
        """The polynomial divided by its leading coefficient."""
        lead = Fraction(self.leading_coefficient())
        return Poly([Fraction(c) / lead for c in self.coeffs])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int):
            other = Poly([other])
        if not isinstance(other, Poly):
            return NotImplemented
        return self.coeffs == other.coeffs

    def __repr__(self) -> str:
        terms = []
        for power in range(self.degree, -1, -1):
            coeff = self.coeffs[power]
            if coeff == 0:
                continue
            if power == 0:
                terms.append(str(coeff))
            else:
                factor = "" if coeff == 1 else f"{coeff}*"
                terms.append(factor + ("x" if power == 1 else f"x**{power}"))
        return " + ".join(terms) or "0"


x = Poly([0, 1])
