# tmux.bash: drive the real full-screen view in a private tmux server, as tmux's own regress/ does.

# Starts a private server with one 120x40 pane running a plain shell.
tmux_start() {
	# A new name each time: a test may stop its server and start another, and the old one may not
	# have let go of its socket yet ("server exited unexpectedly").
	TMUX_SOCKET="metaconc-test-$$-$BATS_TEST_NUMBER-$RANDOM"
	local width=${1:-120} height=${2:-40}
	# fd 3 closed: a server left behind must not hold bats' output open.
	tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s test -x "$width" -y "$height" \
		"env PS1='$ ' HOME='$HOME' METACONC_STATE_DIR='$METACONC_STATE_DIR' TERM=screen-256color LANG=C.UTF-8 bash --norc --noprofile" 3>&-
	tmux -L "$TMUX_SOCKET" set-option -t test status off >/dev/null
	wait_for_text '$'
}

tmux_stop() {
	[ -n "${TMUX_SOCKET:-}" ] && tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
}

# Ends a test that used tmux: the server, and any process of the run still alive.
tmux_teardown() {
	tmux_stop
	kill_tagged_processes
}

# Runs `ENV metaconc ARGS...` in the pane (ENV: variables for metaconc only, or ""), recording the
# terminal's modes before and after in $OUT and the exit status in $OUT/status. It ends by printing
# finished-42, which the typed command line never shows.
tmux_run_metaconc() {
	local env=$1
	shift
	# The screen is cleared first: an earlier run's "finished-42" must not be taken for this one's.
	tmux_type "printf '\\033[H\\033[2J'; stty -g > $OUT/before; METACONC_TEST_TAG=$TEST_TAG $env $METACONC $*; echo \"exit=\$?\" > $OUT/status; stty -g > $OUT/after; echo finished-\$((6*7))"
}

# Waits (up to $1 seconds, default 15) for the run of tmux_run_metaconc to end, then checks the
# terminal's modes are exactly as before it.
assert_terminal_restored() {
	wait_for_text "finished-42" "${1:-15}"
	run -0 cat "$OUT/before"
	local before=$output
	run -0 cat "$OUT/after"
	assert_equal "$output" "$before"
}

# Types a command line into the pane and presses Enter.
tmux_type() {
	tmux -L "$TMUX_SOCKET" send-keys -t test -l "$1"
	tmux -L "$TMUX_SOCKET" send-keys -t test Enter
}

# Sends keys by tmux name (Tab, Left, Escape, q ...).
tmux_keys() {
	tmux -L "$TMUX_SOCKET" send-keys -t test "$@"
}

tmux_screen() {
	tmux -L "$TMUX_SOCKET" capture-pane -p -t test
}

tmux_resize() {
	tmux -L "$TMUX_SOCKET" resize-window -t test -x "$1" -y "$2"
}

# Waits until the screen shows the text (fixed string), up to $2 seconds (default 15).
wait_for_text() {
	local text=$1 timeout=${2:-15} waited=0
	until tmux_screen | grep -qF -- "$text"; do
		sleep 0.1
		waited=$((waited + 1))
		if [ "$waited" -ge $((timeout * 10)) ]; then
			echo "--- screen, after ${timeout}s waiting for: $text" >&2
			tmux_screen >&2
			fail "timed out waiting for \"$text\" on the screen"
			return 1
		fi
	done
}

# Waits until the screen no longer shows the text.
wait_for_no_text() {
	local text=$1 timeout=${2:-15} waited=0
	while tmux_screen | grep -qF -- "$text"; do
		sleep 0.1
		waited=$((waited + 1))
		if [ "$waited" -ge $((timeout * 10)) ]; then
			tmux_screen >&2
			fail "timed out waiting for \"$text\" to go away"
			return 1
		fi
	done
}
