#!/usr/bin/env python3
"""Compare two runs of a script line by line: the same text, and every number within a
relative tolerance (0 means the same digits).

    same_numbers.py EXPECTED GOT [--rtol R] [--chaotic-rtol R]

Lines must match once their numbers are taken out. --rtol applies to every number, except
in a chaotic run — the cost lines that follow a `Cost after iteration 0: inf` (assignment 1's
random×10 initialisation, which docs/course-reference.md §2 and scripts/bench/reference_numbers.txt call
chaotic: builds that round differently agree only to ~1e-3) — where --chaotic-rtol applies.
Exit 0 when they agree, 1 with the first differences otherwise.
"""
import argparse
import math
import re
import sys

NUMBER = re.compile(r"-?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|inf|nan)")


def numbers(line):
    return NUMBER.sub("#", line), [float(n) for n in NUMBER.findall(line)]


def close(a, b, rtol):
    if a == b or (math.isnan(a) and math.isnan(b)):
        return True
    if math.isinf(a) or math.isinf(b):
        return False
    return abs(a - b) <= rtol * max(abs(a), abs(b))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("expected")
    parser.add_argument("got")
    parser.add_argument("--rtol", type=float, default=0.0)
    parser.add_argument("--chaotic-rtol", type=float, default=None)
    args = parser.parse_args()
    expected = open(args.expected).read().splitlines()
    got = open(args.got).read().splitlines()
    problems = []
    if len(expected) != len(got):
        problems.append(f"{len(expected)} lines expected, {len(got)} printed")
    chaotic = False
    for number, (e, g) in enumerate(zip(expected, got), start=1):
        if e.startswith("Cost after iteration 0:"):
            chaotic = e.endswith(": inf")
        elif not e.startswith("Cost after iteration"):
            chaotic = False
        (e_text, e_values), (g_text, g_values) = numbers(e), numbers(g)
        rtol = args.chaotic_rtol if chaotic and args.chaotic_rtol is not None else args.rtol
        if e_text != g_text or len(e_values) != len(g_values) \
                or not all(close(a, b, rtol) for a, b in zip(e_values, g_values)):
            problems.append(f"line {number} (rtol {rtol:g}):\n  expected: {e}\n  got:      {g}")
    for problem in problems[:10]:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
