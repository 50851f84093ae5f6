#!/usr/bin/env bats
# Failure and interruption: crashed and hung workers, signals mid-run. No process may remain.

setup() {
	load helpers
	setup_test
}

teardown() {
	kill_tagged_processes
}

@test "a crashing pool process is shown as crashed, reported, and the run exits 1" {
	run -1 metaconc run pool --workers 2 --tasks 4 --task-ms 20 --fault crash --plain
	assert_line --regexp '^A pid [0-9]+ +[0-9.:]*X+'
	assert_line --regexp '^worker A \(process [0-9]+\) crashed: killed by signal 11 \(Segmentation fault\)$'
	assert_line "1 task never finished"
	assert_no_process_left
}

@test "a crashed pool process is reported in the JSON summary" {
	run -1 metaconc run pool --workers 2 --tasks 4 --task-ms 20 --fault crash:1 --json
	assert_output --regexp '"worker":1,"letter":"B","kind":"process",.*"crash":"signal","signal":11'
	assert_output --partial '"crashed":1,"hung":0'
	assert_output --partial '"failed":true'
	assert_no_process_left
}

@test "a hanging pool process is killed, shown as hung, and the run exits 1" {
	run -1 metaconc run pool --workers 2 --tasks 4 --task-ms 20 --fault hang:1 --plain
	assert_line --regexp '^B pid [0-9]+ +[0-9.:]*X+'
	assert_line --regexp '^worker B \(process [0-9]+\) hung: it recorded nothing for too long, so it was stopped$'
	assert_no_process_left
}

@test "a failing thread ends its own lane; the other threads finish the remaining tasks" {
	run -1 metaconc run spawn --workers 2 --tasks 4 --task-ms 20 --fault crash --json
	assert_output --partial '"tasks_done":3,"tasks_lost":1,"crashed":1,"hung":0'
	assert_output --regexp '"worker":0,.*"crash":"failed"'
}

@test "a failed call's error reaches the caller through its future" {
	run -1 metaconc run decorator --workers 2 --tasks 4 --task-ms 10 --fault crash:1 --plain
	assert_output --partial "calls went through concurrent(timed(run_task)): 4 futures joined, 1 failure reached the caller"
	assert_line --regexp '^worker B \(thread [0-9]+\) failed: its task returned an error$'
}

@test "a hung thread cannot be killed: the run is stopped and reports it" {
	run -1 metaconc run spawn --workers 2 --tasks 4 --task-ms 20 --fault hang --plain
	assert_line --regexp '^worker A \(thread [0-9]+\) hung: it recorded nothing for too long, so it was stopped$'
	assert_no_process_left
}

@test "a thread hung while holding the GIL stops every other thread too" {
	run -1 metaconc run gil --workers 3 --tasks 6 --task-ms 20 --fault hang --json
	assert_output --partial '"hung":1'
	# The others were waiting for the GIL the whole time after the hang.
	assert_output --regexp '"worker":1,.*"waiting_ms":[1-9][0-9]{2,}\.'
}

# Waits until the run $1 has started its workers: threads, or the pool's child processes.
wait_for_workers() {
	local pid=$1
	wait_until "[ \$(ls /proc/$pid/task 2>/dev/null | wc -l) -ge 2 ] || [ \$(tagged_processes $TEST_TAG | wc -l) -ge 2 ]" 10
}

# Starts a run of 10 s tasks in the background, waits until its workers exist, sends $2 and checks
# it stops with exit status $3 and no process left, without waiting for a task to end. How fast it
# stops (DESIGN: within a second) is a timing: `make bench` measures it.
interrupt_run() {
	local technique=$1 signal=$2 expected=$3
	metaconc_background run "$technique" --workers 3 --tasks 6 --task-ms 10000 --plain \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	local pid=$!
	wait_for_workers "$pid"
	local start=$(date +%s%N)
	kill -s "$signal" "$pid"
	local status=0
	wait "$pid" || status=$?
	local elapsed_ms=$((($(date +%s%N) - start) / 1000000))
	assert_equal "$status" "$expected"
	# Stopped, not finished: a run that waited for its tasks would take their 10 s.
	assert [ "$elapsed_ms" -lt 9000 ]
	run -0 cat "$BATS_TEST_TMPDIR/err"
	assert_output "metaconc: interrupted by SIG$signal: every worker was stopped and reaped"
	assert_no_process_left
}

@test "SIGINT mid-run stops and reaps a pool, exit 130" {
	interrupt_run pool INT 130
}

@test "SIGTERM mid-run stops and reaps a pool, exit 143" {
	interrupt_run pool TERM 143
}

@test "SIGINT mid-run stops every technique's workers, exit 130" {
	for technique in spawn decorator gil sequential; do
		interrupt_run "$technique" INT 130
	done
}

@test "SIGTERM stops threads blocked in I/O without waiting for the I/O" {
	metaconc_background run spawn --workers 2 --tasks 2 --task-ms 10000 --work io --plain >/dev/null 2>&1
	local pid=$!
	wait_for_workers "$pid"
	kill -TERM "$pid"
	local status=0 start=$(date +%s%N)
	wait "$pid" || status=$?
	assert_equal "$status" 143
	# Stopped, not finished: waiting for the I/O would take its 10 s.
	assert [ $((($(date +%s%N) - start) / 1000000)) -lt 9000 ]
}

@test "a pool whose parent is killed outright leaves no orphan behind" {
	metaconc_background run pool --workers 2 --tasks 4 --task-ms 5000 --plain >/dev/null 2>&1
	local pid=$!
	wait_until "[ \$(tagged_processes $TEST_TAG | wc -l) -ge 3 ]" 10
	kill -KILL "$pid"
	wait "$pid" || true
	# The kernel kills the children when their parent dies (PR_SET_PDEATHSIG).
	wait_until '[ -z "$(tagged_processes $TEST_TAG)" ]' 5
	assert_no_process_left
}
