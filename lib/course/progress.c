/*
 * progress.c: the learner's progress file.
 *
 *     metaconc-progress 1
 *     finished concurrency-vs-parallelism
 *     prediction concurrency-vs-parallelism 1 b 1.97 right
 *     hints lost-updates 2
 *
 * One fact a line; lines starting with # are comments. The file is read
 * whole at the start, changed in memory, and written whole through a
 * temporary file renamed into place (atomic_file.c), so a crash or a full
 * disk never leaves half a file. A damaged file is reported with its line
 * and never overwritten behind the learner's back.
 */
#include "course/progress.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int progress_mark_finished(struct progress *progress, const char *slug)
{
	struct progress_lesson *lesson = find_or_add(progress, slug);

	if (lesson == NULL)
		return -1;
	lesson->finished = true;
	return 0;
}

int progress_record_prediction(struct progress *progress, const char *slug, int question,
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

int progress_record_hints(struct progress *progress, const char *slug, int hints)
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

void progress_reset(struct progress *progress, const char *slug)
{
	struct progress_lesson *lesson = find(progress, slug);

	if (lesson == NULL)
		return;
	free_lesson(lesson);
	*lesson = progress->lessons[--progress->count];
}

void progress_reset_all(struct progress *progress)
{
	for (size_t i = 0; i < progress->count; i++)
		free_lesson(&progress->lessons[i]);
	free(progress->lessons);
	progress->lessons = NULL;
	progress->count = 0;
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
	progress_reset_all(progress);
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
		return progress_mark_finished(progress, slug) == 0;
	}
	if (strcmp(keyword, "prediction") == 0) {
		if (sscanf(line, "%*s %127s %d %32s %lf %7s %1s", slug, &question, answer, &measured, verdict, extra) != 5 ||
		    !valid_slug(slug) || question < 1 || question > 999 || !isfinite(measured) ||
		    (strcmp(verdict, "right") != 0 && strcmp(verdict, "wrong") != 0))
			return false;
		return progress_record_prediction(progress, slug, question, answer, measured,
		    strcmp(verdict, "right") == 0) == 0;
	}
	if (strcmp(keyword, "hints") == 0) {
		if (sscanf(line, "%*s %127s %d %1s", slug, &hints, extra) != 2 || !valid_slug(slug) || hints < 1 || hints > 99)
			return false;
		return progress_record_hints(progress, slug, hints) == 0;
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

int progress_load(struct progress *progress, const char *directory, char *why, size_t why_size)
{
	struct stat info;
	char reason[256];
	char *text;
	size_t size;
	int rc;

	if (progress_init(progress, directory) != 0) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	if (stat(progress->path, &info) != 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0; /* nothing done yet */
	if (text_read_file(progress->path, &text, &size, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "%s: cannot read it: %s", progress->path, reason);
		return -1;
	}
	rc = parse(progress, text, size, why, why_size);
	free(text);
	if (rc != 0)
		progress_reset_all(progress);
	return rc;
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

int progress_save(const struct progress *progress, char *why, size_t why_size)
{
	struct atomic_file file;
	char directory[4096];
	char *slash;

	snprintf(directory, sizeof directory, "%s", progress->path);
	slash = strrchr(directory, '/');
	if (slash != NULL && slash != directory) {
		*slash = '\0';
		if (make_directories(directory, why, why_size) != 0)
			return -1;
	}
	if (atomic_file_open(&file, progress->path, why, why_size) != 0)
		return -1;
	write_progress(file.stream, progress);
	return atomic_file_commit(&file, why, why_size);
}
