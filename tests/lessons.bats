#!/usr/bin/env bats
# The lessons themselves: each one parses, runs end to end as plain text, quotes the
# post exactly, and its Python runs; a malformed lesson fails at its line.

POST_TITLE="Metaprogramming for concurrency and parallelism in Python"

# Every lesson is played once, here, and the tests below read what it printed.
setup_file() {
	export HOME="$BATS_FILE_TMPDIR/home" METACONC_STATE_DIR="$BATS_FILE_TMPDIR/state"
	mkdir -p "$HOME"
	local metaconc=${METACONC:-$BATS_TEST_DIRNAME/../build/metaconc} file number
	for file in "$BATS_TEST_DIRNAME"/../lessons/*.lesson; do
		number=$(basename "$file")
		number=$((10#${number%%-*}))
		"$metaconc" learn "$number" --plain --width 100 </dev/null \
			>"$BATS_FILE_TMPDIR/$number.out" 2>"$BATS_FILE_TMPDIR/$number.err"
		echo $? >"$BATS_FILE_TMPDIR/$number.status"
	done
}

setup() {
	load helpers
	setup_test
	LESSONS="$BATS_TEST_DIRNAME/../lessons"
	FIXTURES="$BATS_TEST_DIRNAME/fixtures/lessons"
	SEEDS="$BATS_TEST_DIRNAME/../../shared/seeds"
}

# The numbers of the lessons, in order.
lesson_numbers() {
	local file number
	for file in "$LESSONS"/*.lesson; do
		number=$(basename "$file")
		echo $((10#${number%%-*}))
	done
}

# Writes the code blocks of a plain lesson ($1) whose header starts with $2 into dir $3, one file each.
extract_code() {
	mkdir -p "$3"
	awk -v header="$2" -v dir="$3" -v prefix="$(basename "$1" .out)" '
		index($0, header) == 1 { n++; file = sprintf("%s/%s-%02d.py", dir, prefix, n); inside = 1; printf "" >file; next }
		inside && $0 == "---" { inside = 0; close(file); next }
		inside { sub(/^    /, ""); print >file }
	' "$1"
}

# Writes the ```python blocks of the post into dir $1, one file each.
extract_post_code() {
	mkdir -p "$1"
	awk -v dir="$1" '
		/^```python$/ { n++; file = sprintf("%s/post-%d.py", dir, n); inside = 1; printf "" >file; next }
		inside && /^```$/ { inside = 0; close(file); next }
		inside { print >file }
	' "$SEEDS/000_381d005340bd8fc8.txt"
}

@test "every lesson parses: list reads them all and complains about none" {
	run -0 --separate-stderr metaconc list
	assert_equal "$stderr" ""
	for number in $(lesson_numbers); do
		assert_line --regexp "^ +$number \[ \] [a-z0-9-]+ +[A-Z].+$"
	done
	[ "$(lesson_numbers | wc -l)" -ge 7 ]
}

@test "every lesson runs end to end as plain text: every experiment runs and every prediction is answered" {
	local total_runs=0 total_asked=0 total_measures=0
	for number in $(lesson_numbers); do
		out="$BATS_FILE_TMPDIR/$number.out"
		lesson=$(ls "$LESSONS"/$(printf '%02d' "$number")-*.lesson)
		assert_equal "lesson $number: exit $(cat "$BATS_FILE_TMPDIR/$number.status")" "lesson $number: exit 0"
		assert_equal "lesson $number: $(cat "$BATS_FILE_TMPDIR/$number.err")" "lesson $number: "
		run -0 head -1 "$out"
		assert_output --regexp "^Lesson $number of [0-9]+: "
		run -0 grep -c '^=== End of the lesson' "$out"
		# What was played is counted against what the lesson file asks for, so a marker
		# whose wording changed (counted 0 in the output) cannot match by being 0 on both sides.
		questions=$(grep -c '^question:' "$lesson" || true)
		experiments=$(grep -c '^run ' "$lesson" || true)
		measurements=$(grep -c '^measure ' "$lesson" || true)
		# As many predictions and answers as questions, each with a measured value.
		asked=$(grep -c '^??? Prediction' "$out" || true)
		answered=$(grep -c -E '^!!! Answer to prediction [0-9]+: measured [0-9]+\.[0-9]+' "$out" || true)
		assert_equal "lesson $number: $asked predictions" "lesson $number: $questions predictions"
		assert_equal "lesson $number: $answered answers" "lesson $number: $questions answers"
		# Every run printed its summary, every measure its result.
		runs=$(grep -c '^>>> Experiment' "$out" || true)
		summaries=$(grep -c -E '^[0-9]+ of [0-9]+ tasks done' "$out" || true)
		assert_equal "lesson $number: $runs runs" "lesson $number: $experiments runs"
		assert_equal "lesson $number: $summaries summaries" "lesson $number: $experiments summaries"
		measures=$(grep -c '^>>> Measurement' "$out" || true)
		results=$(grep -c -E '^    [0-9]+ (threads?|process(es)?) in .* each \(the median' "$out" || true)
		assert_equal "lesson $number: $measures measures" "lesson $number: $measurements measures"
		assert_equal "lesson $number: $results results" "lesson $number: $measurements results"
		total_runs=$((total_runs + experiments))
		total_asked=$((total_asked + questions))
		total_measures=$((total_measures + measurements))
	done
	# And the lesson files' own markers were found: the course has runs, questions and measures.
	assert [ "$total_runs" -gt 0 ]
	assert [ "$total_asked" -gt 0 ]
	assert [ "$total_measures" -gt 0 ]
}

@test "played lessons are marked finished, and predictions not made are not recorded" {
	run -0 cat "$BATS_FILE_TMPDIR/state/progress"
	for number in $(lesson_numbers); do
		slug=$(basename "$LESSONS"/$(printf '%02d' "$number")-*.lesson .lesson)
		assert_line "finished ${slug#*-}"
	done
	refute_line --partial "prediction "
}

@test "every blog quote is the post's code, character for character, credited by the post's title" {
	[ -f "$SEEDS/000_381d005340bd8fc8.txt" ] || fail "the post is not at $SEEDS"
	extract_post_code "$BATS_TEST_TMPDIR/post"
	[ "$(ls "$BATS_TEST_TMPDIR/post" | wc -l)" -eq 3 ]
	for number in $(lesson_numbers); do
		extract_code "$BATS_FILE_TMPDIR/$number.out" "--- python, quoted exactly from the post \"$POST_TITLE\"" \
			"$BATS_TEST_TMPDIR/quotes"
		run -0 grep -c "^--- python, quoted exactly from the post \"$POST_TITLE\"$" "$BATS_FILE_TMPDIR/$number.out"
	done
	for quote in "$BATS_TEST_TMPDIR"/quotes/*.py; do
		found=""
		for original in "$BATS_TEST_TMPDIR"/post/*.py; do
			cmp -s "$quote" "$original" && found=$original
		done
		[ -n "$found" ] || { diff "$quote" "$BATS_TEST_TMPDIR/post/post-1.py" >&2; fail "$(basename "$quote") is not the post's code"; }
	done
	# Each of the post's three code blocks is quoted somewhere.
	for original in "$BATS_TEST_TMPDIR"/post/*.py; do
		quoted=""
		for quote in "$BATS_TEST_TMPDIR"/quotes/*.py; do
			cmp -s "$quote" "$original" && quoted=yes
		done
		[ -n "$quoted" ] || fail "$(basename "$original") of the post is quoted by no lesson"
	done
}

@test "every corrected and example Python block runs under python3" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	for number in $(lesson_numbers); do
		extract_code "$BATS_FILE_TMPDIR/$number.out" "--- python, corrected:" "$BATS_TEST_TMPDIR/python"
		extract_code "$BATS_FILE_TMPDIR/$number.out" "--- python, an example:" "$BATS_TEST_TMPDIR/python"
	done
	count=0
	for script in "$BATS_TEST_TMPDIR"/python/*.py; do
		run timeout 120 python3 "$script"
		[ "$status" -eq 0 ] || { cat "$script" >&2; fail "$(basename "$script") failed (exit $status): $output"; }
		count=$((count + 1))
	done
	[ "$count" -ge 7 ]
}

@test "the post's code fails exactly as the lessons say it does" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	extract_post_code "$BATS_TEST_TMPDIR/post"
	compile='import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")'
	# The thread loop and the decorator: a function whose body is only a comment.
	for block in 1 2; do
		run -1 python3 -c "$compile" "$BATS_TEST_TMPDIR/post/post-$block.py"
		assert_output --partial "IndentationError: expected an indented block"
	done
	run -0 grep -l "IndentationError: expected an indented block" "$LESSONS/02-dynamic-threads.lesson"
	# ParallelMeta: **kwargs inside a tuple.
	run -1 python3 -c "$compile" "$BATS_TEST_TMPDIR/post/post-3.py"
	assert_output --partial "SyntaxError"
	run -0 grep -c "with a SyntaxError" "$LESSONS/04-metaclass-pool.lesson"
	# Without **kwargs it runs, returns [None], and leaves its pool open.
	sed 's/, \*\*kwargs)\])/)])/' "$BATS_TEST_TMPDIR/post/post-3.py" >"$BATS_TEST_TMPDIR/fixed.py"
	echo 'print(workers)' >>"$BATS_TEST_TMPDIR/fixed.py"
	run -0 timeout 60 python3 -W default "$BATS_TEST_TMPDIR/fixed.py"
	assert_line "[None]"
	assert_output --partial "ResourceWarning: unclosed running multiprocessing pool"
}

@test "lesson 1's pinned run stays on CPU 0 while its free run uses the others" {
	[ "$(nproc)" -ge 2 ] || skip "needs two CPUs"
	out="$BATS_FILE_TMPDIR/1.out"
	# The first CPU section is the pinned run's: CPU 1 idle from start to end.
	run -0 awk '/^CPU 1 / { print substr($0, 19); exit }' "$out"
	assert_output --regexp '^-+ *$'
	run -0 grep -c '^spawn: 2 threads, 4 tasks of 150 ms CPU work, pinned to CPU 0$' "$out"
}

@test "lesson 5 shows threads waiting for the GIL, and lesson 8 a crashed process, reaped" {
	run -0 grep -E '^[AB] thread [0-9]+ +.*~' "$BATS_FILE_TMPDIR/5.out"
	run -0 cat "$BATS_FILE_TMPDIR/8.out"
	assert_line --regexp '^B pid [0-9]+ +.*X'
	assert_line --regexp '^worker B \(process [0-9]+\) crashed: killed by signal 11'
}

@test "every lesson credits the post and names its source in the header" {
	for file in "$LESSONS"/*.lesson; do
		run -0 grep -c "^source: $POST_TITLE\$" "$file"
	done
}

# Runs a malformed lesson and expects exit 2, nothing run, and exactly this one line on stderr.
expect_lesson_error() {
	local fixture="$FIXTURES/$1.lesson"
	run -2 --separate-stderr metaconc learn "$fixture" --plain </dev/null
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "$fixture:$2"
	assert_output ""
}

@test "an unknown directive is refused at its line, with a suggestion" {
	expect_lesson_error unknown-directive '8: unknown directive "qestion:" (did you mean "question:"?); a prose line that starts like this begins with a backslash'
}

@test "an unterminated code block is refused at the line that opens it" {
	expect_lesson_error unterminated-code '6: the code block is never closed (no ``` line after it)'
}

@test "a missing region is refused at the code: line, with the closest region" {
	expect_lesson_error missing-region '6: lib/techniques/decorate.c: no region "concurent" (did you mean "concurrent"?)'
}

@test "a missing source file is refused at the code: line" {
	expect_lesson_error missing-source '6: lib/techniques/threads.c: No such file or directory'
}

@test "a bad run option is refused at its line exactly as the command line refuses it" {
	expect_lesson_error bad-run-option '6: --workers: 0 is out of range: use a number from 1 to 64'
	run -2 --separate-stderr metaconc run spawn --workers 0 --compare
	assert_equal "$stderr" "metaconc: --workers: 0 is out of range: use a number from 1 to 64"
	expect_lesson_error unknown-run-option "6: unknown option \"--worker\" (did you mean --workers?); see 'metaconc help run'"
	expect_lesson_error display-option '6: --json: a lesson does not choose how its runs are shown or saved; the tutorial does'
}

@test "a question about an unknown experiment, or asked after its answer, is refused" {
	expect_lesson_error unknown-experiment '7: answer: no experiment named "two-thread" (did you mean "two-threads"?)'
	expect_lesson_error question-after-run '9: answer: the question comes after the experiment that answers it; ask for a prediction before the run'
	expect_lesson_error choices-with-a-gap '9: choice: this choice must start where the one before ends (1)'
}

@test "C code copied into a lesson is refused: it must come from a region" {
	expect_lesson_error c-code-block "6: C code is not copied into a lesson: show it from its source with 'code: lib/FOLDER/FILE.c#REGION'"
}

@test "a lesson file that does not exist is one line and exit 2" {
	run -2 --separate-stderr metaconc learn "$FIXTURES/no-such.lesson" --plain
	assert_equal "$stderr" "$FIXTURES/no-such.lesson: cannot read it: No such file or directory"
}
