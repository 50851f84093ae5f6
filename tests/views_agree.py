"""views_agree.py: checks a `metaconc run --plain` timeline against itself.

usage: python3 views_agree.py FILE

For every section (the run, its baseline, its Python runs) and every
column: a CPU lane that names a worker (its letter) must find that worker's
own lane running there, on that CPU (the CPU's digit). Prints how many named
cells it checked; exits 1 with the first contradiction.
"""

import re
import sys

WORKER = re.compile(r"^([A-Za-z]) (thread|pid) ")
CPU = re.compile(r"^CPU (\d+) ")
LABEL_WIDTH = 18


def sections(lines):
    """Yields (workers, cpus) per section: {letter: row} and {cpu: row}."""
    workers, cpus = {}, {}
    for line in lines:
        if line.startswith("legend"):
            break  # the legend and summary follow the timelines
        if line.startswith("time ") and workers:
            yield workers, cpus
            workers, cpus = {}, {}
        match = WORKER.match(line)
        if match:
            workers[match.group(1)] = line[LABEL_WIDTH:]
        match = CPU.match(line)
        if match and workers:
            cpus[int(match.group(1))] = line[LABEL_WIDTH:]
    if workers:
        yield workers, cpus


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
    checked = 0
    for number, (workers, cpus) in enumerate(sections(lines)):
        for cpu, row in cpus.items():
            for column, cell in enumerate(row):
                if not cell.isalpha():
                    continue
                checked += 1
                lane = workers.get(cell, "")
                shown = lane[column] if column < len(lane) else " "
                if shown != str(cpu):
                    print(f"section {number + 1}, column {column}: CPU {cpu} names worker {cell}, "
                          f"whose own lane shows {shown!r}")
                    return 1
    print(f"{checked} named CPU cells agree with their workers' lanes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
