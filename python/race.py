"""race.py: threads depositing into one account: lost updates, and the lock that prevents them.

    self.balance = self.balance + self.checked(amount)

is three steps: read self.balance, call self.checked(), write self.balance.
If another thread writes the balance between this thread's read and its
write, this write puts back a balance that does not count the other deposit:
it is lost. The GIL does not prevent it: it makes each bytecode atomic, not
the three steps together.

Since Python 3.10, CPython lets another thread run only at a call or a
backward jump (the "eval breaker" checks there). So a bare `counter += 1`
in a loop seldom loses an update: its read and write have no call between
them, and the switch falls on the loop's jump instead. Correct by accident,
which is not correct: a call between the read and the write, as here, loses
updates by the thousand, and the free-threaded build (3.13t, PEP 703) has no
GIL to make the accident happen.

--lock gives the account a threading.Lock, held from the read to the write:
no deposit is lost. Threads that want the lock while another holds it wait
(drawn as waiting on the timeline).

    python3 python/race.py --workers 4 --tasks 8 --task-ms 50
    python3 python/race.py --workers 4 --tasks 8 --task-ms 50 --lock
"""

import queue
import threading
import time

import metaconc_probe as probe


# region: race-account
class Account:
    """A bank account several threads deposit into."""

    def __init__(self, check_io=False):
        self.balance = 0
        self.check_io = check_io  # --work io or mixed: checking waits for a service

    def checked(self, amount):
        """The check between the read and the write: a call, where CPython may switch threads."""
        if amount <= 0:
            raise ValueError(f"cannot deposit {amount}")
        if self.check_io:
            time.sleep(0.001)  # ask a service: the GIL is released, every other thread runs
        return amount

    def deposit(self, amount):
        # Read self.balance, call self.checked(), write self.balance: three steps, not one.
        self.balance = self.balance + self.checked(amount)


class LockedAccount(Account):
    """The same account with a lock: nothing comes between the read and the write."""

    def __init__(self, check_io=False):
        super().__init__(check_io)
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            self.balance = self.balance + self.checked(amount)
# endregion


def deposits_per_ms():
    """How many deposits take 1 ms of CPU time here, on an account no other thread uses."""
    account, best = Account(), 0
    for _ in range(5):
        before = time.thread_time_ns()
        for _ in range(2000):
            account.deposit(1)
        used = time.thread_time_ns() - before
        if used > 0:
            best = max(best, 2000 * 1_000_000 // used)
    return max(best, 1)


def run_task(account, task, settings, per_ms):
    """One task: task_ms slices of deposits; returns how many it made."""
    thread = probe.this_lane()
    made = 0
    thread.instant("begin", task)
    if settings.work == "cpu":
        for _ in range(settings.task_ms):
            for _ in range(per_ms):  # about 1 ms of deposits
                account.deposit(1)
            made += per_ms
            thread.record_run(task)
    else:
        for _ in range(max(1, settings.task_ms // 2)):  # prepare (1 ms), then deposit (a 1 ms check)
            if settings.work == "io":
                probe.sleep_blocking(0.001, task)
            else:
                probe.burn_slice()
                thread.record_run(task)
            account.deposit(1)
            made += 1
            thread.record_block(task)
    thread.instant("end", task)
    thread.flush()
    return made


# region: race-threads
def depositor(account, tasks, settings, per_ms, made):
    """What each thread runs: tasks from the queue until it is empty."""
    while True:
        try:
            task = tasks.get_nowait()
        except queue.Empty:
            break
        made.append(run_task(account, task, settings, per_ms))  # list.append is atomic
    probe.thread_done()
# endregion


def main():
    settings = probe.start("race", __doc__)
    per_ms = deposits_per_ms()
    check_io = settings.work != "cpu"
    account = LockedAccount(check_io) if settings.lock else Account(check_io)
    tasks = queue.SimpleQueue()
    for task in range(settings.tasks):
        tasks.put(task)

    made = []
    threads = [threading.Thread(target=depositor, args=(account, tasks, settings, per_ms, made))
               for _ in range(settings.workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    expected = sum(made)
    probe.measure("expected", expected)
    probe.measure("final", account.balance)
    wall = probe.finish(results=settings.tasks)
    lost = expected - account.balance
    print(f"race: {settings.workers} threads made {expected} deposits; the balance is {account.balance}: "
          f"{lost} lost ({'with' if settings.lock else 'without'} a lock), in {wall:.2f} s")


if __name__ == "__main__":
    main()
