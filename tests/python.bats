#!/usr/bin/env bats
# metaconc run --python: the blog's techniques in real CPython beside their C versions, and
# what metaconc does when the Python side misbehaves (through METACONC_PYTHON, a stand-in).

setup() {
	load helpers
	setup_test
	command -v python3 >/dev/null || skip "python3 is not installed (CI must have it)"
	FAKE="$BATS_TEST_DIRNAME/fake-python"
	SCRIPTS="$BATS_TEST_DIRNAME/../python"
}

teardown() {
	kill_tagged_processes
}

# How many processes of the run have $1 in their command line.
count_tagged_running() {
	local pid count=0
	for pid in $(tagged_processes "$TEST_TAG"); do
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$1" && count=$((count + 1))
	done
	echo "$count"
}

# Prints one field of the "python" object of a --json summary (given as $1): $2 is a Python expression on p.
python_field() {
	python3 -c 'import json, sys; d = json.loads(sys.argv[1]); p = d["python"]; print(eval(sys.argv[2]))' "$1" "$2"
}

@test "every technique's --python run draws Python lanes and finishes every task" {
	local version
	version=$(python3 -c 'import platform; print(platform.python_version())')
	for technique in spawn decorator pool gil sequential race async; do
		workers=(--workers 2)
		[ "$technique" = async ] && workers=() # one thread, a lane per task
		run -0 --separate-stderr metaconc run "$technique" "${workers[@]}" --tasks 4 --task-ms 10 --python --json
		json=$output
		run -0 python_field "$json" 'p["technique"], p["script"], p["python_version"], p["tasks_done"], p["tasks_lost"], p["rejected_lines"], p["failed"]'
		assert_output "('$technique', '$technique.py', '$version', 4, 0, 0, False)"
		run -0 python_field "$json" '1 <= len(p["lanes"]) <= {"sequential": 1, "async": 4}.get(p["technique"], 2)'
		assert_output "True"
		run -0 python_field "$json" 'sum(lane["tasks"] for lane in p["lanes"])'
		assert_output 4
	done
}

@test "the plain timeline shows the Python lanes under the C ones" {
	run -0 metaconc run spawn --workers 2 --tasks 4 --task-ms 10 --python --plain
	assert_line --regexp '^in C: threads created in a loop'
	assert_line --regexp "^Python [0-9.]+, python/spawn.py: threads created in a loop, under the real GIL, same time scale$"
	# A C lane above the heading, a Python lane below it.
	heading=$(grep -n '^Python ' <<<"$output" | cut -d: -f1)
	first_c=$(grep -n '^A thread ' <<<"$output" | head -1 | cut -d: -f1)
	last_python=$(grep -n '^A thread ' <<<"$output" | tail -1 | cut -d: -f1)
	assert [ "$first_c" -lt "$heading" ]
	assert [ "$last_python" -gt "$heading" ]
	assert_line --regexp '^python: 4 of 4 tasks done, [0-9]+ events recorded, 0 dropped$'
}

@test "Python's pool lanes are the pool's worker processes, not python3 itself" {
	run -0 --separate-stderr metaconc run pool --workers 2 --tasks 4 --task-ms 10 --python --json
	json=$output
	run -0 python_field "$json" 'set(lane["kind"] for lane in p["lanes"])'
	assert_output "{'process'}"
	run -0 python_field "$json" 'len(set(lane["os_id"] for lane in p["lanes"])) == len(p["lanes"]), p["results"]'
	assert_output "(True, 4)"
	run -0 python_field "$json" 'p["pid"] > 0 and all(lane["os_id"] != p["pid"] for lane in p["lanes"])'
	assert_output "True"
	assert_no_process_left
}

@test "Python threads under the real GIL wait for it, and never use more than one CPU together" {
	run -0 --separate-stderr metaconc run gil --workers 2 --tasks 4 --task-ms 30 --python --json
	run -0 python_field "$output" 'all(lane["waiting_ms"] > 0 for lane in p["lanes"]), p["parallelism"] < 1.2'
	assert_output "(True, True)"
}

@test "the decorator's Python calls each run on a thread of their own, reusing lanes" {
	run -0 --separate-stderr metaconc run decorator --workers 2 --tasks 6 --task-ms 5 --python --json
	run -0 python_field "$output" 'sum(lane["lives"] for lane in p["lanes"]), len(p["lanes"]) <= 2, p["results"]'
	assert_output "(6, True, 6)"
}

