/*
 * progress.c: the learner's progress file.
 *
 *     metaconc-progress 1
 *     finished concurrency-vs-parallelism
 *     prediction concurrency-vs-parallelism 1 b 1.97 right
 *     hints lost-updates 2
 *
 * One fact a line; lines starting with # are comments. The file is read
 * whole at the start and changed in memory; each change is also kept in a
 * list. Saving takes a lock (flock on the state directory), reads the file
 * again, replays the list on what it holds now, and writes it whole through
 * a temporary file renamed into place (atomic_file.c): two processes that
 * save at once each keep the other's records, and a crash or a full disk
 * never leaves half a file. A damaged file is reported with its line and
 * never overwritten behind the learner's back; nor is a pipe or a device
 * put where the file should be.
 */
#include "course/progress.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/text.h"

#define PROGRESS_HEADER "metaconc-progress 1"

char *progress_directory(char *why, size_t why_size)
{
	const char *chosen = getenv("METACONC_STATE_DIR");
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char path[4096];

	if (chosen != NULL && chosen[0] != '\0')
		snprintf(path, sizeof path, "%s", chosen);
	else if (xdg != NULL && xdg[0] == '/') /* the XDG spec ignores a relative path */
		snprintf(path, sizeof path, "%s/metaconc", xdg);
	else if (home != NULL && home[0] != '\0')
		snprintf(path, sizeof path, "%s/.local/state/metaconc", home);
	else {
		snprintf(why, why_size, "no place to keep progress: set METACONC_STATE_DIR (or HOME)");
		return NULL;
	}
	return strdup(path);
}

static bool valid_slug(const char *slug)
{
	if (slug[0] == '\0')
		return false;
	for (; *slug != '\0'; slug++) {
		if (!((*slug >= 'a' && *slug <= 'z') || (*slug >= '0' && *slug <= '9') || *slug == '-'))
			return false;
	}
	return true;
}

static struct progress_lesson *find(struct progress *progress, const char *slug)
{
	for (size_t i = 0; i < progress->count; i++) {
		if (strcmp(progress->lessons[i].slug, slug) == 0)
			return &progress->lessons[i];
	}
	return NULL;
}

/* The lesson's record, created if there is none yet; NULL if out of memory. */
static struct progress_lesson *find_or_add(struct progress *progress, const char *slug)
{
	struct progress_lesson *lesson = find(progress, slug);
	struct progress_lesson *grown;

	if (lesson != NULL)
		return lesson;
	grown = realloc(progress->lessons, (progress->count + 1) * sizeof *grown);
	if (grown == NULL)
		return NULL;
	progress->lessons = grown;
	lesson = &grown[progress->count];
	memset(lesson, 0, sizeof *lesson);
	lesson->slug = strdup(slug);
	if (lesson->slug == NULL)
		return NULL;
	progress->count++;
	return lesson;
}

const struct progress_lesson *progress_find(const struct progress *progress, const char *slug)
{
	return find((struct progress *)progress, slug);
}

static int mark_finished(struct progress *progress, const char *slug)
{
	struct progress_lesson *lesson = find_or_add(progress, slug);

	if (lesson == NULL)
		return -1;
	lesson->finished = true;
	return 0;
}

static int record_prediction(struct progress *progress, const char *slug, int question,
    const char *answer, double measured, bool right)
{
	struct progress_lesson *lesson = find_or_add(progress, slug);
	struct progress_prediction *prediction = NULL;
	struct progress_prediction *grown;
	char *copy = strndup(answer, PROGRESS_MAX_ANSWER);

	if (lesson == NULL || copy == NULL) {
		free(copy);
		return -1;
	}
	for (size_t i = 0; i < lesson->prediction_count && prediction == NULL; i++) {
		if (lesson->predictions[i].question == question)
			prediction = &lesson->predictions[i];
	}
	if (prediction == NULL) {
		grown = realloc(lesson->predictions, (lesson->prediction_count + 1) * sizeof *grown);
		if (grown == NULL) {
			free(copy);
			return -1;
		}
		lesson->predictions = grown;
		prediction = &grown[lesson->prediction_count++];
		prediction->answer = NULL;
	}
	free(prediction->answer);
	prediction->question = question;
	prediction->answer = copy;
	prediction->measured = measured;
	prediction->right = right;
	return 0;
}

