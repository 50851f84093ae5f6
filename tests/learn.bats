#!/usr/bin/env bats
# metaconc learn and metaconc list: finding lessons, their options and errors, and
# where the lessons are read from.

setup() {
	load helpers
	setup_test
	COURSE="$BATS_TEST_DIRNAME/fixtures/course"
	LESSONS="$BATS_TEST_DIRNAME/../lessons"
}

teardown() {
	[ -z "${TMUX_SERVER:-}" ] || tmux -L "$TMUX_SERVER" kill-server 2>/dev/null || true
}

# Runs metaconc expecting exit 2, nothing on stdout, and exactly the line $1 on stderr.
expect_usage_error() {
	local line=$1
	shift
	run -2 --separate-stderr metaconc "$@"
	assert_equal "$stderr" "$line"
	assert_output ""
}

@test "list shows every lesson in order, with its number, name and title" {
	run -0 metaconc list
	assert_line --index 0 'Lessons from the post "Metaprogramming for concurrency and parallelism in Python" (0 of 13 finished):'
	assert_line --regexp '^ +1 \[ \] concurrency-vs-parallelism +Concurrency versus parallelism$'
	assert_line --regexp '^ +2 \[ \] dynamic-threads +Dynamic thread spawning$'
	assert_line --regexp '^ +3 \[ \] decorators +Decorators and function wrappers$'
	assert_line --regexp '^ +4 \[ \] metaclass-pool +Metaclasses and a process pool$'
	assert_line --regexp '^ +5 \[ \] gil +The GIL$'
	assert_line --regexp '^ +6 \[ \] io-bound +I/O-bound work$'
	assert_line --regexp '^ +7 \[ \] races-and-locks +Races and locks$'
	assert_line --regexp '^ +8 \[ \] asyncio +asyncio: concurrency on one thread$'
	assert_line --regexp '^ +9 \[ \] worker-costs +What a worker costs$'
	assert_line --regexp '^ +10 \[ \] start-methods +How a process starts$'
	assert_line --regexp '^ +11 \[ \] amdahl-and-overheads +Amdahl.s law and overheads$'
	assert_line --regexp '^ +12 \[ \] when-a-worker-dies +When a worker dies$'
	assert_line --regexp '^ +13 \[ \] choosing +Choosing: threads, processes, pools$'
	assert_line "Next: metaconc learn 1"
}

@test "metaconc with no arguments and no terminal prints the lesson list" {
	run -0 metaconc </dev/null
	assert_line --index 0 --partial "Lessons from the post"
	assert_line --regexp '^ +5 \[ \] gil +The GIL$'
}

@test "help learn, help list, learn --help and list --help document the commands" {
	run -0 metaconc help learn
	assert_line --index 0 "usage: metaconc learn [LESSON] [--plain] [--answer VALUE]... [--width N]"
	assert_output --partial "--reset"
	assert_output --partial "METACONC_STATE_DIR"
	run -0 metaconc learn --help
	assert_line --index 0 "usage: metaconc learn [LESSON] [--plain] [--answer VALUE]... [--width N]"
	run -0 metaconc help list
	assert_line --index 0 "usage: metaconc list [--done | --pending]"
	run -0 metaconc list --help
	assert_line --index 0 "usage: metaconc list [--done | --pending]"
	run -0 metaconc --help
	assert_output --partial "metaconc learn [LESSON]"
	assert_output --partial "metaconc list"
}

@test "learn finds a lesson by number, zero-padded number, name and file name" {
	export METACONC_LESSONS="$COURSE"
	for name in 2 02 second 02-second 02-second.lesson; do
		run -0 metaconc learn "$name" --plain </dev/null
		assert_line --index 0 "Lesson 2 of 4: The second test lesson"
	done
}

@test "learn with an unknown lesson name suggests the closest one, and exits 2" {
	expect_usage_error "metaconc: no lesson \"dynamic-thread\" (did you mean \"dynamic-threads\"?); see 'metaconc list'" \
		learn dynamic-thread --plain
	expect_usage_error "metaconc: no lesson \"03-gil\" (did you mean \"gil\"?); see 'metaconc list'" learn 03-gil
	expect_usage_error "metaconc: no lesson \"frobnicate\"; see 'metaconc list' for the lessons and their numbers" \
		learn frobnicate
}

@test "learn with a number that is no lesson names the range, and exits 2" {
	expect_usage_error "metaconc: no lesson 99: the lessons are numbered 1 to 13; see 'metaconc list'" learn 99
	expect_usage_error "metaconc: no lesson 0: the lessons are numbered 1 to 13; see 'metaconc list'" learn 0
}

