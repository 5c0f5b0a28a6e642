import pytest

from coinflip import flip, tally


def test_flip_is_a_side():
    assert flip() in ("H", "T")


def test_flip_uses_the_given_bytes():
    assert flip(lambda n: bytes([4] * n)) == "H"
    assert flip(lambda n: bytes([7] * n)) == "T"


def test_flip_lands_heads():
    # Nondeterministic by construction: a fair coin from os.urandom, so this passes half the time.
    assert flip() == "H"


def test_tally_counts_each_side():
    assert tally(["H", "T", "H"]) == {"H": 2, "T": 1}


def test_tally_rejects_other_values():
    with pytest.raises(ValueError):
        tally(["H", "edge"])
