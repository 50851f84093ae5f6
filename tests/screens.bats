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

# The screen's rows, trimmed, the empty ones left out, joined by spaces: a message wrapped at
# spaces reads back exactly as it was written.
screen_text() {
	tmux_screen | sed -E 's/^ +//; s/ +$//' | grep -v '^$' | paste -sd' '
}

@test "at 80x24 the timeline's title is cut at a word, its summary stays on its line, and the keys keep ? and q" {
	start_at 80 24 "" run spawn --workers 4 --tasks 8 --task-ms 100 --compare
	wait_for_text "done" 30
	wait_for_text "tasks done"
	run -0 tmux_screen
	# The title, cut before the state at the end of a word of the whole title.
	local title
	title=$(sed -n 1p <<<"$output" | sed -E 's/^ metaconc  //; s/ +■ done .*$//')
	[[ "spawn: 4 threads, 8 tasks of 100 ms CPU work, all CPUs " == "$title"[\ ,]* ]] ||
		fail "the title is cut inside a word: '$title'"
	# The summary's first line gives way whole (its events first): the CPUs' line starts clean below it.
	assert_line --regexp '^ wall [0-9.]+ [mun]?s, CPU time [0-9.]+ [mun]?s, .*; 8 of 8 tasks done(; [0-9]+ events.*)?$'
	assert_line --regexp '^ CPU 0 '
	refute_line --regexp '^[0-9]'
	assert_line --regexp '^ .*  \? keys  q quit$'
	tmux_keys q
	assert_terminal_restored
}

@test "at 80x24 a sentence of the summary that does not fit beside another is left out, not cut in a word" {
	start_at 80 24 "" run pool --workers 2 --tasks 4 --task-ms 100 --compare --fault crash
	wait_for_text "done" 30
	wait_for_text "never finished"
	run -0 tmux_screen
	# "no speedup: the run lost 1 of its 4 tasks ..." does not fit after the crash: it was cut at "of its".
	assert_line --regexp '^ ✖ [0-9]+ crashed, [0-9]+ hung, [0-9]+ tasks? never finished$'
	tmux_keys q
	assert_terminal_restored
}

@test "Tab says on the key bar which lanes the timeline shows" {
	start_at 80 24 "" run spawn --workers 2 --tasks 2 --task-ms 50
	wait_for_text "done" 30
	wait_for_text "Tab: workers+CPUs"
	tmux_keys Tab
	wait_for_text "Tab: CPUs only"
	refute [ -n "$(tmux_screen | grep -E '^A thread')" ]
	tmux_keys Tab
	wait_for_text "Tab: workers+CPUs"
	tmux_resize 120 30
	wait_for_text "Tab lanes: workers and CPUs"
	tmux_keys q
	assert_terminal_restored
}

@test "a terminal too small says so in whole words and numbers: the timeline, a lesson page, the menu" {
	start_at 80 24 "" run spawn --workers 2 --tasks 2 --task-ms 50
	wait_for_text "done" 30
	# At 31 columns a message cut every 29 characters broke "31x8" into "3" and "1x8".
	tmux_resize 31 8
	wait_for_text "leave."
	run -0 screen_text
	assert_output "metaconc needs a terminal of at least 60x16 for the timeline; this one is 31x8. Enlarge it, or press q to leave."
	tmux_resize 23 8
	wait_for_text "23x8"
	run -0 screen_text
	assert_output --regexp '^metaconc needs a terminal of at least 60x16 for the timeline; this one is 23x8\. Enlarge it, or press q to leave\.$|^Needs 60x16\. q leaves\.$'
	tmux_keys q
	assert_terminal_restored
	tmux_run_metaconc "METACONC_LESSONS=$CODE_COURSE" learn 1
	wait_for_text "Enlarge it"
	run -0 screen_text
	assert_output "metaconc needs a terminal of at least 40x8 for a lesson; this one is 23x8. Enlarge it, or press q to leave."
	# q leaves the lesson for the menu, too small as well, and q there quits.
	tmux_keys q
	wait_for_text "for the menu"
	tmux_keys q
	assert_terminal_restored
	tmux_resize 31 8
	tmux_run_metaconc "METACONC_LESSONS=$CODE_COURSE"
	wait_for_text "31x8."
	run -0 screen_text
	assert_output "metaconc needs a terminal of at least 40x8 for the menu; this one is 31x8. Enlarge it, or press q to leave."
	tmux_keys q
	assert_terminal_restored
}

