#!/usr/bin/env bats
# The learner's progress: kept across runs, reset on request, and a damaged or
# unwritable state directory handled in one clear line.

setup() {
	load helpers
	setup_test
	export METACONC_LESSONS="$BATS_TEST_DIRNAME/fixtures/course"
	PROGRESS="$METACONC_STATE_DIR/progress"
}

@test "a finished lesson and its predictions survive a restart" {
	run -0 metaconc learn 1 --plain --answer a </dev/null
	run -0 metaconc learn 3 --plain --answer 1000000 </dev/null
	# A new process reads them back.
	run -0 metaconc list
	assert_line --index 0 'Lessons from the post "Metaprogramming for concurrency and parallelism in Python" (2 of 4 finished):'
	assert_line --regexp '^ +1 \[x\] first +The first test lesson  \(1 of 1 predictions right\)$'
	assert_line --regexp '^ +2 \[ \] second +The second test lesson$'
	assert_line --regexp '^ +3 \[x\] third +The third test lesson  \(0 of 1 predictions right\)$'
	assert_line "Next: metaconc learn 2"
	run -0 cat "$PROGRESS"
	assert_line "metaconc-progress 1"
	assert_line "finished first"
	assert_line --regexp '^prediction first 1 a [0-9.e+-]+ right$'
	assert_line --regexp '^prediction third 1 1e\+06 [0-9.e+-]+ wrong$'
}

@test "learn without a lesson opens the first one not finished" {
	run -0 metaconc learn --plain --answer a </dev/null
	assert_line --index 0 "Lesson 1 of 4: The first test lesson"
	run -0 metaconc learn </dev/null
	assert_line --index 0 "Lesson 2 of 4: The second test lesson"
}

@test "a lesson played as text without its predictions is not marked finished, and says which were not made" {
	run -0 --separate-stderr metaconc learn 1 --plain </dev/null
	assert_line 'Not marked finished: prediction 1 was not made (give every prediction with --answer, or play it in a terminal).'
	assert_equal "$stderr" ""
	run -0 metaconc list
	assert_line --regexp '^ +1 \[ \] first'
	# With the prediction it is finished, and says nothing of the kind.
	run -0 metaconc learn 1 --plain --answer b </dev/null
	refute_line --partial "Not marked finished"
	run -0 metaconc list
	assert_line --regexp '^ +1 \[x\] first'
}

@test "list --done and --pending show only those lessons" {
	run -0 metaconc learn 2 --plain </dev/null
	run -0 metaconc list --done
	assert_line --regexp '^ +2 \[x\] second'
	refute_line --regexp '^ +1 '
	run -0 metaconc list --pending
	assert_line --regexp '^ +1 \[ \] first'
	refute_line --regexp '^ +2 '
	run -2 --separate-stderr metaconc list --done --pending
	assert_equal "$stderr" "metaconc: list: give --done or --pending, not both"
	run -2 --separate-stderr metaconc list --all
	assert_equal "$stderr" 'metaconc: list: unknown argument "--all"; usage: metaconc list [--done | --pending]'
}

@test "reset forgets one lesson, and reset all forgets every one" {
	run -0 metaconc learn 1 --plain --answer a </dev/null
	run -0 metaconc learn 2 --plain </dev/null
	run -0 metaconc learn first --reset
	assert_output "Forgot your progress in lesson 1 (first)."
	run -0 metaconc list
	assert_line --regexp '^ +1 \[ \] first +The first test lesson$'
	assert_line --regexp '^ +2 \[x\] second'
	run -0 metaconc learn --reset all
	assert_output "Forgot your progress in every lesson."
	run -0 metaconc list --done
	refute_line --partial "[x]"
	run -2 --separate-stderr metaconc learn fifth --reset
	assert_equal "$stderr" "metaconc: no lesson \"fifth\"; see 'metaconc list' for the lessons and their numbers"
}

@test "a damaged progress file is one line, is never overwritten, and reset all replaces it" {
	mkdir -p "$METACONC_STATE_DIR"
	printf 'metaconc-progress 1\nfinished first\nsomething else\n' >"$PROGRESS"
	cp "$PROGRESS" "$BATS_TEST_TMPDIR/before"
	run -2 --separate-stderr metaconc list
	assert_equal "$stderr" "metaconc: $PROGRESS:3: damaged: \"something else\" is not a progress line"
	assert_line --regexp '^ +1 \[ \] first'
	# The lesson still runs to the end; only saving is refused.
	run -2 --separate-stderr metaconc learn 1 --plain --answer a </dev/null
	assert_line '=== End of the lesson "The first test lesson": 1 of 1 predictions right.'
	assert_equal "$stderr" "metaconc: $PROGRESS:3: damaged: \"something else\" is not a progress line; your progress in this lesson was not saved (fix or remove that file)"
	run -0 cmp "$PROGRESS" "$BATS_TEST_TMPDIR/before"
	run -2 --separate-stderr metaconc learn 1 --reset
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[1]}" "metaconc: fix or remove that file, or forget everything with 'metaconc learn --reset all'"
	run -0 metaconc learn --reset all
	run -0 --separate-stderr metaconc list
	assert_equal "$stderr" ""
}

