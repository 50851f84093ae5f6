#!/usr/bin/env bats
# Amdahl's law and overheads: --serial-ms puts a serial part on the main thread's lane and
# --compare prints Amdahl's bound beside the speedup; pool --batch takes tasks N at a time
# (Python: chunksize); pool --arg-kb sends an argument with each task, and Python's pickling
# of it is measured. Invariants and formulas, never timings.

setup() {
	load helpers
	setup_test
	EVENTS="$BATS_TEST_TMPDIR/events.tsv"
}

json_field() {
	python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

@test "--serial-ms runs the serial part on a lane of its own, outside every task, before and after the workers" {
	run -0 --separate-stderr metaconc run spawn --workers 2 --tasks 4 --task-ms 20 --serial-ms 40 --json --events "$EVENTS"
	run -0 json_field "$output" 'd["serial_ms"], len(d["lanes"]), d["lanes"][2]["tasks"], d["tasks_done"], d["serial_wall_ms"] >= 40'
	assert_output "(40, 3, 0, 4, True)"
	# Lane 2 is the main thread: 40 slices of no task ("-"); the workers' slices all belong to tasks.
	run -0 awk -F'\t' '$2 == "run" { if ($1 == 2 && $7 == "-") serial++; else if ($7 == "-") stray++ }
		END { print serial + 0, stray + 0 }' "$EVENTS"
	assert_output "40 0"
	# Half of it before the first worker's first slice, half after the last one's.
	run -0 awk -F'\t' '$2 == "run" && $1 < 2 { if (first == "" || $3 < first) first = $3; if ($3 + $4 > last) last = $3 + $4 }
		$2 == "run" && $1 == 2 { s[++n] = $3 }
		END { before = 0; after = 0; for (i = 1; i <= n; i++) { if (s[i] < first) before++; if (s[i] >= last) after++ }
			print before, after }' "$EVENTS"
	assert_output "20 20"
}

@test "--compare with --serial-ms puts Amdahl's bound, from the measured serial fraction, beside the speedup" {
	run -0 --separate-stderr metaconc run spawn --workers 2 --tasks 4 --task-ms 30 --serial-ms 60 --compare --json
	json=$output
	run -0 json_field "$json" '0 < d["serial_fraction"] < 1, d["amdahl_at_once"], d["baseline"]["serial_ms"], len(d["baseline"]["lanes"])'
	assert_output "(True, 2, 60, 2)"
	# The bound is Amdahl's formula for the measured fraction: 1 / (s + (1 - s) / p).
	run -0 json_field "$json" 'abs(d["amdahl_bound"] - 1 / (d["serial_fraction"] + (1 - d["serial_fraction"]) / 2)) < 0.002'
	assert_output "True"
	run -0 metaconc run spawn --workers 2 --tasks 4 --task-ms 30 --serial-ms 60 --compare --plain
	assert_line --index 0 "spawn: 2 threads, 4 tasks of 30 ms CPU work, all CPUs, 60 ms serial"
	assert_line --regexp "^Amdahl's law: the serial part is [0-9.]+% of the sequential run, so 2 at once can be at most [0-9.]+x as fast$"
}

@test "every technique takes --serial-ms, and without --compare there is no bound to print" {
	for technique in spawn decorator pool gil sequential race async; do
		run -0 --separate-stderr metaconc run "$technique" --tasks 2 --task-ms 10 --serial-ms 10 --json
		run -0 json_field "$output" 'd["serial_ms"], d["tasks_done"], "amdahl_bound" in d, d["failed"]'
		assert_output "(10, 2, False, False)"
	done
}

@test "Python runs the serial part too, and its bound is measured on sequential Python" {
	command -v python3 >/dev/null || skip "python3 is not installed (CI must have it)"
	run -0 --separate-stderr metaconc run spawn --workers 2 --tasks 4 --task-ms 20 --serial-ms 40 --compare --python --json
	# Python's 40 ms are calibrated iterations (the fastest of nine tries), not a CPU clock: a
	# run can do them a little faster than the calibration did, so the part is asked for most of them.
	run -0 json_field "$output" '(lambda p: (p["python_version"][:2], p["serial_ms"], p["serial_wall_ms"] >= 30, p["rejected_lines"], 0 < p["serial_fraction"] < 1, p["baseline"]["tasks_done"]))(d["python"])'
	assert_output "('3.', 40, True, 0, True, 4)"
}

@test "pool --batch takes tasks N at a time and builds every instance, in C and in Python" {
	command -v python3 >/dev/null || skip "python3 is not installed (CI must have it)"
	run -0 --separate-stderr metaconc run pool --workers 2 --tasks 40 --task-ms 1 --batch 8 --python --json --events "$EVENTS"
	run -0 json_field "$output" 'd["batch"], d["results"], d["tasks_done"], d["python"]["batch"], d["python"]["results"], d["python"]["rejected_lines"]'
	assert_output "(8, 40, 40, 8, 40, 0)"
	# A process takes 8 consecutive tasks at a time: every run of task numbers on a lane starts at a multiple of 8.
	run -0 awk -F'\t' '$2 == "task_begin" { if ($7 != last[$1] + 1 && $7 % 8 != 0) bad++; last[$1] = $7 } END { print bad + 0 }' "$EVENTS"
	assert_output "0"
}

@test "pool --arg-kb: Python pickles the argument of each task, and what that costs is measured" {
	command -v python3 >/dev/null || skip "python3 is not installed (CI must have it)"
	run -0 --separate-stderr metaconc run pool --workers 2 --tasks 4 --task-ms 10 --arg-kb 256 --python --json
	run -0 json_field "$output" '(lambda p: (d["arg_kb"], d["results"], p["arg_kb"], p["pickle_bytes"] >= 256 * 1024 * 0.99, p["pickle_ms"] > 0, p["results"]))(d["python"])'
	assert_output "(256, 4, 256, True, True, 4)"
	run -0 metaconc run pool --workers 2 --tasks 4 --task-ms 10 --arg-kb 256 --batch 2 --python --plain
	assert_line --index 0 "pool: 2 processes, 4 tasks of 10 ms CPU work, all CPUs, taken 2 at a time, a 256 KiB argument each"
	assert_line --regexp "^python: one task's arguments pickle to [0-9]+ bytes in [0-9.]+ m?s; pickled once per message of 2 tasks: 2 times$"
}
