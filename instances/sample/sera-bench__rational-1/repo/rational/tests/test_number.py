from rational import Rational, harmonic


def raises(exception, func):
    try:
        func()
    except exception:
        return
    raise AssertionError(f"DID NOT RAISE {exception.__name__}")


def test_lowest_terms():
    assert (Rational(6, 8).p, Rational(6, 8).q) == (3, 4)


def test_zero_denominator():
    raises(ZeroDivisionError, lambda: Rational(1, 0))


def test_arithmetic():
    half, third = Rational(1, 2), Rational(1, 3)
    assert half + third == Rational(5, 6)
    assert half - third == Rational(1, 6)
    assert half * third == Rational(1, 6)
    assert half / third == Rational(3, 2)


def test_integers_mix():
    assert Rational(1, 2) + 1 == Rational(3, 2)
    assert 2 * Rational(1, 4) == Rational(1, 2)
    assert Rational(4, 2) == 2


def test_ordering():
    assert Rational(1, 3) < Rational(1, 2)
    assert not Rational(1, 2) < Rational(1, 3)


def test_str():
    assert str(Rational(3, 1)) == "3"
    assert str(Rational(-1, 2)) == "-1/2"


def test_harmonic():
    assert harmonic(4) == Rational(25, 12)
