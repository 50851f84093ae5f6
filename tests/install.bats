#!/usr/bin/env bats
# make install and make uninstall: where the files go, that an installed binary
# finds its lessons, sources and manual, and that uninstall takes back every file.

setup() {
	load helpers
	setup_home
	REPO="$BATS_TEST_DIRNAME/.."
}

# Installs the binary under test (not a fresh build) with the given make variables.
make_install() {
	make -s -C "$REPO" INSTALL_PROGRAM="$METACONC" "$@" install >/dev/null
}

make_uninstall() {
	make -s -C "$REPO" "$@" uninstall >/dev/null
}

@test "install puts the binary, lessons, sources, Python scripts and manual under DESTDIR/PREFIX" {
	local root="$BATS_TEST_TMPDIR/root"
	run -0 make_install DESTDIR="$root" PREFIX=/usr
	assert [ -x "$root/usr/bin/metaconc" ]
	assert [ -f "$root/usr/share/man/man1/metaconc.1" ]
	assert [ -f "$root/usr/share/metaconc/lessons/01-concurrency-vs-parallelism.lesson" ]
	assert [ -f "$root/usr/share/metaconc/lessons/README.md" ]
	assert [ -f "$root/usr/share/metaconc/lib/techniques/spawn.c" ]
	assert [ -f "$root/usr/share/metaconc/python/metaconc_probe.py" ]
	assert [ -f "$root/usr/share/metaconc/lessons/exercises/README.md" ]
	assert [ -f "$root/usr/share/metaconc/lessons/exercises/python-startup/sitecustomize.py" ]
	run -0 diff -r "$REPO/lessons/exercises" "$root/usr/share/metaconc/lessons/exercises" -x __pycache__
	run -0 diff <(cd "$REPO/lessons" && ls *.lesson) <(cd "$root/usr/share/metaconc/lessons" && ls *.lesson)
}

@test "a DESTDIR installation lists its lessons with the install location as METACONC_LESSONS" {
	local root="$BATS_TEST_TMPDIR/root"
	run -0 make_install DESTDIR="$root" PREFIX=/usr
	METACONC_LESSONS="$root/usr/share/metaconc/lessons" run -0 "$root/usr/bin/metaconc" list
	assert_line --index 0 --partial "(0 of 13 finished)"
	assert_line --regexp '^ +12 \[ \] when-a-worker-dies +When a worker dies$'
}

@test "a PREFIX installation finds its lessons and the sources they show with no override" {
	local prefix="$BATS_TEST_TMPDIR/prefix"
	run -0 make_install PREFIX="$prefix"
	unset METACONC_LESSONS
	run -0 "$prefix/bin/metaconc" list
	assert_line --regexp '^ +1 \[ \] concurrency-vs-parallelism +Concurrency versus parallelism$'
	run -0 "$prefix/bin/metaconc" learn 1 --plain --answer a </dev/null
	assert_line --index 0 "Lesson 1 of 13: Concurrency versus parallelism"
	# A code block taken from an installed source file.
	assert_output --regexp -- '--- c, lib/[a-z]+/[a-z_]+\.c lines [0-9]+-[0-9]+ \(region '
	assert_line --partial 'End of the lesson "Concurrency versus parallelism"'
	# The installed exercises, copied into a practice folder.
	run -0 "$prefix/bin/metaconc" practice --dir "$BATS_TEST_TMPDIR/mine"
	assert_line --index 0 --partial "12 exercises, copied there"
	assert [ -f "$BATS_TEST_TMPDIR/mine/07-lost-updates/exercise.py" ]
}

@test "the installed manual page renders without a warning" {
	local prefix="$BATS_TEST_TMPDIR/prefix"
	run -0 make_install PREFIX="$prefix"
	run -0 --separate-stderr env MANWIDTH=80 man -l "$prefix/share/man/man1/metaconc.1"
	assert_equal "$stderr" ""
	assert_output --partial "metaconc run TECHNIQUE [OPTIONS]"
}

@test "uninstall removes every file install put, and nothing else" {
	local root="$BATS_TEST_TMPDIR/root"
	mkdir -p "$root/usr/bin"
	touch "$root/usr/bin/someone-else"
	run -0 make_install DESTDIR="$root" PREFIX=/usr
	run -0 make_uninstall DESTDIR="$root" PREFIX=/usr
	run -0 find "$root" -type f
	assert_output "$root/usr/bin/someone-else"
	assert [ ! -e "$root/usr/share/metaconc" ]
}
