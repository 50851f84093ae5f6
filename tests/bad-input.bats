#!/usr/bin/env bats
# Bad input, catalogued (DESIGN §5): every option given a wrong value, unknown
# names, broken lesson files, unwritable places, odd terminals and closed
# streams. Each gets exactly one clear line on stderr and the right exit
# status (2 for bad usage or input), and leaves no half-written file behind.
# Each case prints "input: ..." first, so a failure shows which one it was.
# (Bad demo scripts are covered with the demo command.)

setup() {
	load helpers
	setup_test
	COURSE="$BATS_TEST_DIRNAME/fixtures/course"
	LESSON_1="$BATS_TEST_DIRNAME/../lessons/01-concurrency-vs-parallelism.lesson"
	unset METACONC_LESSONS
}

teardown() {
	[ -z "${TMUX_SOCKET:-}" ] || tmux_stop
	kill_tagged_processes
}

# expect_error STATUS PATTERN ARGS...: metaconc ARGS exits STATUS with one line
# on stderr matching PATTERN, and prints nothing on stdout.
expect_error() {
	local status=$1 pattern=$2
	shift 2
	echo "input: metaconc ${*@Q}"
	run "-$status" --separate-stderr metaconc "$@"
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" "$pattern"
	assert_output ""
}

@test "every numeric run option refuses non-numbers, negatives, zero, overflow, huge and empty values" {
	local option value
	for option in --workers --tasks --task-ms --switch-ms --width; do
		for value in two -1 0 99999999999999999999 1000000 "" 4x " 4" 1e3 0x10 +4 $'4\n5'; do
			expect_error 2 "^metaconc: $option: .*(out of range|expected a whole number)" run spawn "$option" "$value"
		done
		expect_error 2 "^metaconc: $option: .*(out of range|expected a whole number)" run spawn "$option=-5"
		expect_error 2 "^metaconc: $option: needs a value" run spawn "$option"
	done
}

@test "the numeric options of pool and the serial part refuse what they cannot use" {
	local option value
	for option in --serial-ms --batch --arg-kb; do
		for value in two -1 99999999999999999999 1000000 "" 4x " 4" 1e3 0x10 +4 $'4\n5'; do
			expect_error 2 "^metaconc: $option: .*(out of range|expected a whole number)" run pool "$option" "$value"
		done
		expect_error 2 "^metaconc: $option: needs a value" run pool "$option"
	done
	expect_error 2 '^metaconc: --batch: 0 is out of range' run pool --batch 0
	for option in --lock --blocking --offload; do
		expect_error 2 "^metaconc: $option: (takes no value|only technique)" run async "$option=1"
	done
}

@test "every other run option refuses values it cannot use, and a missing value" {
	local option value
	for value in disk -1 0 "" 99999999999999999999; do
		expect_error 2 '^metaconc: --work: expected cpu, io or mixed, not ' run spawn --work "$value"
	done
	for value in x -1 "" , 0- 1-0 0,,1 99999999999999999999 0-99999999999999999999; do
		expect_error 2 '^metaconc: --cpus: (expected a CPU list|a CPU range must be|CPU [0-9]+ is not available)' \
			run spawn --cpus "$value"
	done
	for value in explode -1 0 "" crash:-1 crash:x crash: hang:99999999999999999999 crash:64; do
		expect_error 2 '^metaconc: --fault' run pool --fault "$value"
	done
	for value in "" " " spwan "spawn --workers 0" "spawn --json" "spawn --trace t.json"; do
		expect_error 2 '^metaconc: --vs: ' run spawn --vs "$value"
	done
	for option in --work --cpus --fault --vs --trace --events; do
		expect_error 2 "^metaconc: $option: needs a value" run spawn "$option"
	done
	for option in --compare --python --plain --json; do
		expect_error 2 "^metaconc: $option: takes no value\$" run spawn "$option=yes"
	done
}

