#!/usr/bin/env bats
# metaconc trace: any program's threads and processes, from outside. The programs traced are the
# tests' own (tests/trace_program.c, tests/trace_pool.py), each showing one behaviour.

setup_file() {
	export PROGRAM="$BATS_FILE_TMPDIR/trace_program"
	cc -O1 -pthread -o "$PROGRAM" "$BATS_TEST_DIRNAME/trace_program.c"
}

setup() {
	load helpers
	setup_test
	OUT="$BATS_TEST_TMPDIR"
	# The interpreter itself, not a shim that starts a shell script first.
	PYTHON=$(python3 -c 'import sys; print(sys.executable)')
}

teardown() {
	kill_tagged_processes
}

# Runs `metaconc trace --json -- ARGS...`, keeping the JSON (the last line of stdout) in $OUT/trace.json.
trace_json() {
	metaconc trace --json -- "$@" >"$OUT/stdout" 2>"$OUT/stderr"
	local status=$?
	tail -n 1 "$OUT/stdout" >"$OUT/trace.json"
	return $status
}

# Waits for the background job $1 (in this shell: `run` would wait from a subshell) and checks its status is $2.
assert_job_status() {
	local status=0
	wait "$1" || status=$?
	assert_equal "$status" "$2"
}

# Evaluates a Python expression over the JSON in $OUT/trace.json (as `d`) and prints it.
json() {
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($1)" "$OUT/trace.json"
}

# Fails unless every lane's four state times add up to its lifetime within 5 %.
assert_lanes_add_up() {
	run -0 python3 - "$OUT/trace.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["lanes"], "no lanes"
for lane in d["lanes"]:
    life = lane["ended_ms"] - lane["started_ms"]
    total = lane["running_ms"] + lane["preempted_ms"] + lane["waiting_ms"] + lane["blocked_ms"]
    assert abs(total - life) <= max(0.05 * life, 0.005), (lane, total, life)
print(len(d["lanes"]), "lanes add up")
PY
}

@test "trace --help and help trace say what it shows, what it needs and its exit statuses" {
	run -0 metaconc trace --help
	assert_output --partial "usage: metaconc trace [OPTIONS] -- COMMAND [ARGS...]"
	assert_output --partial "--pid PID"
	assert_output --partial "ptrace_scope"
	assert_output --partial "waiting on a lock"
	assert_output --partial "128+N"
	run -0 metaconc help trace
	assert_output --partial "Privileges"
}

@test "the manual page documents every trace option and every key of trace's JSON" {
	local page option key
	page=$(MANWIDTH=200 MAN_KEEP_FORMATTING= man -l "$BATS_TEST_DIRNAME/../man/metaconc.1" 2>/dev/null | col -b)
	run -0 metaconc help trace
	for option in $(grep -oE '^  --[a-z-]+' <<<"$output" | tr -d ' '); do
		grep -qE -- "^ +$option( |$)" <<<"$page" || fail "the manual page does not document $option"
	done
	for key in command exit_status wall_ms cpu_ms parallelism cpu_utilisation lanes processes kind pid os_id \
		name process started_ms ended_ms running_ms preempted_ms waiting_ms blocked_ms ppid signal; do
		grep -qw -- "$key" <<<"$page" || fail "the manual page does not document the JSON key $key"
	done
}

@test "trace without a command, with -- but nothing after it, or without -- fails with one line and 2" {
	run -2 metaconc trace
	assert_output "metaconc: trace: no command to trace: metaconc trace [OPTIONS] -- COMMAND [ARGS...], or --pid PID"
	run -2 metaconc trace --plain --
	assert_output --partial "no command to trace"
	run -2 metaconc trace "$PROGRAM" exit 0
	assert_output "metaconc: trace: put -- before the command: metaconc trace [OPTIONS] -- $PROGRAM ..."
}

