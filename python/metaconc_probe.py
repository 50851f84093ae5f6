"""metaconc_probe: the instrumentation behind the teaching scripts.

The scripts beside this file (spawn.py, decorator.py, pool.py, gil.py,
sequential.py, race.py, async.py) are the blog's techniques, corrected, and
the lessons that follow them. They import this module for the two things that
are not the lesson: the work a task does, and the recording of it.

The work: a task is TASK_MS slices of about 1 ms of pure-Python arithmetic
(calibrated when the run starts), or a sleep of TASK_MS, or the two in turn
(--work cpu|io|mixed), as metaconc's C workers do.

The recording: when metaconc runs a script, METACONC_EVENTS_FD names the
write end of a pipe, and each slice of work becomes one line on it. The
protocol is documented in metaconc's lib/pyproto.c. Run by hand, nothing is
recorded; the script prints what it did.

With --serial-ms N the run also has a serial part, as most programs do:
start() does N/2 ms of CPU work on the main thread before the script starts
its workers, finish() the other N/2 after they end (Amdahl's law).

asyncio runs many tasks on one thread; traced() wraps a coroutine so that
each of its steps is recorded on a lane of its own (the protocol's TID/N):
running, ready but waiting for the event loop, or awaiting. It wraps the
coroutine object only; asyncio itself is not changed.

The probe takes care not to change what it measures. It reads the CPU number
(sched_getcpu) and the run-queue time (/proc/self/task/TID/schedstat) through
ctypes.PyDLL, which keeps the GIL: os.pread would release it at every slice
and so hand it to another thread far more often than CPython's own switching
does. (Without ctypes, the CPU comes from /proc/self/task/TID/stat through
os.pread, and the run-queue time is not measured.) It writes lines in
batches, one os.write per 16 lines or 50 ms, each batch smaller than PIPE_BUF
so that the lines of different threads and processes never mix.
"""

import argparse
import collections.abc
import os
import re
import sys
import threading
import time

PROTOCOL_VERSION = 1
BATCH_LINES = 16
BATCH_NS = 50_000_000
PIPE_BUF = 4096

try:
    import ctypes

    _libc = ctypes.PyDLL(None)  # PyDLL: calls keep the GIL
    _sched_getcpu = _libc.sched_getcpu
    _sched_getcpu.restype = ctypes.c_int
    _sched_getcpu.argtypes = []
    _pread = _libc.pread
    _pread.restype = ctypes.c_ssize_t
    _pread.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_long]
except (ImportError, OSError, AttributeError):
    _libc = None  # then the CPU comes from /proc/self/task/TID/stat, and run-queue time is "-"


class _Run:
    """What the whole run shares: its settings, the pipe, the calibration."""

    settings = None
    technique = None
    events_fd = None  # None when run by hand
    iterations_per_ms = 1
    started_ns = 0


_run = _Run()
_local = threading.local()


