"""gil.py: threads doing CPU work under CPython's real global interpreter lock.

CPython runs Python bytecode only in the thread that holds the GIL. A thread
that wants it waits for the switch interval (sys.getswitchinterval(), 5 ms by
default), then asks the holder to let go; the holder drops it at its next
bytecode boundary. So CPU-bound threads take turns instead of running at the
same time, and two of them are no faster than one. A blocking call (sleep,
file or socket I/O) releases the GIL, so I/O-bound threads do overlap.

metaconc's C technique `gil` imitates these rules with a mutex; this is the
real thing. `metaconc run gil --python` draws the two side by side.

    python3 python/gil.py --workers 2 --tasks 4 --task-ms 100
"""

import queue
import sys
import threading

import metaconc_probe as probe


# region: gil
def crunch(tasks):
    """Pure-Python arithmetic (probe.burn): every bytecode of it needs the GIL."""
    while True:
        try:
            task = tasks.get_nowait()
        except queue.Empty:
            break
        probe.run_task(task)
    probe.thread_done()


def run_threads(tasks, count, switch_ms):
    sys.setswitchinterval(switch_ms / 1000)  # how long a waiting thread waits before asking
    threads = [threading.Thread(target=crunch, args=(tasks,)) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
# endregion


def main():
    settings = probe.start("gil", __doc__)
    tasks = queue.SimpleQueue()
    for task in range(settings.tasks):
        tasks.put(task)
    run_threads(tasks, settings.workers, settings.switch_ms)

    wall = probe.finish(results=settings.tasks)
    print(f"gil: {settings.workers} threads ran {probe.describe_work()} in {wall:.2f} s, "
          f"taking turns for the GIL every {sys.getswitchinterval() * 1000:g} ms")


if __name__ == "__main__":
    main()
