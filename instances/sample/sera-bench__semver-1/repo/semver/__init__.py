"""Semantic Versioning 2.0.0 for Python."""
from semver.version import InvalidVersion, Version, max_satisfying

__all__ = ["InvalidVersion", "Version", "max_satisfying"]