def _positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def _non_negative(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _parse_settings(technique, description):
    parser = argparse.ArgumentParser(prog=f"{technique}.py", description=description)
    parser.add_argument("--workers", type=_positive, default=os.cpu_count() or 2,
                        help="threads or processes (default: the number of CPUs)")
    parser.add_argument("--tasks", type=_positive, help="tasks to run (default: 2 x workers)")
    parser.add_argument("--task-ms", type=_positive, default=50, help="work per task in ms (default: 50)")
    parser.add_argument("--work", choices=("cpu", "io", "mixed"), default="cpu",
                        help="burn CPU, block (sleep), or both in turn (default: cpu)")
    parser.add_argument("--switch-ms", type=_positive, default=5,
                        help="the GIL's switch interval in ms, for gil.py (default: 5)")
    parser.add_argument("--iterations-per-ms", type=_positive,
                        help="arithmetic in 1 ms of CPU time, as an earlier run measured (default: measure)")
    parser.add_argument("--serial-ms", type=_non_negative, default=0,
                        help="CPU work only the main thread does, half before the workers, half after")
    parser.add_argument("--lock", action="store_true", help="race.py: deposits hold a threading.Lock")
    parser.add_argument("--blocking", action="store_true",
                        help="async.py: the first task makes a blocking call")
    parser.add_argument("--offload", action="store_true",
                        help="async.py: ... in a helper thread, with asyncio.to_thread")
    parser.add_argument("--batch", type=_positive, default=1,
                        help="pool.py: tasks sent to a process at a time, the map's chunksize (default: 1)")
    parser.add_argument("--arg-kb", type=_non_negative, default=0,
                        help="pool.py: an argument of about N KiB, pickled, with each task (default: none)")
    settings = parser.parse_args()
    if settings.tasks is None:
        settings.tasks = 2 * settings.workers
    return settings


# region: work
def burn(iterations, x):
    """CPU work in pure Python: a chain of multiplications no step of which can be skipped."""
    for _ in range(iterations):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return x
# endregion


def _calibrate():
    """Iterations of burn() that take 1 ms of CPU time here: the best of several tries."""
    iterations, best = 4096, 0
    for _ in range(9):
        before = time.thread_time_ns()
        burn(iterations, 1)
        used = time.thread_time_ns() - before
        if used > 0:
            best = max(best, iterations * 1_000_000 // used)
    return max(best, 1)


def _write(data):
    """One write to the pipe; a pipe write of at most PIPE_BUF bytes is never split."""
    if _run.events_fd is None:
        return
    try:
        os.write(_run.events_fd, data.encode("ascii"))
    except BrokenPipeError:
        _run.events_fd = None  # metaconc is gone: go on unrecorded


class _Thread:
    """One thread's stopwatch and its unsent lines. Intervals follow each other without gaps."""

    def __init__(self, coroutine=None, host=None, announce=True):
        self.pid = os.getpid()
        self.tid = threading.get_native_id()
        # A coroutine's lane is named TID/N; it reads the /proc files of its thread's stopwatch.
        self.ident = str(self.tid) if coroutine is None else f"{self.tid}/{coroutine}"
        self.host = host
        self.lines = []
        self.first_line_ns = 0
        self.schedstat = None  # /proc/self/task/TID/schedstat, read with the GIL held
        self.stat = None       # /proc/self/task/TID/stat, for the CPU when there is no ctypes
        self.buffer = None
        if _run.events_fd is not None and host is None:
            try:
                if _libc is not None:
                    self.schedstat = os.open(f"/proc/self/task/{self.tid}/schedstat", os.O_RDONLY)
                    self.buffer = ctypes.create_string_buffer(128)
                else:
                    self.stat = os.open(f"/proc/self/task/{self.tid}/stat", os.O_RDONLY)
            except OSError:
                pass
        self.mark_ns = time.monotonic_ns()
        self.mark_cpu_ns = time.thread_time_ns()
        self.mark_runq_ns = self.runq_ns()
        if announce:  # a lane on the timeline (a coroutines' host only lends its /proc files)
            self.add(f"start {self.pid} {self.ident} {self.mark_ns}")

    def runq_ns(self):
        """Time this thread has spent runnable but waiting for a CPU, or None."""
        if self.host is not None:
            return self.host.runq_ns()
        if self.schedstat is None:
            return None
        length = _pread(self.schedstat, self.buffer, 128, 0)
        fields = self.buffer.raw[:max(length, 0)].split()
        return int(fields[1]) if len(fields) >= 2 else None

    def cpu(self):
        """The CPU this thread is on, or "-"."""
        if self.host is not None:
            return self.host.cpu()
        if _libc is not None:
            cpu = _sched_getcpu()
            return cpu if cpu >= 0 else "-"
        if self.stat is None:
            return "-"
        # Field 39, "processor", counted after the command name, which may hold spaces.
        fields = os.pread(self.stat, 1024, 0).rsplit(b")", 1)[-1].split()
        return int(fields[36]) if len(fields) > 36 else "-"

    def add(self, line):
        if _run.events_fd is None:
            return
        if not self.lines:
            self.first_line_ns = time.monotonic_ns()
        self.lines.append(line + "\n")
        if len(self.lines) >= BATCH_LINES or time.monotonic_ns() - self.first_line_ns >= BATCH_NS:
            self.flush()

    def flush(self):
        if self.lines:
            _write("".join(self.lines))
            self.lines = []

    def instant(self, kind, task=None):
        suffix = "" if task is None else f" {task}"
        self.add(f"{kind} {self.pid} {self.ident} {self.mark_ns}{suffix}")

    def move_mark(self):
        """The next interval starts now (what came before is not this lane's)."""
        self.mark_ns = time.monotonic_ns()
        self.mark_cpu_ns = time.thread_time_ns()
        self.mark_runq_ns = self.runq_ns()

    def record_run(self, task):
        """Records the slice since the last mark: wall time, CPU time, run-queue time, CPU."""
        now = time.monotonic_ns()
        cpu_ns = time.thread_time_ns()
        runq_ns = self.runq_ns()
        runq = "-" if runq_ns is None or self.mark_runq_ns is None else runq_ns - self.mark_runq_ns
        self.add(f"run {self.pid} {self.ident} {self.cpu()} {self.mark_ns} {now} "
                 f"{max(cpu_ns - self.mark_cpu_ns, 0)} {runq} {task}")
        self.mark_ns, self.mark_cpu_ns, self.mark_runq_ns = now, cpu_ns, runq_ns

    def record_block(self, task):
        now = time.monotonic_ns()
        self.add(f"block {self.pid} {self.ident} {self.cpu()} {self.mark_ns} {now} {task}")
        self.mark_ns = now
        self.mark_cpu_ns = time.thread_time_ns()
        self.mark_runq_ns = self.runq_ns()

    def record_wait(self, task):
        """Records that the lane was ready but waited (for the event loop) since the last mark."""
        now = time.monotonic_ns()
        self.add(f"wait {self.pid} {self.ident} {self.cpu()} {self.mark_ns} {now} {task}")
        self.move_mark()

    def close(self):
        self.mark_ns = max(self.mark_ns, time.monotonic_ns())
        self.instant("exit")
        self.flush()
        for fd in (self.schedstat, self.stat):
            if fd is not None:
                os.close(fd)


def _this_thread():
    """The calling thread's stopwatch; a new one in a new thread, or in a forked process."""
    thread = getattr(_local, "thread", None)
    if thread is None or thread.pid != os.getpid():
        thread = _local.thread = _Thread()
    return thread


def start(technique, description=None):
    """Reads the settings from the command line, calibrates the work, and starts the run."""
    _run.settings = _parse_settings(technique, description)
    _run.technique = technique
    fd = os.environ.get("METACONC_EVENTS_FD")
    if fd is not None and fd.isdigit():
        _run.events_fd = int(fd)
    _run.iterations_per_ms = _run.settings.iterations_per_ms or _calibrate()
    _run.started_ns = time.monotonic_ns()
    version = re.sub(r"[^0-9a-z.+]", "", sys.version.split()[0]) or "0"
    _write(f"hello {PROTOCOL_VERSION} {os.getpid()} {technique} {version} {_run.started_ns} "
           f"{_run.iterations_per_ms}\n")
    serial_part(_run.settings.serial_ms // 2)
    return _run.settings


# region: serial-part
def serial_part(ms):
    """CPU work only the main thread does (reading input, merging results): no worker can share it."""
    if ms <= 0:
        return
    thread = _this_thread()
    thread.move_mark()  # since the first half it only waited for the workers: no interval of its own
    x = 1
    for _ in range(ms):
        x = burn(_run.iterations_per_ms, x)
        thread.record_run("-")  # "-": a slice of no task
    thread.flush()
# endregion


def _phases(task_ms, work):
    """The task's phases: ("cpu", ms) and ("io", ms), as metaconc's C tasks have them."""
    if work != "mixed":
        return [(work, task_ms)]
    step = max(1, min(task_ms // 2, 5))
    phases, kind, left = [], "cpu", task_ms
    while left > 0:
        phases.append((kind, min(step, left)))
        left -= step
        kind = "io" if kind == "cpu" else "cpu"
    return phases


def phases():
    """The phases of a task of this run: ("cpu", ms) and ("io", ms)."""
    return _phases(_run.settings.task_ms, _run.settings.work)


def burn_slice(x=1):
    """About 1 ms of CPU work (calibrated), unrecorded: the caller's lane records it."""
    return burn(_run.iterations_per_ms, x)


def run_task(task):
    """Does task number `task`, recording each slice of it; returns its checksum."""
    thread = _this_thread()
    settings = _run.settings
    x = task + 1
    thread.instant("begin", task)
    for kind, ms in _phases(settings.task_ms, settings.work):
        if kind == "cpu":
            for _ in range(ms):
                x = burn(_run.iterations_per_ms, x)
                thread.record_run(task)
        else:
            thread.flush()  # metaconc sees the lane up to here while it sleeps
            time.sleep(ms / 1000)
            thread.record_block(task)
    thread.instant("end", task)
    thread.flush()
    return x


def thread_done():
    """The calling thread has no more tasks: its lane on the timeline ends here."""
    thread = getattr(_local, "thread", None)
    if thread is not None and thread.pid == os.getpid():
        thread.close()
        _local.thread = None


def measure(name, value):
    """Reports a number the script measured: expected or final (race.py), pickle_ns or pickle_bytes (pool.py)."""
    _write(f"measure {os.getpid()} {name} {int(value)}\n")


def finish(results):
    """Ends the run: `results` reached the caller. Returns the run's wall time in seconds."""
    settings = _run.settings
    serial_part(settings.serial_ms - settings.serial_ms // 2)
    thread_done()  # the main thread's lane, if the serial part gave it one
    now = time.monotonic_ns()
    _write(f"done {os.getpid()} {now} {results}\n")
    return (now - _run.started_ns) / 1e9


def describe_work():
    """The settings in words: "8 tasks of 50 ms CPU work"."""
    settings = _run.settings
    work = {"cpu": "CPU work", "io": "blocking I/O", "mixed": "CPU work and I/O in turn"}[settings.work]
    return f"{settings.tasks} tasks of {settings.task_ms} ms {work}"


# ---- asyncio: one lane per task -------------------------------------------


def _thread_clock():
    """The calling thread's /proc files and marks, for the lanes of its coroutines: no lane of its own."""
    clock = getattr(_local, "clock", None)
    if clock is None or clock.pid != os.getpid():
        clock = _local.clock = _Thread(announce=False)
    return clock


def this_lane():
    """The calling thread's lane: its stopwatch, to record its own slices (record_run, record_block)."""
    return _this_thread()


def sleep_blocking(seconds, task="-"):
    """time.sleep(seconds), recorded as a blocking call on the caller's lane (a coroutine's, or a thread's)."""
    lane = getattr(_local, "coroutine", None)
    if lane is None:  # a plain thread, e.g. asyncio.to_thread's helper: a lane of its own for the call
        thread = _this_thread()
        thread.flush()
        time.sleep(seconds)
        thread.record_block(task)
        thread_done()
        return
    lane.record_run(lane.task)  # the step so far
    lane.flush()
    time.sleep(seconds)
    lane.record_block(lane.task)


class _CoroutineLane(_Thread):
    """The stopwatch of one coroutine: a lane of its own (TID/N) on its thread."""

    def __init__(self, number):
        super().__init__(coroutine=number, host=_thread_clock())
        self.task = number
        self.instant("begin", number)
        self.flush()  # lanes in the order of the tasks

    def step_begins(self):
        """The loop runs a step: until now the coroutine was ready, waiting for the loop."""
        if time.monotonic_ns() - self.mark_ns > 20_000:
            self.record_wait(self.task)
        else:
            self.move_mark()  # a few microseconds: part of the step

    def io_done(self, future):
        """What the coroutine awaited is done: until now it was awaiting it."""
        self.record_block(self.task)

    def finished(self):
        self.instant("end", self.task)
        self.close()


class _Traced(collections.abc.Coroutine):
    """A coroutine whose steps are recorded: asyncio.Task runs it like any other."""

    def __init__(self, coroutine, number):
        self.coroutine = coroutine
        self.lane = _CoroutineLane(number)  # from now on the coroutine is ready, until its first step

    def _step(self, method, *args):
        lane = self.lane
        lane.step_begins()
        _local.coroutine = lane
        try:
            awaited = method(*args)
        except BaseException:  # StopIteration: it returned; anything else: it raised
            _local.coroutine = None
            lane.record_run(lane.task)
            lane.finished()
            raise
        _local.coroutine = None
        lane.record_run(lane.task)
        if awaited is not None:  # a future (I/O, a timer, a thread): it awaits its end
            awaited.add_done_callback(lane.io_done)
        return awaited  # None: a bare yield (asyncio.sleep(0)); ready again at once

    def send(self, value):
        return self._step(self.coroutine.send, value)

    def throw(self, *args):
        return self._step(self.coroutine.throw, *args)

    def close(self):
        self.coroutine.close()

    def __next__(self):
        return self.send(None)

    def __iter__(self):
        return self

    def __await__(self):
        return self


def traced(coroutine, number):
    """Wraps a coroutine so that its steps are recorded on lane N of its thread (task number N)."""
    return _Traced(coroutine, number)
