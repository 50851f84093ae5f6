#!/usr/bin/env bats
# The full-screen tutorial, driven for real in tmux: the menu, a lesson's pages, an experiment run
# in place, a prediction answered by the measurement, progress kept across restarts.

setup() {
	load helpers
	load tmux
	setup_test
	OUT="$BATS_TEST_TMPDIR"
	COURSE="$BATS_TEST_DIRNAME/fixtures/course"
	tmux_start
}

teardown() {
	tmux_teardown
}

# Starts the tutorial (metaconc ARGS...) in the pane on a course; records terminal modes and the exit status.
start_tutorial() {
	local course=${TUTORIAL_COURSE:-$COURSE}
	tmux_run_metaconc "METACONC_LESSONS=$course" "$@"
}

# The run ended with exit status $1 (default 0), the terminal restored and no process left.
assert_left_cleanly() {
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=${1:-0}"
	assert_no_process_left
}

@test "metaconc alone opens the menu: every lesson with its mark, the selected one's summary, the keys" {
	start_tutorial
	wait_for_text "0 of 4 lessons finished"
	run -0 tmux_screen
	assert_line --regexp '^ > \[ \]  1  The first test lesson'
	assert_line --regexp '^   \[ \]  2  The second test lesson'
	assert_line --partial "One question with choices, one code region, one quick run."
	assert_line --partial "Enter open  j/k move  f filter: all  x reset  ? help  q quit"
	tmux_keys j
	wait_for_text "No question at all."
	run -0 tmux_screen
	assert_line --regexp '^ > \[ \]  2  The second test lesson'
	tmux_keys '?'
	wait_for_text "Keys of the menu"
	tmux_keys x
	wait_for_no_text "Keys of the menu"
	tmux_keys q
	assert_left_cleanly 0
}

@test "a lesson: its page with prose and code, a prediction, the run in the live view, the measured answer" {
	# Wide enough for prose and code side by side.
	tmux_stop
	tmux_start 160 45
	start_tutorial
	wait_for_text "0 of 4 lessons finished"
	tmux_keys Enter
	wait_for_text "Lesson 1 of 4: The first test lesson"
	run -0 tmux_screen
	assert_line --partial "1.1 Only page"
	assert_line --partial "A paragraph of prose for the test."
	assert_line --regexp "^ A paragraph of prose for the test\. +--- c, lib/techniques/spawn.c lines [0-9]+-[0-9]+ \(region spawn-loop\)"
	assert_line --partial "int spawn_threads(const struct technique_env *env"
	assert_line --partial "??? Prediction 1: A sequential run against its own sequential"
	assert_line --partial "Enter run the highlighted experiment"
	tmux_keys Enter
	wait_for_text "Prediction 1: your answer, a to b"
	tmux_keys z Enter
	wait_for_text 'not "z"'
	tmux_keys a Enter
	# The run animates in the timeline view, under the caption that says how to come back.
	wait_for_text "q: back to the lesson"
	wait_for_text "speedup"
	run -0 tmux_screen
	assert_line --partial "sequential baseline: the same tasks in one thread"
	tmux_keys q
	wait_for_text "!!! Answer to prediction 1 (measured in C):"
	run -0 tmux_screen
	assert_line --partial "    Your prediction: a"
	assert_line --regexp "^     measured in C: wall [0-9.]+ [mu]?s, [0-9.]+ CPUs busy, [0-9.]+x as fast as"
	assert_line --partial "You predicted a: right."
	assert_line --partial "1 prediction answered below the experiment (1 right)."
	# Past the last page, with its experiment run: finished, and the next lesson selected, not opened.
	tmux_keys n
	wait_for_text "Lesson 1 finished."
	run -0 tmux_screen
	assert_line --regexp '^   \[x\]  1  The first test lesson +1 of 1 predictions right'
	assert_line --regexp '^ > \[ \]  2  The second test lesson'
	tmux_keys q
	assert_left_cleanly 0
	run -0 cat "$METACONC_STATE_DIR/progress"
	assert_output --partial "first"
}

