/*
 * lesson_player.h: plays a lesson without a screen (`metaconc learn
 * --plain`): prints it page by page, asks its predictions, runs its
 * experiments for real (runs, measures, Python snippets), and answers each
 * prediction with what was measured or printed.
 */
#ifndef METACONC_LESSON_PLAYER_H
#define METACONC_LESSON_PLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "course/lesson.h"
#include "course/question.h"

struct lesson_player {
	FILE *out;
	int width;                     /* columns of the timelines; prose is wrapped narrower */
	int number;                    /* the lesson's number in the course, for headings; 0 if none */
	size_t course_size;            /* how many lessons the course has */
	const struct question_answer *answers; /* predictions given beforehand (--answer), by question */
	size_t answer_count;
	FILE *ask;                     /* read the other predictions from here (a terminal), or NULL */
};

/* What happened while playing. */
struct lesson_player_result {
	bool completed;                     /* every page was shown and every experiment ran */
	bool failed;                        /* an experiment failed that was not meant to */
	int interrupted_by;                 /* the signal that stopped it, or 0 */
	struct question_answer *answers;    /* the learner's predictions, by question */
	struct question_value *values;      /* the measured answers, by question */
	bool *measured;                     /* whether values[i] was measured */
};

/*
 * Plays `lesson` to its end (or until a signal is caught: install the
 * handlers first, signals.h). Returns 0, or -1 with why if an experiment
 * could not even start. `result` is filled either way; free it.
 */
int lesson_player_play(const struct lesson_player *player, const struct lesson *lesson,
    struct lesson_player_result *result, char *why, size_t why_size);

void lesson_player_result_free(struct lesson_player_result *result);

#endif
