"""metaconc_probe: the instrumentation behind the teaching scripts.

The scripts beside this file (spawn.py, decorator.py, pool.py, gil.py,
sequential.py) are the blog's techniques, corrected. They import this module
for the two things that are not the lesson: the work a task does, and the
recording of it.

The work: a task is TASK_MS slices of about 1 ms of pure-Python arithmetic
(calibrated when the run starts), or a sleep of TASK_MS, or the two in turn
(--work cpu|io|mixed), as metaconc's C workers do.

The recording: when metaconc runs a script, METACONC_EVENTS_FD names the
write end of a pipe, and each slice of work becomes one line on it. The
protocol is documented in metaconc's lib/pyproto.c. Run by hand, nothing is
recorded; the script prints what it did.

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

    def __init__(self):
        self.pid = os.getpid()
        self.tid = threading.get_native_id()
        self.lines = []
        self.first_line_ns = 0
        self.schedstat = None  # /proc/self/task/TID/schedstat, read with the GIL held
        self.stat = None       # /proc/self/task/TID/stat, for the CPU when there is no ctypes
        self.buffer = None
        if _run.events_fd is not None:
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
        self.add(f"start {self.pid} {self.tid} {self.mark_ns}")

    def runq_ns(self):
        """Time this thread has spent runnable but waiting for a CPU, or None."""
        if self.schedstat is None:
            return None
        length = _pread(self.schedstat, self.buffer, 128, 0)
        fields = self.buffer.raw[:max(length, 0)].split()
        return int(fields[1]) if len(fields) >= 2 else None

    def cpu(self):
        """The CPU this thread is on, or "-"."""
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
        self.add(f"{kind} {self.pid} {self.tid} {self.mark_ns}{suffix}")

    def record_run(self, task):
        """Records the slice since the last mark: wall time, CPU time, run-queue time, CPU."""
        now = time.monotonic_ns()
        cpu_ns = time.thread_time_ns()
        runq_ns = self.runq_ns()
        runq = "-" if runq_ns is None or self.mark_runq_ns is None else runq_ns - self.mark_runq_ns
        self.add(f"run {self.pid} {self.tid} {self.cpu()} {self.mark_ns} {now} "
                 f"{max(cpu_ns - self.mark_cpu_ns, 0)} {runq} {task}")
        self.mark_ns, self.mark_cpu_ns, self.mark_runq_ns = now, cpu_ns, runq_ns

    def record_block(self, task):
        now = time.monotonic_ns()
        self.add(f"block {self.pid} {self.tid} {self.cpu()} {self.mark_ns} {now} {task}")
        self.mark_ns = now
        self.mark_cpu_ns = time.thread_time_ns()
        self.mark_runq_ns = self.runq_ns()

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
    return _run.settings


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


def finish(results):
    """Ends the run: `results` reached the caller. Returns the run's wall time in seconds."""
    thread = getattr(_local, "thread", None)
    if thread is not None and thread.pid == os.getpid():
        thread.flush()
    now = time.monotonic_ns()
    _write(f"done {os.getpid()} {now} {results}\n")
    return (now - _run.started_ns) / 1e9


def describe_work():
    """The settings in words: "8 tasks of 50 ms CPU work"."""
    settings = _run.settings
    work = {"cpu": "CPU work", "io": "blocking I/O", "mixed": "CPU work and I/O in turn"}[settings.work]
    return f"{settings.tasks} tasks of {settings.task_ms} ms {work}"