@test "progress survives a restart; the menu filters finished and pending lessons and resets one" {
	start_tutorial learn 2
	wait_for_text "Lesson 2 of 4: The second test lesson"
	tmux_keys Enter
	wait_for_text "q: back to the lesson"
	wait_for_text "wall"
	tmux_keys q
	wait_for_text "measured in C: wall"
	tmux_keys n
	wait_for_text "Lesson 2 finished."
	tmux_keys q
	assert_left_cleanly 0

	METACONC_LESSONS="$COURSE" run -0 metaconc list
	assert_line --regexp '^ +2 \[x\] second'

	start_tutorial
	wait_for_text "1 of 4 lessons finished"
	run -0 tmux_screen
	assert_line --regexp '^   \[x\]  2  The second test lesson'
	tmux_keys f
	wait_for_text "showing: pending"
	run -0 tmux_screen
	refute_line --partial "The second test lesson"
	assert_line --partial "The first test lesson"
	tmux_keys f
	wait_for_text "showing: finished"
	run -0 tmux_screen
	assert_line --regexp '^ > \[x\]  2  The second test lesson'
	refute_line --partial "The first test lesson"
	tmux_keys x
	wait_for_text "Forget your progress in lesson 2? y/n"
	tmux_keys y
	wait_for_text "Forgot your progress in lesson 2."
	wait_for_text "No lesson finished yet"
	tmux_keys q
	assert_left_cleanly 0
	METACONC_LESSONS="$COURSE" run -0 metaconc list
	assert_line --regexp '^ +2 \[ \] second'
}

@test "leaving a lesson before its experiment ran does not mark it finished" {
	start_tutorial learn 2
	wait_for_text "Lesson 2 of 4"
	tmux_keys n
	wait_for_text "Lesson 2 is not marked finished: the experiment on page 1 has not run to a good end."
	tmux_keys q
	assert_left_cleanly 0
	METACONC_LESSONS="$COURSE" run -0 metaconc list
	assert_line --regexp '^ +2 \[ \] second'
}

@test "a long lesson scrolls like less and turns pages with n and p only" {
	dir="$BATS_TEST_TMPDIR/lessons"
	mkdir -p "$dir"
	{
		printf 'title: Pages\nsummary: Two pages, the first long.\n\npage: The long one\n\n'
		for i in $(seq 1 60); do printf 'Paragraph number %d.\n\n' "$i"; done
		printf 'page: The second one\n\nThe end.\n'
	} > "$dir/01-pages.lesson"
	TUTORIAL_COURSE="$dir" start_tutorial learn 1
	wait_for_text "1.1 The long one"
	wait_for_text "(more below: space)"
	run -0 tmux_screen
	refute_line --partial "Paragraph number 30."
	tmux_keys Space
	wait_for_text "Paragraph number 30."
	tmux_keys G
	wait_for_text "Paragraph number 60."
	wait_for_no_text "(more below: space)"
	tmux_keys g
	wait_for_text "Paragraph number 1."
	tmux_keys n
	wait_for_text "1.2 The second one"
	wait_for_text "page 2 of 2"
	tmux_keys p
	wait_for_text "page 1 of 2"
	tmux_keys '?'
	wait_for_text "Keys of a lesson"
	tmux_keys j
	wait_for_no_text "Keys of a lesson"
	tmux_keys q
	wait_for_text "0 of 1 lessons finished"
	tmux_keys q
	assert_left_cleanly 0
}

@test "a measurement runs in place and answers its numeric prediction" {
	start_tutorial learn 3
	wait_for_text "Lesson 3 of 4"
	tmux_keys Enter
	wait_for_text "Prediction 1: your number for"
	tmux_keys 50 Enter
	wait_for_text "!!! Answer to prediction 1 (measured in C):"
	run -0 tmux_screen
	assert_line --regexp "^     measured in C: [0-9.]+ [mu]?s each to start and end a thread"
	assert_line --partial "You predicted 50"
	tmux_keys q q
	assert_left_cleanly 0
}

@test "SIGINT during an experiment in a lesson stops it, restores the terminal, and exits 130" {
	start_tutorial learn 4
	wait_for_text "Lesson 4 of 4"
	tmux_keys Enter
	wait_for_text "q: back to the lesson"
	wait_for_text "A thread"
	tmux_keys C-c
	assert_left_cleanly 130
}

@test "SIGTERM at the menu restores the terminal and exits 143" {
	start_tutorial
	wait_for_text "0 of 4 lessons finished"
	for pid in $(tagged_processes "$TEST_TAG"); do kill -TERM "$pid" 2>/dev/null; done
	assert_left_cleanly 143
}

@test "without a terminal, metaconc alone lists the lessons and learn plays the lesson as text" {
	METACONC_LESSONS="$COURSE" run -0 metaconc
	assert_line --regexp '^ +1 \[ \] first +The first test lesson$'
	METACONC_LESSONS="$COURSE" run -0 metaconc learn 2
	assert_line --partial ">>> Experiment: metaconc run spawn --workers 1 --tasks 1 --task-ms 2"
}

