#!/usr/bin/env bats
# The command line itself: help, version, unknown commands.

setup() {
	load helpers
	setup_test
}

@test "--help lists the commands and the techniques" {
	run -0 metaconc --help
	assert_output --partial "metaconc run TECHNIQUE"
	assert_output --partial "spawn"
	assert_output --partial "decorator"
	assert_output --partial "pool"
	assert_output --partial "gil"
	assert_output --partial "sequential"
}

@test "--version prints the version" {
	run -0 metaconc --version
	assert_output --regexp '^metaconc [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "help run documents every option, the fault injection and the exit statuses" {
	run -0 metaconc help run
	for option in --workers --tasks --work --task-ms --cpus --switch-ms --compare --python --plain --json --trace --events --width --fault; do
		assert_output --partial "$option"
	done
	assert_output --partial "exit status"
	assert_output --partial "SIGSEGV"
}

@test "run --help is the same as help run" {
	run -0 metaconc run --help
	assert_output --partial "usage: metaconc run TECHNIQUE"
}

@test "an unknown command gets one line with a suggestion and exit 2" {
	run -2 --separate-stderr metaconc rnu spawn
	assert_equal "$stderr" 'metaconc: unknown command "rnu" (did you mean "run"?); try '"'"'metaconc --help'"'"
	assert_output ""
}

@test "help for an unknown command is exit 2" {
	run -2 --separate-stderr metaconc help frobnicate
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr_lines[0]}" 'metaconc: help: no command "frobnicate"; commands: run, learn, list, demo, trace, practice, help'
}
