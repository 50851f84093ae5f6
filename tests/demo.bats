#!/usr/bin/env bats
# metaconc demo: the built-in tour, scripts checked before anything runs, the printed transcript,
# the full-screen player and its presenter keys (in tmux), recordings, and interruptions.

setup() {
	load helpers
	load tmux
	setup_test
	OUT="$BATS_TEST_TMPDIR"
}

teardown() {
	tmux_teardown
}

# Writes a demo script from the arguments, one line each, into $OUT/$1.
script() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$OUT/$name"
}

# Checks an asciicast v2 file: the header, event times that never go back, and prints "o"/"m" summaries.
check_cast() {
	python3 - "$1" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
header = json.loads(lines[0])
assert header["version"] == 2, header
assert isinstance(header["width"], int) and header["width"] > 0, header
assert isinstance(header["height"], int) and header["height"] > 0, header
last = 0.0
text = []
for line in lines[1:]:
    time, kind, data = json.loads(line)
    assert time >= last, (time, last)
    last = time
    assert kind in ("o", "m"), kind
    if kind == "m":
        print("marker:", data)
    else:
        text.append(data)
print("events:", len(lines) - 1)
print("text:", "".join(text).replace("\r\n", " ").replace("\n", " "))
EOF
}

# ---- the command line ---------------------------------------------------------------

@test "help demo and demo --help explain the command, its keys, and give examples" {
	run -0 metaconc help demo
	assert_line --partial "usage: metaconc demo [SCRIPT] [--plain] [--speed X] [--no-pause] [--record FILE.cast]"
	assert_output --partial "built-in tour"
	assert_output --partial "--record FILE"
	assert_output --partial "[ and ] jump to the previous"
	assert_line "  metaconc demo --plain --speed 50           the tour as a transcript, quickly"
	local help=$output
	run -0 metaconc demo --help
	assert_equal "$output" "$help"
	run -0 metaconc --help
	assert_output --partial "metaconc demo [SCRIPT]"
}

@test "demo rejects bad options with one line and exit 2" {
	run -2 metaconc demo --speed 0
	assert_output 'metaconc: --speed: expected a number from 0.1 to 100, not "0"'
	run -2 metaconc demo --speed fast
	assert_output 'metaconc: --speed: expected a number from 0.1 to 100, not "fast"'
	run -2 metaconc demo --sped 2
	assert_output "metaconc: demo: unknown option \"--sped\" (did you mean --speed?); see 'metaconc help demo'"
	run -2 metaconc demo a.demo b.demo
	assert_output 'metaconc: demo: one script at a time ("a.demo" and "b.demo")'
	run -2 metaconc demo --record
	assert_output "metaconc: demo: --record needs a value; see 'metaconc help demo'"
	# A file that cannot be read at all is an error of metaconc's (a bad line is FILE:LINE: why).
	run -2 metaconc demo "$OUT/missing.demo"
	assert_output "metaconc: $OUT/missing.demo: cannot read it: No such file or directory"
	run -2 metaconc demo "$OUT"
	assert_output "metaconc: $OUT: cannot read it: it is a directory, not a file"
}

# ---- the built-in tour, printed -------------------------------------------------------

@test "the built-in tour plays to its end as a transcript, its experiments really run" {
	run -0 metaconc demo --speed 100
	# Without a terminal the transcript is automatic.
	assert_line --index 0 "Concurrency and parallelism, live"
	for chapter in "Two words" "One core" "Two cores" "Spawning threads" "Decorators" \
		"A metaclass and a pool" "The GIL" "The way out" "Where threads win" "The end"; do
		assert_line "## $chapter"
	done
	assert_line ">> Two C threads, both pinned to CPU 0. Watch the lanes: they take turns."
	assert_line ">> Technique 3: a metaclass hook builds instances on a pool of worker"
	assert_line "\$ metaconc run spawn --workers 2 --tasks 4 --task-ms 250 --cpus 0 --compare"
	# The three techniques, each against one thread doing the same work.
	assert_line "\$ metaconc run spawn --workers 4 --tasks 8 --task-ms 100 --compare"
	assert_line "\$ metaconc run decorator --workers 2 --tasks 4 --task-ms 200 --compare"
	assert_line "\$ metaconc run pool --workers 2 --tasks 4 --task-ms 200 --compare"
	# The GIL for real, processes as the way out, and waiting, where threads win: in CPython too.
	assert_line "\$ metaconc run gil --workers 2 --tasks 4 --task-ms 250 --compare --python"
	assert_line "\$ metaconc run pool --workers 2 --tasks 4 --task-ms 250 --compare --python"
	assert_line "\$ metaconc run gil --workers 4 --tasks 4 --task-ms 250 --work io --compare --python"
	assert_equal "$(grep -c '^python: speedup [0-9.]*x over sequential Python' <<<"$output")" 3
	assert_line --regexp "^Python [0-9]+\.[0-9]+\.[0-9]+[^,]*, python/gil\.py: "
	# Lesson pages, as learn --plain prints them.
	assert_line "Lesson 1 of 13: Concurrency versus parallelism"
	assert_line "1.2 One CPU: taking turns"
	assert_line "5.4 Three runs, the same work"
	# Eight real runs and three Python ones, every task done; the pinned one used CPU 0 alone.
	assert_equal "$(grep -cE '^([0-9]+) of \1 tasks done' <<<"$output")" 8
	assert_equal "$(grep -cE '^python: ([0-9]+) of \1 tasks done' <<<"$output")" 3
	assert_equal "$(grep -c '^speedup [0-9.]*x over sequential' <<<"$output")" 8
	assert_line "spawn: 2 threads, 4 tasks of 250 ms CPU work, pinned to CPU 0"
	assert_line --regexp "^B pid [0-9]+ "
	assert_line "(end of the demo)"
	assert_no_process_left
}