@test "a snippet runs in place: its output shown, made harmless, and a typed prediction checked against it" {
	TUTORIAL_COURSE="$BATS_TEST_DIRNAME/fixtures/python-course" start_tutorial learn 1
	wait_for_text "Lesson 1 of 1: Python answers"
	tmux_keys Enter
	wait_for_text "Prediction 1: what will it print"
	tmux_keys "[None]" Enter
	wait_for_text "!!! Answer to prediction 1 (printed by Python"
	run -0 tmux_screen
	assert_line --regexp '^ +\| \[None\]$'
	assert_line --partial "You predicted [None]: right."
	# The escape sequences it printed reached the screen as '?', not as commands.
	assert_line --regexp '^ +\| \?\[2J\?\]0;owned\? \?+1m$'
	# The run with --python answers in Python, and says so before and after (the highlight moved on to it).
	tmux_keys Enter
	wait_for_text "Prediction 2: your answer, a to b"
	tmux_keys a Enter
	wait_for_text "q: back to the lesson"
	wait_for_text "over sequential Python ("
	tmux_keys q
	wait_for_text "!!! Answer to prediction 2 (measured in Python"
	run -0 tmux_screen
	assert_line --regexp '^ +measured in Python [0-9.]+: wall [0-9.]+ [mu]?s, '
	assert_line --regexp '^ +measured in C: wall '
	tmux_keys q q
	assert_left_cleanly 0
}

@test "Enter asks only the predictions its run answers, and after a run the highlight moves on to the next" {
	TUTORIAL_COURSE="$BATS_TEST_DIRNAME/fixtures/flow-course" start_tutorial learn 1
	wait_for_text "Lesson 1 of 1: The flow of a lesson"
	tmux_keys Enter
	wait_for_text "Prediction 1: your answer, a to b"
	tmux_keys a Enter
	# Prediction 2 needs the second run too: it is not asked before the first.
	wait_for_text "q: back to the lesson"
	tmux_keys q
	wait_for_text "!!! Answer to prediction 1"
	refute [ -n "$(tmux_screen | grep -F 'Your prediction: ' | sed -n 2p)" ]
	# Enter again runs the second experiment, not the first once more: it asks prediction 2.
	tmux_keys Enter
	wait_for_text "Prediction 2: your answer, a to b"
	tmux_keys b Enter
	wait_for_text "q: back to the lesson"
	tmux_keys q
	wait_for_text "!!! Answer to prediction 2"
	# Every experiment of the page ran: Enter says so instead of running one again.
	tmux_keys Enter
	wait_for_text "Every experiment of this page has run: Tab picks one to run again, n goes on."
	tmux_keys n
	wait_for_text "1.2 The end"
	refute [ -n "$(tmux_screen | grep -F 'Not finished yet')" ]
	tmux_keys n
	wait_for_text "Lesson 1 finished."
	tmux_keys q
	assert_left_cleanly 0
}

@test "paging to the end without running says, before leaving and after, why the lesson is not finished" {
	TUTORIAL_COURSE="$BATS_TEST_DIRNAME/fixtures/flow-course" start_tutorial learn 1
	wait_for_text "Lesson 1 of 1: The flow of a lesson"
	tmux_keys n
	wait_for_text "Not finished yet: 2 experiments have not run to a good end (the first on page 1); predictions 1 and 2 were not made."
	tmux_keys n
	wait_for_text "Lesson 1 is not marked finished: 2 experiments have not run to a good end (the first on page 1);"
	tmux_keys q
	assert_left_cleanly 0
	METACONC_LESSONS="$BATS_TEST_DIRNAME/fixtures/flow-course" run -0 metaconc list
	assert_line --regexp '^ +1 \[ \] flow'
}

@test "a prediction left unmade (Esc) is asked again at the next run, and the lesson is not finished without it" {
	start_tutorial learn 1
	wait_for_text "Lesson 1 of 4: The first test lesson"
	tmux_keys Enter
	wait_for_text "Prediction 1: your answer, a to b"
	tmux_keys Escape
	wait_for_text "q: back to the lesson"
	tmux_keys q
	wait_for_text "measured in C: wall"
	tmux_keys n
	wait_for_text "Lesson 1 is not marked finished: prediction 1 was not made."
	tmux_keys Enter
	wait_for_text "Lesson 1 of 4: The first test lesson"
	tmux_keys Enter
	wait_for_text "Prediction 1: your answer, a to b"
	tmux_keys a Enter
	wait_for_text "q: back to the lesson"
	tmux_keys q
	wait_for_text "!!! Answer to prediction 1"
	tmux_keys n
	wait_for_text "Lesson 1 finished."
	tmux_keys q
	assert_left_cleanly 0
}
