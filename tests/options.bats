#!/usr/bin/env bats
# Every bad option value: one line on stderr naming the option and its range, exit 2, nothing run.

setup() {
	load helpers
	setup_test
}

# Runs metaconc expecting exit 2 and exactly one line on stderr, which must match $1.
expect_usage_error() {
	local pattern=$1
	shift
	run -2 --separate-stderr metaconc "$@"
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" "$pattern"
	assert_output ""
}

@test "run without a technique asks for one" {
	expect_usage_error '^metaconc: run: which technique\? \(spawn, decorator, pool, gil, sequential, race, async\)$' run
}

@test "an unknown technique suggests the closest name" {
	expect_usage_error '^metaconc: unknown technique "spwan" \(did you mean "spawn"\?\); techniques: spawn, decorator, pool, gil, sequential, race, async$' run spwan
	expect_usage_error '"decorater" \(did you mean "decorator"\?\)' run decorater
	expect_usage_error '"seq" \(did you mean "sequential"\?\)' run seq
}

@test "a technique nothing like any other is listed without a guess" {
	expect_usage_error '^metaconc: unknown technique "zzzzzz"; techniques: spawn, decorator, pool, gil, sequential, race, async$' run zzzzzz
}

@test "run rejects --workers 0 and 65 with the allowed range" {
	expect_usage_error '^metaconc: --workers: 0 is out of range: use a number from 1 to 64$' run spawn --workers 0
	expect_usage_error '^metaconc: --workers: 65 is out of range: use a number from 1 to 64$' run spawn --workers 65
}

@test "every numeric option rejects values out of its range" {
	expect_usage_error '^metaconc: --tasks: 0 is out of range: use a number from 1 to 4096$' run spawn --tasks 0
	expect_usage_error '^metaconc: --tasks: 4097 is out of range: use a number from 1 to 4096$' run spawn --tasks 4097
	expect_usage_error '^metaconc: --task-ms: 0 is out of range: use a number from 1 to 10000$' run spawn --task-ms 0
	expect_usage_error '^metaconc: --task-ms: 10001 is out of range: use a number from 1 to 10000$' run spawn --task-ms 10001
	expect_usage_error '^metaconc: --switch-ms: 0 is out of range: use a number from 1 to 1000$' run gil --switch-ms 0
	expect_usage_error '^metaconc: --width: 39 is out of range: use a number from 40 to 1000$' run spawn --width 39
	expect_usage_error '^metaconc: --workers: -3 is out of range: use a number from 1 to 64$' run spawn --workers -3
	expect_usage_error '^metaconc: --tasks: 99999999999999999999999 is out of range: use a number from 1 to 4096$' run spawn --tasks 99999999999999999999999
}

@test "every numeric option rejects what is not a whole number" {
	for option in --workers --tasks --task-ms --switch-ms --width; do
		expect_usage_error "^metaconc: $option: expected a whole number from [0-9]+ to [0-9]+, not \"two\"\$" run spawn "$option" two
		expect_usage_error "^metaconc: $option: expected a whole number from [0-9]+ to [0-9]+, not \"1.5\"\$" run spawn "$option" 1.5
		expect_usage_error "^metaconc: $option: expected a whole number from [0-9]+ to [0-9]+, not \"\"\$" run spawn "$option="
	done
}

@test "an option without its value says what it needs" {
	expect_usage_error '^metaconc: --workers: needs a value \(threads or processes, 1-64' run spawn --workers
}

@test "--work accepts cpu, io and mixed only" {
	expect_usage_error '^metaconc: --work: expected cpu, io or mixed, not "disk"$' run spawn --work disk
}

@test "--cpus rejects malformed lists and CPUs that do not exist" {
	expect_usage_error '^metaconc: --cpus: expected a CPU list such as 0 or 0,1 or 0-3 \(this machine: ' run spawn --cpus x
	expect_usage_error '^metaconc: --cpus: CPU 999 is not available \(this machine: ' run spawn --cpus 999
	expect_usage_error '^metaconc: --cpus: a CPU range must be low-high' run spawn --cpus 1-0
	expect_usage_error '^metaconc: --cpus: expected a CPU list' run spawn --cpus 0,
}

@test "--fault accepts crash or hang and an existing worker" {
	expect_usage_error '^metaconc: --fault: expected crash or hang, optionally with :WORKER' run pool --fault explode
	expect_usage_error '^metaconc: --fault: worker 5 does not exist; use 0 to 1$' run pool --workers 2 --fault crash:5
}

