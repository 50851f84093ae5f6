#!/usr/bin/env bats
# METACONC_VIEW_EXIT=1: the full-screen view closes by itself when the run ends (for benchmarks and
# scripts), and `metaconc run` then prints its summary, as after q. Driven for real in tmux.

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

# Runs metaconc in the pane with the hook on (its output must stay the terminal, or there is no view);
# no key is ever sent.
start_leaving_view() {
	tmux_run_metaconc "METACONC_VIEW_EXIT=1 METACONC_VIEW_STATS=1" "$@"
}

@test "help run documents METACONC_VIEW_EXIT for benchmarks and scripts" {
	run -0 metaconc help run
	assert_output --partial "METACONC_VIEW_EXIT=1 closes the view when the run ends"
	assert_output --partial "for benchmarks and scripts"
}

@test "with METACONC_VIEW_EXIT=1 the view closes by itself at the end and the summary is printed" {
	start_leaving_view run spawn --workers 2 --tasks 4 --task-ms 100 --compare
	assert_terminal_restored 60
	run -0 cat "$OUT/status"
	assert_output "exit=0"
	# The view was really shown (it counted its frames), then closed without a key, and the
	# summary that follows it is on the terminal.
	run -0 tmux_screen
	assert_output --regexp "metaconc: view: [1-9][0-9]* frames, [0-9.]+ ms of CPU time on the main thread"
	assert_output --partial "4 of 4 tasks done"
	assert_output --regexp "speedup [0-9.]+x over sequential \(sequential: wall [0-9.]+ m?s\)"
	assert_no_process_left
}
