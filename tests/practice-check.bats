#!/usr/bin/env bats
# metaconc practice check, measuring for real: every exercise as shipped fails the item its check
# names (# shipped fails: ...), every reference solution passes, a program that only prints what the
# solution prints fails every exercise, and bad attempts get a clear answer and leave nothing behind.

setup() {
	load helpers
	setup_test
	EXERCISES="$BATS_TEST_DIRNAME/../lessons/exercises"
	cd "$BATS_TEST_TMPDIR"
	run -0 metaconc practice
}

teardown() {
	kill_tagged_processes
}

# The learner's folder of exercise N.
folder_of() {
	local folders=(metaconc-practice/"$(printf %02d "$1")"-*)
	echo "${folders[0]}"
}

# The shipped folder of exercise N.
shipped_of() {
	local folders=("$EXERCISES"/"$(printf %02d "$1")"-*)
	echo "${folders[0]}"
}

# Runs `metaconc practice check N` for each N, $1 at a time; before each, `$2 N` if $2 is not "-".
# Each check's output goes to check.N.out, its exit status to check.N.status.
checks_at_a_time() {
	local at_once=$1 prepare=$2 n status
	shift 2
	for n in "$@"; do
		while [ "$(jobs -rp | wc -l)" -ge "$at_once" ]; do wait -n || true; done
		(
			[ "$prepare" = - ] || "$prepare" "$n"
			status=0
			metaconc practice check "$n" >"check.$n.out" 2>&1 || status=$?
			echo "$status" >"check.$n.status"
		) 3>&- &
	done
	wait
}

# Two at a time (the machine has two cores): for checks whose verdict does not rest on a speedup,
# or whose speedups are left out when other programs hold the CPUs.
checks_two_at_a_time() {
	checks_at_a_time 2 "$@"
}

# Fails, showing the check's output, unless check N exited with status $2.
assert_check_status() {
	local status
	status=$(cat "check.$1.status")
	[ "$status" = "$2" ] || fail "check $1 exited $status, not $2:
$(cat "check.$1.out")"
}

# Fails unless check N's verdict has a line starting with $2.
assert_check_line() {
	local line
	while IFS= read -r line; do
		[[ $line == "$2"* ]] && return 0
	done <"check.$1.out"
	fail "check $1 has no line starting \"$2\":
$(cat "check.$1.out")"
}

use_solution() {
	cp "$(shipped_of "$1")/solution.py" "$(folder_of "$1")/exercise.py"
}

use_cheat() {
	python3 "$BATS_TEST_DIRNAME/practice-cheat.py" "$(shipped_of "$1")" >"$(folder_of "$1")/exercise.py"
}

@test "every exercise as shipped fails its check, with the item its check names" {
	local n item
	checks_two_at_a_time - {1..12}
	for n in {1..12}; do
		item=$(sed -n 's/^# shipped fails: //p' "$(shipped_of "$n")/check")
		[ -n "$item" ] || fail "exercise $n: its check has no '# shipped fails:' line"
		assert_check_status "$n" 1
		assert_check_line "$n" "  FAIL  $item"
	done
	# A deadlock is stopped at the bound, and the message says so.
	assert_check_line 8 "  FAIL  finishes within 3 s: it was stopped after 3 s (an endless loop, or a deadlock?)"
	assert_no_process_left
}

@test "every reference solution passes its check, and the list says so" {
	local n alone=() paired=()
	# A solution's parallel speedup is measured with the machine to itself: beside another check,
	# the two would share its two CPUs, and a check cannot tell that load from its own.
	for n in {1..12}; do
		if grep -q '^expect: parallel speedup' "$(shipped_of "$n")/check"; then alone+=("$n"); else paired+=("$n"); fi
	done
	assert [ "${#alone[@]}" -gt 0 ]
	checks_two_at_a_time use_solution "${paired[@]}"
	checks_at_a_time 1 use_solution "${alone[@]}"
	for n in {1..12}; do
		assert_check_status "$n" 0
		assert_check_line "$n" "Passed"
	done
	run -0 metaconc practice list
	assert_line --index 0 "Exercises in metaconc-practice/ (12 of 12 passed):"
	assert_no_process_left
}

@test "a program that only prints what the solution prints fails every exercise, on a measured item" {
	local n
	checks_two_at_a_time use_cheat {1..12}
	for n in {1..12}; do
		assert_check_status "$n" 1
		# It prints the right things and exits as the solution does: only a measurement can catch it.
		if grep -E '^  FAIL  (exit status|output has|output lacks|printed )' "check.$n.out"; then
			fail "exercise $n: the cheat does not even print what the solution prints"
		fi
	done
	assert_no_process_left
}

@test "a SyntaxError shows Python's own message with its line, and the check goes on" {
	printf 'import threading\n\ndef work(:\n    pass\n' >"$(folder_of 1)/exercise.py"
	run -1 metaconc practice check 1
	assert_line --index 0 "Your program ended with exit status 1. The last of what it printed:"
	assert_line --regexp '^  \|   File ".*exercise\.py", line 3$'
	assert_line --regexp '^  \| SyntaxError: '
	assert_line "  FAIL  exit status: 1, needs = 0"
	assert_line --partial "Not yet:"
	assert_no_process_left
}

@test "an endless loop is stopped at the check's timeout, and the message says so" {
	printf 'while True:\n    pass\n' >"$(folder_of 1)/exercise.py"
	run -1 metaconc practice check 1
	assert_line "  FAIL  finishes within 5 s: it was stopped after 5 s (an endless loop, or a deadlock?)"
	assert_no_process_left
}

@test "a fork bomb is stopped at 64 processes and reported" {
	# At most 1024 processes even if nothing stopped it: the test must not harm the machine.
	printf 'import os, time\nfor _ in range(10):\n    os.fork()\ntime.sleep(30)\n' >"$(folder_of 1)/exercise.py"
	run -1 metaconc practice check 1
	assert_line "  FAIL  finishes within 5 s: it was stopped at 64 processes at once (processes that start processes without end?)"
	assert_no_process_left
}

@test "an output flood is cut at 1 MiB and reported" {
	printf 'while True:\n    print("flood " * 20)\n' >"$(folder_of 1)/exercise.py"
	run -1 metaconc practice check 1
	assert_line "  FAIL  finishes within 5 s: it was stopped when its output passed 1024 KiB (a print in an endless loop?)"
	assert_no_process_left
}

@test "a program that reads its input gets end of file at once" {
	{
		printf 'import sys\nassert sys.stdin.read() == ""\n'
		cat "$(shipped_of 1)/solution.py"
	} >"$(folder_of 1)/exercise.py"
	run -0 metaconc practice check 1
	assert_line --partial "Passed"
	assert_no_process_left
}
