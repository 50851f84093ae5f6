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
import pickle
import time

import metaconc_probe as probe


# region: parallel-meta
class ParallelMeta(type):
    """A metaclass: calling the class builds many instances at once, in worker processes."""

    def __call__(cls, arguments, processes=None, chunksize=1):
        with multiprocessing.Pool(processes) as pool:  # closed however the call ends
            # Each chunk of `chunksize` argument tuples is pickled and sent to a process as one message.
            return pool.starmap(functools.partial(construct, cls), arguments, chunksize)


def construct(cls, *args):
    """Builds one instance the ordinary way, type.__call__: __new__, then __init__."""
    return type.__call__(cls, *args)


class Worker(metaclass=ParallelMeta):
    """Building a Worker is the expensive part: worth doing in parallel."""

    def __init__(self, task, data=()):
        self.task = task
        self.checksum = probe.run_task(task) ^ len(data)  # data: what the task works on
        self.built_by = os.getpid()


def build_workers(count, processes, chunksize=1, data=()):
    """Worker(...) goes through ParallelMeta.__call__: `count` instances from `processes` processes."""
    return Worker([(task, data) for task in range(count)], processes=processes, chunksize=chunksize)
# endregion


# region: pickling-cost
def pickling_cost(data):
    """What sending one task's arguments costs: pickling them (the best of 5 tries), and their size."""
    best = None
    for _ in range(5):
        before = time.perf_counter_ns()
        pickled = pickle.dumps((0, data), pickle.HIGHEST_PROTOCOL)
        took = time.perf_counter_ns() - before
        best = took if best is None else min(best, took)
    return best, len(pickled)
# endregion


def make_data(kib):
    """A list of floats that pickles to about `kib` KiB (9 bytes each): a task's data set."""
    return [float(i) for i in range(kib * 1024 // 9)]


def main():
    settings = probe.start("pool", __doc__)
    # fork: the worker processes inherit metaconc's event pipe (and this module, calibrated).
    multiprocessing.set_start_method("fork")
    data = make_data(settings.arg_kb) if settings.arg_kb > 0 else ()
    if data:
        took_ns, size = pickling_cost(data)
        probe.measure("pickle_ns", took_ns)
        probe.measure("pickle_bytes", size)
    workers = build_workers(settings.tasks, settings.workers, settings.batch, data)

    wall = probe.finish(results=len(workers))
    builders = len({worker.built_by for worker in workers})
    print(f"pool: Worker() built {len(workers)} instances in {builders} processes "
          f"and sent them back: {probe.describe_work()} in {wall:.2f} s")


if __name__ == "__main__":
    main()
