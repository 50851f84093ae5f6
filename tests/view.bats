#!/usr/bin/env bats
# The full-screen view, driven for real in tmux: what it shows, its keys, and its terminal discipline.

setup() {
	load helpers
	load tmux
	setup_test
	OUT="$BATS_TEST_TMPDIR"
	tmux_start
}

teardown() {
	tmux_teardown
}

# How many cells of worker A's lane are filled.
lane_a_cells() {
	tmux_screen | grep -E '^A thread' | tr -d ' ' | wc -c
}

# Where the paused replay stands: "paused 120.0 ms".
paused_at() {
	tmux_screen | grep -oE 'paused [0-9.]+ (ms|s)'
}

# Runs metaconc in the pane, recording the terminal modes before and after and the exit status.
# $VIEW_ENV, if set, is put before the command (environment for metaconc only).
start_view() {
	tmux_run_metaconc "${VIEW_ENV:-}" "$@"
}

@test "the view animates the run live: lanes grow, with the CPU strip, legend and summary" {
	start_view run spawn --workers 4 --tasks 8 --task-ms 600
	wait_for_text "live"
	wait_for_text "A thread"
	# The CPU strip fills as soon as the schedule names a holder.
	wait_until 'tmux_screen | grep -qE "^ *CPU 0 +[^ ]"' 15
	run -0 tmux_screen
	assert_output --partial "metaconc  spawn: 4 threads, 8 tasks of 600 ms CPU work"
	assert_output --regexp "D thread [0-9]+"
	assert_output --partial "running on that CPU"
	assert_output --partial "waiting for the GIL"
	assert_output --regexp "running [0-9.]+ (ms|s): .* of CPU time so far"
	# The lanes grow: later, more cells are filled.
	first=$(lane_a_cells)
	wait_until '[ "$(lane_a_cells)" -gt "$first" ]' 10
	wait_for_text "done" 30
	run -0 tmux_screen
	assert_output --regexp "wall [0-9.]+ s, CPU time [0-9.]+ s, on average [0-9.]+ CPUs busy; 8 of 8 tasks done"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
}

@test "--compare stacks the baseline under the run on the same time scale, with the speedup" {
	start_view run spawn --workers 2 --tasks 4 --task-ms 150 --compare
	wait_for_text "sequential baseline: the same tasks in one thread" 30
	wait_for_text "speedup" 30
	run -0 tmux_screen
	assert_output --regexp "speedup [0-9.]+x over sequential"
	assert_output --regexp "sequential baseline: the same tasks in one thread +wall [0-9.]+ (ms|s)"
	tmux_keys q
	assert_terminal_restored
}

@test "after the run the keys explore it: Tab, zoom, cursor, help, quit" {
	start_view run spawn --workers 2 --tasks 4 --task-ms 100
	wait_for_text "done" 30
	# Tab: CPU lanes only.
	tmux_keys Tab
	wait_for_no_text "A thread"
	run -0 tmux_screen
	assert_output --regexp "CPU 1 "
	tmux_keys Tab
	wait_for_text "A thread"
	# +: zoom in, the axis shows a shorter span.
	axis_before=$(tmux_screen | sed -n 3p)
	tmux_keys +
	wait_until '[ "$(tmux_screen | sed -n 3p)" != "$axis_before" ]' 15
	tmux_keys 0
	# The cursor: the status line says what every lane was doing there.
	tmux_keys Right
	wait_for_text "at "
	run -0 tmux_screen
	assert_output --regexp "at [0-9.]+ (ms|s):  A (running on CPU [0-9]+|preempted|idle|done)"
	# ?: the keys.
	tmux_keys ?
	wait_for_text "replay the run in slow motion"
	tmux_keys x
	wait_for_no_text "replay the run in slow motion"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
	# The summary stays in the scrollback after the view closes.
	run -0 tmux_screen
	assert_output --regexp "wall [0-9.]+ m?s, CPU time"
}

@test "r replays the run in slow motion; space pauses; , and . step frames" {
	start_view run spawn --workers 2 --tasks 2 --task-ms 200
	wait_for_text "done" 30
	tmux_keys r Space
	wait_for_text "paused"
	at=$(paused_at)
	tmux_keys .
	wait_until '[ "$(paused_at)" != "$at" ]' 15
	tmux_keys ,
	wait_until '[ "$(paused_at)" = "$at" ]' 15
	tmux_keys '>' Space
	wait_for_text "replay 0.5x"
	tmux_keys q
	assert_terminal_restored
}

@test "SIGINT in the middle of a live run restores the terminal exactly and leaves no worker" {
	start_view run pool --workers 3 --tasks 6 --task-ms 5000
	wait_for_text "live"
	wait_until "[ \$(tagged_processes $TEST_TAG | wc -l) -ge 4 ]" 10
	tmux_keys C-c
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=130"
	run -0 tmux_screen
	assert_output --partial "metaconc: interrupted by SIGINT: every worker was stopped and reaped"
	assert_no_process_left
}

