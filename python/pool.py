"""pool.py: the blog's metaclass, ParallelMeta, corrected.

The blog's version:

    class ParallelMeta(type):
        def __call__(cls, *args, **kwargs):
            pool = multiprocessing.Pool()
            return pool.map(cls.__new__, [(cls, *args, **kwargs)])

It does not compile: **kwargs cannot stand inside a tuple. Were that fixed,
it would map one item only (nothing runs in parallel), hand __new__ a tuple
where the class belongs, skip __init__, and never close its pool. Below,
calling the class with a list of argument tuples builds one instance per
tuple, the ordinary way (type.__call__ runs __new__ then __init__), on a pool
of worker processes that `with` closes however the call ends. The instances
are pickled back to the caller.

    python3 python/pool.py --workers 4 --tasks 8 --task-ms 50
"""

import functools
import multiprocessing
import os

import metaconc_probe as probe


# region: parallel-meta
class ParallelMeta(type):
    """A metaclass: calling the class builds many instances at once, in worker processes."""

    def __call__(cls, arguments, processes=None):
        with multiprocessing.Pool(processes) as pool:  # closed however the call ends
            return pool.starmap(functools.partial(construct, cls), arguments)


def construct(cls, *args):
    """Builds one instance the ordinary way, type.__call__: __new__, then __init__."""
    return type.__call__(cls, *args)


class Worker(metaclass=ParallelMeta):
    """Building a Worker is the expensive part: worth doing in parallel."""

    def __init__(self, task):
        self.task = task
        self.checksum = probe.run_task(task)
        self.built_by = os.getpid()


def build_workers(count, processes):
    """Worker(...) goes through ParallelMeta.__call__: `count` instances from `processes` processes."""
    return Worker([(task,) for task in range(count)], processes=processes)
# endregion


def main():
    settings = probe.start("pool", __doc__)
    # fork: the worker processes inherit metaconc's event pipe (and this module, calibrated).
    multiprocessing.set_start_method("fork")
    workers = build_workers(settings.tasks, settings.workers)

    wall = probe.finish(results=len(workers))
    builders = len({worker.built_by for worker in workers})
    print(f"pool: Worker() built {len(workers)} instances in {builders} processes "
          f"and sent them back: {probe.describe_work()} in {wall:.2f} s")


if __name__ == "__main__":
    main()