@test "--plain: the transcript in the script's order; key, pause and clear print nothing" {
	script talk.demo "title Short" "marker Only" "caption Hello, room." \
		"run spawn --workers 2 --tasks 2 --task-ms 20" "wait end" "key r" "pause" "clear" "wait 10ms" \
		"caption Bye."
	run -0 metaconc demo "$OUT/talk.demo" --plain --width 60
	run -0 grep -E '^(Short|=+|## |>> |\$ |spawn: |2 of 2 tasks|\(end)' <<<"$output"
	assert_output "Short
=====
## Only
>> Hello, room.
\$ metaconc run spawn --workers 2 --tasks 2 --task-ms 20
spawn: 2 threads, 2 tasks of 20 ms CPU work, all CPUs
$(grep -E '^2 of 2 tasks done, [0-9]+ events recorded, 0 dropped$' <<<"$output")
>> Bye.
(end of the demo)"
}

@test "an experiment that fails by --fault is part of the demo: exit 0" {
	script fault.demo "run pool --workers 2 --tasks 2 --task-ms 50 --fault crash" "wait end"
	run -0 metaconc demo "$OUT/fault.demo" --plain
	assert_output --partial "crashed"
	assert_no_process_left
}

@test "a transcript whose reader goes away ends the demo: one line, exit 1, no worker left" {
	run -0 bash -c "METACONC_TEST_TAG=$TEST_TAG '$METACONC' demo --speed 100 2>'$OUT/err' | head -2; echo \"status=\${PIPESTATUS[0]}\""
	assert_output "Concurrency and parallelism, live
=================================
status=1"
	run -0 cat "$OUT/err"
	assert_output --regexp '^metaconc: standard output: (cannot write|Broken pipe)$'
	assert_no_process_left
}

@test "an experiment that fails (not by --fault) does not stop the demo, which then exits 1" {
	script broken.demo "caption Before." "run spawn --workers 2 --tasks 3 --task-ms 5 --python" "wait end" \
		"caption After."
	FAKE_MODE=crash METACONC_PYTHON="$BATS_TEST_DIRNAME/fake-python" run -1 --separate-stderr \
		metaconc demo "$OUT/broken.demo" --plain
	assert_line ">> After."
	assert_line "(end of the demo)"
	assert_equal "${stderr_lines[-1]}" "metaconc: an experiment of the demo failed"
	assert_no_process_left
}

# ---- checked before anything runs ---------------------------------------------------

# Asserts that the script fails with exactly "FILE:LINE: why" and prints nothing else:
# its first line is a run, so had anything run, the transcript would show it.
assert_rejected() {
	local line=$1 why=$2
	run -2 metaconc demo "$OUT/bad.demo" --plain
	assert_output "$OUT/bad.demo:$line: $why"
	assert_no_process_left
}

@test "an unknown command is reported as FILE:LINE with a suggestion, and nothing runs" {
	script bad.demo "run pool --workers 2 --tasks 2 --task-ms 20" "wait end" "" "captoin Hello"
	assert_rejected 4 'unknown command "captoin" (did you mean "caption"?)'
}

