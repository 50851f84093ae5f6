"""async.py: concurrency without parallelism: asyncio runs its tasks on one thread.

An event loop runs coroutines, one step at a time: a step runs until its next
`await`, and only there can another task run. So the tasks are concurrent
(all of them in progress at once) but never parallel (one step at a time, on
the loop's one thread). While a task awaits I/O (here asyncio.sleep, as a
socket read would), the loop runs the others: awaiting is free.

A blocking call inside a coroutine (time.sleep, a blocking read, a long
computation) holds the loop's thread, so every task stalls until it returns:
--blocking shows it. asyncio.to_thread runs the call in a helper thread and
awaits it, so the loop goes on: --offload.

metaconc draws one lane per task (the probe wraps each coroutine to record
its steps: running, ready but waiting for the loop, awaiting), every lane on
the same thread.

    python3 python/async.py --tasks 4 --task-ms 50 --work mixed --blocking
"""

import asyncio

import metaconc_probe as probe


# region: async-task
async def task(number):
    """A cooperative task: slices of CPU work with an await after each, and awaits of I/O."""
    x = number + 1
    for kind, ms in probe.phases():
        if kind == "cpu":
            for _ in range(ms):
                x = probe.burn_slice(x)  # about 1 ms of work: no other task runs meanwhile
                await asyncio.sleep(0)   # let the others have a turn
        else:
            await asyncio.sleep(ms / 1000)  # I/O: the loop runs the others until it is done
    return x
# endregion


# region: async-blocking
def blocking_call(seconds):
    """A call that blocks its thread, as time.sleep or requests.get do."""
    probe.sleep_blocking(seconds)  # time.sleep(seconds), recorded


async def first_task(number, seconds, offload):
    """The first task makes a blocking call, then does its work."""
    if offload:
        await asyncio.to_thread(blocking_call, seconds)  # in a helper thread: the loop goes on
    else:
        blocking_call(seconds)  # in the loop's thread: every task stalls until it returns
    return await task(number)
# endregion


# region: async-main
async def main_task(settings):
    """Starts every task at once and waits for them all."""
    if settings.blocking or settings.offload:
        first = first_task(0, settings.task_ms / 1000, settings.offload)
    else:
        first = task(0)
    coroutines = [first] + [task(number) for number in range(1, settings.tasks)]
    tasks = [asyncio.create_task(probe.traced(coroutine, number))  # traced: a lane per task
             for number, coroutine in enumerate(coroutines)]
    return await asyncio.gather(*tasks)
# endregion


def main():
    settings = probe.start("async", __doc__)
    results = asyncio.run(main_task(settings))

    wall = probe.finish(results=len(results))
    print(f"async: {len(results)} tasks on one thread ran {probe.describe_work()} in {wall:.2f} s")


if __name__ == "__main__":
    main()
