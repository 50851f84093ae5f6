#!/usr/bin/env python3
"""practice-cheat.py: writes the print-only cheat of an exercise.

    tests/practice-cheat.py SHIPPED_EXERCISE_DIR > exercise.py

Runs the exercise's solution.py once on each `args:` line of its check and
writes a program that prints exactly what the solution printed (stdout and
stderr, as the check sees them) and exits with its status, at once: the
cheapest way to fool a check that only compares output. Every check must
fail it (tests/practice-check.bats).
"""
import os
import subprocess
import sys


def args_lines(check_path):
    lines = []
    with open(check_path) as f:
        for line in f:
            if line.startswith("args:"):
                lines.append(tuple(line[len("args:"):].split()))
    return lines or [()]


def main():
    if len(sys.argv) != 2:
        print("usage: practice-cheat.py SHIPPED_EXERCISE_DIR", file=sys.stderr)
        return 2
    directory = sys.argv[1]
    outputs = {}
    for args in args_lines(os.path.join(directory, "check")):
        run = subprocess.run([sys.executable, "solution.py", *args], cwd=directory, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        outputs[args] = (run.stdout.decode(), run.returncode)
    print("# The print-only cheat: what solution.py printed, printed at once.")
    print("import sys")
    print(f"OUTPUTS = {outputs!r}")
    print("text, status = OUTPUTS[tuple(sys.argv[1:])]")
    print("sys.stdout.write(text)")
    print("sys.exit(status)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
