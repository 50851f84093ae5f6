/*
 * test_file_watch.c: a folder watched for saves: in place, by a rename over
 * the file, a deletion; editors' own files ignored; a burst is one change,
 * given once it has been quiet; the folder's removal reported. Time is
 * passed in, so nothing here sleeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/clock.h"
#include "core/file_watch.h"

#define MS CLOCK_NS_PER_MS

static char folder[] = "/tmp/metaconc-file-watch-XXXXXX";

static void write_file(const char *name, const char *text)
{
	char path[512];
	FILE *file;

	snprintf(path, sizeof path, "%s/%s", folder, name);
	file = fopen(path, "w");
	CHECK(file != NULL);
	if (file != NULL) {
		fputs(text, file);
		fclose(file);
	}
}

static void rename_file(const char *from, const char *to)
{
	char a[512], b[512];

	snprintf(a, sizeof a, "%s/%s", folder, from);
	snprintf(b, sizeof b, "%s/%s", folder, to);
	CHECK(rename(a, b) == 0);
}

static void remove_file(const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", folder, name);
	CHECK(unlink(path) == 0);
}

/* Takes a change at `now`: true and its name, or false. */
static bool take(struct file_watch *watch, uint64_t now, char *name)
{
	bool gone;

	return file_watch_take(watch, now, name, FILE_WATCH_NAME_MAX, &gone);
}

static void test_saves(void)
{
	char why[256], name[FILE_WATCH_NAME_MAX];
	struct file_watch *watch = file_watch_open(folder, ".py", why, sizeof why);
	uint64_t t = 1000 * MS;

	CHECK(watch != NULL);
	if (watch == NULL)
		return;
	CHECK(file_watch_fd(watch) >= 0);
	CHECK(file_watch_timeout_ms(watch, t) == -1);
	CHECK(!take(watch, t, name));

	/* Written in place: a change, given only once the folder has been quiet. */
	write_file("exercise.py", "print('one')\n");
	CHECK(!take(watch, t, name));
	CHECK(file_watch_timeout_ms(watch, t) == FILE_WATCH_QUIET_MS);
	CHECK(file_watch_timeout_ms(watch, t + 40 * MS) == FILE_WATCH_QUIET_MS - 40);
	CHECK(!take(watch, t + (FILE_WATCH_QUIET_MS - 1) * MS, name));
	CHECK(take(watch, t + FILE_WATCH_QUIET_MS * MS, name));
	CHECK(strcmp(name, "exercise.py") == 0);
	CHECK(!take(watch, t + 500 * MS, name)); /* taken: nothing more */
	CHECK(file_watch_timeout_ms(watch, t + 500 * MS) == -1);

	/* An editor's save: its swap and backup files, a temporary file renamed over the old one. */
	t += 1000 * MS;
	write_file(".exercise.py.swp", "swap");
	write_file("4913", "vim's test that it may write here");
	write_file("exercise.py~", "backup");
	CHECK(!take(watch, t + 500 * MS, name)); /* none of those is the learner's */
	t += 1000 * MS;
	write_file("exercise.py.tmp", "print('two')\n");
	rename_file("exercise.py.tmp", "exercise.py");
	CHECK(!take(watch, t, name));
	CHECK(take(watch, t + 100 * MS, name));
	CHECK(strcmp(name, "exercise.py") == 0);
	/* A burst: another event starts the quiet period again. */
	t += 1000 * MS;
	write_file("exercise.py.tmp", "print('three')\n");
	rename_file("exercise.py.tmp", "exercise.py");
	CHECK(!take(watch, t + 50 * MS, name));
	write_file("exercise.py", "print('four')\n");
	CHECK(!take(watch, t + 120 * MS, name));
	CHECK(take(watch, t + 220 * MS, name));
	CHECK(strcmp(name, "exercise.py") == 0);
	CHECK(!take(watch, t + 1000 * MS, name)); /* the burst was one change */

	/* A module beside the exercise counts; deleting the file is a change too (the check reports it missing). */
	t += 2000 * MS;
	write_file("primes.py", "N = 1\n");
	CHECK(!take(watch, t, name)); /* read now: quiet from now on */
	CHECK(take(watch, t + 200 * MS, name));
	CHECK(strcmp(name, "primes.py") == 0);
	t += 1000 * MS;
	remove_file("exercise.py");
	CHECK(!take(watch, t, name));
	CHECK(take(watch, t + 200 * MS, name));
	CHECK(strcmp(name, "exercise.py") == 0);

	/* A hidden file does not count, even one named only ".py". */
	t += 1000 * MS;
	write_file(".py", "");
	CHECK(!take(watch, t, name));
	CHECK(!take(watch, t + 200 * MS, name));
	remove_file(".py");
	remove_file("primes.py");
	remove_file(".exercise.py.swp");
	remove_file("4913");
	remove_file("exercise.py~");
	file_watch_close(watch);
}

static void test_folder_gone(void)
{
	char why[256], name[FILE_WATCH_NAME_MAX];
	struct file_watch *watch = file_watch_open(folder, ".py", why, sizeof why);
	bool gone = false;

	CHECK(watch != NULL);
	if (watch == NULL)
		return;
	CHECK(rmdir(folder) == 0);
	CHECK(file_watch_take(watch, 0, name, sizeof name, &gone) && gone);
	CHECK(!file_watch_take(watch, 0, name, sizeof name, &gone) && gone); /* told once */
	file_watch_close(watch);

	/* A folder that is not there cannot be watched, and says so. */
	CHECK(file_watch_open(folder, ".py", why, sizeof why) == NULL);
	CHECK(strstr(why, "cannot watch") != NULL && strstr(why, folder) != NULL);
}

int main(void)
{
	if (mkdtemp(folder) == NULL) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	test_saves();
	test_folder_gone();
	rmdir(folder);
	file_watch_close(NULL);
	return check_report("file_watch");
}