@test "trace rejects a bad rate, width or option, and --pid with a command, each with one line and 2" {
	run -2 metaconc trace --rate 0 -- true
	assert_output "metaconc: trace: --rate: 0 is out of range: use a number from 1 to 10000"
	run -2 metaconc trace --rate fast -- true
	assert_output --partial "--rate: expected a whole number"
	run -2 metaconc trace --rate 10001 -- true
	run -2 metaconc trace --width 5 -- true
	assert_output --partial "--width"
	run -2 metaconc trace --rate
	assert_output "metaconc: trace: --rate needs a value"
	run -2 metaconc trace --colour -- true
	assert_output "metaconc: trace: unknown option \"--colour\"; see 'metaconc help trace'"
	run -2 metaconc trace --pid 1 -- true
	assert_output "metaconc: trace: give a command after -- or --pid PID, not both"
}

@test "a command that does not exist exits 127, one that cannot be run 126, each with one line" {
	run -127 metaconc trace -- no-such-command-here
	assert_output "metaconc: trace: no-such-command-here: command not found"
	printf 'not a program\n' >"$OUT/data.txt"
	run -126 metaconc trace -- "$OUT/data.txt"
	assert_output "metaconc: trace: $OUT/data.txt: Permission denied"
	run -126 metaconc trace -- "$OUT"
	assert_line --index 0 --partial "metaconc: trace: $OUT:"
	assert_equal "${#lines[@]}" 1
}

@test "a bad --pid gets one line and 2: not a number, no such process, metaconc itself, not yours" {
	run -2 metaconc trace --pid abc
	assert_output 'metaconc: trace: --pid: "abc" is not a process id'
	run -2 metaconc trace --pid -5
	assert_output --partial "is not a process id"
	run -2 metaconc trace --pid 4194303
	assert_output "metaconc: trace: --pid 4194303: no process 4194303"
	command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed for this test"
	"$PROGRAM" wait "$OUT/ready" 3>&- &
	local target=$!
	wait_until "[ -e '$OUT/ready' ]"
	# As an unprivileged user, a root process is not one to trace.
	run -2 setpriv --reuid=65534 --regid=65534 --clear-groups "$METACONC" trace --pid "$target"
	assert_output --regexp "^metaconc: trace: --pid $target: (process $target is not yours|cannot trace process $target)"
	assert_equal "${#lines[@]}" 1
	kill "$target"
}

@test "the exit status passes through: 42, and 128+11 for a real SIGSEGV shown on its lane" {
	run -42 trace_json "$PROGRAM" exit 42
	run -0 json 'd["exit_status"], d["signal"], d["processes"][0]["exit_status"]'
	assert_output "42 None 42"
	run -139 trace_json "$PROGRAM" segv
	run -0 json 'd["exit_status"], d["signal"], d["processes"][0]["signal"], d["lanes"][0]["signal"]'
	assert_output "139 11 11 11"
	run -139 metaconc trace --plain -- "$PROGRAM" segv
	assert_output --partial "killed by SIGSEGV"
	assert_output --partial "X"
}

@test "the JSON has the documented keys, lane by lane and process by process" {
	run -0 trace_json "$PROGRAM" threads 2 30
	run -0 python3 - "$OUT/trace.json" "$PROGRAM" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for key in ("command", "exit_status", "wall_ms", "cpu_ms", "parallelism", "cpu_utilisation", "lanes", "processes"):
    assert key in d, key
assert d["command"] == [sys.argv[2], "threads", "2", "30"], d["command"]
assert isinstance(d["cpu_utilisation"], list)
for lane in d["lanes"]:
    for key in ("kind", "pid", "os_id", "name", "process", "started_ms", "ended_ms",
                "running_ms", "preempted_ms", "waiting_ms", "blocked_ms"):
        assert key in lane, key
    assert lane["kind"] == "thread"
for process in d["processes"]:
    for key in ("pid", "ppid", "command", "exit_status", "signal", "cpu_ms"):
        assert key in process, key
assert len(d["lanes"]) == 3 and len(d["processes"]) == 1
assert {lane["pid"] for lane in d["lanes"]} == {d["processes"][0]["pid"]}
assert d["lanes"][0]["os_id"] == d["processes"][0]["pid"]
print("ok")
PY
	assert_lanes_add_up
}

