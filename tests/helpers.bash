# helpers.bash: what every metaconc bats suite loads in setup().

bats_require_minimum_version 1.5.0

load "$BATS_TEST_DIRNAME/node_modules/bats-support/load"
load "$BATS_TEST_DIRNAME/node_modules/bats-assert/load"

# The binary under test (set by tests/run-bats; a build-tree default otherwise).
METACONC=${METACONC:-$BATS_TEST_DIRNAME/../build/metaconc}
METACONC_BUILD=${METACONC_BUILD:-$BATS_TEST_DIRNAME/../build}

# A private HOME and state directory for every test.
setup_home() {
	export HOME="$BATS_TEST_TMPDIR/home"
	export METACONC_STATE_DIR="$BATS_TEST_TMPDIR/state"
	mkdir -p "$HOME"
	unset NO_COLOR METACONC_RING_EVENTS METACONC_SCHED
	# Other programs on a shared machine must not decide a test's grades: a run
	# counts as disturbed only where a test says so (tests/schedule.bats).
	export METACONC_DISTURBED=1
}

# Runs metaconc with a tag in its environment, so that every process it forks
# can be found afterwards in /proc (children inherit the environment).
metaconc() {
	METACONC_TEST_TAG="$TEST_TAG" "$METACONC" "$@"
}

# Starts metaconc in the background (its pid in $!), tagged, with fd 3 closed for bats.
metaconc_background() {
	METACONC_TEST_TAG="$TEST_TAG" "$METACONC" "$@" 3>&- &
}

# What a test starts with: a private HOME and state directory, and a tag for the processes it runs.
setup_test() {
	setup_home
	new_tag
}

# What a test that runs metaconc ends with: any process of the run still alive is killed, whatever
# the test did (a failed test must not leave a run behind for the next one).
kill_tagged_processes() {
	local pid
	for pid in $(tagged_processes "${TEST_TAG:-}"); do kill -KILL "$pid" 2>/dev/null || true; done
}

new_tag() {
	TEST_TAG="metaconc-test-$$-$BATS_TEST_NUMBER-$RANDOM"
	export TEST_TAG
}

# Prints the pids of live processes (zombies included) carrying the tag.
tagged_processes() {
	local tag=$1 environ pid
	for environ in /proc/[0-9]*/environ; do
		pid=${environ#/proc/}
		pid=${pid%/environ}
		[ "$pid" = "$$" ] && continue
		if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qx "METACONC_TEST_TAG=$tag"; then
			echo "$pid"
		fi
	done
}

# Fails if any process of the tagged run remains.
assert_no_process_left() {
	local left
	left=$(tagged_processes "$TEST_TAG")
	if [ -n "$left" ]; then
		ps -o pid,ppid,stat,args -p $(echo $left | tr ' ' ',') >&2 || true
		fail "processes of the run remain: $left"
	fi
}

# Waits (up to $2 seconds, default 5) until command $1 succeeds.
wait_until() {
	local condition=$1 timeout=${2:-5} waited=0
	until eval "$condition"; do
		sleep 0.05
		waited=$((waited + 1))
		if [ "$waited" -ge $((timeout * 20)) ]; then
			fail "timed out after ${timeout}s waiting for: $condition"
			return 1
		fi
	done
}

# The run slices of an --events file: "worker start end cpu" per line.
run_slices() {
	awk -F'\t' '$2 == "run" { print $1, $3, $3 + $4, $6 }' "$1"
}

# The tagged process whose parent is not tagged: metaconc itself, not the processes it started.
tagged_root_process() {
	local tagged pid
	tagged=" $(tagged_processes "$TEST_TAG" | tr '\n' ' ') "
	for pid in $tagged; do
		if [[ $tagged != *" $(ps -o ppid= -p "$pid" | tr -d ' ') "* ]]; then
			echo "$pid"
			return
		fi
	done
}
