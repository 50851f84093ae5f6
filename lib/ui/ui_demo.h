/* ui_demo.h: a demo script played full screen, for a room: pages, captions, live timelines, presenter keys. */
#ifndef METACONC_UI_DEMO_H
#define METACONC_UI_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "course/demo.h"
#include "course/demo_lessons.h"

struct ui_demo_options {
	double speed;   /* waits last duration / speed; replays run speed times faster */
	bool no_pause;  /* `pause` does not wait for the presenter */
	int marker_fd;  /* each chapter's name is written here, one a line (a recording's markers), or -1 */
};

enum ui_demo_status {
	UI_DEMO_PLAYED,      /* played to its end, or the presenter quit */
	UI_DEMO_FAILED,      /* an experiment could not start (why says why) */
	UI_DEMO_NO_TERMINAL, /* the terminal cannot show it (why says why) */
};

struct ui_demo_result {
	bool failed;        /* an experiment failed that was not meant to (no --fault) */
	int interrupted_by; /* the signal that stopped it, or 0 */
};

/*
 * Plays `script` full screen until its end, then waits for the presenter to
 * leave with q (or for a signal: install the handlers first, signals.h).
 * Every run is stopped and reaped and the terminal restored before it returns.
 */
enum ui_demo_status ui_demo_play(const struct demo_script *script, const struct demo_lessons *lessons,
    const struct ui_demo_options *options, struct ui_demo_result *result, char *why, size_t why_size);

#endif
