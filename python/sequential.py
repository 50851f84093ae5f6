"""sequential.py: the baseline. The same tasks, one after another, in one thread.

A speedup means something only against this, measured on the same machine:
`metaconc run spawn --python --compare` runs it after the threads.

    python3 python/sequential.py --tasks 8 --task-ms 50
"""

import metaconc_probe as probe


def main():
    settings = probe.start("sequential", __doc__)

    # region: sequential
    checksums = []
    for task in range(settings.tasks):
        checksums.append(probe.run_task(task))
    # endregion

    wall = probe.finish(results=len(checksums))  # also ends the main thread's lane
    print(f"sequential: one thread ran {probe.describe_work()} in {wall:.2f} s")


if __name__ == "__main__":
    main()
