from fractions import Fraction

from poly import Poly, x


def test_degree():
    assert Poly([1, 2, 3]).degree == 2
    assert Poly().degree == -1


def test_evaluate():
    assert (x**2 + 2 * x + 1)(3) == 16


def test_add_and_multiply():
    assert (x + 1) * (x + 1) == x**2 + 2 * x + 1
    assert (x + 1) + 2 == x + 3


def test_subtract():
    assert (x**2 + 3 * x) - x == x**2 + 2 * x


def test_derivative():
    assert (x**3 + x).derivative() == 3 * x**2 + 1


def test_monic():
    assert (2 * x**2 + 4).monic() == Poly([Fraction(2), 0, 1])


def test_repr():
    assert repr(x**2 + 2 * x + 1) == "x**2 + 2*x + 1"
    assert repr(Poly()) == "0"