static int record_hints(struct progress *progress, const char *slug, int hints)
{
	struct progress_lesson *lesson = find_or_add(progress, slug);

	if (lesson == NULL)
		return -1;
	lesson->hints = hints;
	return 0;
}

static void free_lesson(struct progress_lesson *lesson)
{
	for (size_t i = 0; i < lesson->prediction_count; i++)
		free(lesson->predictions[i].answer);
	free(lesson->predictions);
	free(lesson->slug);
}

static void forget(struct progress *progress, const char *slug)
{
	struct progress_lesson *lesson = find(progress, slug);

	if (lesson == NULL)
		return;
	free_lesson(lesson);
	*lesson = progress->lessons[--progress->count];
}

static void forget_all(struct progress *progress)
{
	for (size_t i = 0; i < progress->count; i++)
		free_lesson(&progress->lessons[i]);
	free(progress->lessons);
	progress->lessons = NULL;
	progress->count = 0;
}

/* ---- the changes to merge at the next save ---- */

static void free_changes(struct progress *progress)
{
	for (size_t i = 0; i < progress->change_count; i++) {
		free(progress->changes[i].slug);
		free(progress->changes[i].prediction.answer);
	}
	free(progress->changes);
	progress->changes = NULL;
	progress->change_count = 0;
}

/* Keeps a change (slug and answer copied); -1 if out of memory. */
static int note_change(struct progress *progress, enum progress_change_kind kind, const char *slug,
    const struct progress_prediction *prediction)
{
	struct progress_change *grown, *change;

	grown = realloc(progress->changes, (progress->change_count + 1) * sizeof *grown);
	if (grown == NULL)
		return -1;
	progress->changes = grown;
	change = &grown[progress->change_count];
	memset(change, 0, sizeof *change);
	change->kind = kind;
	if (slug != NULL && (change->slug = strdup(slug)) == NULL)
		return -1;
	if (prediction != NULL) {
		change->prediction = *prediction;
		change->prediction.answer = strdup(prediction->answer);
		if (change->prediction.answer == NULL) {
			free(change->slug);
			return -1;
		}
	}
	progress->change_count++;
	return 0;
}

/* Applies one change to what progress holds. */
static int apply_change(struct progress *progress, const struct progress_change *change)
{
	const struct progress_prediction *p = &change->prediction;

	switch (change->kind) {
	case PROGRESS_CHANGE_FINISHED:
		return mark_finished(progress, change->slug);
	case PROGRESS_CHANGE_PREDICTION:
		return record_prediction(progress, change->slug, p->question, p->answer, p->measured, p->right);
	case PROGRESS_CHANGE_RESET:
		forget(progress, change->slug);
		return 0;
	case PROGRESS_CHANGE_RESET_ALL:
		forget_all(progress);
		return 0;
	case PROGRESS_CHANGE_HINTS:
		return record_hints(progress, change->slug, change->hints);
	}
	return 0;
}

int progress_mark_finished(struct progress *progress, const char *slug)
{
	if (mark_finished(progress, slug) != 0)
		return -1;
	return note_change(progress, PROGRESS_CHANGE_FINISHED, slug, NULL);
}

int progress_record_prediction(struct progress *progress, const char *slug, int question,
    const char *answer, double measured, bool right)
{
	struct progress_prediction prediction = {
		.question = question,
		.answer = (char *)answer,
		.measured = measured,
		.right = right,
	};

	if (record_prediction(progress, slug, question, answer, measured, right) != 0)
		return -1;
	return note_change(progress, PROGRESS_CHANGE_PREDICTION, slug, &prediction);
}

int progress_record_hints(struct progress *progress, const char *slug, int hints)
{
	if (record_hints(progress, slug, hints) != 0 ||
	    note_change(progress, PROGRESS_CHANGE_HINTS, slug, NULL) != 0)
		return -1;
	progress->changes[progress->change_count - 1].hints = hints;
	return 0;
}

void progress_reset(struct progress *progress, const char *slug)
{
	forget(progress, slug);
	note_change(progress, PROGRESS_CHANGE_RESET, slug, NULL); /* out of memory: forgotten here only */
}

void progress_reset_all(struct progress *progress)
{
	forget_all(progress);
	note_change(progress, PROGRESS_CHANGE_RESET_ALL, NULL, NULL);
}

