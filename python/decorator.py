"""decorator.py: the blog's @concurrent decorator, corrected.

The blog's version:

    def concurrent(func):
        def wrapper(*args, **kwargs):
            thread = threading.Thread(target=func, args=args, kwargs=kwargs)
            thread.start()
        return wrapper

The wrapper returns nothing, so the caller can never wait for the call, nor
get its result, nor learn that it raised: an exception in the thread is
printed and lost. It also drops the wrapped function's name and docstring.
Below, each call still runs on a thread of its own, but returns a
concurrent.futures.Future: future.result() waits for the call and returns
what it returned, or raises what it raised. functools.wraps keeps the name.

    python3 python/decorator.py --workers 4 --tasks 8 --task-ms 50
"""

import collections
import functools
import threading
from concurrent.futures import Future

import metaconc_probe as probe


# region: concurrent
def concurrent(func):
    """Make each call of func run on a new thread, and return a Future of its result."""

    @functools.wraps(func)  # the wrapper keeps func's __name__, __doc__, and __wrapped__
    def wrapper(*args, **kwargs):
        future = Future()

        def run():
            if not future.set_running_or_notify_cancel():
                return  # cancelled before it started
            try:
                future.set_result(func(*args, **kwargs))
            except BaseException as error:  # the caller gets it from future.result()
                future.set_exception(error)

        threading.Thread(target=run, name=func.__name__).start()
        return future

    return wrapper
# endregion


@concurrent
def work_on(task):
    """One call: one task, on the thread the decorator started for it."""
    try:
        return probe.run_task(task)
    finally:
        probe.thread_done()  # this call's thread is done: its lane is free for the next call


def main():
    settings = probe.start("decorator", __doc__)
    running = collections.deque()
    results = []
    for task in range(settings.tasks):
        if len(running) == settings.workers:  # at most `workers` calls at once
            results.append(running.popleft().result())
        running.append(work_on(task))
    results.extend(future.result() for future in running)

    wall = probe.finish(results=len(results))
    print(f"decorator: {len(results)} calls of {work_on.__name__}() each on its own thread, "
          f"{settings.workers} at a time, every result collected: {probe.describe_work()} in {wall:.2f} s")


if __name__ == "__main__":
    main()
