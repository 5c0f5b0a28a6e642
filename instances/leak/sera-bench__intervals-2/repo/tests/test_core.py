import pytest

from intervals import Interval, IntervalError, gaps, merge, total_length


def test_interval_rejects_reversed_bounds():
    with pytest.raises(IntervalError):
        Interval(5, 1)


def test_length_and_contains():
    interval = Interval(2, 7)
    assert interval.length == 5
    assert interval.contains(2) and interval.contains(7)
    assert not interval.contains(7.5)


@pytest.mark.parametrize(
    "left, right, expected",
    [((1, 3), (2, 4), True), ((1, 3), (3, 4), True), ((1, 3), (4, 5), False)],
    ids=["overlap", "touching", "apart"],
)
def test_overlaps(left, right, expected):
    assert Interval(*left).overlaps(Interval(*right)) is expected


@pytest.mark.parametrize(
    "given, expected",
    [
        ([], []),
        ([(1, 3), (2, 6), (8, 10)], [(1, 6), (8, 10)]),
        ([(1, 3), (3, 5)], [(1, 5)]),
        ([(1, 10), (2, 3)], [(1, 10)]),
    ],
    ids=["empty", "sorted", "touching", "nested"],
)
def test_merge(given, expected):
    assert merge([Interval(*pair) for pair in given]) == [Interval(*pair) for pair in expected]


def test_total_length_counts_overlap_once():
    assert total_length([Interval(0, 4), Interval(2, 6)]) == 6


def test_gaps():
    within = Interval(0, 10)
    assert gaps([Interval(1, 2), Interval(4, 6)], within) == [
        Interval(0, 1),
        Interval(2, 4),
        Interval(6, 10),
    ]
