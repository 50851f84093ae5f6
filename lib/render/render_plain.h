/* render_plain.h: a run as ASCII text: timelines, legend and summary, for pipes, logs and tests. */
#ifndef METACONC_RENDER_PLAIN_H
#define METACONC_RENDER_PLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "model/observed.h"
#include "model/outcome.h"
#include "model/timeline.h"

/* Prints the run (and its baseline, on the same time scale) in `width` columns. */
void render_plain(FILE *out, const struct outcome_set *set, int width);

/* The summary alone: times, utilisation, speedup, failures (what the full-screen view leaves behind). */
void render_plain_summary(FILE *out, const struct outcome_set *set);

/* One line describing the run: "spawn: 4 threads, 8 tasks of 500 ms CPU work, CPUs 0-1 (not pinned)". */
void render_plain_title(char *buf, size_t size, const struct experiment_spec *spec);

/*
 * A traced program (metaconc trace): its processes and threads in tree order,
 * the CPU lanes, the legend and the summary, in `width` columns.
 */
void render_plain_observed(FILE *out, const struct observed *observed, int width);
/* Its summary alone: times, each process's fate and what its threads spent their time on. */
void render_plain_observed_summary(FILE *out, const struct observed *observed);
/* Other programs' share of a CPU from which a summary mentions it. */
#define RENDER_PLAIN_NOTICED 0.03
/*
 * The sentence about other programs: "other programs held CPU 0 for 38 % of
 * this run: the speedup is lower than this machine can do"; "" if none
 * took as much as RENDER_PLAIN_NOTICED of a CPU.
 */
void render_plain_other_programs(char *buf, size_t size, const struct outcome_set *set);
/* Why a set (or its Python runs) has no speedup: what was lost, or what failed. */
void render_plain_no_speedup(char *buf, size_t size, const struct outcome_set *set, bool python);
/* Race: "1000 deposits made, balance 523: 477 lost updates (47.7%), no lock". */
void render_plain_race(char *buf, size_t size, const struct outcome *outcome);
/* Amdahl's bound beside a run with a serial part; false (buf untouched) without one. */
bool render_plain_amdahl(char *buf, size_t size, const struct outcome *run, const struct outcome *baseline);

/* Writes a duration as "2.03 s" or "15.2 ms". */
void render_plain_duration(char *buf, size_t size, uint64_t ns);

#endif
