/* render_plain.h: a run as ASCII text: timelines, legend and summary, for pipes, logs and tests. */
#ifndef METACONC_RENDER_PLAIN_H
#define METACONC_RENDER_PLAIN_H

#include <stdio.h>

#include "model/observed.h"
#include "model/outcome.h"
#include "model/timeline.h"

/* Prints the run (and its baseline, on the same time scale) in `width` columns. */
void render_plain(FILE *out, const struct outcome_set *set, int width);

/* The summary alone: times, utilisation, speedup, failures (what the full-screen view leaves behind). */
void render_plain_summary(FILE *out, const struct outcome_set *set);

/*
 * A traced program (metaconc trace): its processes and threads in tree order,
 * the CPU lanes, the legend and the summary, in `width` columns.
 */
void render_plain_observed(FILE *out, const struct observed *observed, int width);
/* Its summary alone: times, each process's fate and what its threads spent their time on. */
void render_plain_observed_summary(FILE *out, const struct observed *observed);

#endif
