#!/usr/bin/env python3
"""practice-validate.py: checks the practice exercises with Python alone.

    tests/practice-validate.py EXERCISES_DIR POST_FILE [--timings] [--only NN] [--runs NN,NN]

For every lessons/exercises/NN-name/ it confirms what `metaconc practice check`
will rely on and what Python can see without `metaconc trace`:

- the layout: exercise.py, solution.py, statement.md (a "# Title" first),
  hints.md (2 or 3 hints between "---" lines), check;
- exercises 1, 3 and 4 quote the post's code blocks, line for line and in order;
- the reference solution passes every item this script can measure, on the
  check's own arguments, start method and switch interval;
- the exercise as shipped fails an item this script can measure (exercises
  whose fault only a timing shows are measured with --timings, never asserted:
  timings belong to `make bench`);
- exercise 7 loses updates on every run and its solution never does;
  exercise 8 hangs within its runs and its solution never does;
- a program that only prints the solution's output (and exits as it does)
  prints what the output items expect, and still fails a measured item;
- every `reference:` program exists and runs.

With --runs NN,NN only those exercises are run; the others get the checks
that need no run (layout, the post's quotes, a measured item). The real
check, `metaconc practice check`, runs every exercise in
tests/practice-check.bats.

What it measures, it measures by polling /proc every millisecond or so: the
threads and processes of the run's session, the arrival of each output line,
the processes still there when the program's own process has ended. The real
check measures the same things exactly, with `metaconc trace`.
"""
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
POLL_S = 0.001
SAME_INSTANT_S = 0.010  # a thread that ends within this of a line counts as ended (as in exercise_check.h)
LEFT_GRACE_S = 0.5  # processes alive this long after the program's own process are left behind (exercise_check.h)
# The items a Python poll can measure; the others need the trace.
OBSERVABLE = ("exit status", "output has", "output lacks", "printed ", "most threads", "most processes",
              "processes left", "threads at ", "child cpu share")
TICKS = os.sysconf("SC_CLK_TCK")
# Exercises whose fault shows only in a timing or in blocked time.
TIMING_ONLY = {"05", "06", "09", "12"}
# The post's code block quoted by an exercise.
POST_QUOTES = {"01": 1, "03": 2, "04": 3}

failures = []


def fail(exercise, why):
    failures.append(f"{exercise}: {why}")
    print(f"FAIL {exercise}: {why}", flush=True)


# ---- the check file (the grammar of lessons/exercises/README.md; the C parser is the real one) ----

class Check:
    def __init__(self, path):
        self.timeout = 5.0
        self.runs = 1
        self.args = []
        self.reference = None
        self.start_method = None
        self.switch_interval = None
        self.items = []
        with open(path) as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                key, _, value = line.partition(":")
                value = value.strip()
                if key == "timeout":
                    self.timeout = float(value)
                elif key == "runs":
                    self.runs = int(value)
                elif key == "args":
                    self.args.append(value.split())
                elif key == "reference":
                    self.reference = value.split()
                elif key == "start-method":
                    self.start_method = value
                elif key == "switch-interval":
                    self.switch_interval = value
                elif key == "expect":
                    self.items.append(value)
                elif key == "explain":
                    pass
                else:
                    raise ValueError(f"{path}:{number}: unknown line {line!r}")
        if not self.args:
            self.args = [[]]


def parse_item(item):
    """(quantity, operator, bound text) of an expect: line, or (kind, text, None) for output items."""
    match = re.match(r'^output (has|lacks) "(.*)"$', item)
    if match:
        return ("output " + match.group(1), match.group(2), None)
    match = re.match(r"^(.+?) (>=|<=|!=|=|>|<) (.+)$", item)
    if not match:
        raise ValueError(f"cannot read item {item!r}")
    return match.groups()


def bound_value(text, args):
    """A bound: a number, or {N} (the run's Nth argument), or two of them joined by + - * /."""
    def term(word):
        word = word.strip()
        if word.startswith("{"):
            return float(args[int(word[1:-1]) - 1])
        return float(word)
    match = re.match(r"^(.+?) ([-+*/]) (.+)$", text)
    if not match:
        return term(text)
    left, operator, right = term(match.group(1)), match.group(2), term(match.group(3))
    return {"+": left + right, "-": left - right, "*": left * right, "/": left / right}[operator]


