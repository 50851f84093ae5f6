/* outcome.h: a finished run, gathered for the renderers: what was asked, recorded and measured. */
#ifndef METACONC_OUTCOME_H
#define METACONC_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "experiment.h"
#include "python_run.h"
#include "pytrace.h"
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
	const struct pytrace *python; /* a Python run: what its protocol reader saw; NULL for C */
};

/* A run, its optional baseline and Python versions, and how it ended: what every renderer is given. */
struct outcome_set {
	struct outcome run;
	struct outcome vs;       /* --vs: the experiment it is compared with */
	bool has_vs;
	struct outcome baseline; /* --compare: the sequential baseline */
	bool has_baseline;
	struct outcome python;          /* --python: the technique's Python version */
	bool has_python;
	struct outcome python_baseline; /* --python --compare: sequential Python */
	bool has_python_baseline;
	int interrupted_by;  /* the signal that stopped it, or 0 */
};

/* Gathers a joined experiment's outcome; it stays valid while the experiment lives. */
int outcome_from_experiment(struct outcome *outcome, const struct experiment *experiment);
/* Likewise for a joined Python run. */
int outcome_from_python(struct outcome *outcome, const struct python_run *run);
void outcome_free(struct outcome *outcome);
void outcome_set_free(struct outcome_set *set);

/* The baseline's wall time over the run's: how many times faster the run was. */
double outcome_speedup(const struct outcome_set *set);
/* The --vs run's wall time over this run's: how many times faster this run was. */
double outcome_vs_ratio(const struct outcome_set *set);
/* The same for the Python run over sequential Python. */
double outcome_python_speedup(const struct outcome_set *set);
/*
 * True if a worker crashed or hung, or tasks were lost, or the technique
 * failed, or (Python) the script wrote lines that broke the protocol.
 */
bool outcome_failed(const struct outcome *outcome);
/* True if the run or one of its Python versions failed. */
bool outcome_set_failed(const struct outcome_set *set);

/* A CPU's digit on a timeline: 0-9, then a-z; '*' beyond 35. */
char outcome_cpu_digit(int cpu);
/* A worker's letter: A-Z, then a-z; '+' beyond 52. */
char outcome_worker_letter(int worker);
/* A lane's label: "A thread 4711", "B pid 4712", "C 3 threads" (a decorator's slot). */
void outcome_lane_label(const struct recording *recording, int lane, char *buf, size_t size);
/* "thread" or "process". */
const char *outcome_worker_noun(const struct outcome *outcome);

#endif