@test "threads that start and end while traced are lanes, each shorter than 1 ms included" {
	run -0 trace_json "$PROGRAM" short-threads 25
	run -0 json 'len(d["lanes"]), len({l["os_id"] for l in d["lanes"]}), all(l["ended_ms"] is not None for l in d["lanes"])'
	assert_output "26 26 True"
	assert_lanes_add_up
}

@test "with few descriptors to spare, 200 threads each still get their measured running time" {
	run -0 bash -c "ulimit -n 64 && METACONC_TEST_TAG=$TEST_TAG '$METACONC' trace --json -- '$PROGRAM' threads 200 10 > '$OUT/trace.json'"
	run -0 json 'len(d["lanes"]), min(l["running_ms"] for l in d["lanes"][1:]) >= 10'
	assert_output "201 True"
}

@test "fork and exec chains: every process is in the tree under its parent, exec'd ones with their new command" {
	run -0 trace_json "$PROGRAM" fork-chain 4
	run -0 python3 - "$OUT/trace.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
processes = d["processes"]
assert len(processes) == 5, processes
for parent, child in zip(processes, processes[1:]):
    assert child["ppid"] == parent["pid"], (parent, child)
assert all(p["exit_status"] == 0 for p in processes)
assert len(d["lanes"]) == 5
print("ok")
PY
	assert_lanes_add_up
	run -0 trace_json "$PROGRAM" exec-chain 3
	run -0 json 'len(d["processes"]), d["processes"][0]["execs"], d["processes"][0]["command"].endswith("exec-chain 0")'
	assert_output "1 3 True"
}

@test "300 processes that start and end at once are all in the tree, and trace ends with them" {
	for run in 1 2 3; do
		run -0 timeout -k 5 60 "$METACONC" trace --json -- "$PROGRAM" forks 300
		printf '%s\n' "$output" >"$OUT/trace.json"
		run -0 json 'len(d["processes"])'
		assert_output "301"
	done
}