@test "with --cpus 0 every Python slice ran on CPU 0, threads and processes alike" {
	[ "$(nproc)" -ge 2 ] || skip "needs two CPUs"
	for technique in spawn pool; do
		run -0 --separate-stderr metaconc run "$technique" --workers 2 --tasks 4 --task-ms 10 --cpus 0 --python --json
		run -0 python_field "$output" 'p["cpu_utilisation"][0] > 0, sum(p["cpu_utilisation"][1:])'
		assert_output "(True, 0.0)"
	done
}

@test "--python --compare runs sequential Python too and reports the speedup over it" {
	run -0 --separate-stderr metaconc run spawn --workers 2 --tasks 4 --task-ms 10 --python --compare --json
	run -0 python_field "$output" 'p["baseline"]["technique"], p["baseline"]["tasks_done"], p["speedup"] > 0'
	assert_output "('sequential', 4, True)"
	run -0 metaconc run spawn --workers 2 --tasks 4 --task-ms 10 --python --compare --plain
	assert_line --regexp '^Python [0-9.]+, python/sequential.py: the sequential baseline, same time scale$'
	assert_line --regexp '^python: speedup [0-9]+\.[0-9]+x over sequential Python \(sequential: wall [0-9.]+ (s|ms)\)$'
}

@test "each Python script runs on its own and exits 0" {
	for technique in spawn decorator pool gil sequential; do
		run -0 python3 "$SCRIPTS/$technique.py" --workers 2 --tasks 2 --task-ms 5
		assert_output --regexp "^$technique: .* in [0-9.]+ s"
	done
	run -0 python3 "$SCRIPTS/decorator.py" --workers 2 --tasks 2 --task-ms 1
	assert_output --partial "calls of work_on()" # functools.wraps kept the name
}

@test "without ctypes the probe still reports each slice's CPU, read from /proc/self/task/TID/stat" {
	cd "$SCRIPTS"
	run -0 env METACONC_EVENTS_FD=3 python3 -c 'import runpy, sys
sys.modules["ctypes"] = None  # as in a Python built without it
sys.argv = ["spawn.py", "--workers", "1", "--tasks", "1", "--task-ms", "5"]
runpy.run_path("spawn.py", run_name="__main__")' 3>"$BATS_TEST_TMPDIR/events"
	run -0 grep -c -E '^run [0-9]+ [0-9]+ [0-9]+ [0-9]+ [0-9]+ [0-9]+ - 0$' "$BATS_TEST_TMPDIR/events"
	assert_output 5
}

@test "each Python script marks the region a lesson quotes" {
	for pair in spawn:spawn decorator:concurrent pool:parallel-meta pool:pickling-cost gil:gil sequential:sequential \
		race:race-account race:race-threads async:async-task async:async-blocking async:async-main \
		metaconc_probe:serial-part; do
		script=$SCRIPTS/${pair%%:*}.py
		run -0 grep -c -x "[[:space:]]*# region: ${pair#*:}" "$script"
		assert_output 1
		# Every region that opens is closed.
		regions=$(grep -c -x "[[:space:]]*# region: .*" "$script")
		run -0 grep -c -x "[[:space:]]*# endregion" "$script"
		assert_output "$regions"
	done
}

@test "without python3, --python says so in one line and exits 2 before running anything" {
	METACONC_PYTHON=/nonexistent/python3 run -2 --separate-stderr metaconc run spawn --python --task-ms 1
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr_lines[0]}" "metaconc: --python: METACONC_PYTHON=/nonexistent/python3: No such file or directory"
	assert_output ""
	run -2 --separate-stderr env PATH=/nonexistent METACONC_TEST_TAG="$TEST_TAG" "$METACONC" run spawn --python --task-ms 1
	assert_equal "${stderr_lines[0]}" "metaconc: --python: python3 is not installed (not found in PATH); install it, or name an interpreter in METACONC_PYTHON"
	assert_output ""
}

@test "an interpreter that cannot be executed is refused in one line, exit 2" {
	cp "$FAKE" "$BATS_TEST_TMPDIR/not-executable"
	chmod -x "$BATS_TEST_TMPDIR/not-executable"
	METACONC_PYTHON=$BATS_TEST_TMPDIR/not-executable run -2 --separate-stderr metaconc run spawn --python --task-ms 1
	assert_equal "${stderr_lines[0]}" "metaconc: --python: METACONC_PYTHON=$BATS_TEST_TMPDIR/not-executable: Permission denied"
}

