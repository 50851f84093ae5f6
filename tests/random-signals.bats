#!/usr/bin/env bats
# Signals at random moments (issue 16): 30 runs, each of pool, spawn --python or gil --compare,
# each sent SIGINT, SIGTERM or SIGHUP after a random delay (at start-up, mid-run, between the C and
# the Python run, as the outputs are written). Every one must exit 128 + N, leave no process at any
# depth (the tag is inherited by everything a run starts) and no file, temporary or not.

setup() {
	load helpers
	setup_home
	OUT="$BATS_TEST_TMPDIR/out"
	mkdir -p "$OUT"
	command -v python3 >/dev/null || skip "python3 is not installed (CI must have it)"
}

teardown() {
	local pid
	for pid in $(tagged_processes "${TEST_TAG:-none}"); do kill -KILL "$pid" 2>/dev/null || true; done
}

@test "30 signals at random moments: each run exits 128 + N, with no process and no file left" {
	local runs=(
		"run pool --workers 2 --tasks 4 --task-ms 600 --plain"
		"run spawn --python --workers 2 --tasks 2 --task-ms 300 --plain"
		"run gil --compare --workers 2 --tasks 4 --task-ms 150 --plain"
	)
	local signals=(INT TERM HUP) i command signal delay pid status waited
	for i in $(seq 1 30); do
		new_tag
		command=${runs[$((i % 3))]}
		signal=${signals[$((RANDOM % 3))]}
		delay=$((RANDOM % 900))
		echo "run $i: metaconc $command --trace t.json, SIG$signal after $delay ms"
		# shellcheck disable=SC2086
		metaconc_background $command --trace "$OUT/t.json" >"$OUT/../stdout" 2>"$OUT/../stderr"
		pid=$!
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		kill -s "$signal" "$pid"
		waited=0
		while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
			sleep 0.1
			waited=$((waited + 1))
		done
		status=0
		kill -0 "$pid" 2>/dev/null && fail "metaconc did not end within 10 s of SIG$signal"
		wait "$pid" || status=$?
		assert_equal "$status" $((128 + $(kill -l "$signal")))
		assert_no_process_left
		run -0 ls -A "$OUT"
		assert_output ""
	done
}
