#!/usr/bin/env bats
# metaconc run --trace FILE: the run as Chrome Trace Event JSON, written whole or not at all.

setup() {
	load helpers
	setup_test
	command -v python3 >/dev/null || skip "python3 is not installed (CI must have it)"
	TRACE="$BATS_TEST_TMPDIR/trace.json"
	SUMMARY="$BATS_TEST_TMPDIR/summary.json"
}

teardown() {
	kill_tagged_processes
}

# Checks the trace $1 against the --json summary $2 of the same run, with python's json
# module, and prints what it found: the lanes of each trace process, then the CPU lanes.
check_trace() {
	python3 - "$1" "$2" <<'PY'
import json, sys

trace = json.load(open(sys.argv[1]))
summary = json.load(open(sys.argv[2]))
events = trace["traceEvents"]
runs = [summary]
if "baseline" in summary:
    runs.append(summary["baseline"])
if "python" in summary:
    runs.append(summary["python"])
    if "baseline" in summary["python"]:
        runs.append(summary["python"]["baseline"])
cpu_pid = len(runs) + 1

names, threads, slices = {}, {}, {}
for e in events:
    assert e["ph"] in ("X", "M", "i"), e
    assert isinstance(e["pid"], int) and isinstance(e["tid"], int) and isinstance(e["name"], str), e
    if e["ph"] == "M" and e["name"] == "process_name":
        names[e["pid"]] = e["args"]["name"]
    if e["ph"] == "M" and e["name"] == "thread_name":
        threads.setdefault(e["pid"], []).append(e["tid"])
    if e["ph"] == "X":
        assert isinstance(e["ts"], (int, float)) and e["ts"] >= 0, e
        assert isinstance(e["dur"], (int, float)) and e["dur"] >= 0, e
        if e["pid"] != cpu_pid:
            assert "cpu" in e["args"], e
        slices.setdefault((e["pid"], e["tid"]), []).append((e["ts"], e["ts"] + e["dur"]))

assert sorted(names) == list(range(1, cpu_pid + 1)), names
for pid, run in enumerate(runs, 1):
    # One thread_name record per lane, and no two for the same thread.
    assert sorted(threads[pid]) == list(range(1, len(run["lanes"]) + 1)), (pid, threads[pid])
    assert any(tid_pid == pid for tid_pid, _ in slices), pid
overlaps = 0
for (pid, tid), spans in slices.items():
    if pid == cpu_pid:
        spans.sort()
        overlaps += sum(1 for a, b in zip(spans, spans[1:]) if b[0] < a[1] - 0.001)
print("lanes", *[len(threads[pid]) for pid in range(1, cpu_pid)], "cpus", len(threads[cpu_pid]),
      "overlaps", overlaps)
PY
}

@test "--trace writes Chrome Trace JSON with X events, names for every process and lane, and CPU lanes" {
	run -0 --separate-stderr metaconc run spawn --workers 2 --tasks 4 --task-ms 10 --json --trace "$TRACE"
	echo "$output" >"$SUMMARY"
	run -0 check_trace "$TRACE" "$SUMMARY"
	assert_output "lanes 2 cpus $(getconf _NPROCESSORS_CONF) overlaps 0"
	run -0 grep -c '"ph":"X","name":"task [0-9]*","cat":"run","pid":1,"tid":[12],"ts":[0-9.]*,"dur":[0-9.]*,"args":{"cpu":[0-9]' "$TRACE"
	assert [ "$output" -ge 40 ]
}

@test "the trace holds the C run, its baseline, the Python run and sequential Python, one thread name per lane" {
	run -0 --separate-stderr metaconc run pool --workers 2 --tasks 4 --task-ms 10 --compare --python --json --trace "$TRACE"
	echo "$output" >"$SUMMARY"
	run -0 check_trace "$TRACE" "$SUMMARY"
	assert_output --regexp "^lanes 2 1 [12] 1 cpus [0-9]+ overlaps 0$"
	run -0 python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))
names = [e["args"]["name"] for e in t["traceEvents"] if e["name"] == "process_name"]
print(*[n.split(",")[0] for n in names], sep="|")' "$TRACE"
	assert_output "the run|sequential baseline|the run in Python|sequential baseline in Python|CPUs: which lane ran on each CPU"
}

@test "the GIL's waits are in the trace, for the simulated GIL and the real one" {
	run -0 --separate-stderr metaconc run gil --workers 2 --tasks 4 --task-ms 20 --python --json --trace "$TRACE"
	run -0 grep -c '"name":"waiting for the GIL","cat":"wait","pid":1,' "$TRACE"
	assert [ "$output" -gt 0 ]
	run -0 grep -c '"name":"waiting for the GIL","cat":"wait","pid":2,' "$TRACE"
	assert [ "$output" -gt 0 ]
}

@test "a crashed worker is an instant event in the trace, and the trace is still written" {
	run -1 --separate-stderr metaconc run pool --workers 2 --tasks 4 --task-ms 20 --fault crash --plain --trace "$TRACE"
	run -0 grep -c '"ph":"i","name":"crashed: killed by a signal","cat":"crash","pid":1,"tid":1,' "$TRACE"
	assert_output 1
	assert_no_process_left
}

@test "an unwritable --trace path fails before running, exit 2, and leaves nothing behind" {
	mkdir "$BATS_TEST_TMPDIR/out"
	touch "$BATS_TEST_TMPDIR/out/a-file"
	run -2 --separate-stderr metaconc run spawn --task-ms 1 --trace "$BATS_TEST_TMPDIR/out/a-file/trace.json"
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^metaconc: --trace: .*/out/a-file/trace.json: cannot write: Not a directory$'
	assert_output ""
	run -2 --separate-stderr metaconc run spawn --task-ms 1 --trace "$BATS_TEST_TMPDIR/missing/trace.json"
	assert_regex "${stderr_lines[0]}" '^metaconc: --trace: .*/missing/trace.json: cannot write: No such file or directory$'
	run -0 ls -A "$BATS_TEST_TMPDIR/out"
	assert_output "a-file"
	assert [ ! -e "$BATS_TEST_TMPDIR/missing" ]
}

@test "an interrupted run leaves no trace file, not even a temporary one" {
	mkdir "$BATS_TEST_TMPDIR/out"
	metaconc_background run spawn --workers 2 --tasks 4 --task-ms 5000 --plain --trace "$BATS_TEST_TMPDIR/out/trace.json" \
		>/dev/null 2>&1
	local pid=$!
	wait_until "[ \$(ls /proc/$pid/task 2>/dev/null | wc -l) -ge 2 ]" 10
	kill -INT "$pid"
	local status=0
	wait "$pid" || status=$?
	assert_equal "$status" 130
	run -0 ls -A "$BATS_TEST_TMPDIR/out"
	assert_output ""
}

@test "a trace replaces an older file at its path" {
	echo "old" >"$TRACE"
	run -0 metaconc run sequential --tasks 2 --task-ms 5 --plain --trace "$TRACE"
	run -0 python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["traceEvents"]) > 0)' "$TRACE"
	assert_output "True"
}
