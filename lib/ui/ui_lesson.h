/*
 * ui_lesson.h: one lesson on the full screen: its pages, scrolled like
 * `less`; its experiments run in place in the live timeline view; its
 * predictions asked before the run that answers them, and answered by what
 * the run measured. Moving on is always the learner's key, never a jump.
 */
#ifndef METACONC_UI_LESSON_H
#define METACONC_UI_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "course/lesson.h"
#include "course/progress.h"

enum ui_lesson_end {
	UI_LESSON_BACK,        /* the learner went back to the menu (q) */
	UI_LESSON_FINISHED,    /* past the last page, with every experiment run */
	UI_LESSON_UNFINISHED,  /* past the last page, with experiments not run (or failed) */
	UI_LESSON_INTERRUPTED, /* a signal arrived: every worker was stopped and reaped */
};

struct ui_lesson_place {
	const struct lesson *lesson;
	const char *slug;        /* its name in the progress file */
	int number;              /* its number in the course */
	size_t course_size;
	struct progress *progress; /* where predictions are recorded and saved; NULL: not kept */
};

/*
 * Shows the lesson on a screen already started (ui_term_start) until the
 * learner leaves it. Predictions measured are recorded in the progress and
 * saved at once; `message` gets one line for the menu (a save that failed,
 * why a lesson is not finished), or "".
 */
enum ui_lesson_end ui_lesson_show(const struct ui_lesson_place *place, char *message, size_t message_size);

#endif
