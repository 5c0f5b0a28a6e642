"""Word tallies."""
from typing import Dict, List, Tuple


def count_words(text: str) -> Dict[str, int]:
    """How often each whitespace-separated word occurs."""
    counts: Dict[str, int] = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def most_common(text: str, n: int) -> List[Tuple[str, int]]:
    """The n most frequent words, most frequent first; ties in alphabetical order."""
    ranked = sorted(count_words(text).items(), key=lambda item: -item[1])
    return ranked[:n]
