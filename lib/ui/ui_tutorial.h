/*
 * ui_tutorial.h: the full-screen tutorial: a menu of the lessons with the
 * learner's progress (filter done or pending, reset a lesson), and each
 * lesson on its screen (ui_lesson.h).
 */
#ifndef METACONC_UI_TUTORIAL_H
#define METACONC_UI_TUTORIAL_H

#include <stddef.h>

#include "course/catalog.h"
#include "course/progress.h"

enum ui_tutorial_result {
	UI_TUTORIAL_DONE = 0,         /* the learner quit, or a signal stopped it (see interrupted_by) */
	UI_TUTORIAL_NO_TERMINAL = -1, /* the terminal cannot show it: why says so */
};

/*
 * Runs the tutorial at lesson `start` of the catalog, or at its menu if
 * `start` is negative, until the learner quits. Progress is recorded in
 * `progress` and saved as it is made (NULL: not kept, e.g. when the file
 * was damaged). The terminal is restored before it returns.
 */
enum ui_tutorial_result ui_tutorial_run(const struct catalog *catalog, int start, struct progress *progress,
    int *interrupted_by, char *why, size_t why_size);

#endif