@test "a multiprocessing pool: its workers are processes under the parent, its helper threads are lanes" {
	run -0 trace_json "$PYTHON" "$BATS_TEST_DIRNAME/trace_pool.py"
	run -0 grep '^workers ' "$OUT/stdout"
	local workers=${output#workers }
	run -0 python3 - "$OUT/trace.json" $workers <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
workers = {int(pid) for pid in sys.argv[2:]}
top = d["processes"][0]
by_pid = {p["pid"]: p for p in d["processes"]}
for pid in workers:
    assert pid in by_pid, (pid, by_pid.keys())
    assert by_pid[pid]["ppid"] == top["pid"]
parent_threads = [l for l in d["lanes"] if l["pid"] == top["pid"]]
assert len(parent_threads) >= 4, parent_threads  # the main thread and the pool's three handlers
assert all(any(l["pid"] == pid for l in d["lanes"]) for pid in workers)
print("ok")
PY
	assert_lanes_add_up
}

@test "a lock-heavy program shows waiting on a lock, a sleeping one shows blocked" {
	run -0 trace_json "$PROGRAM" locks 3 150
	run -0 json 'sum(1 for l in d["lanes"][1:] if l["waiting_ms"] > 0)'
	[ "$output" -ge 2 ]
	run -0 metaconc trace --plain -- "$PROGRAM" locks 3 150
	assert_output --partial "~ waiting on a lock (futex: in CPython, usually the GIL)"
	run -0 trace_json "$PROGRAM" sleep 300
	run -0 json 'd["lanes"][0]["blocked_ms"] > d["lanes"][0]["running_ms"] + d["lanes"][0]["preempted_ms"] + d["lanes"][0]["waiting_ms"]'
	assert_output "True"
	assert_lanes_add_up
}

@test "a command's output passes through unchanged, a lot of it, and the timeline goes to stderr" {
	"$PROGRAM" output 100000 >"$OUT/direct"
	run -0 bash -c "METACONC_TEST_TAG=$TEST_TAG '$METACONC' trace -- '$PROGRAM' output 100000 2>'$OUT/err' | cmp - '$OUT/direct' && echo same"
	assert_output "same"
	run -0 cat "$OUT/err"
	assert_output --partial "the command exited with status 0"
	assert_output --partial "CPUs (who ran)"
}

@test "SIGINT reaches a program that ignores it; SIGTERM then ends it with its own status" {
	metaconc_background trace --plain -- "$PROGRAM" ignore-int "$OUT" 2>"$OUT/err"
	local pid=$!
	wait_until "[ -e '$OUT/ready' ]"
	kill -INT "$pid"
	wait_until "[ -e '$OUT/int' ]"
	kill -0 "$pid" # metaconc waits for the command, which lives on
	kill -TERM "$pid"
	assert_job_status "$pid" 0
	run -0 cat "$OUT/err"
	assert_output --partial "metaconc passed SIGINT on to the command's process group"
	assert_no_process_left
}

@test "a second SIGINT kills the whole process tree and nothing outlives metaconc" {
	metaconc_background trace --plain -- sh -c "trap '' INT; '$PROGRAM' ignore-int '$OUT' & sleep 1000 & wait" 2>"$OUT/err"
	local pid=$!
	wait_until "[ -e '$OUT/ready' ]"
	kill -INT "$pid"
	wait_until "[ -e '$OUT/int' ]"
	kill -INT "$pid"
	assert_job_status "$pid" 137
	run -0 cat "$OUT/err"
	assert_output --partial "killed by SIGKILL"
	assert_no_process_left
}

@test "SIGTERM to metaconc goes to the command, and the exit status is the command's 143" {
	metaconc_background trace --json -- "$PROGRAM" ignore-int "$OUT" >"$OUT/trace.json"
	local pid=$!
	wait_until "[ -e '$OUT/ready' ]"
	kill -TERM "$pid"
	assert_job_status "$pid" 0
	run -0 json 'd["interrupted"], d["exit_status"]'
	assert_output "TERM 0"
	metaconc_background trace --plain -- "$PROGRAM" sleep 100000 2>"$OUT/err"
	pid=$!
	wait_until "grep -q . /proc/$pid/task/*/children 2>/dev/null"
	kill -TERM "$pid"
	assert_job_status "$pid" 143
	assert_no_process_left
}

@test "attaching with --pid, then detaching with SIGINT, leaves the program running and untraced" {
	"$PROGRAM" wait "$OUT/ready" 3>&- &
	local target=$!
	wait_until "[ -e '$OUT/ready' ]"
	metaconc_background trace --json --pid "$target" >"$OUT/trace.json"
	local pid=$!
	wait_until "grep -q \"^TracerPid:[[:space:]]*$pid\$\" /proc/$target/status"
	kill -INT "$pid"
	assert_job_status "$pid" 0
	run -0 json 'd["detached"], d["attached_pid"] == '"$target"', d["exit_status"], d["processes"][0]["detached"]'
	assert_output "True True None True"
	run -0 grep -E '^(State|TracerPid):' "/proc/$target/status"
	assert_line --index 0 --partial "S (sleeping)"
	assert_line --index 1 --regexp "TracerPid:[[:space:]]+0$"
	kill "$target"
}

@test "attached to a program that ends, trace ends with the program's own status" {
	"$PROGRAM" sleep 400 3>&- &
	local target=$!
	run -0 metaconc trace --json --pid "$target"
	run -0 python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["exit_status"], d["detached"], len(d["lanes"]))' "$output"
	assert_output "0 False 1"
}

