/*
 * progress.h: what a learner has done, kept between sessions: the lessons
 * finished and the predictions made (and, in a practice folder, the
 * exercises passed and the hints seen). It lives in the state directory
 * (METACONC_STATE_DIR, else $XDG_STATE_HOME/metaconc, else
 * ~/.local/state/metaconc) in a small text file, "progress", which is
 * always rewritten whole and atomically. Lessons are known by their slug,
 * so renumbering the course keeps everyone's progress.
 *
 * Several metaconc processes may share the file (a tutorial open in one
 * terminal, learn --plain in another): each keeps the changes it made
 * since it loaded, and progress_save() merges them into the file as it is
 * now, under a lock, so that no one's record is lost.
 */
#ifndef METACONC_PROGRESS_H
#define METACONC_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#define PROGRESS_FILE "progress"
#define PROGRESS_MAX_ANSWER 32 /* characters of a recorded answer */

struct progress_prediction {
	int question;   /* its number in the lesson, from 1 */
	char *answer;   /* what the learner answered: a letter or a number */
	double measured;
	bool right;
};

struct progress_lesson {
	char *slug;
	bool finished;
	struct progress_prediction *predictions; /* in order of question */
	size_t prediction_count;
	int hints;                               /* hints shown, for a practice exercise */
};

/* One change made since the file was loaded, to be merged into it at the next save. */
enum progress_change_kind {
	PROGRESS_CHANGE_FINISHED,
	PROGRESS_CHANGE_PREDICTION,
	PROGRESS_CHANGE_RESET,     /* forget one lesson */
	PROGRESS_CHANGE_RESET_ALL, /* forget every lesson */
	PROGRESS_CHANGE_HINTS,     /* how many hints of a practice exercise were seen */
};

struct progress_change {
	enum progress_change_kind kind;
	char *slug;                /* NULL for PROGRESS_CHANGE_RESET_ALL */
	struct progress_prediction prediction; /* for PROGRESS_CHANGE_PREDICTION */
	int hints;                 /* for PROGRESS_CHANGE_HINTS */
};

struct progress {
	char *path; /* the progress file */
	struct progress_lesson *lessons;
	size_t count;
	struct progress_change *changes; /* made here since the last load or save, in order */
	size_t change_count;
};

/* The state directory, as above (a string to free). Returns NULL with why if none can be named. */
char *progress_directory(char *why, size_t why_size);

/* No progress yet, to be kept in `directory`. Returns 0, or -1 if out of memory. */
int progress_init(struct progress *progress, const char *directory);

/*
 * Reads the progress file in `directory`; no file yet is no progress.
 * Returns 0, or -1 with one line in why ("FILE:LINE: why" for a damaged
 * file); even then `progress` is usable (empty) and must be freed.
 */
int progress_load(struct progress *progress, const char *directory, char *why, size_t why_size);

/*
 * Merges the changes made here into the file as it is now (others may have
 * written it since it was loaded), under a lock on the state directory, and
 * writes it (creating the directory if need be); `progress` becomes what
 * was written. A damaged file, or anything there that is not a regular file
 * (a pipe, a device), is left alone. Returns 0, or -1 with why.
 */
int progress_save(struct progress *progress, char *why, size_t why_size);

/* The lesson's progress, or NULL if there is none. */
const struct progress_lesson *progress_find(const struct progress *progress, const char *slug);
int progress_mark_finished(struct progress *progress, const char *slug);
/* Records (or replaces) the answer to question `question` of the lesson. Returns 0 or -1 (out of memory). */
int progress_record_prediction(struct progress *progress, const char *slug, int question,
    const char *answer, double measured, bool right);
/* Records that the first `hints` hints of an exercise were shown. Returns 0 or -1 (out of memory). */
int progress_record_hints(struct progress *progress, const char *slug, int hints);
/* Forgets a lesson: not finished, no predictions. */
void progress_reset(struct progress *progress, const char *slug);
/* Forgets every lesson. */
void progress_reset_all(struct progress *progress);
/* How many of the lesson's recorded predictions were right. */
size_t progress_right(const struct progress_lesson *lesson);

void progress_free(struct progress *progress);

#endif
