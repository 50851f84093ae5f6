/*
 * ui_practice.h: `metaconc practice`'s watch mode: the current exercise and
 * what to do, checked at every save of the learner's file, with their
 * program's live timeline while the check runs and the verdict after it.
 */
#ifndef METACONC_UI_PRACTICE_H
#define METACONC_UI_PRACTICE_H

#include <stddef.h>

#include "course/exercise_catalog.h"
#include "course/progress.h"

struct ui_practice_request {
	const struct exercise_catalog *catalog;
	const char *folder;          /* the learner's practice folder */
	struct progress *progress;   /* the folder's progress: passes and hints are recorded and saved here */
	size_t start;                /* the exercise to show first (its index in the catalog) */
};

enum ui_practice_result {
	UI_PRACTICE_DONE = 0,         /* the learner quit, or a signal stopped it (see interrupted_by) */
	UI_PRACTICE_NO_TERMINAL = -1, /* the terminal cannot show it: why says so */
};

/*
 * Shows the exercises until the learner quits (q) or a signal comes. A
 * check in progress is stopped and its processes reaped; the terminal is
 * restored before this returns, on every path.
 */
enum ui_practice_result ui_practice_run(const struct ui_practice_request *request, int *interrupted_by, char *why,
    size_t why_size);

#endif
