#!/usr/bin/env bats
# Snippets: a lesson's Python that python3 runs where it stands, and whose output answers a
# question. What it prints is shown made harmless; a snippet that runs too long, or is
# interrupted, is stopped with everything it started; a typed prediction is checked against
# what it printed.

setup() {
	load helpers
	setup_test
	command -v python3 >/dev/null || fail "python3 is needed by the snippet tests"
}

# Writes a lesson file $1 (in $BATS_TEST_TMPDIR) with one page, a question `output of s`
# (unless $3 is "none") and the snippet s whose code is $2.
snippet_lesson() {
	local file="$BATS_TEST_TMPDIR/$1"
	{
		printf 'title: Snippet\nsummary: A snippet for the tests.\n\npage: Only page\n\n'
		if [ "${3:-}" != none ]; then
			printf 'question: What does it print?\nanswer: output of s\nexplain: What it printed.\n\n'
		fi
		printf '```python snippet s\n%s\n```\n' "$2"
	} >"$file"
	echo "$file"
}

@test "a snippet's output answers a typed prediction, whitespace folded, and names the interpreter" {
	lesson=$(snippet_lesson 99-show.lesson 'print("[None]")')
	version=$(python3 -c 'import platform; print(platform.python_version())')
	run -0 metaconc learn "$lesson" --plain --answer ' [None] ' </dev/null
	assert_line "    Python $version printed:"
	assert_line "    | [None]"
	assert_line "!!! Answer to prediction 1 (printed by Python $version): [None]"
	assert_line "    You predicted [None]: right."
	run -0 metaconc learn "$lesson" --plain --answer 'None' </dev/null
	assert_line "    You predicted None: not this time."
	# Without a prediction, the question is shown and answered all the same.
	run -0 metaconc learn "$lesson" --plain </dev/null
	assert_line "    You made no prediction."
}

@test "what a snippet prints on both outputs is shown with its exit status, escape sequences made harmless" {
	lesson=$(snippet_lesson 99-escapes.lesson 'import sys
print("\x1b]0;owned\x07\x1b[2Jplain \u00e9t\u00e9 \u009b31m")
print("a warning", file=sys.stderr)
sys.exit(3)' none)
	run -0 metaconc learn "$lesson" --plain </dev/null
	# Each control becomes one "?": ESC, BEL, and the two bytes of the C1 control CSI (U+009B).
	assert_line "    | ?]0;owned??[2Jplain été ?31m"
	assert_line "    and on its standard error:"
	assert_line "    | a warning"
	assert_line "    It exited with status 3."
	refute_output --partial $'\x1b'
	refute_output --partial $'\x07'
}

@test "a snippet that runs too long is stopped with every process it started, and the lesson is not finished" {
	lesson=$(snippet_lesson 99-forever.lesson 'import subprocess, time
subprocess.Popen(["sleep", "300"])
print("started", flush=True)
time.sleep(300)')
	METACONC_SNIPPET_SECONDS=1 run -1 --separate-stderr metaconc learn "$lesson" --plain </dev/null
	assert_line "    | started"
	assert_line "    It was still running after 1 s, so it was stopped."
	assert_line "!!! Prediction 1 has no answer this time: its experiment did not run to the end."
	assert_no_process_left
}

@test "SIGINT while a snippet runs stops it and everything it started, and exits 130" {
	lesson=$(snippet_lesson 99-sleeper.lesson 'import multiprocessing, time
if __name__ == "__main__":
    pool = multiprocessing.Pool(2)
    print("pool open", flush=True)
    time.sleep(300)' none)
	metaconc_background learn "$lesson" --plain >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null
	pid=$!
	wait_until "[ \$(tagged_processes '$TEST_TAG' | wc -l) -ge 4 ]" 20
	kill -INT "$pid"
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 130
	run -0 cat "$BATS_TEST_TMPDIR/err"
	assert_output --partial "interrupted by SIGINT"
	assert_no_process_left
}

@test "a bad METACONC_SNIPPET_SECONDS, or no python3, is one line before or where the snippet runs" {
	lesson=$(snippet_lesson 99-show.lesson 'print(1)')
	METACONC_SNIPPET_SECONDS=0 run -2 --separate-stderr metaconc learn "$lesson" --plain </dev/null
	assert_equal "$stderr" 'metaconc: METACONC_SNIPPET_SECONDS: expected a whole number from 1 to 600, not "0"'
	assert_output ""
	METACONC_PYTHON="$BATS_TEST_TMPDIR/no-python" run -1 --separate-stderr metaconc learn "$lesson" --plain </dev/null
	assert_equal "$stderr" "metaconc: snippet s: METACONC_PYTHON=$BATS_TEST_TMPDIR/no-python: No such file or directory"
}
