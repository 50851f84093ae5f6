#!/usr/bin/env bats
# The fuzz targets' inputs, replayed: the seed corpus and every input that once
# crashed a parser (fuzz/regressions/TARGET/) go through the same entry point
# the fuzzer calls, so a fixed crash stays fixed. Under `make check-asan` the
# replay drivers are built with the sanitizers too.

setup() {
	load helpers
	setup_home
	FUZZ="$BATS_TEST_DIRNAME/../fuzz"
}

# Replays every seed and regression of target $1, and checks each was read and survived.
replay_target() {
	local target=$1 inputs=()
	shopt -s nullglob
	inputs=("$FUZZ/corpus/$target"/* "$FUZZ/regressions/$target"/*)
	shopt -u nullglob
	assert [ "${#inputs[@]}" -ge 3 ]
	run -0 "$METACONC_BUILD/fuzz/replay-$target" "${inputs[@]}"
	assert_output "replayed ${#inputs[@]} of ${#inputs[@]} inputs"
}

@test "the lesson parser survives its seeds and every past crash" {
	replay_target lesson
}

@test "the demo script parser survives its seeds and every past crash" {
	replay_target demo
}

@test "the run option parser survives its seeds and every past crash" {
	replay_target options
}

@test "the Python protocol reader survives its seeds and every past crash" {
	replay_target pyproto
}

@test "the region finder survives its seeds and every past crash" {
	replay_target region
}

@test "the exercise check parser and its judge survive their seeds and every past crash" {
	replay_target exercise
}

@test "a replay driver fails on an input it cannot read" {
	run -1 "$METACONC_BUILD/fuzz/replay-lesson" "$BATS_TEST_TMPDIR/missing"
	assert_line "replay: $BATS_TEST_TMPDIR/missing: No such file or directory"
	assert_line "replayed 0 of 1 input"
}
