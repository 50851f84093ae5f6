/* outcome.h: a finished run, gathered for the renderers: what was asked, recorded and measured. */
#ifndef METACONC_OUTCOME_H
#define METACONC_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "experiment.h"
#include "recording.h"
#include "stats.h"
#include "technique.h"

struct outcome {
	const struct experiment_spec *spec;
	const struct recording *recording;
	const struct technique_report *report;
	struct run_stats stats;
	uint32_t tasks_done; /* counted by the workers themselves */
	uint32_t tasks_lost;
};

/* A run, its optional baseline, and how it ended: what every renderer is given. */
struct outcome_set {
	struct outcome run;
	struct outcome vs;       /* --vs: the experiment it is compared with */
	bool has_vs;
	struct outcome baseline; /* --compare: the sequential baseline */
	bool has_baseline;
	int interrupted_by;  /* the signal that stopped it, or 0 */
};

/* Gathers a joined experiment's outcome; it stays valid while the experiment lives. */
int outcome_from_experiment(struct outcome *outcome, const struct experiment *experiment);
void outcome_free(struct outcome *outcome);
void outcome_set_free(struct outcome_set *set);

/* The baseline's wall time over the run's: how many times faster the run was. */
double outcome_speedup(const struct outcome_set *set);
/* The --vs run's wall time over this run's: how many times faster this run was. */
double outcome_vs_ratio(const struct outcome_set *set);
/* True if a worker crashed or hung, or tasks were lost, or the technique failed. */
bool outcome_failed(const struct outcome *outcome);

/* A CPU's digit on a timeline: 0-9, then a-z; '*' beyond 35. */
char outcome_cpu_digit(int cpu);
/* A worker's letter: A-Z, then a-z; '+' beyond 52. */
char outcome_worker_letter(int worker);
/* A lane's label: "A thread 4711", "B pid 4712", "C 3 threads" (a decorator's slot). */
void outcome_lane_label(const struct recording *recording, int lane, char *buf, size_t size);
/* "thread" or "process". */
const char *outcome_worker_noun(const struct outcome *outcome);

#endif
