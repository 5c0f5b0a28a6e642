from .core import flip, tally

__all__ = ["flip", "tally"]
