#!/usr/bin/env bats
# The test harness itself (tests/run-bats): a skip is counted and shown, and under CI it fails;
# each test's line says how long it took.

setup() {
	load helpers
	SUITE="$BATS_TEST_DIRNAME/fixtures/suites/one-skip.bats"
}

@test "outside CI a skipped test is counted as skipped in the closing line" {
	CI= run -0 "$BATS_TEST_DIRNAME/run-bats" "$METACONC" "$BATS_TEST_TMPDIR" "$SUITE"
	assert_line --regexp "^ok 1 a test that passes in [0-9]+ms$"
	assert_equal "${lines[-1]}" "1 passed, 0 failed, 1 skipped"
}

@test "under CI=true a skipped test is a failure, shown in the closing line and the exit status" {
	CI=true run -1 "$BATS_TEST_DIRNAME/run-bats" "$METACONC" "$BATS_TEST_TMPDIR" "$SUITE"
	assert_equal "${lines[-1]}" "1 passed, 1 failed (1 skipped, and under CI a skip fails)"
	assert_line --regexp "under CI a skip fails: 2 a test that skips in [0-9]+ms # skip"
}

@test "a suite without skips closes with the plain count, under CI or not" {
	printf '@test "passes" {\n\ttrue\n}\n' >"$BATS_TEST_TMPDIR/plain.bats"
	CI=true run -0 "$BATS_TEST_DIRNAME/run-bats" "$METACONC" "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/plain.bats"
	assert_equal "${lines[-1]}" "1 passed, 0 failed"
}

@test "RUN_BATS_FILTER_TAGS='!no-sanitizer' leaves out the tests tagged no-sanitizer, and only those" {
	printf '@test "runs metaconc" {\n\ttrue\n}\n# bats test_tags=no-sanitizer\n@test "python alone" {\n\ttrue\n}\n' \
		>"$BATS_TEST_TMPDIR/tagged.bats"
	RUN_BATS_FILTER_TAGS='!no-sanitizer' run -0 "$BATS_TEST_DIRNAME/run-bats" "$METACONC" "$BATS_TEST_TMPDIR" \
		"$BATS_TEST_TMPDIR/tagged.bats"
	assert_line --regexp "^ok 1 runs metaconc in [0-9]+ms$"
	refute_line --partial "python alone"
	assert_equal "${lines[-1]}" "1 passed, 0 failed"
	# Without it (the sanitizer runs export it to this suite too), every test runs.
	RUN_BATS_FILTER_TAGS= run -0 "$BATS_TEST_DIRNAME/run-bats" "$METACONC" "$BATS_TEST_TMPDIR" \
		"$BATS_TEST_TMPDIR/tagged.bats"
	assert_equal "${lines[-1]}" "2 passed, 0 failed"
}