@test "learn refuses unknown options, missing values and two lessons, before anything runs" {
	expect_usage_error "metaconc: learn: unknown option \"--plian\" (did you mean --plain?); see 'metaconc help learn'" \
		learn 1 --plian
	expect_usage_error "metaconc: learn: unknown option \"--frobnicate\"; see 'metaconc help learn'" learn 1 --frobnicate
	expect_usage_error "metaconc: learn: --answer needs a value; see 'metaconc help learn'" learn 1 --answer
	expect_usage_error 'metaconc: learn: one lesson at a time ("1" and "2")' learn 1 2
	expect_usage_error 'metaconc: --width: expected a whole number from 40 to 1000, not "20"' learn 1 --width 20
	expect_usage_error "metaconc: learn: --reset needs a lesson: metaconc learn LESSON --reset (or --reset all)" learn --reset
	expect_usage_error "metaconc: learn: --reset only forgets progress: give it with a lesson and nothing else" \
		learn 1 --reset --plain
}

@test "learn checks every --answer against its question before anything runs" {
	export METACONC_LESSONS="$COURSE"
	expect_usage_error 'metaconc: --answer z: question 1 is answered with a letter from a to b, not "z"' \
		learn 1 --answer z
	expect_usage_error 'metaconc: --answer 1.5: question 1 is answered with a letter from a to b, not "1.5"' \
		learn 1 --answer=1.5
	expect_usage_error 'metaconc: --answer fast: question 1 is answered with a number (microseconds for one), not "fast"' \
		learn 3 --answer fast
	expect_usage_error "metaconc: --answer: the lesson has 1 question, but 2 answers were given" learn 1 --answer a --answer b
	expect_usage_error "metaconc: --answer: the lesson has 0 questions, but 1 answers were given" learn 2 --answer a
}

@test "a prediction given with --answer is judged against the measured value" {
	export METACONC_LESSONS="$COURSE"
	run -0 metaconc learn 1 --plain --answer a </dev/null
	assert_line "    Your prediction: a"
	# The answer names the run that measured it; it may wrap, so spaces may be newlines.
	assert_output --regexp $'\n!!! Answer to prediction 1 \\(measured in C\\): [0-9]+\\.[0-9]{2}x, which is a\\)[[:space:]]+less[[:space:]]+than[[:space:]]+ten[[:space:]]+times\\.\n'
	assert_line "    You predicted a: right."
	assert_line '=== End of the lesson "The first test lesson": 1 of 1 predictions right.'
	run -0 metaconc learn 3 --plain --answer 1000000 </dev/null
	assert_line --regexp '^!!! Answer to prediction 1 \(measured in C\): [0-9]+\.[0-9] us$'
	assert_line "    You predicted 1e+06: not within 25% of it."
}

@test "without --answer and without a terminal, the question is shown and then answered" {
	export METACONC_LESSONS="$COURSE"
	run -0 metaconc learn 1 --plain </dev/null
	assert_line --partial "??? Prediction 1: A sequential run against its own sequential baseline:"
	assert_line "    a) less than ten times (below 10x)"
	assert_line "    b) ten times or more (above 10x)"
	assert_line --partial "(Predict before you read on: the answer comes after the run."
	assert_line "    You made no prediction."
	assert_line --partial "    They do the same work the same way"
}

@test "learn shows a code region as it is in the source file, with its lines" {
	export METACONC_LESSONS="$COURSE"
	run -0 metaconc learn 1 --plain </dev/null
	first=$(grep -n '^/\* region: spawn-loop \*/$' "$BATS_TEST_DIRNAME/../lib/techniques/spawn.c" | cut -d: -f1)
	assert_line --regexp "^--- c, lib/techniques/spawn.c lines $((first + 1))-[0-9]+ \(region spawn-loop\): the code metaconc runs$"
	assert_line "    int spawn_threads(const struct technique_env *env, const struct work_hooks *hooks,"
	assert_line "        int count = env->workers; /* decided at run time, not in the code */" # a tab is four columns
}

@test "in a terminal, --plain asks for each prediction and asks again after a bad answer" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	TMUX_SERVER="metaconc-learn-$$-$BATS_TEST_NUMBER"
	tmux -L "$TMUX_SERVER" -f /dev/null new-session -d -x 100 -y 40 \
		"env METACONC_LESSONS='$COURSE' METACONC_STATE_DIR='$METACONC_STATE_DIR' HOME='$HOME' '$METACONC' learn 1 --plain; echo EXIT=\$?; sleep 30"
	screen() { tmux -L "$TMUX_SERVER" capture-pane -p -S -100; }
	wait_until 'screen | grep -q "Your prediction (a-b):"' 10
	tmux -L "$TMUX_SERVER" send-keys "x" Enter
	wait_until 'screen | grep -q "question 1 is answered with a letter from a to b, not \"x\""' 10
	tmux -L "$TMUX_SERVER" send-keys "a" Enter
	wait_until 'screen | grep -q "EXIT="' 20
	run -0 screen
	assert_line "    You predicted a: right."
	assert_line "EXIT=0"
}

@test "list reports a malformed lesson at its line, lists the others, and exits 2" {
	dir="$BATS_TEST_TMPDIR/lessons"
	mkdir -p "$dir"
	cp "$COURSE"/0[12]-*.lesson "$dir"/
	cp "$BATS_TEST_DIRNAME/fixtures/lessons/missing-region.lesson" "$dir/03-broken.lesson"
	METACONC_LESSONS="$dir" run -2 --separate-stderr metaconc list
	assert_equal "$stderr" "$dir/03-broken.lesson:6: lib/techniques/decorate.c: no region \"concurent\" (did you mean \"concurrent\"?)"
	assert_line --regexp '^ +1 \[ \] first +The first test lesson$'
	assert_line --regexp '^ +3 \[ \] broken +\(this lesson cannot be read: see the error above\)$'
}

