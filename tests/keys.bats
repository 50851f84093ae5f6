#!/usr/bin/env bats
# Every screen handles every key at every size (issue 16): all of printable ASCII, the arrows,
# Tab, Enter, Esc, PgUp/PgDn, Home/End, F1 and resizes, at 1x1, 39x20 and 100x7, sent to the
# tutorial menu, a lesson page, a prediction prompt, the run view (live, and exploring after the
# run) and the demo. None may crash (139, 134), and the terminal comes back exactly as it was.

setup() {
	load helpers
	load tmux
	setup_test
	OUT="$BATS_TEST_TMPDIR"
	LESSONS="$BATS_TEST_DIRNAME/fixtures/keys"
	SIZES="1x1 39x20 100x7"
}

teardown() {
	tmux_teardown
}

# Starts `metaconc ARGS` in the pane. When it ends, its status and the terminal's modes are kept,
# and a `cat` takes whatever keys are still on their way, so that none reaches the shell.
start_screen() {
	shell_ready
	rm -f "$OUT/status" "$OUT/before" "$OUT/after"
	tmux_type "stty -g > $OUT/before; METACONC_TEST_TAG=$TEST_TAG METACONC_LESSONS=$LESSONS $METACONC $*; echo \"exit=\$?\" > $OUT/status; stty -g > $OUT/after; cat >/dev/null"
	wait_until "[ -s $OUT/before ]" 10
}

# Waits until the shell in the pane reads commands again (after a `cat`, Ctrl-C ends it).
shell_ready() {
	local tries
	for tries in 1 2 3 4 5; do
		rm -f "$OUT/ready"
		tmux_keys C-c
		tmux_type "touch $OUT/ready"
		local waited=0
		while [ ! -e "$OUT/ready" ] && [ "$waited" -lt 30 ]; do
			sleep 0.1
			waited=$((waited + 1))
		done
		[ -e "$OUT/ready" ] && return 0
	done
	fail "the shell in the pane does not answer"
}

# Every key but q and Esc (they leave; they come last), each kind of resize in between.
send_every_key() {
	local width=$1 height=$2 printable
	printable=' !"#$%&'\''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnoprstuvwxyz{|}~'
	tmux_keys -l "$printable"
	tmux_resize 1 1
	tmux_resize "$width" "$height"
	tmux_keys Up Down Left Right Tab Enter PPage NPage Home End F1 BTab
	tmux_resize 200 60
	tmux_resize "$width" "$height"
	tmux_keys Left Right Up Down Tab Enter
}

# Leaves whatever screen is showing (Esc, then q until the program ends), and checks how it ended.
leave_and_check() {
	local tries=0
	tmux_keys Escape
	until [ -s "$OUT/after" ] || [ "$tries" -ge 40 ]; do
		tmux_keys q
		sleep 0.25
		tries=$((tries + 1))
	done
	wait_until "[ -s $OUT/after ]" 20
	run -0 cat "$OUT/status"
	refute_output "exit=139"
	refute_output "exit=134"
	assert_output --regexp '^exit=(0|1|130|143)$'
	run -0 cat "$OUT/before"
	local before=$output
	run -0 cat "$OUT/after"
	assert_equal "$output" "$before"
	assert_no_process_left
}

# For each size: $1 is a function that brings the screen up at that size (given as W H).
every_key_at_every_size() {
	local bring_up=$1 size width height
	tmux_start
	for size in $SIZES; do
		width=${size%x*}
		height=${size#*x}
		echo "size: $size"
		tmux_resize "$width" "$height"
		"$bring_up" "$width" "$height"
		send_every_key "$width" "$height"
		leave_and_check
	done
}

menu() {
	start_screen learn
	wait_until "[ -n \"\$(tagged_processes $TEST_TAG)\" ]" 10
}

lesson_page() {
	start_screen learn 1
	wait_until "[ -n \"\$(tagged_processes $TEST_TAG)\" ]" 10
}

# The second page's run asks for a prediction first: Right, then Enter.
prediction_prompt() {
	lesson_page
	tmux_keys Right Enter
}

run_live() {
	start_screen run spawn --workers 2 --tasks 400 --task-ms 20
	wait_until "[ \$(ls /proc/\$(tagged_processes $TEST_TAG | head -1)/task 2>/dev/null | wc -l) -ge 2 ]" 10
}

# Brought up at a size that shows "done", then resized to the size under test.
run_exploring() {
	tmux_resize 120 40
	start_screen run spawn --workers 2 --tasks 2 --task-ms 5
	wait_for_text "done" 30
	tmux_resize "$1" "$2"
}

demo() {
	start_screen demo "$LESSONS/tour.demo"
	wait_until "[ -n \"\$(tagged_processes $TEST_TAG)\" ]" 10
}

@test "the tutorial menu survives every key at every size" {
	every_key_at_every_size menu
}

@test "a lesson page survives every key at every size" {
	every_key_at_every_size lesson_page
}

@test "a prediction prompt survives every key at every size" {
	every_key_at_every_size prediction_prompt
}

@test "the live run view survives every key at every size" {
	every_key_at_every_size run_live
}

@test "the run view, exploring after the run, survives every key at every size" {
	every_key_at_every_size run_exploring
}

@test "the demo survives every key at every size" {
	every_key_at_every_size demo
}