@test "an unknown option suggests the closest one" {
	expect_usage_error '^metaconc: unknown option "--wrokers" \(did you mean --workers\?\); see '"'"'metaconc help run'"'"'$' run spawn --wrokers 2
	expect_usage_error '^metaconc: unexpected argument "extra"' run spawn extra
}

@test "a flag given a value is refused" {
	expect_usage_error '^metaconc: --plain: takes no value$' run spawn --plain=yes
}

@test "METACONC_RING_EVENTS must be a number in range" {
	METACONC_RING_EVENTS=lots expect_usage_error '^metaconc: METACONC_RING_EVENTS: expected a whole number from 2 to 1048576, not "lots"$' run spawn
}

@test "an unwritable --events path fails before running and leaves nothing behind" {
	mkdir "$BATS_TEST_TMPDIR/out"
	touch "$BATS_TEST_TMPDIR/out/a-file"
	expect_usage_error '^metaconc: .*/a-file/events.tsv: cannot write: Not a directory$' run spawn --events "$BATS_TEST_TMPDIR/out/a-file/events.tsv"
	run -0 ls -A "$BATS_TEST_TMPDIR/out"
	assert_output "a-file"
}

@test "an --events path in a missing directory fails before running" {
	expect_usage_error '^metaconc: .*/missing/events.tsv: cannot write: No such file or directory$' run spawn --task-ms 1 --events "$BATS_TEST_TMPDIR/missing/events.tsv"
	assert [ ! -e "$BATS_TEST_TMPDIR/missing" ]
}

@test "--vs takes a second run, checked like the first, and refuses output options inside it" {
	expect_usage_error '^metaconc: --vs: unknown technique "spwan" \(did you mean "spawn"\?\)' run spawn --vs 'spwan --cpus 0'
	expect_usage_error '^metaconc: --vs: --workers: 0 is out of range: use a number from 1 to 64$' run spawn --vs 'spawn --workers 0'
	expect_usage_error '^metaconc: --vs: only experiment options \(--workers, --cpus, ...\) belong inside --vs$' run spawn --vs 'spawn --json'
	expect_usage_error '^metaconc: --vs: expected a run to compare with' run spawn --vs ' '
}

@test "the options of race, async, pool and the serial part reject values out of their range" {
	expect_usage_error '^metaconc: --serial-ms: -1 is out of range: use a number from 0 to 10000$' run spawn --serial-ms -1
	expect_usage_error '^metaconc: --serial-ms: 10001 is out of range: use a number from 0 to 10000$' run spawn --serial-ms 10001
	expect_usage_error '^metaconc: --batch: 0 is out of range: use a number from 1 to 4096$' run pool --batch 0
	expect_usage_error '^metaconc: --batch: 4097 is out of range: use a number from 1 to 4096$' run pool --batch 4097
	expect_usage_error '^metaconc: --arg-kb: 16385 is out of range: use a number from 0 to 16384$' run pool --arg-kb 16385
	expect_usage_error '^metaconc: --arg-kb: expected a whole number from 0 to 16384, not "1k"$' run pool --arg-kb 1k
	expect_usage_error '^metaconc: --tasks: async draws one lane per task: use a number from 1 to 50$' run async --tasks 51
}

@test "an option of one technique is refused by the others, naming the one that takes it" {
	expect_usage_error '^metaconc: --lock: only technique race takes it, not spawn$' run spawn --lock
	expect_usage_error '^metaconc: --blocking: only technique async takes it, not race$' run race --blocking
	expect_usage_error '^metaconc: --offload: only technique async takes it, not gil$' run gil --offload
	expect_usage_error '^metaconc: --batch: only technique pool takes it, not spawn$' run spawn --batch 4
	expect_usage_error '^metaconc: --arg-kb: only technique pool takes it, not sequential$' run sequential --arg-kb 4
	expect_usage_error '^metaconc: --workers: async runs every task on one thread; choose --tasks instead$' run async --workers 2
	expect_usage_error '^metaconc: --fault: task 4 does not exist; use 0 to 3$' run async --tasks 4 --fault crash:4
	expect_usage_error '^metaconc: --lock: takes no value$' run race --lock=yes
	expect_usage_error '^metaconc: --vs: --lock: only technique race takes it, not spawn$' run race --vs 'spawn --lock'
}

@test "async takes 4 tasks on one thread by default, and --offload implies --blocking" {
	run -0 --separate-stderr metaconc run async --task-ms 5 --offload --json
	assert_output --regexp '^\{"technique":"async","workers":1,"tasks":4,'
	assert_output --partial '"blocking":true,"offload":true'
}