@test "unknown commands, techniques and options get one line with a suggestion" {
	expect_error 2 '^metaconc: unknown command "runn" \(did you mean "run"\?\)' runn
	expect_error 2 '^metaconc: unknown command "lern" \(did you mean "learn"\?\)' lern
	expect_error 2 '^metaconc: unknown command "lsit" \(did you mean "list"\?\)' lsit
	expect_error 2 '^metaconc: unknown technique "pol" \(did you mean "pool"\?\)' run pol
	expect_error 2 '^metaconc: unknown technique "gill" \(did you mean "gil"\?\)' run gill
	expect_error 2 '^metaconc: unknown technique "sp\?awn" \(did you mean "spawn"\?\)' run $'sp\nawn'
	expect_error 2 '^metaconc: unknown technique ""; techniques: ' run ""
	expect_error 2 '^metaconc: unknown option "--task" \(did you mean --tasks\?\)' run spawn --task 2
	expect_error 2 '^metaconc: help: no command "runn"' help runn
	expect_error 2 '^metaconc: unknown command "ru\?n" \(did you mean "run"\?\)' $'ru\nn'
	expect_error 2 '^metaconc: help: no command "x\?y"' help $'x\ny'
	expect_error 2 '^metaconc: unknown command "dmeo" \(did you mean "demo"\?\)' dmeo
}

@test "learn with an unknown lesson gets one line with a suggestion, exit 2" {
	expect_error 2 "^metaconc: no lesson \"gill\" \\(did you mean \"gil\"\\?\\); see 'metaconc list'\$" learn gill --plain
	expect_error 2 "^metaconc: no lesson \"gi\\?l\" \\(did you mean \"gil\"\\?\\)" learn $'gi\nl' --plain
	expect_error 2 "^metaconc: no lesson 99999999999999999999: the lessons are numbered 1 to 13" learn 99999999999999999999
	expect_error 2 "^metaconc: no lesson \"\"" learn ""
	expect_error 2 "^metaconc: learn: unknown option \"-1\"" learn -1
}

# Writes the bad lesson files, one per directory: $BAD/NAME/01-NAME.lesson.
make_bad_lessons() {
	BAD="$BATS_TEST_TMPDIR/bad"
	mkdir -p "$BAD"/{empty,random,binary,huge,truncated}
	: >"$BAD/empty/01-empty.lesson"
	head -c 4096 /dev/urandom >"$BAD/random/01-random.lesson"
	head -c 4096 "$METACONC" >"$BAD/binary/01-binary.lesson"
	yes "A line of prose, repeated until the file is far too large for a lesson." |
		head -c 20000000 >"$BAD/huge/01-huge.lesson"
	# Cut inside the lesson's first code block.
	local cut
	cut=$(grep -b -m1 '^```python' "$LESSON_1" | cut -d: -f1)
	head -c $((cut + 40)) "$LESSON_1" >"$BAD/truncated/01-truncated.lesson"
}

@test "empty, random, binary, huge and truncated lesson files: one line naming the file, exit 2" {
	make_bad_lessons
	local name file pattern
	for name in empty random binary huge truncated; do
		file="$BAD/$name/01-$name.lesson"
		case $name in
		empty) pattern="^$file:1: the lesson has no 'title:' line\$" ;;
		random) pattern="^$file:[0-9]+: " ;;
		binary) pattern="^$file:1: the line holds a NUL byte: a lesson is text\$" ;;
		huge) pattern="^metaconc: $file: cannot read it: it is larger than 4 MiB\$" ;;
		truncated) pattern="^$file:[0-9]+: the code block is never closed" ;;
		esac
		METACONC_LESSONS="$BAD/$name" expect_error 2 "$pattern" learn 1 --plain
		expect_error 2 "$pattern" learn "$file" --plain
		# list still lists the lessons it can read, and says which one it cannot.
		echo "input: METACONC_LESSONS=$BAD/$name metaconc list"
		METACONC_LESSONS="$BAD/$name" run -2 --separate-stderr metaconc list
		assert_equal "${#stderr_lines[@]}" 1
		assert_regex "${stderr_lines[0]}" "$pattern"
		assert_line --partial "(this lesson cannot be read: see the error above)"
	done
}

