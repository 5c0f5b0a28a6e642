"""Dense univariate polynomials."""
from poly.poly import Poly, x

__all__ = ["Poly", "x"]