def compare(value, operator, bound):
    return {"=": value == bound, "!=": value != bound, ">=": value >= bound, "<=": value <= bound,
            ">": value > bound, "<": value < bound}[operator]


# ---- one run, measured by polling /proc ----

def tree_pids(root):
    """The process and its descendants, through /proc/PID/task/TID/children."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    todo.extend(int(child) for child in f.read().split())
        except OSError:
            pass
    return pids


def cpu_seconds(pid):
    """User and system time of a process so far (its threads included), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return None


def thread_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


def session_members(session):
    """Live (not zombie) processes whose session is `session`."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            members.append(int(entry))
    return members


class Run:
    pass


def measure(argv, cwd, env, timeout):
    run = Run()
    run.lines = []  # (arrival, text)
    run.samples = []  # (time, threads, processes)
    run.cpu_by_pid = {}  # the last CPU time seen of each process of the tree
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)

    def read_output():
        for raw in process.stdout:
            run.lines.append((time.monotonic() - started, raw.decode(errors="replace").rstrip("\n")))

    reader = threading.Thread(target=read_output)
    reader.start()
    run.timed_out = False
    while process.poll() is None:
        now = time.monotonic() - started
        if now > timeout:
            run.timed_out = True
            break
        pids = tree_pids(process.pid)
        run.samples.append((now, sum(thread_count(pid) for pid in pids), len(pids)))
        for pid in pids:
            seconds = cpu_seconds(pid)
            if seconds is not None:
                run.cpu_by_pid[pid] = seconds
        time.sleep(POLL_S)
    run.wall = time.monotonic() - started
    run.left = []
    if not run.timed_out:
        process.wait()  # reaped: what remains of the session outlived it
        deadline = time.monotonic() + LEFT_GRACE_S
        run.left = session_members(process.pid)
        while run.left and time.monotonic() < deadline:
            time.sleep(0.01)
            run.left = session_members(process.pid)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    reader.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    others = sum(seconds for pid, seconds in run.cpu_by_pid.items() if pid != process.pid)
    total = sum(run.cpu_by_pid.values())
    run.child_cpu_share = others / total if total > 0 else 0.0
    run.status = process.returncode if process.returncode >= 0 else 128 - process.returncode
    run.output = [text for _, text in run.lines]
    return run


def run_program(exercise_dir, program, check, args, timeout=None):
    env = dict(os.environ)
    startup = os.path.join(os.path.dirname(exercise_dir), "python-startup")
    if check.start_method or check.switch_interval:
        env["PYTHONPATH"] = startup + (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if check.start_method:
        env["METACONC_START_METHOD"] = check.start_method
    if check.switch_interval:
        env["METACONC_SWITCH_INTERVAL"] = check.switch_interval
    return measure([sys.executable, program] + args, exercise_dir, env,
                   check.timeout if timeout is None else timeout)


def printed(run, name):
    value = None
    for text in run.output:
        match = re.match(r"^\s*" + re.escape(name) + r":\s*(-?[0-9.]+)", text)
        if match:
            value = float(match.group(1))
    return value


def threads_at(run, text):
    """Threads alive when the first line holding `text` arrived (the next poll after it)."""
    arrival = next((at for at, line in run.lines if text in line), None)
    if arrival is None:
        return None
    later = [threads for at, threads, _ in run.samples if at >= arrival + SAME_INSTANT_S]
    return later[0] if later else 1


def evaluate(run, item, args):
    """True or False for an item this script can measure, None for one it cannot."""
    quantity, operator, bound = parse_item(item)
    if run.timed_out:
        return False
    if quantity == "output has":
        return any(operator in line for line in run.output)
    if quantity == "output lacks":
        return not any(operator in line for line in run.output)
    value = None
    if quantity == "exit status":
        value = run.status
    elif quantity.startswith("printed "):
        value = printed(run, quantity[len("printed "):])
    elif quantity == "most threads":
        value = max((threads for _, threads, _ in run.samples), default=1)
    elif quantity == "most processes":
        value = max((processes for _, _, processes in run.samples), default=1)
    elif quantity == "processes left":
        value = len(run.left)
    elif quantity.startswith("threads at "):
        value = threads_at(run, quantity[len('threads at "'):-1])
    elif quantity == "child cpu share":
        value = run.child_cpu_share
    else:
        return None
    return value is not None and compare(value, operator, bound_value(bound, args))


def lane_seconds(run):
    """An upper bound of any per-lane time total: the thread-seconds the run lived."""
    total, before = 0.0, 0.0
    for at, threads, _ in run.samples:
        total += threads * (at - before)
        before = at
    return total + (run.wall - before)


def surely_fails(run, item, args):
    """True if a measured-by-trace item must fail on this run, whatever trace measures."""
    quantity, operator, bound = parse_item(item)
    if operator not in (">=", ">"):
        return False
    limit = bound_value(bound, args)
    if quantity in ("blocked time", "running time", "waiting time", "cpu time"):
        return lane_seconds(run) < limit
    if quantity == "blocked overlap":  # blocked lane-seconds over wall seconds
        return lane_seconds(run) / run.wall < limit
    return False


# ---- the confirmations ----

def post_blocks(post_file):
    blocks, inside = [], None
    with open(post_file) as f:
        for line in f.read().splitlines():
            if line == "```python":
                inside = []
            elif line == "```" and inside is not None:
                blocks.append(inside)
                inside = None
            elif inside is not None:
                inside.append(line)
    return blocks


def quotes_in_order(quote, lines):
    position = 0
    for wanted in quote:
        while position < len(lines) and lines[position] != wanted:
            position += 1
        if position == len(lines):
            return wanted
        position += 1
    return None


def check_layout(name, path):
    for file in ("exercise.py", "solution.py", "statement.md", "hints.md", "check"):
        if not os.path.isfile(os.path.join(path, file)):
            fail(name, f"{file} is missing")
            return False
    with open(os.path.join(path, "statement.md")) as f:
        if not f.readline().startswith("# "):
            fail(name, "statement.md does not start with a '# Title' line")
    with open(os.path.join(path, "hints.md")) as f:
        hints = [hint for hint in re.split(r"^---$", f.read(), flags=re.M) if hint.strip()]
    if not 2 <= len(hints) <= 3:
        fail(name, f"{len(hints)} hints: an exercise has 2 or 3")
    return True


def runs_of(check, name, how_many):
    for args in check.args:
        for _ in range(how_many):
            yield args


def confirm_exercise(name, path, post, timings, running=True):
    number = name[:2]
    if not check_layout(name, path):
        return
    check = Check(os.path.join(path, "check"))
    measured = [item for item in check.items if not item.startswith(OBSERVABLE)]
    observable = [item for item in check.items if item.startswith(OBSERVABLE)]
    if not any(item.startswith(("most ", "processes left", "threads at ", "blocked", "waiting", "running",
                                "preempted", "cpu", "wall", "speedup", "parallel")) for item in check.items):
        fail(name, "the check has no measured item: it would be an output diff")
    if number in POST_QUOTES:
        with open(os.path.join(path, "exercise.py")) as f:
            missing = quotes_in_order(post[POST_QUOTES[number] - 1], f.read().splitlines())
        if missing is not None:
            fail(name, f"exercise.py does not quote the post's block {POST_QUOTES[number]}: no {missing!r}")
    if not running:
        return
    if check.reference:
        reference = run_program(path, check.reference[0], check, check.reference[1:])
        if reference.status != 0 or reference.timed_out:
            fail(name, f"the reference {check.reference[0]} does not run (status {reference.status})")

    # The solution passes every observable item, on each set of arguments.
    repeats = check.runs if number in ("07", "08") else min(check.runs, 2)
    solution_runs = []
    for args in runs_of(check, name, repeats):
        run = run_program(path, "solution.py", check, args)
        solution_runs.append(run)
        for item in observable:
            if not evaluate(run, item, args):
                fail(name, f"solution.py {' '.join(args)} fails {item!r}: output {run.output[-3:]}, "
                     f"status {run.status}, timed out {run.timed_out}")
        if run.timed_out:
            fail(name, f"solution.py did not finish within {check.timeout} s")

    # The exercise as shipped fails an observable item (or, for a timing, is measured only).
    shipped_runs = []
    shipped_failed = False
    for args in runs_of(check, name, repeats):
        run = run_program(path, "exercise.py", check, args)
        shipped_runs.append(run)
        if any(evaluate(run, item, args) is False for item in observable):
            shipped_failed = True
        if number == "08" and run.timed_out:
            break  # one hang is the proof; each costs the whole timeout
    if not shipped_failed and number not in TIMING_ONLY:
        fail(name, "exercise.py as shipped passes every item this script can measure")

    if number == "07":
        lost = sum(1 for run, args in zip(shipped_runs, runs_of(check, name, repeats))
                   if printed(run, "balance") != bound_value("{1} * {2}", args))
        print(f"  07: the exercise lost updates in {lost} of {len(shipped_runs)} runs")
        if lost != len(shipped_runs):
            fail(name, f"the exercise lost updates in only {lost} of {len(shipped_runs)} runs")
    if number == "08":
        hung = sum(1 for run in shipped_runs if run.timed_out)
        print(f"  08: the exercise hung in {hung} of {len(shipped_runs)} runs (stopping at the first)")
        if hung == 0:
            fail(name, "the exercise never hung")

    # The print-only cheat: the solution's output, printed at once, and its exit status.
    model = solution_runs[0]
    cheat = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"metaconc-cheat-{os.getpid()}-{number}.py")
    with open(cheat, "w") as f:
        f.write("import sys\n")
        for text in model.output:
            f.write(f"print({text!r})\n")
        f.write(f"sys.exit({model.status})\n")
    args = check.args[0]
    run = run_program(path, cheat, check, args)
    os.unlink(cheat)
    for item in observable:
        if item.startswith(("output ", "printed ", "exit status")) and not evaluate(run, item, args):
            fail(name, f"the cheat does not even print what {item!r} expects")
    caught = [item for item in observable if evaluate(run, item, args) is False]
    caught += [item for item in measured if surely_fails(run, item, args)]
    if not caught:
        fail(name, "a program that only prints the expected output fails no measured item")
    else:
        print(f"  {number}: the print-only cheat fails {caught[0]!r}")

    if check.reference:
        # CPU time against the reference's: printed for the closing note, never asserted.
        reference_cpu = min(run_program(path, check.reference[0], check, check.reference[1:]).cpu for _ in range(2))
        print(f"  {number}: cpu ratio: solution {min(r.cpu for r in solution_runs) / reference_cpu:.2f}, "
              f"exercise {min(r.cpu for r in shipped_runs) / reference_cpu:.2f}; child cpu share: solution "
              f"{min(r.child_cpu_share for r in solution_runs):.2f}, exercise "
              f"{max(r.child_cpu_share for r in shipped_runs):.2f}")
    if timings:
        report_timings(name, path, check)


def report_timings(name, path, check):
    """Best-of wall times and speedups, printed for the closing note; never asserted."""
    if not check.reference:
        return
    def best_wall(argv):
        walls = []
        for _ in range(check.runs):
            started = time.monotonic()
            subprocess.run([sys.executable] + argv, cwd=path, stdout=subprocess.DEVNULL, timeout=check.timeout * 3)
            walls.append(time.monotonic() - started)
        return min(walls)

    # Timed without the /proc polling, which takes a CPU of its own.
    best = best_wall(check.reference)
    solution = best_wall(["solution.py"])
    shipped = best_wall(["exercise.py"])
    cpus = os.cpu_count()
    for label, wall in (("solution", solution), ("exercise", shipped)):
        speedup = best / wall
        fraction = (1 - 1 / speedup) / (1 - 1 / cpus) if cpus > 1 else float("nan")
        print(f"  {name[:2]}: {label}: reference {best:.2f} s, {wall:.2f} s, speedup {speedup:.2f}, "
              f"parallel fraction {fraction:.2f}")


def main():
    if len(sys.argv) < 3:
        print("usage: practice-validate.py EXERCISES_DIR POST_FILE [--timings] [--only NN] [--runs NN,NN]",
              file=sys.stderr)
        return 2
    directory, post_file = sys.argv[1], sys.argv[2]
    timings = "--timings" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    runs = sys.argv[sys.argv.index("--runs") + 1].split(",") if "--runs" in sys.argv else None
    post = post_blocks(post_file)
    if len(post) != 3:
        print(f"practice-validate: {post_file}: {len(post)} python blocks, expected the post's 3", file=sys.stderr)
        return 2
    names = sorted(name for name in os.listdir(directory) if re.match(r"^[0-9]{2}-[a-z0-9-]+$", name))
    if len(names) < 12:
        fail("exercises", f"only {len(names)} exercises; the course has at least 12")
    for name in names:
        if only and not name.startswith(only):
            continue
        print(f"{name}", flush=True)
        confirm_exercise(name, os.path.join(directory, name), post, timings, runs is None or name[:2] in runs)
    print(f"{len(names)} exercises, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