@test "a missing or unusable lessons directory: one line, exit 2" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	touch "$BATS_TEST_TMPDIR/a-file"
	METACONC_LESSONS="$BATS_TEST_TMPDIR/missing" expect_error 2 \
		"^metaconc: METACONC_LESSONS: .*/missing: No such file or directory\$" list
	METACONC_LESSONS="$BATS_TEST_TMPDIR/missing" expect_error 2 "^metaconc: METACONC_LESSONS: " learn 1 --plain
	METACONC_LESSONS="$BATS_TEST_TMPDIR/a-file" expect_error 2 "^metaconc: METACONC_LESSONS: .*/a-file: not a directory\$" list
	METACONC_LESSONS="$BATS_TEST_TMPDIR/empty" expect_error 2 "^metaconc: .*/empty: no lessons in it" learn 1 --plain
}

@test "an unusable state directory: the lesson runs, progress is not saved, one line, exit 1" {
	touch "$BATS_TEST_TMPDIR/a-file"
	local state
	for state in "$BATS_TEST_TMPDIR/a-file" "$BATS_TEST_TMPDIR/a-file/below"; do
		echo "input: METACONC_STATE_DIR=$state"
		METACONC_LESSONS="$COURSE" METACONC_STATE_DIR="$state" run -1 --separate-stderr metaconc learn 1 --plain --answer a </dev/null
		assert_equal "${#stderr_lines[@]}" 1
		assert_regex "${stderr_lines[0]}" "^metaconc: cannot save your progress: .*: Not a directory\$"
		assert_line --index 0 "Lesson 1 of 4: The first test lesson"
	done
	run -0 cat "$BATS_TEST_TMPDIR/a-file"
	assert_output ""
}

@test "a progress file that cannot be replaced is left whole, with no temporary file beside it" {
	# A directory where the progress file should be: it can be neither read nor replaced.
	mkdir -p "$METACONC_STATE_DIR/progress"
	echo "input: learn 1 with a directory for the progress file"
	METACONC_LESSONS="$COURSE" run -2 --separate-stderr metaconc learn 1 --plain --answer a </dev/null
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" "^metaconc: .*/progress: cannot read it: it is a directory, not a file; your progress in this lesson was not saved"
	run -0 ls -A "$METACONC_STATE_DIR"
	assert_output "progress"
	# A damaged progress file is reported and never overwritten.
	rmdir "$METACONC_STATE_DIR/progress"
	printf 'not a progress file\n\x01\x02\n' >"$METACONC_STATE_DIR/progress"
	cp "$METACONC_STATE_DIR/progress" "$BATS_TEST_TMPDIR/before"
	echo "input: learn 1 with a damaged progress file"
	METACONC_LESSONS="$COURSE" run -2 --separate-stderr metaconc learn 1 --plain --answer a </dev/null
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" "^metaconc: .*/progress:1: "
	run -0 cmp "$BATS_TEST_TMPDIR/before" "$METACONC_STATE_DIR/progress"
	run -0 ls -A "$METACONC_STATE_DIR"
	assert_output "progress"
}

@test "unwritable --trace and --events paths fail before the run and leave nothing behind" {
	local out="$BATS_TEST_TMPDIR/out" option
	mkdir -p "$out/a-directory"
	touch "$out/a-file"
	for option in --trace --events; do
		expect_error 2 "^metaconc: $option: .*/a-file/x: cannot write: Not a directory\$" \
			run spawn --task-ms 1 "$option" "$out/a-file/x"
		expect_error 2 "^metaconc: $option: .*/missing/x: cannot write: No such file or directory\$" \
			run spawn --task-ms 1 "$option" "$out/missing/x"
		expect_error 2 "^metaconc: $option: .*/a-directory: cannot write: Is a directory\$" \
			run spawn --task-ms 1 "$option" "$out/a-directory"
		expect_error 2 "^metaconc: $option: \"\": not a file name\$" run spawn --task-ms 1 "$option" ""
		expect_error 2 "^metaconc: $option: \".*/a-directory/\": not a file name\$" \
			run spawn --task-ms 1 "$option" "$out/a-directory/"
		run -0 ls -A "$out" "$out/a-directory"
		assert_output "$(printf '%s:\n%s\n%s\n\n%s:' "$out" a-directory a-file "$out/a-directory")"
	done
}

@test "--trace to a pipe writes into the pipe and leaves it a pipe" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	cat "$BATS_TEST_TMPDIR/fifo" >"$BATS_TEST_TMPDIR/received" 3>&- &
	run -0 metaconc run spawn --workers 2 --tasks 2 --task-ms 5 --plain --trace "$BATS_TEST_TMPDIR/fifo"
	wait
	assert [ -p "$BATS_TEST_TMPDIR/fifo" ]
	run -0 cat "$BATS_TEST_TMPDIR/received"
	assert_output --partial '"traceEvents":['
}