@test "SIGTERM in the middle of a live run restores the terminal and exits 143" {
	start_view run spawn --workers 2 --tasks 4 --task-ms 5000
	wait_for_text "live"
	pid=$(pgrep -f "metaconc run spawn --workers 2 --tasks 4 --task-ms 5000" | head -1)
	kill -TERM "$pid"
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=143"
	assert_no_process_left
}

@test "q during a live run stops the run and restores the terminal" {
	start_view run pool --workers 2 --tasks 4 --task-ms 5000
	wait_for_text "live"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
	run -0 tmux_screen
	assert_output --partial "metaconc: the run was stopped before its end"
	assert_no_process_left
}

@test "a crash in the view restores the terminal and takes no worker process with it" {
	VIEW_ENV="METACONC_TEST_CRASH_VIEW=20" start_view run pool --workers 2 --tasks 4 --task-ms 5000
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=139"
	# The pool's processes die with their parent (PR_SET_PDEATHSIG).
	wait_until '[ -z "$(tagged_processes $TEST_TAG)" ]' 5
	assert_no_process_left
}

@test "a terminal too small gets a clear message and the view recovers when enlarged" {
	start_view run spawn --workers 2 --tasks 4 --task-ms 100
	wait_for_text "done" 30
	tmux_resize 30 8
	wait_for_text "needs a terminal of"
	tmux_resize 120 40
	wait_for_text "A thread"
	tmux_keys q
	assert_terminal_restored
}

@test "resizing during the animation never crashes it" {
	start_view run spawn --workers 2 --tasks 4 --task-ms 800
	wait_for_text "live"
	for size in "80 24" "30 8" "100 30" "61 16" "120 40"; do
		tmux_resize $size
		sleep 0.15
	done
	wait_for_text "done" 30
	wait_for_text "A thread"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
}

@test "without UTF-8 the view draws ASCII glyphs; with NO_COLOR it still tells the states apart" {
	tmux_type "export LANG=C LC_ALL=C NO_COLOR=1"
	start_view run gil --workers 2 --tasks 2 --task-ms 100
	wait_for_text "done" 30
	run -0 tmux_screen
	assert_output --regexp "A thread [0-9]+ +[0-9~.:-]+" # running, part, ready, waiting: ASCII glyphs
	assert_output --partial "~ waiting for the GIL"
	assert_output --partial "= blocked in I/O"
	assert_output --partial "X crashed or hung"
	refute_output --partial "░"
	tmux_keys q
	assert_terminal_restored
}

@test "an unknown TERM falls back to the plain timeline with one line of explanation" {
	tmux_type "TERM=no-such-terminal $METACONC run sequential --tasks 1 --task-ms 5 2>$OUT/err; echo exit=\$?"
	wait_for_text "exit=0"
	run -0 tmux_screen
	assert_output --partial "legend: workers   0-9 running on that CPU"
	run -0 cat "$OUT/err"
	assert_output "metaconc: TERM=no-such-terminal is not a terminal type this system knows: printing the plain timeline instead"
}

@test "TERM=dumb gets the plain timeline" {
	tmux_type "TERM=dumb $METACONC run sequential --tasks 1 --task-ms 5; echo exit=\$?"
	wait_for_text "exit=0"
	run -0 tmux_screen
	assert_output --partial "legend: workers   0-9 running on that CPU"
}

@test "--vs draws the second run under the first in the view" {
	start_view run spawn --workers 2 --tasks 2 --task-ms 100 --vs "'spawn --workers 2 --tasks 2 --task-ms 100 --cpus 0'"
	wait_for_text "vs spawn: 2 threads, 2 tasks of 100 ms CPU work, pinned to CPU 0" 30
	wait_for_text "as fast" 30
	tmux_keys q
	assert_terminal_restored
}

@test "the view shows race's lost updates, the lock's waiting and Amdahl's bound; async's lanes wait for the event loop" {
	start_view run race --lock --tasks 4 --task-ms 100 --serial-ms 40 --compare
	wait_for_text "done" 30
	wait_for_text "lost updates"
	run -0 tmux_screen
	assert_output --partial "race: 2 threads, 4 tasks of 100 ms CPU work, all CPUs, each deposit holding a mutex"
	assert_output --partial "waiting for the lock (or the GIL)"
	assert_output --regexp "200 deposits made, balance 200: 0 lost updates; the threads waited [0-9.]+ m?s in all for the lock"
	assert_output --regexp "Amdahl's law: the serial part is [0-9.]+% of the sequential run"
	tmux_keys q
	assert_terminal_restored
	start_view run async --tasks 3 --task-ms 60 --blocking
	# The first run's summary, left in the scrollback, says "done" too: wait for the new view first.
	wait_for_text "metaconc  async: 1 thread" 30
	wait_for_text "done" 30
	run -0 tmux_screen
	assert_output --partial "async: 1 thread, 3 tasks of 60 ms CPU work, all CPUs, the first task makes a blocking call"
	assert_output --partial "ready, waiting for the event loop"
	assert_output --regexp "C thread [0-9]+"
	tmux_keys q
	assert_terminal_restored
}
