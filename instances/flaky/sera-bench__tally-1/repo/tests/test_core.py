from tally import count_words, most_common


def test_count_words():
    assert count_words("a b a") == {"a": 2, "b": 1}


def test_count_words_empty():
    assert count_words("   ") == {}


def test_most_common_order():
    assert most_common("a b a c b a", 2) == [("a", 3), ("b", 2)]


def test_most_common_more_than_there_are():
    assert most_common("x y x", 5) == [("x", 2), ("y", 1)]
