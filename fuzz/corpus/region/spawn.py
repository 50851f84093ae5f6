spawn
"""spawn.py: the blog's first technique, dynamic thread spawning, corrected.

The blog's version:

    threads = []
    for i in range(5):
        thread = threading.Thread(target=do_work)
        thread.start()
        threads.append(thread)

As written it does not run (do_work has an empty body), the number of
threads is fixed in the code, and no thread is ever joined: the program
cannot know when the work is done, nor collect what it produced. Below, the
number of threads is decided when the program runs (--workers), the threads
share the tasks through a queue, and every thread is joined.

Under CPython's GIL these threads take turns for CPU work: compare
`metaconc run spawn --python` with the C threads above it.

    python3 python/spawn.py --workers 4 --tasks 8 --task-ms 50
"""

import queue
import threading

import metaconc_probe as probe


def do_work(tasks):
    """What each thread runs: tasks from the queue until it is empty."""
    while True:
        try:
            task = tasks.get_nowait()
        except queue.Empty:
            break
        probe.run_task(task)
    probe.thread_done()


def main():
    settings = probe.start("spawn", __doc__)
    tasks = queue.SimpleQueue()
    for task in range(settings.tasks):
        tasks.put(task)

    # region: spawn
    threads = []
    for i in range(settings.workers):  # how many: decided at run time, not in the code
        thread = threading.Thread(target=do_work, args=(tasks,), name=f"worker-{i}")
        thread.start()
        threads.append(thread)
    for thread in threads:  # the blog never waits for its threads
        thread.join()
    # endregion

    wall = probe.finish(results=settings.tasks)
    print(f"spawn: {len(threads)} threads ran {probe.describe_work()} in {wall:.2f} s")


if __name__ == "__main__":
    main()
