/* ui_run.h: the full-screen view of `metaconc run`: live animation, then exploration. */
#ifndef METACONC_UI_RUN_H
#define METACONC_UI_RUN_H

#include <stddef.h>

#include "engine/options.h"
#include "engine/runner.h"

enum ui_run_result {
	UI_RUN_SHOWN = 0,        /* the run ran in the view; its outcomes are in the run set */
	UI_RUN_NO_TERMINAL = -1, /* the terminal cannot be used: print the plain output instead */
	UI_RUN_FAILED = -2,      /* the run itself could not start (why says so) */
};

/*
 * Runs the experiments of `options` in the full-screen view: animated while
 * they run, then open for exploring (scroll, zoom, replay) until the user
 * quits. The terminal is restored before this returns, on every path.
 */
enum ui_run_result ui_run_show(struct run_set *set, const struct run_options *options, char *why,
    size_t why_size);

/*
 * The same on a screen that is already up (the tutorial's, the demo's),
 * with a caption over the view ("" or NULL: none); the screen stays up.
 * Returns 0, or -1 with why if the run could not start. Free `set` either way.
 */
int ui_run_in_view(struct run_set *set, const struct run_options *options, const char *caption,
    char *why, size_t why_size);

#endif
