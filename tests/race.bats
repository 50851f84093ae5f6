#!/usr/bin/env bats
# metaconc run race: threads updating one shared balance lose updates without a lock, none with
# one, and the lock's waiting shows on the timeline. Invariants only: counts, not timings.

setup() {
	load helpers
	setup_test
	EVENTS="$BATS_TEST_TMPDIR/events.tsv"
}

# Prints fields of a --json summary (given as $1): $2 is a Python expression on d.
json_field() {
	python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

@test "race without a lock loses updates on every run, counted exactly" {
	for attempt in 1 2 3; do
		run -0 --separate-stderr metaconc run race --workers 2 --tasks 4 --task-ms 100 --json
		json=$output
		# 4 tasks of 100 ms make 50 deposits each: 200 deposits of 1.
		run -0 json_field "$json" 'd["lock"], d["expected"], d["expected"] - d["final"] == d["lost_updates"], d["failed"]'
		assert_output "(False, 200, True, False)"
		run -0 json_field "$json" 'd["lost_updates"] > 0'
		assert_output "True"
	done
}

@test "race on one CPU loses updates too: a thread is preempted between its read and its write" {
	run -0 --separate-stderr metaconc run race --workers 2 --tasks 4 --task-ms 200 --cpus 0 --json
	run -0 json_field "$output" 'd["lost_updates"] > 0, d["expected"] - d["final"] == d["lost_updates"], d["cpus"]'
	assert_output "(True, True, '0')"
}

@test "race --lock loses no update, and the lanes wait for the lock" {
	for attempt in 1 2; do
		run -0 --separate-stderr metaconc run race --lock --workers 2 --tasks 4 --task-ms 100 --json --events "$EVENTS"
		run -0 json_field "$output" 'd["lock"], d["expected"], d["final"], d["lost_updates"], sum(l["waiting_ms"] for l in d["lanes"]) > 0'
		assert_output "(True, 200, 200, 0, True)"
		# The waits are recorded intervals, in the tasks, on the threads' own lanes.
		run -0 awk -F'\t' '$2 == "wait" && $7 != "-" { n++ } END { print n + 0 }' "$EVENTS"
		assert [ "$output" -gt 0 ]
	done
}

@test "race with I/O or mixed work counts every deposit, and the lock still loses none" {
	for work in io mixed; do
		run -0 --separate-stderr metaconc run race --work "$work" --tasks 4 --task-ms 40 --json
		run -0 json_field "$output" 'd["expected"], d["expected"] - d["final"] == d["lost_updates"], d["lost_updates"] > 0'
		assert_output "(80, True, True)"
		run -0 --separate-stderr metaconc run race --work "$work" --lock --tasks 4 --task-ms 40 --json
		run -0 json_field "$output" 'd["expected"], d["final"]'
		assert_output "(80, 80)"
	done
}

@test "race's plain summary says what was lost, and its legend what the lanes wait for" {
	run -0 metaconc run race --tasks 2 --task-ms 40 --plain --width 100
	assert_line --index 0 "race: 2 threads, 2 tasks of 40 ms CPU work, all CPUs, no lock"
	assert_line --regexp '^40 deposits made, balance [0-9]+: [0-9]+ lost updates \([0-9.]+%\), no lock$'
	assert_line --regexp '~ waiting for the lock \(or the GIL\)$'
	run -0 metaconc run race --lock --tasks 2 --task-ms 40 --plain --width 100
	assert_line --index 0 "race: 2 threads, 2 tasks of 40 ms CPU work, all CPUs, each deposit holding a mutex"
	assert_line --regexp '^40 deposits made, balance 40: 0 lost updates; the threads waited [0-9.]+ m?s in all for the lock$'
	# Beside the run it is compared with, and over a baseline that has no lock of its own.
	run -0 metaconc run race --lock --tasks 2 --task-ms 40 --vs 'race --tasks 2 --task-ms 40' --compare --plain --trace "$BATS_TEST_TMPDIR/t.json"
	assert_line --regexp '^40 deposits made, balance 40: 0 lost updates; '
	assert_line --regexp '^the run compared with: 40 deposits made, balance [0-9]+: [0-9]+ lost updates \([0-9.]+%\), no lock$'
	run -0 grep -c 'sequential: 1 thread, 2 tasks of 40 ms CPU work, all CPUs"' "$BATS_TEST_TMPDIR/t.json"
}

@test "race --lock writes its waits to a Chrome trace as waiting for the lock" {
	TRACE="$BATS_TEST_TMPDIR/race.json"
	run -0 metaconc run race --lock --tasks 4 --task-ms 40 --plain --trace "$TRACE"
	run -0 python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["displayTimeUnit"])' "$TRACE"
	run -0 grep -c '"name":"waiting for the lock (or the GIL)","cat":"wait","pid":1,' "$TRACE"
	assert [ "$output" -gt 0 ]
}

@test "race --python: CPython threads lose updates without a lock and none with one" {
	command -v python3 >/dev/null || skip "python3 is not installed (CI must have it)"
	local version
	version=$(python3 -c 'import platform; print(platform.python_version())')
	run -0 --separate-stderr metaconc run race --python --workers 2 --tasks 4 --task-ms 100 --json
	run -0 json_field "$output" '(lambda p: (p["python_version"], p["script"], p["rejected_lines"], p["failed"], p["expected"] > 0, p["expected"] - p["final"] == p["lost_updates"], p["lost_updates"] > 0))(d["python"])'
	assert_output "('$version', 'race.py', 0, False, True, True, True)"
	# Short tasks with the lock: CPython's threads hand the lock and the GIL back and forth, and take
	# many times their work (0.9 s for these 80 ms; 3.3 to 5.3 s for 4 tasks of 100 ms).
	run -0 --separate-stderr metaconc run race --python --lock --workers 2 --tasks 4 --task-ms 20 --json
	run -0 json_field "$output" '(lambda p: (p["python_version"], p["lock"], p["rejected_lines"], p["expected"] == p["final"] > 0, p["lost_updates"], sum(l["waiting_ms"] for l in p["lanes"]) > 0))(d["python"])'
	assert_output "('$version', True, 0, True, 0, True)"
}