size_t progress_right(const struct progress_lesson *lesson)
{
	size_t right = 0;

	for (size_t i = 0; i < lesson->prediction_count; i++)
		right += lesson->predictions[i].right;
	return right;
}

void progress_free(struct progress *progress)
{
	forget_all(progress);
	free_changes(progress);
	free(progress->path);
	progress->path = NULL;
}

/* ---- reading ---- */

/* Applies one line of the file; false if it is not a line this version writes. */
static bool apply_line(struct progress *progress, const char *line)
{
	char keyword[16], slug[128], answer[PROGRESS_MAX_ANSWER + 1], verdict[8], extra[2];
	int question, hints;
	double measured;

	if (sscanf(line, "%15s", keyword) != 1)
		return false;
	if (strcmp(keyword, "finished") == 0) {
		if (sscanf(line, "%*s %127s %1s", slug, extra) != 1 || !valid_slug(slug))
			return false;
		return mark_finished(progress, slug) == 0;
	}
	if (strcmp(keyword, "prediction") == 0) {
		if (sscanf(line, "%*s %127s %d %32s %lf %7s %1s", slug, &question, answer, &measured, verdict, extra) != 5 ||
		    !valid_slug(slug) || question < 1 || question > 999 || !isfinite(measured) ||
		    (strcmp(verdict, "right") != 0 && strcmp(verdict, "wrong") != 0))
			return false;
		return record_prediction(progress, slug, question, answer, measured,
		    strcmp(verdict, "right") == 0) == 0;
	}
	if (strcmp(keyword, "hints") == 0) {
		if (sscanf(line, "%*s %127s %d %1s", slug, &hints, extra) != 2 || !valid_slug(slug) || hints < 1 || hints > 99)
			return false;
		return record_hints(progress, slug, hints) == 0;
	}
	return false;
}

static int parse(struct progress *progress, const char *text, size_t size, char *why, size_t why_size)
{
	struct text_lines lines;
	const char *line;
	size_t length;
	bool header_seen = false;

	text_lines_init(&lines, text, size);
	while (text_lines_next(&lines, &line, &length)) {
		char copy[512];

		text_trim(&line, &length);
		if (length == 0 || line[0] == '#')
			continue;
		snprintf(copy, sizeof copy, "%.*s", (int)(length < sizeof copy - 1 ? length : sizeof copy - 1), line);
		if (!header_seen) {
			if (strcmp(copy, PROGRESS_HEADER) != 0) {
				snprintf(why, why_size, "%s:%d: not a metaconc progress file (it should begin with \"%s\")",
				    progress->path, lines.number, PROGRESS_HEADER);
				return -1;
			}
			header_seen = true;
			continue;
		}
		if (memchr(line, '\0', length) != NULL || length >= sizeof copy || !apply_line(progress, copy)) {
			snprintf(why, why_size, "%s:%d: damaged: \"%.40s\" is not a progress line",
			    progress->path, lines.number, copy);
			return -1;
		}
	}
	return 0;
}

int progress_init(struct progress *progress, const char *directory)
{
	size_t length = strlen(directory) + sizeof "/" PROGRESS_FILE;

	memset(progress, 0, sizeof *progress);
	progress->path = malloc(length);
	if (progress->path == NULL)
		return -1;
	snprintf(progress->path, length, "%s/%s", directory, PROGRESS_FILE);
	return 0;
}

