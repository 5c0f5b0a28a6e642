#!/usr/bin/env python3
"""Run the test suite, printing results the way Django's tests/runtests.py does.

Usage: ./tests/runtests.py [--verbosity N] [--settings S] [--parallel N] [label ...]
A label is a dotted test module, class or method under tests/, e.g. test_reader.SplitRowTests.
"""
import argparse
import os
import sys
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT_DIR = os.path.dirname(TESTS_DIR)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Run the csvlite test suite.")
    parser.add_argument("labels", nargs="*")
    parser.add_argument("-v", "--verbosity", type=int, default=1, choices=[0, 1, 2, 3])
    parser.add_argument("--settings", help="accepted for compatibility; unused")
    parser.add_argument("--parallel", help="accepted for compatibility; tests run serially")
    return parser.parse_args(argv)


def build_suite(labels):
    loader = unittest.defaultTestLoader
    if labels:
        return loader.loadTestsFromNames(labels)
    return loader.discover(TESTS_DIR, pattern="test_*.py", top_level_dir=TESTS_DIR)


def main(argv):
    args = parse_args(argv)
    sys.path[0:0] = [TESTS_DIR, ROOT_DIR]
    package_dir = os.path.join(ROOT_DIR, "csvlite")
    print(f"Testing against csvlite installed in '{package_dir}'", file=sys.stderr)
    suite = build_suite(args.labels)
    print(f"Found {suite.countTestCases()} test(s).", file=sys.stderr)
    print("System check identified no issues (0 silenced).", file=sys.stderr)
    result = unittest.TextTestRunner(verbosity=args.verbosity, stream=sys.stderr).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
