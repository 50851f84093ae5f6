/*
 * practice_measure.h: running a learner's program as its exercise's check
 * asks, and measuring each run for exercise_check_evaluate().
 *
 * Each run is made under the observer of `metaconc trace` (lib/observe/):
 * its output comes through a pipe, line by line with each line's arrival
 * time; its threads and processes come from the trace's recording and
 * process tree. The runner bounds every run (timeout, output, processes)
 * and says which bound stopped it; nothing is made up.
 */
#ifndef METACONC_PRACTICE_MEASURE_H
#define METACONC_PRACTICE_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "course/exercise.h"
#include "course/exercise_check.h"
#include "model/process_tree.h"
#include "model/recording.h"

#define PRACTICE_PYTHON "python3"
#define PRACTICE_MAX_ENVIRONMENT 6   /* variables a run adds to metaconc's own environment */

/* One run to make: the learner's program, or the reference. */
struct practice_run_plan {
	bool reference;                                /* the check's reference program, as shipped */
	size_t configuration;                          /* the args: line it runs with (program runs) */
	char *argv[EXERCISE_MAX_ARGUMENTS + 3];        /* PYTHON FILE ARGS..., NULL-terminated: python3's own program */
	const char *directory;                         /* where it runs: the learner's or the shipped folder */
	char *environment[PRACTICE_MAX_ENVIRONMENT + 1]; /* "NAME=value" to add, NULL-terminated */
	double timeout_s;                              /* stopped after this, and marked timed out */
};

struct practice_plan {
	struct practice_run_plan *runs; /* the program's runs (configuration by configuration), then the reference's */
	size_t count;
};

/*
 * The runs of the exercise's check: each args: line check->runs times, then
 * the reference as many times. `learner_directory` is the learner's folder of
 * the exercise, `startup_directory` the folder of the sitecustomize.py that
 * forces a start method or a switch interval. Returns 0, or -1 if out of memory.
 */
int practice_plan_make(struct practice_plan *plan, const struct exercise *exercise, const char *learner_directory,
    const char *startup_directory);
void practice_plan_free(struct practice_plan *plan);

/* What a screen sees of the runs as they happen (all optional: NULL fields are skipped). */
struct practice_live {
	/* A run starts: index of count, the plan of it. */
	void (*run_started)(void *context, const struct practice_run_plan *run, size_t index, size_t count);
	/* After each step of the observer: the recording and tree so far. Return false to stop every run (the learner quit). */
	bool (*stepped)(void *context, const struct recording *recording, const struct process_tree *tree);
	void *context;
};

/*
 * Makes every run of the plan and fills `measurements` (runs, then
 * references; free it with practice_measurements_free). Stdin is /dev/null;
 * each run is bounded by its timeout, EXERCISE_MAX_OUTPUT_BYTES and
 * EXERCISE_MAX_PROCESSES (exercise_check.h), and marked as stopped there;
 * what it leaves behind is killed after EXERCISE_LEFT_GRACE_S. Once a run of
 * the program is stopped at a bound the check has failed, so the runs after
 * it are not made (run_count says how many were). Every child is reaped.
 * `cpus` is the CPUs of metaconc's affinity; `cpus_free` comes from the
 * machine's busy time (/proc/stat) read around the program's runs: cpus
 * minus (busy seconds - the runs' own CPU seconds) / their wall seconds. Returns 0, or -1 with why if the runs could not be
 * measured at all (a program that fails is measured, not an error). `live`
 * (may be NULL) is told of each run as it starts and of each step of it; if
 * its stepped() returns false, every run is stopped and practice_measure()
 * returns -1 with why "stopped".
 */
int practice_measure(const struct practice_plan *plan, const struct practice_live *live,
    struct exercise_measurements *measurements, char *why, size_t why_size);   /* live may be NULL */
void practice_measurements_free(struct exercise_measurements *measurements);

/*
 * The whole check of an exercise, as `practice check` and watch mode make it:
 * plans its runs, measures them (telling `live`, which may be NULL) and
 * judges the measurements. Returns 0 with both `measurements` and `report`
 * filled (free them), or -1 with why (out of memory, or practice_measure's
 * reason) and nothing to free.
 */
int practice_check_exercise(const struct exercise *exercise, const char *learner_directory,
    const char *startup_directory, const struct practice_live *live, struct exercise_measurements *measurements,
    struct exercise_report *report, char *why, size_t why_size);

#endif
