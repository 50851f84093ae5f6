#!/usr/bin/env bats
# metaconc practice's watch mode, driven for real in an 80x24 tmux pane: the
# exercise and its statement, a save (in place or by a rename) checked at once,
# the verdict, h, n, l, ?, q (also while a check runs), the terminal restored,
# and the progress kept across a restart.

setup() {
	load helpers
	load tmux
	setup_test
	EXERCISES="$BATS_TEST_DIRNAME/../lessons/exercises"
	cd "$BATS_TEST_TMPDIR"
	OUT="$BATS_TEST_TMPDIR"
	run -0 metaconc practice # the folder, made without a terminal
	tmux_start 80 24
	tmux_type "cd $BATS_TEST_TMPDIR"
}

teardown() {
	tmux_teardown
}

# Starts watch mode in the pane and waits for exercise $1's title bar.
start_watch() {
	tmux_run_metaconc "" practice
	wait_for_text "metaconc practice  $1 of 12:"
}

# Marks exercise slug $1 passed, as a passing check does.
mark_passed() {
	local file=metaconc-practice/.metaconc/progress
	[ -f "$file" ] || echo "metaconc-progress 1" >"$file"
	printf 'finished %s\n' "$1" >>"$file"
}

# q, then the pane's shell is back with its modes as they were, and metaconc exited 0.
quit_watch() {
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
}

@test "watch mode names exercise 1, shows its statement and the learner's file, with ? and q in view" {
	start_watch 1
	wait_for_text "The post's thread loop"
	run -0 tmux_screen
	assert_line --index 0 --regexp "^ metaconc practice  1 of 12: The post's thread loop +0 of 12 passed$"
	assert_line --index 1 " your file: metaconc-practice/01-thread-loop/exercise.py"
	assert_output --partial "This is the post's first example, the loop that starts threads \"dynamically\","
	assert_line --regexp " h hint  n next  l list .* \? help  q quit$"
	quit_watch
}

@test "saving the reference solution over exercise.py turns the verdict to passed, n moves to exercise 2, the pass survives a restart" {
	start_watch 1
	cp "$EXERCISES/01-thread-loop/solution.py" metaconc-practice/01-thread-loop/exercise.py
	wait_for_text "Check 1, after your save of exercise.py"
	wait_for_text "Passed." 90
	run -0 tmux_screen
	assert_output --partial "ok    threads at \"all done\""
	refute_output --partial "FAIL"
	assert_line --index 0 --regexp "passed  1 of 12 passed$"
	run -0 grep -x "finished thread-loop" metaconc-practice/.metaconc/progress
	tmux_keys n
	wait_for_text "metaconc practice  2 of 12:"
	quit_watch
	# Started again, it carries on at the first exercise not passed yet.
	start_watch 2
	run -0 tmux_screen
	assert_line --index 0 --regexp "^ metaconc practice  2 of 12: .* 1 of 12 passed$"
	quit_watch
}

@test "a failing save shows each failed item with its measured figure and why" {
	start_watch 1
	# The shipped exercise, saved again as it is: its check fails.
	touch metaconc-practice/01-thread-loop/exercise.py
	wait_for_text "Not yet:" 90
	run -0 tmux_screen
	assert_output --partial "FAIL  output has \"results: [0, 1, 4, 9, 16]\""
	assert_output --partial "h: a hint (0 of 3 seen)."
	refute_output --partial "Passed."
	quit_watch
}

@test "an editor's save by a temporary file renamed over exercise.py is checked too" {
	start_watch 1
	cp "$EXERCISES/01-thread-loop/exercise.py" metaconc-practice/01-thread-loop/.exercise.py.tmp
	mv metaconc-practice/01-thread-loop/.exercise.py.tmp metaconc-practice/01-thread-loop/exercise.py
	wait_for_text "Check 1, after your save of exercise.py"
	quit_watch
}

@test "a deleted exercise.py is reported with how to get it back" {
	start_watch 1
	rm metaconc-practice/01-thread-loop/exercise.py
	wait_for_text "Check 1, after your save of exercise.py"
	wait_for_text "exercise.py is missing (renamed, moved or"
	run -0 tmux_screen
	assert_output --partial "metaconc practice reset 1"
	quit_watch
}

@test "h shows the next hint and remembers it across a restart" {
	start_watch 1
	tmux_keys h
	wait_for_text "Hint 1 of 3"
	run -0 grep -x "hints thread-loop 1" metaconc-practice/.metaconc/progress
	tmux_keys h
	wait_for_text "Hint 2 of 3"
	quit_watch
	start_watch 1
	tmux_keys G
	wait_for_text "Hint 2 of 3"
	quit_watch
}

@test "n moves on only once the exercise has passed, then to exercise 2" {
	start_watch 1
	tmux_keys n
	wait_for_text "n moves on once this exercise passes"
	run -0 tmux_screen
	assert_line --index 0 --partial "1 of 12: The post's thread loop"
	quit_watch
	# Passed (as a check records it): the list goes back to it, n to the next.
	mark_passed thread-loop
	start_watch 2
	tmux_keys l
	wait_for_text "Exercises: Enter opens one"
	tmux_keys k Enter
	wait_for_text "1 of 12: The post's thread loop"
	tmux_keys n
	wait_for_text "metaconc practice  2 of 12:"
	quit_watch
}

@test "l lists every exercise with its title and what has passed; Enter opens the one chosen" {
	mark_passed thread-loop
	start_watch 2
	tmux_keys l
	wait_for_text "Exercises: Enter opens one"
	run -0 tmux_screen
	assert_line "   [x]  1  The post's thread loop"
	assert_line --regexp "^ > \[ \]  2  "
	assert_output --partial "[ ] 12  "
	tmux_keys j Enter
	wait_for_text "metaconc practice  3 of 12:"
	tmux_keys l
	wait_for_text "Exercises: Enter opens one"
	tmux_keys Escape
	wait_for_no_text "Exercises: Enter opens one"
	quit_watch
}

@test "? opens the keys, any key closes them" {
	start_watch 1
	tmux_keys '?'
	wait_for_text "Watch mode: save your file, and its check runs"
	tmux_keys j
	wait_for_no_text "Watch mode: save your file"
	quit_watch
}

@test "q while a check runs stops the learner's program, reaps everything and restores the terminal" {
	start_watch 1
	printf 'while True:\n    pass\n' >metaconc-practice/01-thread-loop/exercise.py
	wait_for_text "checking, run 1 of" 30
	# The timeline is the learner's program, live: one process, one thread, spinning.
	wait_for_text "your program: python3 exercise.py"
	wait_for_text "1 process, 1 thread"
	# At 80 columns the timeline's status line still shows ? and q.
	wait_until '[[ "$(tmux_screen | tail -n 1)" == *"? keys  q quit" ]]' 15
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
	assert_no_process_left
}

@test "SIGTERM in watch mode restores the terminal and exits 143" {
	start_watch 1
	local pid
	pid=$(tagged_processes "$TEST_TAG")
	assert [ -n "$pid" ]
	kill -TERM $pid
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=143"
	assert_no_process_left
}

@test "a terminal too small says so, and the screen comes back when it grows" {
	start_watch 1
	tmux_resize 30 8
	wait_for_text "at least 40x10;"
	tmux_resize 80 24
	wait_for_text "metaconc practice  1 of 12:"
	quit_watch
}