@test "malformed and hostile protocol lines are dropped and counted, and the run fails with exit 1" {
	FAKE_MODE=garbage METACONC_PYTHON=$FAKE run -1 metaconc run spawn --workers 2 --tasks 3 --task-ms 5 --python --plain
	assert_line "python: 7 protocol lines rejected; the first, line 5: unknown kind of record"
	assert_line --regexp '^python: 3 of 3 tasks done, [0-9]+ events recorded, 0 dropped$'
	FAKE_MODE=garbage METACONC_PYTHON=$FAKE run -1 --separate-stderr metaconc run spawn --workers 2 --tasks 3 --task-ms 5 --python --json
	run -0 python_field "$output" 'p["lines"], p["rejected_lines"], p["first_rejected_line"], p["failed"]'
	assert_output "(20, 7, 5, True)"
	assert_no_process_left
}

@test "a Python process that dies by a signal is shown crashed on its lane, exit 1" {
	FAKE_MODE=crash METACONC_PYTHON=$FAKE run -1 metaconc run spawn --workers 2 --tasks 3 --task-ms 5 --python --plain
	assert_line --regexp '^python worker A \(thread [0-9]+\) crashed: killed by signal 11 \(Segmentation fault\)$'
	assert_line "python: the run failed: python3 was killed by signal 11 (Segmentation fault)"
	assert_line "python: 3 tasks never finished"
	python_lane=$(sed -n '/^Python /,$p' <<<"$output" | grep -E '^A thread ')
	assert_regex "$python_lane" 'X+ *$' # X to the end of the Python run (a longer C run pads the row)
	assert_no_process_left
}

@test "a Python process that exits with an error shows its last line, made safe for the terminal" {
	FAKE_MODE=exit3 METACONC_PYTHON=$FAKE run -1 metaconc run spawn --workers 2 --tasks 3 --task-ms 5 --python --plain
	assert_line "python: the run failed: python3 exited with status 3: ValueError: boom ?[31m in red"
	assert_line --regexp '^python worker A \(thread [0-9]+\) failed: exited with status 3$'
}

@test "a Python process that hangs is killed with its children, shown hung, exit 1" {
	FAKE_MODE=hang METACONC_PYTHON=$FAKE run -1 metaconc run spawn --workers 2 --tasks 3 --task-ms 5 --python --plain
	assert_line --regexp '^python worker A \(thread [0-9]+\) hung: it recorded nothing for too long, so it was stopped$'
	assert_line "python: the run failed: python3 reported nothing for 1.0 s, so it was killed as hung"
	assert_no_process_left
}

@test "a process the script leaves behind is killed and reaped" {
	FAKE_MODE=orphan METACONC_PYTHON=$FAKE run -0 metaconc run spawn --workers 2 --tasks 3 --task-ms 5 --python --plain
	assert_line --regexp '^python: 3 of 3 tasks done'
	assert_no_process_left
}

@test "a script that floods the pipe with garbage is stopped" {
	FAKE_MODE=flood METACONC_PYTHON=$FAKE run -1 metaconc run spawn --workers 2 --tasks 3 --task-ms 5 --python --plain
	assert_line "python: the run failed: python3 wrote more than 1000 malformed lines, so it was stopped"
	assert_no_process_left
}

@test "a script that reports nothing at all is a failed run" {
	FAKE_MODE=silent METACONC_PYTHON=$FAKE run -1 metaconc run spawn --workers 2 --tasks 3 --task-ms 5 --python --plain
	assert_line "python: the run failed: python3 exited without reporting anything (not a metaconc script?)"
}

# Starts a run whose Python part does not end by itself, waits until it is under way, sends $1,
# and checks the exit status ($2), the message, and that no process of the run is left.
interrupt_python() {
	local signal=$1 expected=$2
	FAKE_MODE=endless METACONC_PYTHON=$FAKE metaconc_background run spawn --workers 2 --tasks 2 --task-ms 5 \
		--python --plain >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	local pid=$!
	# metaconc, the stand-in and its child.
	wait_until "[ \$(tagged_processes $TEST_TAG | wc -l) -ge 3 ]" 10
	kill -s "$signal" "$pid"
	local status=0
	wait "$pid" || status=$?
	assert_equal "$status" "$expected"
	run -0 cat "$BATS_TEST_TMPDIR/err"
	assert_output "metaconc: interrupted by SIG$signal: every worker was stopped and reaped"
	assert_no_process_left
}

