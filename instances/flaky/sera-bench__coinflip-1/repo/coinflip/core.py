"""Fair coin flips and their tally."""
import os
from typing import Callable, Dict, Iterable

SIDES = ("H", "T")


def flip(random_bytes: Callable[[int], bytes] = os.urandom) -> str:
    """One fair flip: "H" or "T", each with probability 1/2 (one random byte)."""
    return SIDES[random_bytes(1)[0] % 2]


def tally(flips: Iterable[str]) -> Dict[str, int]:
    """How many heads and tails; "h" and "t" count as "H" and "T"."""
    counts = {side: 0 for side in SIDES}
    for side in flips:
        if side not in counts:
            raise ValueError(f"not a coin side: {side!r}")
        counts[side] += 1
    return counts
