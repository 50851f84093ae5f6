#!/usr/bin/env bats
# Lesson and demo files from a stranger (tests/hostile/): their escape sequences and other control
# characters never reach the learner's terminal, whichever command shows them (issue 16).

setup() {
	load helpers
	setup_test
	HOSTILE="$BATS_TEST_DIRNAME/hostile"
	export METACONC_LESSONS="$HOSTILE/lessons"
}

# Fails if the output holds ESC, BEL, CR or the C1 CSI (U+009B), the bytes that drive a terminal.
refute_terminal_controls() {
	if printf '%s' "$output" | LC_ALL=C grep -q $'\x1b\|\x07\|\r\|\xc2\x9b'; then
		printf '%s' "$output" | cat -v >&2
		fail "the output holds terminal control sequences"
	fi
}

@test "list shows a stranger's lesson with its escapes made harmless" {
	run -0 metaconc list
	refute_terminal_controls
	assert_output --partial "Escapes ?]0;owned-title?in the title?[2J"
}

@test "learn --plain shows a stranger's lesson with its escapes made harmless" {
	run -0 metaconc learn 1 --plain --answer a
	refute_terminal_controls
	assert_line "Prose that sets the title ?]2;owned-prose? and clears the screen ?[3J?[2J."
	assert_output --partial "A summary that ?[?1049hswitches screens?31m and?[0m?[H moves the cursor"
	assert_output --partial "less than ten ?]0;owned-choice?times"
}

@test "demo --plain shows a stranger's demo with its escapes made harmless" {
	run -0 metaconc demo "$HOSTILE/escapes.demo" --plain
	refute_terminal_controls
	assert_output --partial "A caption that ?[2J?[Hclears?2J the screen"
}
