#!/usr/bin/env bats
# valgrind on a short plain run of every technique: no memory error, no leak.
# The pool's forked processes are checked too (valgrind follows fork; only
# exec needs --trace-children, and a run execs nothing).

setup() {
	load helpers
	setup_test
	if ! command -v valgrind >/dev/null 2>&1; then
		skip "valgrind is not installed (apt-get install -y valgrind)"
	fi
	# make check-asan and check-tsan test sanitizer builds, which valgrind cannot run.
	if grep -qaE '__(asan|tsan)_init' "$METACONC"; then
		skip "valgrind cannot run a sanitizer build; the sanitizers check this one"
	fi
}

# Runs technique $1 (with options $2...) under valgrind; its report goes to $BATS_TEST_TMPDIR/valgrind.PID.
valgrind_run() {
	local technique=$1 workers=(--workers 2)
	shift
	[ "$technique" = async ] && workers=() # one thread, a lane per task
	run -0 valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--trace-children=no --log-file="$BATS_TEST_TMPDIR/valgrind.%p" \
		"$METACONC" run "$technique" --plain --tasks 2 --task-ms 20 "${workers[@]}" "$@"
	assert_output --partial "2 of 2 tasks done"
}

# Checks every report valgrind wrote: no error, nothing definitely lost.
assert_clean_reports() {
	local report reports=("$BATS_TEST_TMPDIR"/valgrind.*)
	assert [ -f "${reports[0]}" ]
	for report in "${reports[@]}"; do
		run -0 cat "$report"
		assert_output --partial "ERROR SUMMARY: 0 errors"
		refute_output --regexp "definitely lost: [1-9]"
	done
}

@test "valgrind: a spawn run has no memory error and no leak" {
	valgrind_run spawn
	assert_clean_reports
}

@test "valgrind: a decorator run has no memory error and no leak" {
	valgrind_run decorator
	assert_clean_reports
}

@test "valgrind: a pool run, and each of its processes, has no memory error and no leak" {
	valgrind_run pool
	assert_clean_reports
	# The parent and its two worker processes each wrote a report.
	run -0 ls "$BATS_TEST_TMPDIR"
	assert [ "$(grep -c '^valgrind\.' <<<"$output")" -eq 3 ]
}

@test "valgrind: a gil run has no memory error and no leak" {
	valgrind_run gil
	assert_clean_reports
}

@test "valgrind: a sequential run has no memory error and no leak" {
	valgrind_run sequential
	assert_clean_reports
}

@test "valgrind: race runs, with and without the lock, have no memory error and no leak" {
	valgrind_run race
	valgrind_run race --lock --serial-ms 10
	assert_clean_reports
}

@test "valgrind: async runs, blocking and offloaded to a helper thread, have no memory error and no leak" {
	valgrind_run async --work mixed --blocking
	valgrind_run async --offload
	assert_clean_reports
}

@test "valgrind: a pool run in batches, with an argument, has no memory error and no leak" {
	valgrind_run pool --batch 2 --arg-kb 64
	assert_clean_reports
}

@test "trace, plainly and with every output file, has no memory error and no leak under valgrind" {
	run -0 valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--trace-children=no --log-file="$BATS_TEST_TMPDIR/valgrind.%p" \
		"$METACONC" trace --plain --json --svg "$BATS_TEST_TMPDIR/t.svg" --trace "$BATS_TEST_TMPDIR/t.json" \
		--events "$BATS_TEST_TMPDIR/t.tsv" -- sh -c 'sleep 0.05 & echo hello; wait'
	assert_line --index 0 "hello"
	assert_output --partial '"exit_status":0'
	# The command's process was valgrind's until its exec (its report ends there, without a summary).
	run -0 grep -l "ERROR SUMMARY" "$BATS_TEST_TMPDIR"/valgrind.*
	assert_equal "${#lines[@]}" 1
	run -0 cat "${lines[0]}"
	assert_output --partial "ERROR SUMMARY: 0 errors"
	refute_output --regexp "definitely lost: [1-9]"
}
