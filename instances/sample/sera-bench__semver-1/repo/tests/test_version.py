import pytest

from semver import InvalidVersion, Version, max_satisfying


def test_parse_full_version():
    version = Version.parse("1.4.2-rc.1+build.9")
    assert (version.major, version.minor, version.patch) == (1, 4, 2)
    assert version.prerelease == ("rc", "1")
    assert version.build == ("build", "9")
    assert str(version) == "1.4.2-rc.1+build.9"


@pytest.mark.parametrize("text", ["1.2", "01.2.3", "1.2.3-", "1.2.3+", "v1.2.3"])
def test_parse_rejects(text):
    with pytest.raises(InvalidVersion):
        Version.parse(text)


@pytest.mark.parametrize(
    "lower, higher",
    [
        ("1.0.0", "2.0.0"),
        ("2.0.0", "2.1.0"),
        ("2.1.0", "2.1.1"),
        ("1.0.0-alpha", "1.0.0"),
        ("1.0.0-alpha", "1.0.0-beta"),
    ],
    ids=["major", "minor", "patch", "prerelease-before-release", "alphabetic-prerelease"],
)
def test_precedence(lower, higher):
    assert Version.parse(lower) < Version.parse(higher)
    assert not Version.parse(higher) < Version.parse(lower)


def test_build_metadata_is_ignored_in_comparison():
    assert Version.parse("1.0.0+a") == Version.parse("1.0.0+b")


def test_bump():
    assert str(Version.parse("1.2.3-rc.1").bump("minor")) == "1.3.0"


def test_max_satisfying_skips_prereleases():
    assert str(max_satisfying(["1.0.0", "1.1.0-rc.1", "0.9.0"])) == "1.0.0"