@test "the menu's help box is as wide as its lines at 160 columns, and wraps them whole at 50" {
	start_at 160 30 "METACONC_LESSONS=$CODE_COURSE"
	wait_for_text "? help  q quit"
	tmux_keys '?'
	wait_for_text "Keys of the menu"
	# A box 76 columns wide cut this line at "only finished o", however wide the screen.
	run -0 tmux_screen
	assert_line --regexp '^ +f +show all lessons, only pending ones, only finished ones *$'
	tmux_keys x
	wait_for_no_text "Keys of the menu"
	tmux_resize 50 30
	tmux_keys '?'
	wait_for_text "Keys of the menu"
	run -0 tmux_screen
	# The line wraps at words, its next rows under its description, inside the box.
	assert_line --regexp '^ +f +show all lessons, only *$'
	assert_line --regexp '^ {20,}pending ones, only *$'
	assert_line --regexp '^ {20,}finished ones *$'
	assert_line --regexp '^ +x +forget the selected *$'
	tmux_keys x q
	assert_terminal_restored
}

@test "at 80x24 the menu's title gives way whole, a lesson's keys keep ? help and q menu, and at 50 columns the menu's keep ? and q" {
	start_at 80 24 "METACONC_LESSONS=$BATS_TEST_DIRNAME/../lessons"
	wait_for_text "? help  q quit"
	run -0 tmux_screen
	# " metaconc  lessons from "Metaprogramming ... in Python"" is 82 columns: the post's title stays whole.
	assert_line --index 0 --regexp '^ metaconc  "Metaprogramming for concurrency and parallelism in Python" *$'
	tmux_resize 50 24
	wait_for_text "f filter  ? help  q quit"
	tmux_resize 80 24
	wait_for_text "x reset  ? help  q quit"
	tmux_keys 5 Enter
	wait_for_text "Lesson 5 of 13"
	run -0 tmux_screen
	assert_line --index 0 --regexp '^ metaconc  Lesson 5 of 13: The GIL +page 1 of 5$'
	assert_line --regexp '^ n next page .*  \? help  q menu$'
	tmux_keys q q
	assert_terminal_restored
}

# A capture's text without its colours, trailing spaces and empty rows.
plain_rows() {
	sed -E $'s/\e\\[[0-9;]*m//g; s/ +$//' | grep -v '^$'
}

@test "the README's picture of the view (docs/view.txt, drawn as docs/view.png) is what its command draws, and its caption counts what it shows" {
	local readme command picture screen
	readme=$(tr '\n' ' ' <"$BATS_TEST_DIRNAME/../README.md")
	command=$(grep -oE '\(`metaconc run [^`]+`, on a shared machine' <<<"$readme" | sed -E 's/^\(`metaconc //; s/`, on a shared machine$//')
	assert [ -n "$command" ]
	picture=$(plain_rows <"$BATS_TEST_DIRNAME/../docs/view.txt")
	start_at 120 40 "" "$command"
	wait_for_text "done" 30
	wait_for_text "tasks done"
	screen=$(tmux_screen | plain_rows)
	# The title, the sections' headings and the legend, as the program draws them now.
	assert_equal "$(sed -n 1p <<<"$picture" | sed -E 's/ +■ done .*$//')" "$(sed -n 1p <<<"$screen" | sed -E 's/ +■ done .*$//')"
	assert_equal "$(grep -E '^(spawn|vs |sequential)' <<<"$picture" | sed -E 's/ {2,}wall .*$//')" \
		"$(grep -E '^(spawn|vs |sequential)' <<<"$screen" | sed -E 's/ {2,}wall .*$//')"
	assert_equal "$(grep -E '^  [^ ]' <<<"$picture")" "$(grep -E '^  [^ ]' <<<"$screen")"
	# The caption's "two threads" is the picture's "spawn: 2 threads".
	local words=(zero one two three four five six seven eight) said shown
	said=$(grep -oE '!\[The live timeline: [a-z]+ threads' <<<"$readme" | awk '{print $4}')
	shown=$(grep -oE '^spawn: [0-9]+ threads' <<<"$picture" | grep -oE '[0-9]+')
	assert_equal "$said" "${words[$shown]}"
	tmux_keys q
	assert_terminal_restored
}
