/*
 * wording.h: the words every output uses for a run: durations, the run's
 * title, and the sentences of its summary. The plain text, the full-screen
 * view and the lessons print these; none of them writes its own.
 */
#ifndef METACONC_WORDING_H
#define METACONC_WORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/experiment_spec.h"
#include "model/outcome.h"
#include "model/process_tree.h"
#include "model/stats.h"

/* A duration: "2.03 s", "15.2 ms" or "0.250 ms". */
void wording_duration(char *buf, size_t size, uint64_t ns);

/* A count of workers: "1 thread", "4 processes". */
void wording_workers(char *buf, size_t size, int count, bool processes);

/* What an observed program's tree holds: "2 processes, 5 threads". */
void wording_tree_counts(char *buf, size_t size, const struct process_tree *tree);

/* One line describing the run: "spawn: 4 threads, 8 tasks of 500 ms CPU work, all CPUs". */
void wording_title(char *buf, size_t size, const struct experiment_spec *spec);

/* The heading of the sequential baseline's section. */
const char *wording_baseline_heading(void);

/* "wall 2.03 s, CPU time 3.98 s, on average 1.96 CPUs busy" */
void wording_times(char *buf, size_t size, const struct run_stats *stats);

/* "8 of 8 tasks done, 412 events recorded, 0 dropped" */
void wording_tasks(char *buf, size_t size, const struct outcome *outcome);

/* "speedup 1.95x over sequential (sequential: wall 3.98 s)"; `baseline` names what it is measured against. */
void wording_speedup(char *buf, size_t size, double speedup, const char *baseline, uint64_t baseline_wall_ns);

/* "1.50x as fast as the run it was compared with (TITLE: wall 40.1 ms)", for --vs. */
void wording_vs(char *buf, size_t size, const struct outcome_set *set);

/*
 * What the technique itself reported: the decorator's futures or the pool's
 * instances ("calls went through ...: 6 futures joined, 0 failures reached
 * the caller"); "" when it reported nothing of the kind.
 */
void wording_report(char *buf, size_t size, const struct outcome *outcome);

/* Race: "1000 deposits made, balance 523: 477 lost updates (47.7%), no lock". */
void wording_race(char *buf, size_t size, const struct outcome *outcome);

/* Amdahl's bound beside a run with a serial part; false (buf untouched) without one. */
bool wording_amdahl(char *buf, size_t size, const struct outcome *run, const struct outcome *baseline);

/* A Python pool's pickling: what one task's arguments cost, and how often; false (buf untouched) if none. */
bool wording_pickling(char *buf, size_t size, const struct outcome *outcome);

/* Other programs' share of a CPU from which a summary mentions it. */
#define WORDING_NOTICED 0.03
/*
 * The sentence about other programs: "other programs held CPU 0 for 38 % of
 * this run: the speedup is lower than this machine can do"; "" if none
 * took as much as WORDING_NOTICED of a CPU.
 */
void wording_other_programs(char *buf, size_t size, const struct outcome_set *set);

/* Why a set (or its Python runs) has no speedup: what was lost, or what failed. */
void wording_no_speedup(char *buf, size_t size, const struct outcome_set *set, bool python);

/* The C run's (or, `python`, the Python run's) speedup sentence, or why it has none. */
void wording_set_speedup(char *buf, size_t size, const struct outcome_set *set, bool python);

/* "1 crashed, 0 hung, 2 tasks never finished; the run failed": a failed run in one line. */
void wording_failure_tally(char *buf, size_t size, const struct outcome *outcome);

/* A run still going: "running 1.20 s: 2.31 s of CPU time so far, 212 events recorded, 0 dropped". */
void wording_progress(char *buf, size_t size, uint64_t elapsed_ns, uint64_t cpu_ns, uint64_t events,
    uint64_t dropped);

#endif
