#!/usr/bin/env bats
# The C unit tests of the pure modules (tests/unit/*.c), built beside the binary under test.

setup() {
	load helpers
}

run_unit() {
	local binary="$METACONC_BUILD/tests/test_$1"
	assert [ -x "$binary" ]
	run -0 "$binary"
	assert_output --regexp "^$1: all [0-9]+ checks passed$"
}

@test "the timeline model turns hand-made events into the expected cells" {
	run_unit timeline
}

@test "the trace rings keep order, wrap, drop when full, work across fork and share no cache line" {
	run_unit trace
}

@test "wrappers compose, keep the wrapped name, and futures deliver results and failures" {
	run_unit decorate
}

@test "suggestions, CPU lists, JSON escaping and run options parse as documented; text from files is made safe for a terminal" {
	run_unit parsing
}

@test "demo scripts parse strictly, with FILE:LINE errors, and casts are valid asciicast v2" {
	run_unit demo
}

@test "the Python protocol parser accepts good lines and refuses hostile ones without crashing" {
	run_unit pyproto
}

@test "regions of C and Python sources are extracted exactly, and every broken marker is reported" {
	run_unit region
}

@test "lessons parse into pages and blocks, and each malformed lesson fails at its line with one reason" {
	run_unit lesson
}

@test "progress round-trips through its file, a damaged file is refused with its line" {
	run_unit progress
}

@test "starting threads and processes is timed and every process is reaped" {
	run_unit cost
}

@test "a lesson page is laid out stacked or side by side, with predictions and measured answers in place" {
	run_unit page_layout
}

@test "durations, titles and summary sentences are worded once, and a speedup is judged against what the run could reach" {
	run_unit wording
}

@test "trace's sampler places the kernel's totals whole, its tree orders lanes, its output pane keeps lines" {
	run_unit observe
}

@test "exercise checks parse strictly, every item passes and fails on hand-made runs, and the print-only cheat fails every shipped exercise" {
	local binary="$METACONC_BUILD/tests/test_exercise"
	assert [ -x "$binary" ]
	run -0 "$binary" "$BATS_TEST_DIRNAME/../lessons/exercises"
	assert_output --regexp "^exercise: all [0-9]+ checks passed$"
}

@test "a check plans its runs: each set of arguments, the reference in its own folder, and what is forced on python3" {
	run_unit practice
}

@test "race counts, Amdahl's bound, the lanes of async and pool batches come out as documented" {
	run_unit techniques
}

@test "text is fitted to a width: wrapped at spaces, phrases kept whole, key bars keep q and ?" {
	run_unit text
}

@test "a run answers only the predictions it completes, the highlight moves on after it, and a lesson is finished only when every run and prediction is done" {
	run_unit lesson_flow
}

@test "the observer as a library: output in a pipe, CPU and wall-time limits, the facts of each process back" {
	run_unit observer
}

@test "a watched folder reports a save in place or by a rename, once it is quiet, and ignores editors' own files" {
	run_unit file_watch
}
