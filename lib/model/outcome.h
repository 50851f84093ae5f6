/* outcome.h: a finished run, gathered for the renderers: what was asked, recorded and measured. */
#ifndef METACONC_OUTCOME_H
#define METACONC_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/experiment_spec.h"
#include "model/recording.h"
#include "model/stats.h"
#include "techniques/technique.h"

/* What a Python run's script said about itself, and what its protocol reader made of its lines. */
struct outcome_python {
	const char *script;           /* the script's file name: "spawn.py" */
	const char *version;          /* "3.11.7", or "" if the script never said */
	uint32_t pid;                 /* the script's process */
	uint64_t lines;               /* protocol lines read */
	uint64_t rejected;            /* of them, the ones that broke the protocol */
	uint64_t first_rejected_line; /* the first of those, or 0 */
	const char *first_rejection;  /* why it was rejected, or "" */
};

/*
 * A run gathered by the engine once it ended. The pointers point into the
 * run, which must live as long as its outcome.
 */
struct outcome {
	const struct experiment_spec *spec;
	const struct recording *recording;
	const struct technique_report *report;
	struct run_stats stats;
	uint32_t tasks_done; /* counted by the workers themselves */
	uint32_t tasks_lost;
	bool is_python;      /* a Python script ran it (else metaconc's own C) */
	struct outcome_python python; /* is_python: what its script said */
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

/* Computes the outcome's stats from its recording (the other fields filled in). Returns 0 or -1. */
int outcome_compute_stats(struct outcome *outcome);
void outcome_free(struct outcome *outcome);
void outcome_set_free(struct outcome_set *set);

/* The baseline's wall time over the run's: how many times faster the run was. */
double outcome_speedup(const struct outcome_set *set);
/* The --vs run's wall time over this run's: how many times faster this run was. */
double outcome_vs_ratio(const struct outcome_set *set);
/* The same for the Python run over sequential Python. */
double outcome_python_speedup(const struct outcome_set *set);
/*
 * The most a run of `spec` could be faster than its sequential baseline
 * with `usable_cpus` CPUs free to it (see outcome.c for why).
 */
double outcome_reachable_speedup(const struct experiment_spec *spec, int usable_cpus);
/*
 * True if the run's (`python`: the Python run's) speedup over its baseline
 * came near what it could reach: at least OUTCOME_REACHED_SHARE of it. The
 * screen colours the speedup by this judgement.
 */
bool outcome_speedup_reached(const struct outcome_set *set, bool python);
#define OUTCOME_REACHED_SHARE 0.8
/*
 * True if a worker crashed or hung, or tasks were lost, or the technique
 * failed, or (Python) the script wrote lines that broke the protocol.
 */
bool outcome_failed(const struct outcome *outcome);
/* True if the run or one of its Python versions failed. */
bool outcome_set_failed(const struct outcome_set *set);

/*
 * Other programs. A run is disturbed when other programs took from it at
 * least OUTCOME_DISTURBED of the CPU time it could have had: the time its
 * workers were ready but had no CPU, while other programs held a CPU the run
 * could use (the smaller of the two), over its wall time times the CPUs it
 * could keep busy. Its speedup is then lower than the machine can do, and a
 * lesson does not grade a prediction on it. METACONC_DISTURBED sets another
 * share (1 or more: never).
 */
#define OUTCOME_DISTURBED 0.10
/* The CPU the run could use that other programs held longest, and their share of it; -1 if no CPU. */
int outcome_busiest_other(const struct outcome *outcome, double *share);
/* The share of its CPU time other programs took from the run, as above (0..1). */
double outcome_disturbance(const struct outcome *outcome);
bool outcome_disturbed(const struct outcome *outcome);
/* The first of the set's runs that was disturbed (the run, its baselines, its Python runs), or NULL. */
const struct outcome *outcome_set_disturbed(const struct outcome_set *set);
/* True if the speedup over the baseline measures something: both ran all their tasks and neither failed. */
bool outcome_speedup_measured(const struct outcome_set *set);
/* The same for the Python runs. */
bool outcome_python_speedup_measured(const struct outcome_set *set);

/*
 * How many of the spec's tasks can make progress at once, with `usable_cpus`
 * CPUs: CPUs bound CPU work, nothing bounds sleeping, the GIL and the event
 * loop let one run at a time.
 */
int outcome_tasks_at_once(const struct experiment_spec *spec, int usable_cpus);

/* Amdahl's law for a run with a serial part, against its sequential baseline. */
struct amdahl {
	double serial_fraction; /* s: the serial part's share of the baseline's wall time */
	int at_once;            /* p: tasks that could run at once (CPUs, for CPU work) */
	double bound;           /* 1 / (s + (1 - s) / p): no speedup can pass it */
};

/* Wall time of the serial part: the run intervals outside every task. */
uint64_t outcome_serial_ns(const struct outcome *outcome);
/* Amdahl's bound for `run` (with --serial-ms) measured on `baseline`; false if it has no serial part. */
bool outcome_amdahl(const struct outcome *run, const struct outcome *baseline, struct amdahl *out);
/* Race: deposits lost (made but missing from the final balance). */
uint64_t outcome_lost_updates(const struct outcome *outcome);

/* A CPU's digit on a timeline: 0-9, then a-z; '*' beyond 35. */
char outcome_cpu_digit(int cpu);
/* A worker's letter: A-Z, then a-z; '+' beyond 52. */
char outcome_worker_letter(int worker);
/* A lane's label: "A thread 4711", "B pid 4712", "C 3 threads" (a decorator's slot). */
void outcome_lane_label(const struct recording *recording, int lane, char *buf, size_t size);
/* "thread" or "process". */
const char *outcome_worker_noun(const struct outcome *outcome);

#endif