@test "a bad run option is reported as FILE:LINE with its range, and nothing runs" {
	script bad.demo "run pool --workers 2 --tasks 2 --task-ms 20" "# a comment" "run spawn --workers 65"
	assert_rejected 3 "--workers: 65 is out of range: use a number from 1 to 64"
	script bad.demo "run pool --workers 2 --tasks 2 --task-ms 20" "run spawn --json"
	assert_rejected 2 "run: output options (--plain, --json, --trace, --events, --width) belong on the demo's command line, not in the script"
}

@test "a missing lesson is reported as FILE:LINE, and nothing runs" {
	script bad.demo "run pool --workers 2 --tasks 2 --task-ms 20" "lesson 1" "lesson gill"
	assert_rejected 3 "lesson: no lesson \"gill\" (did you mean \"gil\"?); see 'metaconc list'"
}

@test "a page beyond the open lesson's pages is reported as FILE:LINE, and nothing runs" {
	script bad.demo "run pool --workers 2 --tasks 2 --task-ms 20" "lesson 1" "page 4" "lesson gil" "page 6"
	assert_rejected 5 'page 6: lesson 5 ("The GIL") has 5 pages'
	script bad.demo "run pool --workers 2 --tasks 2 --task-ms 20" "page 1"
	assert_rejected 2 "page: no lesson is open; open one first with \`lesson\`"
}

@test "a run --python without python3 is reported as FILE:LINE, and nothing runs" {
	script bad.demo "run pool --workers 2 --tasks 2 --task-ms 20" "run gil --python"
	METACONC_PYTHON="$OUT/no-python3" run -2 metaconc demo "$OUT/bad.demo" --plain
	assert_output --regexp "^$OUT/bad.demo:2: run: --python: .*no-python3"
	assert_equal "${#lines[@]}" 1
}

@test "a bad duration or key is reported as FILE:LINE, and nothing runs" {
	script bad.demo "run pool --workers 2 --tasks 2 --task-ms 20" "wait 2 seconds"
	assert_rejected 2 'wait: expected a duration such as 500ms, 2s or 1.5s (at most 10 min), or "end", not "2 seconds"'
	script bad.demo "run pool --workers 2 --tasks 2 --task-ms 20" "key Escape"
	assert_rejected 2 'key: expected one character or Tab, Space, Enter, Left, Right, Up, Down, Home, End, not "Escape"'
}

# ---- interrupted ------------------------------------------------------------------

@test "SIGINT during a printed demo stops and reaps every worker, exit 130" {
	script long.demo "caption Starting." "run pool --workers 2 --tasks 4 --task-ms 5000" "caption Never."
	metaconc_background demo "$OUT/long.demo" --plain >"$OUT/out" 2>"$OUT/err"
	local pid=$!
	wait_until "[ \$(tagged_processes $TEST_TAG | wc -l) -ge 3 ]" 10
	kill -INT "$pid"
	local status=0
	wait "$pid" || status=$?
	assert_equal "$status" 130
	run -0 cat "$OUT/err"
	assert_output "metaconc: interrupted by SIGINT: every worker was stopped and reaped"
	run -0 cat "$OUT/out"
	refute_output --partial "Never."
	assert_no_process_left
}

@test "SIGTERM during a wait ends a printed demo at once, exit 143, and leaves no recording" {
	script long.demo "marker One" "caption Waiting." "wait 10m" "caption Never."
	metaconc_background demo "$OUT/long.demo" --plain --record "$OUT/talk.cast" >"$OUT/out" 2>"$OUT/err"
	local pid=$!
	wait_until "grep -q '^>> Waiting' '$OUT/out'" 10
	kill -TERM "$pid"
	local status=0
	wait "$pid" || status=$?
	assert_equal "$status" 143
	run -0 cat "$OUT/err"
	assert_output "metaconc: interrupted by SIGTERM: every worker was stopped and reaped"
	run -0 ls -A "$OUT"
	refute_output --partial "talk.cast"
}

# ---- recorded -----------------------------------------------------------------------

@test "--record with a transcript writes a valid asciicast with a marker per chapter" {
	script talk.demo "title Recorded" "marker First" "caption One." "run spawn --workers 2 --tasks 2 --task-ms 20" \
		"wait end" "marker Second" "wait 20ms" "caption Two."
	run -0 metaconc demo "$OUT/talk.demo" --plain --record "$OUT/talk.cast"
	assert_line ">> Two."
	run -0 head -c 40 "$OUT/talk.cast"
	assert_output --partial '{"version": 2, "width": '
	run -0 check_cast "$OUT/talk.cast"
	assert_line --index 0 "marker: First"
	assert_line --index 1 "marker: Second"
	assert_output --partial ">> One."
	assert_output --partial "2 of 2 tasks done"
	assert_output --partial ">> Two."
}