/* Reads the file as it is now into progress (which holds no lesson yet); no file is no progress. */
static int read_current(struct progress *progress, char *why, size_t why_size)
{
	struct stat info;
	char reason[256];
	char *text;
	size_t size;
	int rc;

	if (stat(progress->path, &info) != 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0; /* nothing done yet */
	/* A pipe there would block the read (and `list` with it); text_read_file() refuses it. */
	if (text_read_file(progress->path, &text, &size, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "%s: cannot read it: %s", progress->path, reason);
		return -1;
	}
	rc = parse(progress, text, size, why, why_size);
	free(text);
	if (rc != 0)
		forget_all(progress);
	return rc;
}

int progress_load(struct progress *progress, const char *directory, char *why, size_t why_size)
{
	if (progress_init(progress, directory) != 0) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	return read_current(progress, why, why_size);
}

/* ---- writing ---- */

/* mkdir -p, private to the learner (0700, as the XDG spec asks). */
static int make_directories(const char *path, char *why, size_t why_size)
{
	char partial[4096];
	size_t length = strlen(path);

	if (length >= sizeof partial) {
		snprintf(why, why_size, "%s: the path is too long", path);
		return -1;
	}
	for (size_t i = 1; i <= length; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		memcpy(partial, path, i);
		partial[i] = '\0';
		if (mkdir(partial, 0700) != 0 && errno != EEXIST) {
			snprintf(why, why_size, "%s: cannot create it: %s", partial, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void write_progress(FILE *out, const struct progress *progress)
{
	fprintf(out, "# metaconc progress: the lessons you finished and the predictions you made.\n"
	    "# Written by metaconc; 'metaconc learn --reset LESSON' forgets a lesson.\n"
	    "%s\n", PROGRESS_HEADER);
	for (size_t i = 0; i < progress->count; i++) {
		const struct progress_lesson *lesson = &progress->lessons[i];

		if (lesson->finished)
			fprintf(out, "finished %s\n", lesson->slug);
		for (size_t k = 0; k < lesson->prediction_count; k++) {
			const struct progress_prediction *prediction = &lesson->predictions[k];

			fprintf(out, "prediction %s %d %s %.4g %s\n", lesson->slug, prediction->question,
			    prediction->answer, prediction->measured, prediction->right ? "right" : "wrong");
		}
		if (lesson->hints > 0)
			fprintf(out, "hints %s %d\n", lesson->slug, lesson->hints);
	}
}

/*
 * Takes the state directory's lock (flock on the directory itself), so
 * that one process at a time reads, merges and writes. Returns the
 * descriptor that holds it (closing it lets go), or -1 if the file system
 * has no locks: the save goes on without.
 */
static int lock_directory(const char *directory)
{
	int fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* The file as it is now, with the changes made here replayed on it, into merged. */
static int merge(const struct progress *progress, struct progress *merged, char *why, size_t why_size)
{
	size_t first = 0;

	memset(merged, 0, sizeof *merged);
	merged->path = strdup(progress->path);
	if (merged->path == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	/* After "forget every lesson", what the file held does not matter (even damaged). */
	for (size_t i = 0; i < progress->change_count; i++) {
		if (progress->changes[i].kind == PROGRESS_CHANGE_RESET_ALL)
			first = i + 1;
	}
	if (first == 0 && read_current(merged, why, why_size) != 0)
		return -1;
	for (size_t i = first; i < progress->change_count; i++) {
		if (apply_change(merged, &progress->changes[i]) != 0) {
			snprintf(why, why_size, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* Writes merged through a temporary file; refuses to put it in place of anything but a regular file. */
static int write_file(const struct progress *merged, char *why, size_t why_size)
{
	struct atomic_file file;
	struct stat info;

	if (stat(merged->path, &info) == 0 && !S_ISREG(info.st_mode)) {
		snprintf(why, why_size, "%s: not a regular file: remove it, and your progress will be kept there",
		    merged->path);
		return -1;
	}
	if (atomic_file_open(&file, merged->path, why, why_size) != 0)
		return -1;
	write_progress(file.stream, merged);
	return atomic_file_commit(&file, why, why_size);
}

int progress_save(struct progress *progress, char *why, size_t why_size)
{
	struct progress merged;
	char directory[4096];
	char *slash;
	int lock = -1, rc;

	snprintf(directory, sizeof directory, "%s", progress->path);
	slash = strrchr(directory, '/');
	if (slash != NULL && slash != directory) {
		*slash = '\0';
		if (make_directories(directory, why, why_size) != 0)
			return -1;
		lock = lock_directory(directory);
	}
	rc = merge(progress, &merged, why, why_size);
	if (rc == 0)
		rc = write_file(&merged, why, why_size);
	if (lock >= 0)
		close(lock); /* lets go of the lock */
	if (rc == 0) {
		/* What was written is what this process now knows, others' records included. */
		forget_all(progress);
		free_changes(progress);
		progress->lessons = merged.lessons;
		progress->count = merged.count;
		merged.lessons = NULL;
		merged.count = 0;
	}
	progress_free(&merged);
	return rc;
}
