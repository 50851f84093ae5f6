#!/usr/bin/env bats
# The lessons themselves: each one parses, runs end to end as plain text, quotes the
# post exactly, and its Python runs; a malformed lesson fails at its line.

POST_TITLE="Metaprogramming for concurrency and parallelism in Python"

# A prediction for each question of lesson file $1, in order, as --answer options: the
# first choice, the number 1, or (for what a snippet prints) "x".
lesson_answers() {
	awk '
		function done() { if (open) printf "--answer\n%s\n", text ? "x" : choices ? "a" : "1"; open = 0 }
		/^question:/ { done(); open = 1; choices = 0; text = 0; next }
		open && /^choice:/ { choices = 1 }
		open && /^answer: output of/ { text = 1 }
		open && /^$/ { done() }
		END { done() }
	' "$1"
}

# Every lesson is played once, here, with a prediction for every question, and the tests
# below read what it printed.
setup_file() {
	# Graded whatever the machine's load, as every suite's own tests are (helpers.bash).
	export HOME="$BATS_FILE_TMPDIR/home" METACONC_STATE_DIR="$BATS_FILE_TMPDIR/state" METACONC_DISTURBED=1
	mkdir -p "$HOME"
	local metaconc=${METACONC:-$BATS_TEST_DIRNAME/../build/metaconc} file number
	local -a answers
	for file in "$BATS_TEST_DIRNAME"/../lessons/*.lesson; do
		number=$(basename "$file")
		number=$((10#${number%%-*}))
		mapfile -t answers < <(lesson_answers "$file")
		"$metaconc" learn "$number" --plain --width 100 "${answers[@]}" </dev/null \
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

# The number of the lesson called $1.
lesson_number() {
	local file
	file=$(basename "$LESSONS"/*-"$1".lesson)
	echo $((10#${file%%-*}))
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
		assert_line --regexp "^ +$number \[ \] [a-z0-9-]+ +[A-Za-z].+$"
	done
	[ "$(lesson_numbers | wc -l)" -ge 13 ]
}

@test "every lesson runs end to end as plain text: every experiment runs and every prediction is answered" {
	local total_runs=0 total_asked=0 total_measures=0 total_snippets=0
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
		experiments=$(grep -c -E '^run [a-z0-9-]+: ' "$lesson" || true)
		measurements=$(grep -c -E '^measure [a-z0-9-]+: ' "$lesson" || true)
		# As many predictions and answers as questions, each answer saying which run measured it, and the value.
		asked=$(grep -c '^??? Prediction' "$out" || true)
		answered=$(grep -c -E '^!!! Answer to prediction [0-9]+ \((measured in|printed by) (C|Python [0-9.]+[a-z0-9+]*)\): [^ ]' "$out" || true)
		assert_equal "lesson $number: $asked predictions" "lesson $number: $questions predictions"
		assert_equal "lesson $number: $answered answers" "lesson $number: $questions answers"
		given=$(grep -c '^    Your prediction: ' "$out" || true)
		assert_equal "lesson $number: $given predictions given" "lesson $number: $questions predictions given"
		# Every run printed its summary, every measure its result, every snippet what it printed.
		runs=$(grep -c '^>>> Experiment [^:]*: metaconc run ' "$out" || true)
		summaries=$(grep -c -E '^[0-9]+ of [0-9]+ tasks done' "$out" || true)
		assert_equal "lesson $number: $runs runs" "lesson $number: $experiments runs"
		assert_equal "lesson $number: $summaries summaries" "lesson $number: $experiments summaries"
		measures=$(grep -c '^>>> Measurement' "$out" || true)
		results=$(grep -c -E '^    [0-9]+ (threads?|process(es)?) in .* each \(the median' "$out" || true)
		assert_equal "lesson $number: $measures measures" "lesson $number: $measurements measures"
		assert_equal "lesson $number: $results results" "lesson $number: $measurements results"
		snippets=$(grep -c '^>>> Experiment [^:]*: python3 runs the snippet' "$out" || true)
		printed=$(grep -c -E '^    Python [0-9.]+[a-z0-9+]* printed' "$out" || true)
		assert_equal "lesson $number: $printed printed" "lesson $number: $snippets printed"
		total_runs=$((total_runs + experiments))
		total_asked=$((total_asked + questions))
		total_measures=$((total_measures + measurements))
		total_snippets=$((total_snippets + snippets))
	done
	# And the markers were found at all: the course has runs, questions, measures and snippets.
	assert [ "$total_runs" -gt 0 ]
	assert [ "$total_asked" -gt 0 ]
	assert [ "$total_measures" -gt 0 ]
	assert [ "$total_snippets" -gt 0 ]
}

@test "every prediction about Python is answered by python3, which names its version; C runs are labelled C" {
	version=$(python3 -c 'import platform; print(platform.python_version())')
	total=0
	for number in $(lesson_numbers); do
		file=$(ls "$LESSONS"/$(printf '%02d' "$number")-*.lesson)
		out="$BATS_FILE_TMPDIR/$number.out"
		# The questions a Python run or a snippet answers, as the lesson file says ...
		in_python=$(grep -c -E '^answer: (python |output of |number printed by )' "$file" || true)
		# ... are the answers that name this machine's python3, and no other.
		answered=$(grep -c -E "^!!! Answer to prediction [0-9]+ \((measured in|printed by) Python $version\)" "$out" || true)
		assert_equal "lesson $number: $answered answered by Python $version" "lesson $number: $in_python answered by Python $version"
		! grep -E '^!!! Answer to prediction [0-9]+ \((measured in|printed by) Python\)' "$out" ||
			fail "lesson $number: a Python answer that does not name its version"
		# Each question says before its run which run will answer it.
		said=$(grep -c '^    The run in Python (python3) answers it\.$' "$out" || true)
		runs_in_python=$(grep -c '^answer: python ' "$file" || true)
		assert_equal "lesson $number: $said said" "lesson $number: $runs_in_python said"
		# Beside a Python run, the C run says it is C.
		python_runs=$(grep -c -E '^Python [0-9.]+[a-z0-9+]*, python/[a-z]+\.py: ' "$out" || true)
		c_beside=$(grep -c '^in C: ' "$out" || true)
		[ "$c_beside" -ge "$python_runs" ] || fail "lesson $number: $python_runs Python runs, $c_beside C runs labelled"
		total=$((total + in_python))
	done
	[ "$total" -ge 20 ] || fail "only $total predictions are answered by Python"
}

@test "the race lesson's unlocked runs lose updates on this machine, and its locked runs lose none" {
	out="$BATS_FILE_TMPDIR/$(lesson_number races-and-locks).out"
	# The bare += (right by accident) and the call between read and write, in CPython.
	run -0 awk '/^>>> Experiment called:/ { getline; getline; print $2; exit }' "$out"
	[ "$output" -gt 0 ] || fail "the call between the read and the write lost no update: $output"
	# race, unlocked: C and Python both lose updates ...
	run -0 awk '/^>>> Experiment unlocked:/ { on = 1 } on && /^[0-9]+ deposits made/ { print $6; exit }' "$out"
	[ "$output" -gt 0 ] || fail "C race lost no update: $output"
	run -0 awk '/^>>> Experiment unlocked:/ { on = 1 } on && /^python: [0-9]+ deposits made/ { print $7; exit }' "$out"
	[ "$output" -gt 0 ] || fail "Python race lost no update: $output"
	# ... and with the lock, neither loses one, and waiting for the lock shows.
	run -0 awk '/^>>> Experiment locked:/ { on = 1 } on && /deposits made/ { print }' "$out"
	assert_line --regexp '^[0-9]+ deposits made, balance [0-9]+: 0 lost updates; the threads waited '
	assert_line --regexp '^python: [0-9]+ deposits made, balance [0-9]+: 0 lost updates; the threads waited '
	run -0 grep -c -E '^[A-D] thread [0-9]+ +[^ ]*~' "$out"
}

@test "lesson 4's question about what workers holds is answered by the interpreter: [None]" {
	out="$BATS_FILE_TMPDIR/$(lesson_number metaclass-pool).out"
	run -0 grep -A2 '^>>> Experiment workers: python3 runs the snippet workers' "$out"
	assert_line "    | [None]"
	run -0 grep -A1 '^!!! Answer to prediction 1 ' "$out"
	assert_line --regexp '^!!! Answer to prediction 1 \(printed by Python [0-9.]+\): \[None\]$'
	assert_line '    You predicted x: not this time.'
}

@test "played lessons are marked finished, with every prediction recorded" {
	run -0 cat "$BATS_FILE_TMPDIR/state/progress"
	for number in $(lesson_numbers); do
		slug=$(basename "$LESSONS"/$(printf '%02d' "$number")-*.lesson .lesson)
		assert_line "finished ${slug#*-}"
		asked=$(grep -c '^question:' "$LESSONS/$slug.lesson" || true)
		recorded=$(grep -c "^prediction ${slug#*-} " "$BATS_FILE_TMPDIR/state/progress" || true)
		assert_equal "$slug: $recorded recorded" "$slug: $asked recorded"
	done
}

@test "every blog quote is the post's code, character for character, credited by the post's title" {
	[ -f "$SEEDS/000_381d005340bd8fc8.txt" ] || fail "the post is not at $SEEDS"
	extract_post_code "$BATS_TEST_TMPDIR/post"
	[ "$(ls "$BATS_TEST_TMPDIR/post" | wc -l)" -eq 3 ]
	for number in $(lesson_numbers); do
		extract_code "$BATS_FILE_TMPDIR/$number.out" "--- python, quoted exactly from the post \"$POST_TITLE\"" \
			"$BATS_TEST_TMPDIR/quotes"
		file=$(ls "$LESSONS"/$(printf '%02d' "$number")-*.lesson)
		quotes=$(grep -c '^```python blog$' "$file" || true)
		credited=$(grep -c "^--- python, quoted exactly from the post \"$POST_TITLE\"$" "$BATS_FILE_TMPDIR/$number.out" || true)
		assert_equal "lesson $number: $credited credited" "lesson $number: $quotes credited"
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
		extract_code "$BATS_FILE_TMPDIR/$number.out" "--- python, corrected (" "$BATS_TEST_TMPDIR/python"
		extract_code "$BATS_FILE_TMPDIR/$number.out" "--- python, an example (" "$BATS_TEST_TMPDIR/python"
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
	# The first CPU section is the pinned run's: no worker of it on CPU 1, idle or other programs'.
	run -0 awk '/^CPU 1 / { print substr($0, 19); exit }' "$out"
	assert_output --regexp '^[-#]+ *$'
	run -0 grep -c '^spawn: 2 threads, 4 tasks of 150 ms CPU work, pinned to CPU 0$' "$out"
}

@test "the GIL lesson shows threads waiting for the GIL, and the lesson on dying workers a crashed process, reaped" {
	run -0 grep -E '^[AB] thread [0-9]+ +.*~' "$BATS_FILE_TMPDIR/$(lesson_number gil).out"
	run -0 cat "$BATS_FILE_TMPDIR/$(lesson_number when-a-worker-dies).out"
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
	assert_equal "$stderr" "metaconc: $FIXTURES/no-such.lesson: cannot read it: No such file or directory"
}