@test "--record to a path that cannot be written fails at once, exit 2, nothing left behind" {
	script talk.demo "run pool --workers 2 --tasks 2 --task-ms 20"
	run -2 metaconc demo "$OUT/talk.demo" --plain --record "$OUT/no/such/dir/talk.cast"
	assert_output "metaconc: --record: $OUT/no/such/dir/talk.cast: cannot write: No such file or directory"
	# A directory in the way of the file name; and a file in the way of a directory.
	mkdir "$OUT/talk.cast"
	run -2 metaconc demo "$OUT/talk.demo" --plain --record "$OUT/talk.cast"
	assert_output "metaconc: --record: $OUT/talk.cast: cannot write: Is a directory"
	touch "$OUT/file"
	run -2 metaconc demo "$OUT/talk.demo" --plain --record "$OUT/file/talk.cast"
	assert_output "metaconc: --record: $OUT/file/talk.cast: cannot write: Not a directory"
	run -0 ls -A "$OUT"
	assert_output "file
home
talk.cast
talk.demo"
	run -0 ls -A "$OUT/talk.cast"
	assert_output ""
	assert_no_process_left
}

# ---- full screen, in tmux -----------------------------------------------------------

# Runs metaconc demo in the pane, recording the terminal modes before and after and the exit status.
start_demo() {
	tmux_start
	tmux_run_metaconc "" demo "$@"
}

@test "full screen: the title, a page, captions over a live run, n stops it, q quits, terminal restored" {
	script screen.demo "title Screen test" "marker First" "lesson 1" "caption A caption on a page" "wait 10m" \
		"marker Second" "caption Two threads take turns" "run pool --workers 2 --tasks 4 --task-ms 5000 --cpus 0" \
		"wait 200ms" "caption Still running" "wait end" "caption After the run"
	start_demo "$OUT/screen.demo"
	wait_for_text "1.1 Two words, two ideas"
	run -0 tmux_screen
	assert_line --index 0 --partial "metaconc demo  Screen test  -  First"
	assert_output --partial "A caption on a page"
	assert_output --partial "This course follows the post"
	tmux_keys n
	wait_for_text "Two threads take turns"
	wait_for_text "B pid"
	wait_for_text "Still running"
	run -0 tmux_screen
	assert_output --partial "pool: 2 processes, 4 tasks of 5000 ms CPU work, pinned to CPU 0"
	assert_output --regexp "A pid [0-9]+"
	refute_output --partial "After the run"
	wait_until "[ \$(tagged_processes $TEST_TAG | wc -l) -ge 3 ]" 10
	# The script waits for the run's end; n ends the run instead, and its processes with it.
	tmux_keys n
	wait_for_text "After the run"
	run -0 tmux_screen
	assert_output --regexp "[0-3] of 4 tasks done"
	wait_until '[ $(tagged_processes $TEST_TAG | wc -l) -eq 1 ]' 5
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
	assert_no_process_left
}

@test "full screen: n ends a wait and a pause, space holds the script, ? shows the keys" {
	script keys.demo "title Keys" "caption First caption" "wait 10m" "caption After the wait" "pause" \
		"caption After the pause" "wait 1s" "caption Last"
	start_demo "$OUT/keys.demo"
	wait_for_text "First caption"
	tmux_keys n
	wait_for_text "After the wait   [space or n: go on]"
	tmux_keys Space
	wait_for_text "After the pause"
	# The wait (1 s, long enough for this Space to come first on a loaded machine) is held while paused.
	tmux_keys Space
	wait_for_text "paused: space goes on"
	sleep 1.5
	run -0 tmux_screen
	refute_output --partial "Last"
	tmux_keys Space
	wait_for_text "Last   [the end: q leaves, [ goes back]"
	tmux_keys '?'
	wait_for_text "Presenter keys"
	tmux_keys x
	wait_for_no_text "Presenter keys"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
}