@test "TERM unset, dumb or unknown without a terminal: the plain timeline, nothing on stderr" {
	local term
	for term in unset dumb xyzzy-unknown; do
		echo "input: TERM=$term"
		if [ "$term" = unset ]; then
			run -0 --separate-stderr env -u TERM "$METACONC" run spawn --workers 2 --tasks 2 --task-ms 5
		else
			TERM=$term run -0 --separate-stderr metaconc run spawn --workers 2 --tasks 2 --task-ms 5
		fi
		assert_equal "$stderr" ""
		assert_line "2 of 2 tasks done, 18 events recorded, 0 dropped"
	done
}

@test "in a terminal, an unknown or missing TERM gets one line and the plain timeline" {
	load tmux
	tmux_start
	tmux_type "TERM=xyzzy-unknown $METACONC run spawn --workers 2 --tasks 2 --task-ms 5; echo exit=\$((40+2))"
	wait_for_text "exit=42"
	run -0 tmux_screen
	assert_line "metaconc: TERM=xyzzy-unknown is not a terminal type this system knows: printing the plain timeline instead"
	assert_line --regexp '^wall [0-9.]+ ms, CPU time'
	tmux_type "clear; (unset TERM; $METACONC run spawn --workers 2 --tasks 2 --task-ms 5; echo status=\$?)"
	wait_for_text "status=0"
	run -0 tmux_screen
	assert_line --regexp '^wall [0-9.]+ ms, CPU time'
}

@test "stdin closed: run, list and learn with answers given work as usual" {
	run -0 --separate-stderr metaconc run spawn --workers 2 --tasks 2 --task-ms 5 --plain <&-
	assert_equal "$stderr" ""
	assert_line --partial "2 of 2 tasks done"
	run -0 --separate-stderr metaconc list <&-
	assert_equal "$stderr" ""
	METACONC_LESSONS="$COURSE" run -0 --separate-stderr metaconc learn 1 --plain --answer a <&-
	assert_equal "$stderr" ""
	assert_line --partial 'End of the lesson'
}

# Runs metaconc with its standard output into `head -1`, which closes the pipe
# early: no crash, no hang, at most one line about it.
pipe_into_head() {
	echo "input: metaconc ${*@Q} | head -1"
	run --separate-stderr bash -c '"$@" | head -1; echo "status=${PIPESTATUS[0]}"' _ "$METACONC" "$@"
	assert_equal "$status" 0
	# 0: it all fit in the pipe before head left; 1: it said so in one line; 141: SIGPIPE, silently.
	assert_line --regexp '^status=(0|1|141)$'
	if [ "${#stderr_lines[@]}" -gt 0 ]; then
		assert_equal "${#stderr_lines[@]}" 1
		assert_equal "${stderr_lines[0]}" "metaconc: standard output: Broken pipe"
	fi
}

@test "stdout a pipe closed early: no crash, no hang, at most one line" {
	pipe_into_head run spawn --workers 2 --tasks 4 --task-ms 20 --plain
	assert_line --index 0 --regexp '^spawn: 2 threads, 4 tasks of 20 ms CPU work'
	pipe_into_head list
	assert_line --index 0 --partial "Lessons from the post"
	pipe_into_head learn 1 --plain --answer a
	assert_line --index 0 "Lesson 1 of 13: Concurrency versus parallelism"
	pipe_into_head help run
	pipe_into_head run spawn --workers 2 --tasks 2 --task-ms 5 --events - --plain
}

@test "stdout closed or full: the run happens, one line says the output was lost, exit 1" {
	echo "input: run >&-"
	run -1 --separate-stderr bash -c '"$@" >&-' _ "$METACONC" run spawn --workers 2 --tasks 2 --task-ms 5 --plain
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr_lines[0]}" "metaconc: standard output: Bad file descriptor"
	echo "input: list >/dev/full"
	run -1 --separate-stderr bash -c '"$@" >/dev/full' _ "$METACONC" list
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr_lines[0]}" "metaconc: standard output: No space left on device"
}
