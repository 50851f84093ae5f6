#!/usr/bin/env bats
# SIGHUP (the terminal went away) and SIGQUIT (Ctrl-\) stop a run as SIGINT and
# SIGTERM do (faults.bats, view.bats): every worker stopped and reaped, the
# terminal restored exactly, exit 128 + signal, progress left as it was.

setup() {
	load helpers
	load tmux
	setup_test
	OUT="$BATS_TEST_TMPDIR"
}

teardown() {
	tmux_teardown
}

# Waits until process $1 has at least two threads: its run has started.
wait_for_workers() {
	wait_until "[ \$(ls /proc/$1/task 2>/dev/null | wc -l) -ge 2 ]" 10
}

# Sends signal $2 to the background process $1 and checks its exit status is $3.
signal_and_wait() {
	local pid=$1 signal=$2 expected=$3 status=0
	kill -s "$signal" "$pid"
	wait "$pid" || status=$?
	assert_equal "$status" "$expected"
}

@test "SIGHUP and SIGQUIT stop a plain pool run, reap every process, exit 129 and 131" {
	local signal expected
	for signal in HUP QUIT; do
		expected=$((128 + $(kill -l "$signal")))
		metaconc_background run pool --workers 2 --tasks 4 --task-ms 5000 --plain \
			>"$OUT/out" 2>"$OUT/err"
		local pid=$!
		wait_until "[ \$(tagged_processes $TEST_TAG | wc -l) -ge 3 ]" 10
		signal_and_wait "$pid" "$signal" "$expected"
		run -0 cat "$OUT/err"
		assert_output "metaconc: interrupted by SIG$signal: every worker was stopped and reaped"
		assert_no_process_left
	done
}

@test "SIGHUP and SIGQUIT stop a plain threaded run too" {
	local signal
	for signal in HUP QUIT; do
		metaconc_background run spawn --workers 2 --tasks 4 --task-ms 5000 --plain \
			>"$OUT/out" 2>"$OUT/err"
		local pid=$!
		wait_for_workers "$pid"
		signal_and_wait "$pid" "$signal" $((128 + $(kill -l "$signal")))
		run -0 cat "$OUT/err"
		assert_output "metaconc: interrupted by SIG$signal: every worker was stopped and reaped"
		assert_no_process_left
	done
}

@test "SIGHUP and SIGQUIT during learn --plain stop the experiment and leave progress as it was" {
	local lessons="$OUT/lessons" signal
	mkdir -p "$lessons" "$METACONC_STATE_DIR"
	printf '%s\n' "title: A long lesson" "summary: One long run, to be interrupted." "" \
		"page: Only page" "" "A paragraph." "" "run long: spawn --workers 2 --tasks 2 --task-ms 5000" \
		>"$lessons/01-long.lesson"
	printf '%s\n' "metaconc-progress 1" "finished another-lesson" >"$METACONC_STATE_DIR/progress"
	cp "$METACONC_STATE_DIR/progress" "$OUT/progress-before"
	for signal in HUP QUIT; do
		METACONC_LESSONS="$lessons" metaconc_background learn 1 --plain </dev/null >"$OUT/out" 2>"$OUT/err"
		local pid=$!
		wait_for_workers "$pid"
		signal_and_wait "$pid" "$signal" $((128 + $(kill -l "$signal")))
		run -0 cat "$OUT/err"
		assert_output "metaconc: interrupted by SIG$signal: every worker was stopped and reaped; progress not saved"
		run -0 cmp "$OUT/progress-before" "$METACONC_STATE_DIR/progress"
		run -0 ls -A "$METACONC_STATE_DIR"
		assert_output "progress"
		assert_no_process_left
	done
}

# The full-screen view in tmux: modes before and after, and the exit status.
start_view() {
	tmux_run_metaconc "" "$@"
}


# Starts a live view of a pool, sends $1 to metaconc itself, checks the terminal and the processes.
interrupt_view() {
	local signal=$1 pid
	tmux_start
	start_view run pool --workers 2 --tasks 4 --task-ms 5000
	wait_for_text "live"
	wait_until "[ \$(tagged_processes $TEST_TAG | wc -l) -ge 3 ]" 10
	pid=$(tagged_root_process)
	assert [ -n "$pid" ]
	kill -s "$signal" "$pid"
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=$((128 + $(kill -l "$signal")))"
	run -0 tmux_screen
	assert_output --partial "metaconc: interrupted by SIG$signal: every worker was stopped and reaped"
	assert_no_process_left
}

@test "SIGHUP in the middle of a live view restores the terminal exactly and leaves no worker" {
	interrupt_view HUP
}

@test "SIGQUIT in the middle of a live view restores the terminal exactly and leaves no worker" {
	interrupt_view QUIT
}

# The view after the run, exploring it, with --trace: $1 to metaconc must exit 128 + N and commit nothing.
interrupt_exploring() {
	local signal=$1 pid
	tmux_start
	start_view run spawn --workers 2 --tasks 2 --task-ms 5 --trace "$OUT/t.json"
	wait_for_text "done" 30
	pid=$(tagged_root_process)
	assert [ -n "$pid" ]
	kill -s "$signal" "$pid"
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=$((128 + $(kill -l "$signal")))"
	run -0 ls -A "$OUT"
	refute_output --partial "t.json"
	assert_no_process_left
	tmux_stop
}

@test "SIGINT, SIGTERM and SIGHUP while exploring a finished run exit 130, 143 and 129 and commit no trace" {
	interrupt_exploring INT
	interrupt_exploring TERM
	interrupt_exploring HUP
}

@test "a signal while the outputs are being written exits 128 + N and commits no trace" {
	local signal pid reader status
	for signal in INT TERM HUP; do
		rm -f "$OUT/pipe" "$OUT/got"
		mkfifo "$OUT/pipe"
		# A slow reader: metaconc's writes of its events (140 KB, over twice a pipe's buffer) wait
		# for it again and again.
		python3 -c 'import sys, time
src, dst = open(sys.argv[1], "rb"), open(sys.argv[2], "wb", buffering=0)
while (chunk := src.read(2048)):
    dst.write(chunk)
    time.sleep(0.02)' "$OUT/pipe" "$OUT/got" 3>&- &
		reader=$!
		metaconc_background run spawn --workers 4 --tasks 1000 --task-ms 2 --switch-ms 1 --events - --trace "$OUT/t.json" \
			>"$OUT/pipe" 2>"$OUT/err"
		pid=$!
		wait_until "grep -q '^# worker' $OUT/got" 30
		kill -s "$signal" "$pid"
		status=0
		wait "$pid" || status=$?
		assert_equal "$status" $((128 + $(kill -l "$signal")))
		wait "$reader"
		run -0 ls -A "$OUT"
		refute_output --partial "t.json"
		assert_no_process_left
	done
}