@test "full screen: ] stops a live run and jumps to the next chapter, [ goes back" {
	script jump.demo "title Jumps" "marker Long run" "caption A long run" \
		"run pool --workers 2 --tasks 4 --task-ms 5000" "wait end" "caption Never shown" \
		"marker Next" "lesson gil" "page 2" "caption The next chapter"
	start_demo "$OUT/jump.demo"
	wait_for_text "A long run"
	wait_for_text "B pid"
	wait_until "[ \$(tagged_processes $TEST_TAG | wc -l) -ge 3 ]" 10
	tmux_keys ']'
	wait_for_text "The next chapter"
	run -0 tmux_screen
	assert_output --partial "5.2 Measure it in Python"
	assert_line --index 0 --partial "Jumps  -  Next"
	refute_output --partial "Never shown"
	# The pool's processes were stopped and reaped when the run was.
	wait_until '[ $(tagged_processes $TEST_TAG | wc -l) -eq 1 ]' 5
	tmux_keys ']'
	wait_for_text "[no next chapter]"
	tmux_keys '['
	wait_for_text "A long run"
	wait_for_text "B pid"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
	assert_no_process_left
}

@test "full screen: SIGTERM in a live run restores the terminal, exit 143, no worker left" {
	script term.demo "caption Running" "run pool --workers 2 --tasks 4 --task-ms 5000"
	start_demo "$OUT/term.demo"
	wait_for_text "B pid"
	wait_until "[ \$(tagged_processes $TEST_TAG | wc -l) -ge 3 ]" 10
	kill -TERM "$(pgrep -o -f "metaconc demo $OUT/term.demo")"
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=143"
	run -0 tmux_screen
	assert_output --partial "metaconc: interrupted by SIGTERM: every worker was stopped and reaped"
	assert_no_process_left
}

@test "full screen --record: the screen is recorded as a valid asciicast with chapter markers" {
	script rec.demo "title Recorded live" "marker First" "caption Recording" \
		"run spawn --workers 2 --tasks 2 --task-ms 100" "wait end" "marker Second" "caption Done recording"
	start_demo "$OUT/rec.demo" --record "$OUT/rec.cast"
	wait_for_text "Done recording"
	tmux_keys q
	assert_terminal_restored
	run -0 cat "$OUT/status"
	assert_output "exit=0"
	run -0 check_cast "$OUT/rec.cast"
	assert_line --index 0 "marker: First"
	assert_line --index 1 "marker: Second"
	assert_output --partial "Recording"
	assert_output --partial "Done recording"
	run -0 python3 -c 'import json,sys; h=json.loads(open(sys.argv[1]).readline()); print(h["width"], h["height"], h["title"])' "$OUT/rec.cast"
	assert_output "120 40 Recorded live"
	assert_no_process_left
}

@test "full screen is not possible with TERM=dumb: the transcript is printed instead" {
	script dumb.demo "marker Only" "caption Printed, not drawn." "run spawn --workers 2 --tasks 2 --task-ms 20" \
		"wait end"
	tmux_start
	tmux_type "TERM=dumb METACONC_TEST_TAG=$TEST_TAG $METACONC demo $OUT/dumb.demo; echo exit=\$?"
	wait_for_text "exit=0"
	run -0 tmux_screen
	assert_line ">> Printed, not drawn."
	assert_line "## Only"
	assert_output --partial "2 of 2 tasks done"
	assert_line "(end of the demo)"
}


@test "full screen --record stopped by SIGINT or SIGTERM leaves no recording, exit 130 or 143" {
	local signal pid
	script rec.demo "title Recorded live" "marker First" "caption Waiting a long time" "wait 10m"
	for signal in INT TERM; do
		start_demo "$OUT/rec.demo" --record "$OUT/rec.cast"
		wait_for_text "Waiting a long time"
		pid=$(tagged_root_process)
		assert [ -n "$pid" ]
		kill -s "$signal" "$pid"
		assert_terminal_restored
		run -0 cat "$OUT/status"
		assert_output "exit=$((128 + $(kill -l "$signal")))"
		run -0 ls -A "$OUT"
		refute_output --partial "rec.cast"
		refute_output --partial ".tmp"
		assert_no_process_left
		tmux_stop
	done
}

@test "full screen at 80x24: the tour's first caption wraps where its phrases end; the keys keep ? and q" {
	tmux_start 80 24
	tmux_run_metaconc "" demo
	wait_for_text "This machine will show the difference."
	run -0 tmux_screen
	# Wrapped at the last space that fits, it read "... Parallelism: tasks" / "running at the same instant".
	assert_line --regexp '^ +Concurrency: tasks in progress at the same time\. *$'
	assert_line --regexp '^ +Parallelism: tasks running at the same instant\. *$'
	assert_line --regexp '^ +This machine will show the difference\.'
	assert_line --index 0 --regexp '^ metaconc demo  .*  -  Two words *$'
	assert_line --regexp '^ .*  \? keys  q quit$'
	tmux_keys q
	assert_terminal_restored
}
