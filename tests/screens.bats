#!/usr/bin/env bats
# Every screen at every size (issue 12 §5), driven for real in tmux: `q` and `?` always on the key
# bar, nothing cut inside a word or a number, titles shortened whole, help boxes that fit; code
# panes that scroll sideways, `code` spans drawn as code, examples written out whole.

setup() {
	load helpers
	load tmux
	setup_home
	new_tag
	OUT="$BATS_TEST_TMPDIR"
	CODE_COURSE="$BATS_TEST_DIRNAME/fixtures/code-course"
	WORK="$BATS_TEST_TMPDIR/work"
	mkdir -p "$WORK"
}

teardown() {
	tmux_teardown
}

# Starts a pane of $1 x $2 whose shell works in $WORK, and runs `ENV metaconc ARGS` ($3, $4...) in it.
start_at() {
	local width=$1 height=$2 env=$3
	shift 3
	tmux_start "$width" "$height"
	tmux_type "cd '$WORK'"
	tmux_run_metaconc "$env" "$@"
}

@test "a code line too long for its pane ends in >, and < and > scroll the code sideways like less -S" {
	start_at 80 24 "METACONC_LESSONS=$CODE_COURSE" learn 1
	wait_for_text "Lesson 1 of 1: Code on the page"
	wait_for_text "</> code"
	run -0 tmux_screen
	assert_line --regexp '^ +return os\.cpu_count\(\)  # a comment long enough .*>$'
	refute_output --partial "THE-END-OF-THE-LINE"
	for step in 1 2 3 4 5 6 7 8 9 10; do
		tmux_screen | grep -qF "THE-END-OF-THE-LINE" && break
		tmux_keys '>'
		sleep 0.1
	done
	wait_for_text "THE-END-OF-THE-LINE"
	run -0 tmux_screen
	# Shifted: a '<' says code is hidden on the left, and the end of the line is no longer cut.
	assert_line --regexp '^ <.*THE-END-OF-THE-LINE$'
	for step in 1 2 3 4 5 6 7 8 9 10 11 12; do tmux_keys '<'; done
	wait_for_text "    def work():"
	tmux_keys q q
	assert_terminal_restored
}

@test "prose draws its code spans in the code's style, without the backticks" {
	start_at 80 24 "METACONC_LESSONS=$CODE_COURSE" learn 1
	wait_for_text "Lesson 1 of 1: Code on the page"
	run -0 tmux_screen
	assert_line " Call work() to do the work; os.cpu_count() says how many CPUs there are."
	# In colour: work() in the code's colour (cyan), "to do the work" in the prose's.
	run -0 bash -c "tmux -L '$TMUX_SOCKET' capture-pane -e -p -t test | grep -F 'to do the work'"
	assert_output --regexp $'\e\\[36mwork\\(\\)\e\\[39m to do the work'
	tmux_keys q q
	assert_terminal_restored
}

@test "a tab in code is four columns on the screen" {
	start_at 80 24 "METACONC_LESSONS=$CODE_COURSE" learn 1
	wait_for_text "Lesson 1 of 1: Code on the page"
	tmux_keys n
	wait_for_text "1.2 Indented with a tab"
	run -0 tmux_screen
	assert_line '         print("tabbed")'
	tmux_keys q q
	assert_terminal_restored
}

@test "w writes the example in view to NAME.py, and asks before it replaces a file" {
	start_at 80 24 "METACONC_LESSONS=$CODE_COURSE" learn 1
	wait_for_text "w write"
	tmux_keys w
	wait_for_text "Wrote wide.py in "
	wait_for_text "python3 wide.py runs it."
	run -0 python3 "$WORK/wide.py"
	assert_output "True"
	echo "# my changes" >>"$WORK/wide.py"
	tmux_keys w
	wait_for_text "wide.py is already here: replace it (y, then Enter)?"
	tmux_keys n Enter
	wait_for_text "wide.py left as it was."
	run -0 tail -1 "$WORK/wide.py"
	assert_output "# my changes"
	tmux_keys w
	wait_for_text "wide.py is already here: replace it (y, then Enter)?"
	tmux_keys y Enter
	wait_for_text "Wrote wide.py in "
	run -0 tail -1 "$WORK/wide.py"
	assert_output "print(work() > 0)"
	tmux_keys q q
	assert_terminal_restored
}

@test "learn --code at a terminal writes NAME.py, asks before replacing it, and refuses to when it cannot ask" {
	start_at 80 24 "METACONC_LESSONS=$CODE_COURSE" learn 1 --code wide
	assert_terminal_restored
	run -0 tmux_screen
	assert_line "Wrote wide.py: python3 wide.py runs it."
	run -0 python3 "$WORK/wide.py"
	assert_output "True"
	echo "# my changes" >>"$WORK/wide.py"
	tmux_run_metaconc "METACONC_LESSONS=$CODE_COURSE" learn 1 --code wide
	wait_for_text "wide.py exists. Replace it? [y/N]"
	tmux_type n
	wait_for_text "wide.py left as it was."
	run -0 tail -1 "$WORK/wide.py"
	assert_output "# my changes"
	# Standard input is not a terminal: nobody to ask, so nothing is replaced.
	tmux_run_metaconc "METACONC_LESSONS=$CODE_COURSE" learn 1 --code wide "</dev/null"
	wait_for_text "metaconc: wide.py exists: not replaced without asking (remove it, or redirect: m"
	wait_for_text "etaconc learn 1 --code wide > FILE)"
	run -0 tail -1 "$WORK/wide.py"
	assert_output "# my changes"
}

@test "with 8 colours (TERM=xterm) no worker has the colour of a state's mark: yellow waiting, cyan I/O, red crash" {
	tmux_start 100 30
	tmux_run_metaconc "TERM=xterm" run gil --workers 6 --tasks 6 --task-ms 50
	wait_for_text "done" 30
	run -0 bash -c "tmux -L '$TMUX_SOCKET' capture-pane -e -p -t test"
	# The marks' colours, as the legend draws them...
	assert_output --regexp $'\e\\[33m~\e\\[2m\e\\[39m waiting for the GIL'
	assert_output --regexp $'\e\\[36m[^ ]+\e\\[2m\e\\[39m blocked in I/O'
	# ...and no worker's label in one of them.
	# (a label's colour is the last foreground set before it: other attributes may come between)
	local colours
	colours=$(grep -oE $'(\e\\[[0-9;]*m)+[A-F] thread' <<<"$output" | sed -E $'s/.*\e\\[(3[0-7])m.*/\\1/')
	assert_equal "$(wc -l <<<"$colours")" 6
	refute [ -n "$(grep -E '^3[136]$' <<<"$colours")" ]
	tmux_keys q
	assert_terminal_restored
}
