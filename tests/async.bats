#!/usr/bin/env bats
# metaconc run async: one thread, an event loop, a lane per task. Concurrency without
# parallelism: never two tasks running at once; a blocking call stalls them all; offloaded, it
# does not. Invariants of the recorded trace only, never timings.

setup() {
	load helpers
	setup_test
	EVENTS="$BATS_TEST_TMPDIR/events.tsv"
	TRACE="$BATS_TEST_TMPDIR/trace.json"
}

json_field() {
	python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

# Prints "overlap" if run intervals of two different lanes among lanes 0..$2-1 of events file $1 overlap.
run_overlap() {
	awk -F'\t' -v lanes="$2" '$2 == "run" && $1 < lanes { n++; w[n] = $1; s[n] = $3; e[n] = $3 + $4 }
		END { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (w[i] != w[j] && s[i] < e[j] && s[j] < e[i]) { print "overlap"; exit }
			print "none" }' "$1"
}

@test "async runs every task on one thread, a lane each, and never two at once" {
	for work in cpu io mixed; do
		run -0 --separate-stderr metaconc run async --tasks 4 --task-ms 40 --work "$work" --json --events "$EVENTS"
		run -0 json_field "$output" 'd["workers"], d["tasks_done"], len(d["lanes"]), len({l["os_id"] for l in d["lanes"]}), [l["tasks"] for l in d["lanes"]], d["failed"]'
		assert_output "(1, 4, 4, 1, [1, 1, 1, 1], False)"
		run -0 run_overlap "$EVENTS" 4
		assert_output "none"
	done
}

@test "async tasks wait for the event loop while another runs, and await their I/O together" {
	run -0 --separate-stderr metaconc run async --tasks 4 --task-ms 40 --work mixed --json --events "$EVENTS"
	run -0 json_field "$output" 'all(l["running_ms"] > 0 and l["waiting_ms"] > 0 and l["blocked_ms"] > 0 for l in d["lanes"])'
	assert_output "True"
	# Concurrency: the I/O waits of different tasks overlap in time.
	run -0 awk -F'\t' '$2 == "block" { n++; w[n] = $1; s[n] = $3; e[n] = $3 + $4 }
		END { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (w[i] != w[j] && s[i] < e[j] && s[j] < e[i]) { print "overlap"; exit } }' "$EVENTS"
	assert_output "overlap"
}

@test "--blocking: while the first task's blocking call runs, no task runs and the others wait" {
	run -0 --separate-stderr metaconc run async --tasks 4 --task-ms 60 --blocking --json --events "$EVENTS"
	run -0 json_field "$output" 'd["blocking"], d["offload"], d["tasks_done"], len(d["lanes"])'
	assert_output "(True, False, 4, 4)"
	# With CPU work, lane 0's only blocked interval is the blocking call.
	run -0 awk -F'\t' '$1 == 0 && $2 == "block" { n++; s = $3; e = $3 + $4 } END { print n, s, e }' "$EVENTS"
	read -r count start end <<<"$output"
	assert_equal "$count" 1
	# No task ran during it; every other task was ready and waiting for the loop meanwhile.
	run -0 awk -F'\t' -v s="$start" -v e="$end" '$2 == "run" && $3 < e && $3 + $4 > s { print }' "$EVENTS"
	assert_output ""
	run -0 awk -F'\t' -v s="$start" -v e="$end" '$1 > 0 && $2 == "wait" && $3 <= s && $3 + $4 >= e { w[$1] = 1 }
		END { print length(w) }' "$EVENTS"
	assert_output "3"
}

@test "--offload: the blocking call runs on a helper thread's lane while the other tasks run" {
	run -0 --separate-stderr metaconc run async --tasks 4 --task-ms 60 --offload --json --events "$EVENTS"
	run -0 json_field "$output" 'd["offload"], d["tasks_done"], len(d["lanes"]), d["lanes"][4]["os_id"] != d["lanes"][0]["os_id"], len({l["os_id"] for l in d["lanes"][:4]})'
	assert_output "(True, 4, 5, True, 1)"
	run -0 awk -F'\t' '$1 == 4 && $2 == "block" { n++; s = $3; e = $3 + $4 } END { print n, s, e }' "$EVENTS"
	read -r count start end <<<"$output"
	assert_equal "$count" 1
	# Task A awaits the helper (blocked), while other tasks run: the loop is not stalled.
	run -0 awk -F'\t' -v s="$start" -v e="$end" '$1 >= 1 && $1 <= 3 && $2 == "run" && $3 < e && $3 + $4 > s { n++ }
		END { print n + 0 }' "$EVENTS"
	assert [ "$output" -gt 0 ]
	run -0 run_overlap "$EVENTS" 4
	assert_output "none"
}

@test "async's plain timeline names the event loop, and a crashed task leaves the others running" {
	run -0 metaconc run async --tasks 3 --task-ms 30 --plain --width 100
	assert_line --index 0 "async: 1 thread, 3 tasks of 30 ms CPU work, all CPUs"
	assert_line --regexp '~ ready, waiting for the event loop$'
	assert_line --regexp '^C thread [0-9]+ '
	run -1 metaconc run async --tasks 3 --task-ms 30 --fault crash:1 --plain --width 100
	assert_line '2 of 3 tasks done, '"$(grep -o '[0-9]* events recorded, [0-9]* dropped' <<<"$output")"
	assert_line --regexp '^worker B \(thread [0-9]+\) failed: its task returned an error$'
}

@test "async --python: real asyncio, a lane per task on one thread, never two running at once" {
	command -v python3 >/dev/null || skip "python3 is not installed (CI must have it)"
	local version
	version=$(python3 -c 'import platform; print(platform.python_version())')
	for option in "" --blocking --offload; do
		run -0 --separate-stderr metaconc run async --tasks 4 --task-ms 40 --work mixed $option --python --json --trace "$TRACE"
		run -0 json_field "$output" '(lambda p: (p["python_version"], p["script"], p["tasks_done"], p["rejected_lines"], p["failed"], len({l["os_id"] for l in p["lanes"][:4]})))(d["python"])'
		assert_output "('$version', 'async.py', 4, 0, False, 1)"
		# In the Chrome trace, the Python run (pid 2): the run slices of its four task lanes never overlap.
		run -0 python3 - "$TRACE" <<-'PY'
			import json, sys
			events = [e for e in json.load(open(sys.argv[1]))["traceEvents"]
			          if e.get("pid") == 2 and e.get("cat") == "run" and e["tid"] <= 4]
			events.sort(key=lambda e: e["ts"])
			overlaps = sum(1 for a, b in zip(events, events[1:]) if b["ts"] < a["ts"] + a["dur"] - 0.001)
			print(len({e["tid"] for e in events}), overlaps)
		PY
		assert_output "4 0"
	done
}

@test "async --python --blocking: no task runs while the blocking call runs" {
	command -v python3 >/dev/null || skip "python3 is not installed (CI must have it)"
	run -0 --separate-stderr metaconc run async --tasks 4 --task-ms 60 --blocking --python --json --trace "$TRACE"
	run -0 python3 - "$TRACE" <<-'PY'
		import json, sys
		events = [e for e in json.load(open(sys.argv[1]))["traceEvents"] if e.get("pid") == 2 and e.get("ph") == "X"]
		call = [e for e in events if e["tid"] == 1 and e["cat"] == "block"]
		ran = [e for e in events if e["cat"] == "run" and any(
		    e["ts"] < c["ts"] + c["dur"] - 0.001 and c["ts"] < e["ts"] + e["dur"] - 0.001 for c in call)]
		print(len(call), len(ran))
	PY
	assert_output "1 0"
}