@test "SIGINT during the Python run stops its whole process group, exit 130" {
	interrupt_python INT 130
}

@test "SIGTERM during the Python run stops its whole process group, exit 143" {
	interrupt_python TERM 143
}

@test "SIGINT during a real Python pool stops python3 and the pool's processes" {
	metaconc_background run pool --workers 2 --tasks 2 --task-ms 1500 --python --plain >/dev/null 2>&1
	local pid=$!
	# metaconc, python3 and its two pool processes (after the C pool's have gone).
	wait_until '[ "$(count_tagged_running pool.py)" -ge 3 ]' 15
	kill -INT "$pid"
	local status=0
	wait "$pid" || status=$?
	assert_equal "$status" 130
	assert_no_process_left
}

@test "a grandchild in a session of its own that keeps writing the events pipe cannot hold the run: exit 1, nothing left" {
	# setsid() takes it out of the script's process group; the guard still finds it.
	FAKE_MODE=setsid-writer METACONC_PYTHON=$FAKE run -1 env METACONC_TEST_TAG="$TEST_TAG" timeout -s KILL 20 "$METACONC" run spawn --workers 2 \
		--tasks 3 --task-ms 5 --python --plain
	assert_line "python: the run failed: python3 exited before reporting its run done"
	assert_no_process_left
}

@test "a grandchild in a session of its own that sleeps is killed when the script exits, exit 0" {
	FAKE_MODE=setsid-sleeper METACONC_PYTHON=$FAKE run -0 metaconc run spawn --workers 2 --tasks 3 --task-ms 5 \
		--python --plain
	assert_line --regexp '^python: 3 of 3 tasks done'
	assert_no_process_left
}

@test "a script that reports valid work forever is killed as hung at its deadline, exit 1" {
	FAKE_MODE=blocks METACONC_PYTHON=$FAKE run -1 env METACONC_TEST_TAG="$TEST_TAG" timeout -s KILL 30 "$METACONC" run spawn --workers 2 --tasks 3 \
		--task-ms 5 --python --plain
	assert_line "python: the run failed: python3 was still running 5.0 s after it started, far longer than 3 tasks of 5 ms take, so it was killed as hung"
	assert_line --regexp '^python worker A \(thread [0-9]+\) hung: '
	run -0 ls -A "$BATS_TEST_TMPDIR"
	assert_no_process_left
}

# Kills metaconc ($1) outright, then waits for every process of the run to go.
kill_metaconc_outright() {
	kill -KILL "$1"
	wait "$1" || true
	# The guard sees metaconc die and kills the tree at once: well within 3 s of wall time (a scan
	# of /proc can take a second on a busy machine, so wait_until's count of tries would be longer).
	local deadline=$((SECONDS + 3))
	while [ -n "$(tagged_processes "$TEST_TAG")" ] && [ "$SECONDS" -lt "$deadline" ]; do
		sleep 0.05
	done
	assert_no_process_left
}

@test "SIGKILL of metaconc during a Python pool leaves no pool process behind" {
	metaconc_background run pool --workers 2 --tasks 2 --task-ms 3000 --python --plain >/dev/null 2>&1
	local pid=$!
	wait_until '[ "$(count_tagged_running pool.py)" -ge 3 ]' 20
	kill_metaconc_outright "$pid"
}

@test "SIGKILL of metaconc leaves none of the script's processes, whatever their depth or session" {
	# The stand-in forks two workers that burn CPU and never write: nothing tells them metaconc died.
	# A short C run; the Python run's deadline (10 times 64 tasks of 100 ms) is far off.
	FAKE_MODE=pool-burn METACONC_PYTHON=$FAKE metaconc_background run spawn --workers 8 --tasks 64 \
		--task-ms 100 --python --plain >/dev/null 2>&1
	local pid=$!
	wait_until '[ "$(count_tagged_running fake-python)" -ge 3 ]' 15
	kill_metaconc_outright "$pid"
}