@test "a progress file that cannot be read is one line" {
	mkdir -p "$PROGRESS"
	run -2 --separate-stderr metaconc list
	assert_equal "$stderr" "metaconc: $PROGRESS: cannot read it: it is a directory, not a file"
	assert_line --regexp '^ +1 \[ \] first'
}

@test "an unwritable state directory: the lesson runs, then one line and exit 1; list still works" {
	touch "$BATS_TEST_TMPDIR/a-file"
	export METACONC_STATE_DIR="$BATS_TEST_TMPDIR/a-file/state"
	run -1 --separate-stderr metaconc learn 1 --plain --answer a </dev/null
	assert_line '=== End of the lesson "The first test lesson": 1 of 1 predictions right.'
	assert_equal "$stderr" "metaconc: cannot save your progress: $METACONC_STATE_DIR: cannot create it: Not a directory"
	run -0 --separate-stderr metaconc list
	assert_equal "$stderr" ""
	run -1 --separate-stderr metaconc learn --reset all
	assert_equal "$stderr" "metaconc: cannot save your progress: $METACONC_STATE_DIR: cannot create it: Not a directory"
}

@test "progress lives in XDG_STATE_HOME, else in ~/.local/state" {
	unset METACONC_STATE_DIR
	XDG_STATE_HOME="$BATS_TEST_TMPDIR/xdg" run -0 metaconc learn 2 --plain </dev/null
	run -0 cat "$BATS_TEST_TMPDIR/xdg/metaconc/progress"
	assert_line "finished second"
	unset XDG_STATE_HOME
	run -0 metaconc learn 2 --plain </dev/null
	run -0 cat "$HOME/.local/state/metaconc/progress"
	assert_line "finished second"
}

@test "an interrupted lesson stops every worker, saves nothing, and exits 130" {
	metaconc_background learn 4 --plain >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null
	pid=$!
	wait_until "grep -q '^>>> Experiment' '$BATS_TEST_TMPDIR/out'" 10
	kill -INT "$pid"
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 130
	run -0 cat "$BATS_TEST_TMPDIR/err"
	assert_output "metaconc: interrupted by SIGINT: every worker was stopped and reaped; progress not saved"
	assert [ ! -e "$PROGRESS" ]
	assert_no_process_left
}

@test "20 learners saving at once lose no record, and every one exits 0" {
	local lessons="$BATS_TEST_TMPDIR/lessons" i pids=() status failed=0
	mkdir -p "$lessons"
	for i in $(seq -w 1 20); do
		cp "$METACONC_LESSONS/01-first.lesson" "$lessons/$i-lesson-$i.lesson"
	done
	for i in $(seq 1 20); do
		METACONC_LESSONS="$lessons" metaconc_background learn "$i" --plain --answer a </dev/null >/dev/null 2>&1
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		status=0
		wait "$i" || status=$?
		[ "$status" -eq 0 ] || failed=$((failed + 1))
	done
	assert_equal "$failed" 0
	# Each wrote two records: its lesson finished, and its prediction.
	run -0 grep -c '^finished lesson-' "$PROGRESS"
	assert_output 20
	run -0 grep -c '^prediction lesson-[0-9]* 1 a ' "$PROGRESS"
	assert_output 20
}

@test "an open tutorial keeps what another learner saved meanwhile" {
	load tmux
	OUT="$BATS_TEST_TMPDIR"
	tmux_start
	tmux_run_metaconc "METACONC_LESSONS=$METACONC_LESSONS" learn
	wait_for_text "The first test lesson"
	tmux_keys q # from the lesson to the menu
	wait_for_text "The second test lesson"
	# Elsewhere, lesson 2 is finished while the tutorial is open.
	run -0 metaconc learn 2 --plain </dev/null
	run -0 grep -x "finished second" "$PROGRESS"
	# The tutorial forgets lesson 1 (x, then y): lesson 2's record must stay.
	tmux_keys x
	wait_for_text "Forget your progress in lesson 1? y/n"
	tmux_keys y
	wait_for_text "Forgot your progress in lesson 1."
	run -0 grep -x "finished second" "$PROGRESS"
	# ...and the menu now shows it.
	wait_for_text "[x]"
	tmux_keys q
	assert_terminal_restored
	tmux_teardown
}

@test "a pipe where the progress file should be is refused in one line; nothing waits on it" {
	mkdir -p "$METACONC_STATE_DIR"
	mkfifo "$PROGRESS"
	run -2 --separate-stderr timeout 20 "$METACONC" list
	assert_equal "$stderr" "metaconc: $PROGRESS: cannot read it: it is not a regular file (a pipe or a device?)"
	assert_line --regexp '^ +1 \[ \] first'
	run -2 --separate-stderr timeout 20 "$METACONC" learn 2 --plain </dev/null
	assert_equal "$stderr" "metaconc: $PROGRESS: cannot read it: it is not a regular file (a pipe or a device?); your progress in this lesson was not saved (fix or remove that file)"
	run -1 --separate-stderr timeout 20 "$METACONC" learn --reset all
	assert_equal "$stderr" "metaconc: cannot save your progress: $PROGRESS: not a regular file: remove it, and your progress will be kept there"
	assert [ -p "$PROGRESS" ]
}