@test "a lesson file with a name that is not NN-slug.lesson is refused" {
	dir="$BATS_TEST_TMPDIR/lessons"
	mkdir -p "$dir"
	cp "$COURSE/01-first.lesson" "$dir/first.lesson"
	METACONC_LESSONS="$dir" expect_usage_error "metaconc: $dir/first.lesson: a lesson file is named NN-slug.lesson (a number, a dash, lowercase words joined by dashes), like 01-concurrency-vs-parallelism.lesson" list
	mv "$dir/first.lesson" "$dir/01-first.lesson"
	cp "$COURSE/02-second.lesson" "$dir/1-second.lesson"
	METACONC_LESSONS="$dir" expect_usage_error "metaconc: $dir/01-first.lesson and $dir/1-second.lesson have the same number" list
}

@test "METACONC_LESSONS naming no directory is one line and exit 2" {
	METACONC_LESSONS="$BATS_TEST_TMPDIR/nowhere" expect_usage_error \
		"metaconc: METACONC_LESSONS: $BATS_TEST_TMPDIR/nowhere: No such file or directory" list
	mkdir -p "$BATS_TEST_TMPDIR/empty"
	METACONC_LESSONS="$BATS_TEST_TMPDIR/empty" expect_usage_error \
		"metaconc: $BATS_TEST_TMPDIR/empty: no lessons in it (files named NN-slug.lesson)" learn 1
}

@test "an installed metaconc reads PREFIX/share/metaconc/lessons, and says where it looked when there is none" {
	prefix="$BATS_TEST_TMPDIR/prefix"
	mkdir -p "$prefix/bin" "$prefix/share/metaconc"
	cp "$METACONC" "$prefix/bin/metaconc"
	cp -r "$LESSONS" "$prefix/share/metaconc/lessons"
	cp -r "$BATS_TEST_DIRNAME/../lib" "$prefix/share/metaconc/lib"
	cp -r "$BATS_TEST_DIRNAME/../python" "$prefix/share/metaconc/python"
	run -0 --separate-stderr "$prefix/bin/metaconc" list
	assert_equal "$stderr" ""
	assert_line --regexp '^ +12 \[ \] when-a-worker-dies +When a worker dies$'
	rm -r "$prefix/share"
	run -2 --separate-stderr "$prefix/bin/metaconc" list
	assert_equal "$stderr" "metaconc: no lessons found for $prefix/bin/metaconc (neither a lessons/ directory beside its build directory nor share/metaconc/lessons beside its bin/); set METACONC_LESSONS to the lessons directory"
}

@test "learn --code into a pipe writes the example exactly as the lesson holds it, and it runs" {
	export METACONC_LESSONS="$BATS_TEST_DIRNAME/fixtures/code-course"
	cd "$BATS_TEST_TMPDIR"
	run -0 --separate-stderr metaconc learn 1 --code wide
	assert_line --index 0 "import os"
	assert_line --index 2 "    return os.cpu_count()  # a comment long enough to run past the edge of any screen of eighty columns: THE-END-OF-THE-LINE"
	assert_equal "$stderr" ""
	assert [ ! -e wide.py ]
	run -0 bash -c "'$METACONC' learn 1 --code wide | python3"
	assert_output "True"
	# An unnamed example is numbered; its tab is kept as a tab.
	run -0 metaconc learn 1 --code example-2
	assert_output "$(printf 'if True:\n\tprint("tabbed")')"
}

@test "learn --code refuses an unknown example (naming the lesson's), and goes with a lesson and nothing else" {
	export METACONC_LESSONS="$BATS_TEST_DIRNAME/fixtures/code-course"
	expect_usage_error 'metaconc: learn: --code: this lesson has no example "nosuch"; its examples: wide, example-2' learn 1 --code nosuch
	expect_usage_error "metaconc: learn: --code needs a lesson: metaconc learn LESSON --code NAME" learn --code wide
	expect_usage_error "metaconc: learn: --code only writes an example out: give it with a lesson and nothing else" learn 1 --code wide --plain
	expect_usage_error "metaconc: learn: --code needs a value; see 'metaconc help learn'" learn 1 --code
	METACONC_LESSONS="$COURSE" expect_usage_error "metaconc: learn: --code: this lesson has no Python example that runs as it is" learn 2 --code x
}

@test "plain text keeps code spans' backticks and indents code with four-column tabs" {
	export METACONC_LESSONS="$BATS_TEST_DIRNAME/fixtures/code-course"
	run -0 metaconc learn 1 --plain --width 100 </dev/null
	assert_line 'Call `work()` to do the work; `os.cpu_count()` says how many CPUs there are.'
	assert_line '--- python, an example (wide.py): it runs as it is'
	assert_line '--- python, corrected (example-2.py): it runs as it is'
	assert_line '        print("tabbed")'
}
