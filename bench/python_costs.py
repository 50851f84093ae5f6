"""python_costs.py: what starting concurrency costs in CPython, for `make bench`.

Prints one line per figure: its name, then the time of one operation in
nanoseconds, once per repetition. bench.c takes the median.
"""

import multiprocessing
import os
import threading
import time

REPETITIONS = 7


def nothing(_=None):
    return None


def thread_start_join(count=500):
    """threading.Thread(...).start() then .join(), of a function that does nothing."""
    start = time.perf_counter_ns()
    for _ in range(count):
        thread = threading.Thread(target=nothing)
        thread.start()
        thread.join()
    return (time.perf_counter_ns() - start) / count


def fork_wait(count=50):
    """os.fork() of this interpreter, the child leaving at once, then os.waitpid()."""
    start = time.perf_counter_ns()
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    return (time.perf_counter_ns() - start) / count


def pool_startup(processes=2):
    """multiprocessing.Pool(2): create it, map one no-op call per process, close it."""
    start = time.perf_counter_ns()
    with multiprocessing.Pool(processes) as pool:
        pool.map(nothing, range(processes))
    return time.perf_counter_ns() - start


def main():
    multiprocessing.set_start_method("fork")  # as python/pool.py does
    for name, measure in (("thread_start_join", thread_start_join), ("fork_wait", fork_wait),
                          ("pool_startup", pool_startup)):
        measure()  # warm up
        print(name, *(round(measure()) for _ in range(REPETITIONS)), flush=True)


if __name__ == "__main__":
    main()
