/* test_progress.c: progress is saved and read back, a damaged file is refused with its line, and where it lives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "course/progress.h"

static char directory[64];

static void write_file(const char *text)
{
	char path[128];
	FILE *file;

	snprintf(path, sizeof path, "%s/%s", directory, PROGRESS_FILE);
	file = fopen(path, "w");
	CHECK(file != NULL);
	fputs(text, file);
	fclose(file);
}

static void test_round_trip(void)
{
	struct progress progress;
	const struct progress_lesson *lesson;
	char why[512];

	/* No file yet: no progress, and no error. */
	CHECK(progress_load(&progress, directory, why, sizeof why) == 0);
	CHECK(progress.count == 0 && progress_find(&progress, "gil") == NULL);
	CHECK(progress_mark_finished(&progress, "gil") == 0);
	CHECK(progress_record_prediction(&progress, "gil", 1, "b", 1.03, true) == 0);
	CHECK(progress_record_prediction(&progress, "gil", 2, "1.5", 1.97, false) == 0);
	CHECK(progress_record_prediction(&progress, "gil", 1, "c", 1.01, false) == 0); /* answered again */
	CHECK(progress_record_prediction(&progress, "io-bound", 1, "a", 3.9, false) == 0);
	CHECK(progress_save(&progress, why, sizeof why) == 0);
	progress_free(&progress);

	CHECK(progress_load(&progress, directory, why, sizeof why) == 0);
	lesson = progress_find(&progress, "gil");
	CHECK(lesson != NULL && lesson->finished && lesson->prediction_count == 2);
	CHECK(lesson->predictions[0].question == 1 && strcmp(lesson->predictions[0].answer, "c") == 0);
	CHECK(!lesson->predictions[0].right && lesson->predictions[0].measured > 1.0 && lesson->predictions[0].measured < 1.02);
	CHECK(strcmp(lesson->predictions[1].answer, "1.5") == 0 && progress_right(lesson) == 0);
	lesson = progress_find(&progress, "io-bound");
	CHECK(lesson != NULL && !lesson->finished && lesson->prediction_count == 1);

	progress_reset(&progress, "gil");
	CHECK(progress_find(&progress, "gil") == NULL && progress_find(&progress, "io-bound") != NULL);
	progress_reset_all(&progress);
	CHECK(progress.count == 0);
	progress_free(&progress);
}

/* A practice exercise's hints seen are kept, and forgotten with the rest by a reset. */
static void test_hints(void)
{
	struct progress progress;
	char why[512];

	CHECK(progress_init(&progress, directory) == 0);
	CHECK(progress_record_hints(&progress, "lost-updates", 2) == 0);
	CHECK(progress_mark_finished(&progress, "thread-loop") == 0);
	CHECK(progress_save(&progress, why, sizeof why) == 0);
	progress_free(&progress);
	CHECK(progress_load(&progress, directory, why, sizeof why) == 0);
	CHECK(progress_find(&progress, "lost-updates") != NULL && progress_find(&progress, "lost-updates")->hints == 2);
	CHECK(!progress_find(&progress, "lost-updates")->finished && progress_find(&progress, "thread-loop")->hints == 0);
	progress_reset(&progress, "lost-updates");
	CHECK(progress_find(&progress, "lost-updates") == NULL);
	progress_free(&progress);
}

