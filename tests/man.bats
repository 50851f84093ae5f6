#!/usr/bin/env bats
# The manual page, man/metaconc.1: it renders cleanly and documents every option the program has.

setup() {
	load helpers
	setup_home
	PAGE="$BATS_TEST_DIRNAME/../man/metaconc.1"
}

# The page as a reader sees it, without hyphenation, bold or underlining.
rendered_page() {
	MANWIDTH=200 MAN_KEEP_FORMATTING= man -l "$PAGE" 2>/dev/null | col -b
}

@test "the manual page renders with man and groff without a warning" {
	run -0 --separate-stderr env MANWIDTH=80 man -l "$PAGE"
	assert_equal "$stderr" ""
	assert_output --regexp "metaconc +- see concurrency and parallelism happen"
	run -0 --separate-stderr groff -man -ww -z "$PAGE"
	assert_equal "$stderr" ""
}

@test "every option that 'metaconc help run' lists is documented in the manual page" {
	run -0 metaconc help run
	local options
	options=$(grep -oE '^  --[a-z-]+' <<<"$output" | tr -d ' ')
	assert [ "$(wc -l <<<"$options")" -ge 15 ]
	local page option
	page=$(rendered_page)
	for option in $options; do
		grep -qE -- "^ +$option( |$)" <<<"$page" || fail "the manual page does not document $option"
	done
}

@test "every command, exit status and environment variable is in the manual page" {
	local page word
	page=$(rendered_page)
	for word in "metaconc list" "metaconc learn" "metaconc run" "metaconc demo" "metaconc help" \
		"metaconc practice" --dir --yes metaconc-practice \
		--version --speed --no-pause --record --answer --reset \
		NO_COLOR METACONC_STATE_DIR XDG_STATE_HOME METACONC_LESSONS METACONC_PYTHON METACONC_SNIPPET_SECONDS \
		METACONC_PYTHON_DIR METACONC_RING_EVENTS METACONC_VIEW_STATS; do
		grep -qF -- "$word" <<<"$page" || fail "the manual page does not mention $word"
	done
	for word in 0 1 2 130 143; do
		grep -qE "^ +$word( |$)" <<<"$page" || fail "the manual page does not explain exit status $word"
	done
}
