#!/usr/bin/env bats
# Output files and the errors around them (issue 16): temporaries a later run can clean up, the
# mode of a replaced file, one file for two outputs, long names and paths, and error lines that
# say what really went wrong (too few descriptors, a fork refused, a bad interpreter).

setup() {
	load helpers
	setup_test
	OUT="$BATS_TEST_TMPDIR/out"
	mkdir -p "$OUT"
}

teardown() {
	kill_tagged_processes
}

@test "--trace and --events naming the same file are refused in one line, exit 2" {
	cd "$OUT"
	run -2 --separate-stderr metaconc run spawn --task-ms 1 --plain --trace x.json --events x.json
	assert_equal "$stderr" "metaconc: --trace and --events name the same file (x.json): give each its own"
	run -2 --separate-stderr metaconc run spawn --task-ms 1 --plain --trace x.json --events ./x.json
	assert_equal "$stderr" "metaconc: --trace and --events name the same file (x.json): give each its own"
	run -0 ls -A "$OUT"
	assert_output ""
}

@test "replacing a --trace file keeps its mode" {
	touch "$OUT/t.json"
	chmod 600 "$OUT/t.json"
	run -0 metaconc run spawn --workers 2 --tasks 2 --task-ms 1 --plain --trace "$OUT/t.json"
	run -0 stat -c %a "$OUT/t.json"
	assert_output 600
	run -0 grep -c traceEvents "$OUT/t.json"
}

@test "a 250-character file name can be written" {
	local name
	name=$(printf 'n%.0s' $(seq 250))
	run -0 metaconc run spawn --workers 2 --tasks 2 --task-ms 1 --plain --trace "$OUT/$name"
	run -0 ls -A "$OUT"
	assert_output "$name"
}

@test "a long --trace path that cannot be written keeps the reason in its one line" {
	local long
	long="$OUT/$(printf 'd%.0s' $(seq 200))/$(printf 'e%.0s' $(seq 200))/missing/t.json"
	run -2 --separate-stderr metaconc run spawn --task-ms 1 --trace "$long"
	assert_regex "$stderr" '^metaconc: --trace: .*\.\.\..*/missing/t\.json: cannot write: No such file or directory$'
}

@test "a run killed outright leaves a temporary the next run writing that file removes" {
	metaconc_background run spawn --workers 2 --tasks 2 --task-ms 10000 --plain --trace "$OUT/t.json" >/dev/null 2>&1
	local pid=$!
	wait_until "[ -e $OUT/.t.json.metaconc-$pid.tmp ]" 10
	kill -KILL "$pid"
	wait "$pid" || true
	# Another metaconc's temporary, still alive, and another file's, are not touched.
	sleep 1000 3>&- &
	local alive=$!
	touch "$OUT/.t.json.metaconc-$alive.tmp" "$OUT/.other.json.metaconc-$pid.tmp"
	run -0 metaconc run spawn --workers 2 --tasks 2 --task-ms 1 --plain --trace "$OUT/t.json"
	kill "$alive"
	run -0 ls -A "$OUT"
	assert_output "$(printf '%s\n' ".other.json.metaconc-$pid.tmp" ".t.json.metaconc-$alive.tmp" t.json)"
}

# Runs metaconc ARGS with only descriptors 0-2 open and at most $1 of them.
with_descriptors() {
	local limit=$1
	shift
	# LeakSanitizer (make check-asan) needs descriptors of its own at exit.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" bash -c 'for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
		ulimit -n '"$limit"'; exec "$@"' bash "$METACONC" "$@"
}

@test "too few descriptors: the reason is said, not 'out of memory'" {
	run -1 --separate-stderr with_descriptors 5 run spawn --task-ms 1 --plain
	assert_equal "$stderr" "metaconc: could not set up the run: Too many open files"
	run -1 --separate-stderr with_descriptors 4 run spawn --task-ms 1 --plain
	assert_equal "$stderr" "metaconc: cannot install signal handlers: Too many open files"
}

@test "a pool that could not fork all its workers counts the processes it did start" {
	local limited
	# A user of its own with a process limit: as root the limit would not hold.
	if [ "$(id -u)" = 0 ]; then
		limited="setpriv --reuid=61616 --regid=61616 --clear-groups"
	fi
	run -1 --separate-stderr $limited bash -c "ulimit -u 5; exec $METACONC run pool --workers 4 --tasks 4 --task-ms 1 --plain"
	assert_regex "$output" 'the run failed: could not fork worker [0-9]+: Resource temporarily unavailable'
	local failed
	failed=$(sed -n 's/.*could not fork worker \([0-9]*\):.*/\1/p' <<<"$output")
	if [ "$failed" -eq 2 ]; then
		assert_line "Worker() built 0 instances in 1 process and sent them back to the parent"
	else
		assert_line "Worker() built 0 instances in $((failed - 1)) processes and sent them back to the parent"
	fi
}

@test "a METACONC_PYTHON whose first line names a missing interpreter is refused before the C run" {
	printf '#!/no/such/python3\nprint(1)\n' >"$OUT/python"
	chmod +x "$OUT/python"
	METACONC_PYTHON="$OUT/python" run -2 --separate-stderr metaconc run spawn --python --task-ms 1 --plain
	assert_equal "$stderr" "metaconc: --python: METACONC_PYTHON=$OUT/python: its first line names /no/such/python3: No such file or directory"
	assert_output ""
}
