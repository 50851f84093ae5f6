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

@test "help and the manual page name every variable metaconc reads, but not the tests' own, which tests/README.md names" {
	local page help variable names
	page=$(rendered_page)
	help=$(for command in run learn list demo practice; do "$METACONC" help "$command"; done)
	names=$(grep -rhoE 'getenv\("METACONC_[A-Z_]+"\)' "$BATS_TEST_DIRNAME/../lib" "$BATS_TEST_DIRNAME/../cmd" |
		grep -oE 'METACONC_[A-Z_]+' | sort -u)
	assert [ "$(wc -l <<<"$names")" -ge 10 ]
	for variable in $names; do
		case $variable in
		METACONC_TEST_*)
			grep -qF -- "$variable" <<<"$help" && fail "help shows the test-only $variable"
			grep -qF -- "$variable" <<<"$page" && fail "the manual page shows the test-only $variable"
			grep -qF -- "$variable" "$BATS_TEST_DIRNAME/README.md" || fail "tests/README.md does not name $variable"
			;;
		*)
			grep -qF -- "$variable" <<<"$help$page" || fail "neither help nor the manual page names $variable"
			;;
		esac
	done
}
