"""Parsing and precedence of Semantic Versioning 2.0.0 versions."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Tuple

_PATTERN = re.compile(
    r"^(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)


class InvalidVersion(ValueError):
    """Raised for a string that is not a valid semantic version."""


@functools.total_ordering
@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    patch: int
    prerelease: Tuple[str, ...] = ()
    build: Tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def parse(cls, text: str) -> "Version":
        match = _PATTERN.match(text.strip())
        if match is None:
            raise InvalidVersion(f"not a semantic version: {text!r}")
        pre = match.group("pre")
        build = match.group("build")
        return cls(
            int(match.group("major")),
            int(match.group("minor")),
            int(match.group("patch")),
            tuple(pre.split(".")) if pre else (),
            tuple(build.split(".")) if build else (),
        )

    @property
    def is_prerelease(self) -> bool:
        return bool(self.prerelease)

    def bump(self, part: str) -> "Version":
        if part == "major":
            return Version(self.major + 1, 0, 0)
        if part == "minor":
            return Version(self.major, self.minor + 1, 0)
        if part == "patch":
            return Version(self.major, self.minor, self.patch + 1)
        raise ValueError(f"unknown version part: {part!r}")

    def _precedence_key(self) -> tuple:
        # A release sorts after all of its pre-releases.
        release_flag = 0 if self.prerelease else 1
        return (self.major, self.minor, self.patch, release_flag, self.prerelease)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._precedence_key() < other._precedence_key()

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(self.prerelease)
        if self.build:
            text += "+" + ".".join(self.build)
        return text


def max_satisfying(versions: Iterable[str], include_prereleases: bool = False) -> Optional[Version]:
    """The highest of the given versions (pre-releases only when asked for)."""
    parsed = [Version.parse(text) for text in versions]
    candidates = [v for v in parsed if include_prereleases or not v.is_prerelease]
    return max(candidates) if candidates else None