@test "--trace writes Chrome Trace Event JSON with the real pids and thread names, --events every interval" {
	run -0 metaconc trace --plain --trace "$OUT/chrome.json" --events "$OUT/events.tsv" -- "$PROGRAM" fork-chain 1
	run -0 python3 - "$OUT/chrome.json" <<'PY'
import json, sys
events = json.load(open(sys.argv[1]))["traceEvents"]
names = [e for e in events if e["ph"] == "M" and e["name"] == "process_name"]
pids = {e["pid"] for e in names}
assert len(pids) == 3, names   # two processes and the CPUs
threads = [e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name" and e["pid"] != 0]
assert all("trace_program" in t or "trace_progr" in t for t in threads), threads
assert any(e["ph"] == "X" for e in events)
print("ok")
PY
	run -0 head -n 1 "$OUT/events.tsv"
	assert_output --partial "worker"
	run -0 grep -c worker_start "$OUT/events.tsv"
	assert_output "2"
}

@test "--svg writes a standalone SVG for trace and for run that an XML parser and rsvg-convert accept" {
	command -v rsvg-convert >/dev/null || fail "rsvg-convert (librsvg2-bin) is needed: tools/setup-deps test installs it"
	run -0 metaconc trace --plain --svg "$OUT/trace.svg" -- "$PROGRAM" threads 2 20
	run -0 metaconc run spawn --workers 2 --tasks 2 --task-ms 20 --plain --svg "$OUT/run.svg"
	for picture in trace run; do
		run -0 python3 - "$OUT/$picture.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
text = open(sys.argv[1]).read()
assert "<script" not in text and "@import" not in text and "href" not in text
print(root.get("width"), root.get("height"))
PY
		local size=$output
		rsvg-convert "$OUT/$picture.svg" -o "$OUT/$picture.png"
		run -0 python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(24); assert d[:8] == b"\x89PNG\r\n\x1a\n"; print(*struct.unpack(">II", d[16:24]))' "$OUT/$picture.png"
		assert_output "$size"
	done
	run -0 grep -c "CPU 1" "$OUT/trace.svg"
}

@test "an unwritable --svg, --trace or --events path fails before the command runs, with 2" {
	run -2 metaconc trace --svg /nonexistent/dir/x.svg -- touch "$OUT/ran"
	assert_output --partial "metaconc: trace: --svg:"
	[ ! -e "$OUT/ran" ]
	run -2 metaconc trace --trace /nonexistent/x.json -- true
	run -2 metaconc run spawn --svg /nonexistent/x.svg
	assert_output --partial "--svg:"
}

# ---- the live view, driven for real in tmux ----------------------------------------

@test "the live view: lanes appear as threads start, the command's output in its pane, q, terminal restored" {
	load tmux
	tmux_start 120 40
	tmux_run_metaconc "" trace -- "$PROGRAM" staged "$OUT" 3
	wait_for_text "thread 1 started"
	wait_for_text "1 process, 2 threads"
	wait_for_text "output of pid"
	touch "$OUT/go-1"
	wait_for_text "thread 2 started"
	wait_for_text "1 process, 3 threads"
	touch "$OUT/go-2"
	wait_for_text "1 process, 4 threads"
	touch "$OUT/go-3"
	wait_for_text "all 3 threads ended"
	wait_for_text "exit 0"
	wait_for_text "waiting on a lock (futex: in CPython, usually the GIL)"
	run -0 tmux_screen
	assert_output --regexp "D trace[a-z_]* [0-9]+"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
	tmux_teardown
}

@test "q in the live view passes SIGINT to the command, a second q kills it, and nothing is left" {
	load tmux
	tmux_start 120 40
	tmux_run_metaconc "" trace -- "$PROGRAM" ignore-int "$OUT"
	wait_until "[ -e '$OUT/ready' ]" 10
	wait_for_text "1 process, 1 thread"
	tmux_keys q
	wait_until "[ -e '$OUT/int' ]" 10
	wait_for_text "q again kills it"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=137"
	assert_no_process_left
	tmux_teardown
}

@test "the live view of --pid shows the program; q lets go of it, running and untraced" {
	load tmux
	"$PROGRAM" wait "$OUT/ready" 3>&- &
	local target=$!
	wait_until "[ -e '$OUT/ready' ]"
	tmux_start 120 40
	tmux_run_metaconc "" trace --pid "$target"
	wait_for_text "attached to pid $target"
	wait_for_text "1 process, 1 thread"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
	run -0 grep -E '^TracerPid:' "/proc/$target/status"
	assert_output --regexp "TracerPid:[[:space:]]+0$"
	kill "$target"
	tmux_teardown
}
