/*
 * demo_player.h: plays a demo script as a printed transcript (`metaconc
 * demo --plain`): headings for its chapters, its captions, its lesson
 * pages as text, and its experiments really run and printed as plain
 * timelines.
 */
#ifndef METACONC_DEMO_PLAYER_H
#define METACONC_DEMO_PLAYER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "course/demo.h"
#include "course/demo_lessons.h"

struct demo_player {
	FILE *out;
	int width;    /* columns of the timelines */
	double speed; /* waits last duration / speed */
	/* Called at each chapter (marker), e.g. to mark a recording; may be NULL. */
	void (*marker)(void *ctx, const char *name);
	void *marker_ctx;
};

struct demo_player_result {
	bool failed;        /* an experiment failed that was not meant to (no --fault) */
	int interrupted_by; /* the signal that stopped the demo, or 0 */
};

/*
 * Plays `script` to its end, or until a signal is caught (install the
 * handlers first, signals.h): every worker is then stopped and reaped.
 * Returns 0, or -1 with why if an experiment could not even start.
 */
int demo_player_play(const struct demo_player *player, const struct demo_script *script,
    const struct demo_lessons *lessons, struct demo_player_result *result, char *why, size_t why_size);

/* Waits `ns` of script time at `speed`, waking early on a signal. */
void demo_player_sleep(uint64_t ns, double speed);

#endif
