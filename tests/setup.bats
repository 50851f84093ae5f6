#!/usr/bin/env bats
# The one set-up step (tools/setup-deps, run by make): on a machine that lacks
# packages it says what it installs and why, installs all of it with one
# apt-get before anything is compiled, even under make -j2, and with
# METACONC_NO_INSTALL=1 installs nothing and names the command in one line.
#
# The machine is faked: PATH is one directory of links to every command but
# the hidden ones, and its apt-get "installs" a package by linking its
# command back in. Every apt-get call is logged, and a second one started
# while one runs is logged as such (the real one would fail on dpkg's lock).

setup() {
	load helpers
	REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	LOG="$BATS_TEST_TMPDIR/machine.log"
}

# A machine without the commands named: FAKE_BIN is its whole PATH.
fake_machine() {
	FAKE_BIN="$BATS_TEST_TMPDIR/bin"
	mkdir -p "$FAKE_BIN"
	for dir in /usr/local/bin /usr/bin /usr/sbin; do
		cp -sn "$dir"/* "$FAKE_BIN"/ 2>/dev/null || true
	done
	for hidden in "$@" apt-get apt-cache id sudo logged-cc; do # removed first: writing to a link would write to the real file
		rm -f "$FAKE_BIN/$hidden"
	done
	cat >"$FAKE_BIN/apt-get" <<-FAKE
		#!/bin/sh
		if ! mkdir "$LOG.lock" 2>/dev/null; then
		    echo "two apt-get at once: \$*" >>"$LOG"
		    exit 100
		fi
		echo "apt-get \$*" >>"$LOG"
		sleep 0.5
		for package; do
		    [ -x "/usr/bin/\$package" ] && ln -sf "/usr/bin/\$package" "$FAKE_BIN/\$package"
		done
		rmdir "$LOG.lock"
	FAKE
	printf '#!/bin/sh\necho 0\n' >"$FAKE_BIN/id"
	# The compiler, logging each compile (not the set-up's own header check, which links).
	cat >"$FAKE_BIN/logged-cc" <<-FAKE
		#!/bin/sh
		case " \$* " in *" -c "*) echo "compile \$*" >>"$LOG" ;; esac
		exec /usr/bin/cc "\$@"
	FAKE
	chmod +x "$FAKE_BIN/apt-get" "$FAKE_BIN/id" "$FAKE_BIN/logged-cc"
}

# make, on the fake machine, of two objects at once with the set-up of `make test`.
make_two_objects() {
	PATH="$FAKE_BIN" make -j2 -C "$REPO" BUILD="$BATS_TEST_TMPDIR/build" SETUP_NEEDS="build test" \
	    CC=logged-cc "$BATS_TEST_TMPDIR/build/lib/core/clock.o" "$BATS_TEST_TMPDIR/build/lib/core/cpus.o"
}

@test "make -j2 runs one apt-get for the build's and the tests' packages, before any compile, saying why" {
	fake_machine pkg-config tmux
	run -0 make_two_objects
	assert_line "metaconc set-up: installing what this machine lacks (METACONC_NO_INSTALL=1 to only check):"
	assert_line --regexp "^  pkg-config +finds the ncursesw compiler flags$"
	assert_line --regexp "^  tmux +the screen tests drive metaconc in a private tmux server$"
	run -0 cat "$LOG"
	refute_line --partial "two apt-get at once"
	assert_equal "$(grep -c '^apt-get .*install' "$LOG")" 1
	assert_line --regexp "^apt-get install .*pkg-config tmux$"
	assert_equal "$(grep -c '^compile' "$LOG")" 2
	assert_equal "$(sed -n 1p "$LOG")" "apt-get update -qq"
	assert_regex "$(sed -n 2p "$LOG")" "^apt-get install"
	[ -x "$FAKE_BIN/tmux" ] # installed: the next set-up finds it
}

@test "METACONC_NO_INSTALL=1 installs nothing, names the command in one line, and stops the build" {
	fake_machine pkg-config tmux
	METACONC_NO_INSTALL=1 run -2 make_two_objects
	assert_equal "$(grep -c '^metaconc set-up' <<<"$output")" 1
	assert_line "metaconc set-up: missing pkg-config tmux; install with: apt-get install -y pkg-config tmux"
	refute [ -e "$LOG" ] # no apt-get, no compile
}

@test "METACONC_NO_INSTALL works as a make variable too" {
	fake_machine tmux
	PATH="$FAKE_BIN" run -2 make -C "$REPO" BUILD="$BATS_TEST_TMPDIR/build" SETUP_NEEDS="build test" \
	    METACONC_NO_INSTALL=1 "$BATS_TEST_TMPDIR/build/lib/core/clock.o"
	assert_line "metaconc set-up: missing tmux; install with: apt-get install -y tmux"
	refute [ -e "$LOG" ]
}

@test "with nothing missing the set-up prints nothing, even with METACONC_NO_INSTALL=1" {
	fake_machine
	PATH="$FAKE_BIN" METACONC_NO_INSTALL=1 run -0 "$REPO/tools/setup-deps" build test
	assert_output ""
	refute [ -e "$LOG" ]
}

@test "a missing compiler is named as the compiler, not blamed on the curses headers" {
	fake_machine clang-14
	PATH="$FAKE_BIN" CC=clang-14 METACONC_NO_INSTALL=1 run -1 "$REPO/tools/setup-deps" build
	assert_output "metaconc set-up: missing clang-14; install with: apt-get install -y clang-14"
	PATH="$FAKE_BIN" CC=no-such-cc METACONC_NO_INSTALL=1 run -1 "$REPO/tools/setup-deps" build
	assert_output "metaconc set-up: the compiler no-such-cc is not on PATH; install it, or build with CC=cc"
}