static void test_damaged_files(void)
{
	static const struct {
		const char *text;
		const char *why; /* after "DIRECTORY/progress:" */
	} cases[] = {
		{ "finished gil\n", "1: not a metaconc progress file (it should begin with \"metaconc-progress 1\")" },
		{ "# comment\n\nmetaconc-progress 2\n", "3: not a metaconc progress file (it should begin with \"metaconc-progress 1\")" },
		{ "metaconc-progress 1\nfinished gil\nfinished\n", "3: damaged: \"finished\" is not a progress line" },
		{ "metaconc-progress 1\nfinished Not_A_Slug\n", "2: damaged: \"finished Not_A_Slug\" is not a progress line" },
		{ "metaconc-progress 1\nprediction gil 1 b 1.0 maybe\n", "2: damaged: \"prediction gil 1 b 1.0 maybe\" is not a progress line" },
		{ "metaconc-progress 1\nprediction gil 0 b 1.0 right\n", "2: damaged: \"prediction gil 0 b 1.0 right\" is not a progress line" },
		{ "metaconc-progress 1\nprediction gil 1 b nan right\n", "2: damaged: \"prediction gil 1 b nan right\" is not a progress line" },
		{ "metaconc-progress 1\ncompleted gil\n", "2: damaged: \"completed gil\" is not a progress line" },
		{ "metaconc-progress 1\nhints lost-updates 0\n", "2: damaged: \"hints lost-updates 0\" is not a progress line" },
		{ "metaconc-progress 1\nhints lost-updates 2 more\n", "2: damaged: \"hints lost-updates 2 more\" is not a progress line" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct progress progress;
		char why[512], want[512];

		write_file(cases[i].text);
		snprintf(want, sizeof want, "%s/%s:%s", directory, PROGRESS_FILE, cases[i].why);
		CHECK(progress_load(&progress, directory, why, sizeof why) == -1);
		if (strcmp(why, want) != 0)
			fprintf(stderr, "case %zu:\n  got:  %s\n  want: %s\n", i, why, want);
		CHECK(strcmp(why, want) == 0);
		CHECK(progress.count == 0); /* usable, and empty */
		progress_free(&progress);
	}
}

static void test_where_it_lives(void)
{
	char why[256];
	char *path;

	setenv("METACONC_STATE_DIR", "/somewhere/state", 1);
	path = progress_directory(why, sizeof why);
	CHECK(path != NULL && strcmp(path, "/somewhere/state") == 0);
	free(path);
	unsetenv("METACONC_STATE_DIR");
	setenv("XDG_STATE_HOME", "/xdg", 1);
	setenv("HOME", "/home/learner", 1);
	path = progress_directory(why, sizeof why);
	CHECK(path != NULL && strcmp(path, "/xdg/metaconc") == 0);
	free(path);
	setenv("XDG_STATE_HOME", "relative/ignored", 1); /* the XDG spec: only absolute paths count */
	path = progress_directory(why, sizeof why);
	CHECK(path != NULL && strcmp(path, "/home/learner/.local/state/metaconc") == 0);
	free(path);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	CHECK(progress_directory(why, sizeof why) == NULL);
	CHECK(strcmp(why, "no place to keep progress: set METACONC_STATE_DIR (or HOME)") == 0);
}

static void test_save_creates_the_directory(void)
{
	struct progress progress;
	char nested[128], why[512];
	struct stat info;

	snprintf(nested, sizeof nested, "%s/a/b", directory);
	CHECK(progress_init(&progress, nested) == 0);
	CHECK(progress_mark_finished(&progress, "gil") == 0);
	CHECK(progress_save(&progress, why, sizeof why) == 0);
	CHECK(stat(progress.path, &info) == 0);
	unlink(progress.path);
	rmdir(nested);
	snprintf(nested, sizeof nested, "%s/a", directory);
	rmdir(nested);
	progress_free(&progress);

	/* A file where the directory should be: one clear reason. */
	snprintf(nested, sizeof nested, "%s/%s/sub", directory, PROGRESS_FILE);
	write_file("metaconc-progress 1\n");
	CHECK(progress_init(&progress, nested) == 0);
	CHECK(progress_save(&progress, why, sizeof why) == -1);
	CHECK(strstr(why, "cannot create it: Not a directory") != NULL);
	progress_free(&progress);
}

/* Two processes that loaded the same file each keep the other's records when they save. */
static void test_saves_merge(void)
{
	struct progress first, second, check;
	char why[512];
	const struct progress_lesson *lesson;

	CHECK(progress_load(&first, directory, why, sizeof why) == 0);
	CHECK(progress_load(&second, directory, why, sizeof why) == 0);
	CHECK(progress_mark_finished(&first, "gil") == 0);
	CHECK(progress_record_prediction(&second, "io-bound", 1, "a", 3.9, true) == 0);
	CHECK(progress_save(&first, why, sizeof why) == 0);
	CHECK(progress_save(&second, why, sizeof why) == 0);
	/* second now knows what first saved; first learns of second at its next save. */
	CHECK(progress_find(&second, "gil") != NULL);
	progress_reset(&first, "io-bound");
	CHECK(progress_mark_finished(&first, "pool") == 0);
	CHECK(progress_save(&first, why, sizeof why) == 0);
	CHECK(progress_load(&check, directory, why, sizeof why) == 0);
	lesson = progress_find(&check, "gil");
	CHECK(lesson != NULL && lesson->finished);
	CHECK(progress_find(&check, "io-bound") == NULL); /* forgotten after second wrote it */
	CHECK(progress_find(&check, "pool") != NULL && check.count == 2);
	progress_free(&check);
	/* A practice exercise's hints seen are merged like every other record. */
	CHECK(progress_record_hints(&second, "lost-updates", 3) == 0);
	CHECK(progress_save(&second, why, sizeof why) == 0);
	CHECK(progress_mark_finished(&first, "thread-loop") == 0);
	CHECK(progress_save(&first, why, sizeof why) == 0);
	CHECK(progress_load(&check, directory, why, sizeof why) == 0);
	lesson = progress_find(&check, "lost-updates");
	CHECK(lesson != NULL && lesson->hints == 3);
	CHECK(progress_find(&check, "thread-loop") != NULL);
	progress_free(&check);
	/* Forgetting everything ignores what the file holds. */
	progress_reset_all(&second);
	CHECK(progress_save(&second, why, sizeof why) == 0 && second.count == 0);
	CHECK(progress_load(&check, directory, why, sizeof why) == 0 && check.count == 0);
	progress_free(&check);
	progress_free(&first);
	progress_free(&second);
}

int main(void)
{
	char path[128];

	snprintf(directory, sizeof directory, "/tmp/metaconc-test-progress-XXXXXX");
	CHECK(mkdtemp(directory) != NULL);
	test_round_trip();
	test_hints();
	test_damaged_files();
	test_where_it_lives();
	test_save_creates_the_directory();
	test_saves_merge();
	snprintf(path, sizeof path, "%s/%s", directory, PROGRESS_FILE);
	unlink(path);
	CHECK(rmdir(directory) == 0);
	return check_report("progress");
}
