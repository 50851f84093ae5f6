/*
 * exercise_check.h: judging an exercise's check against measured runs.
 *
 * The runner (practice_measure.c, with `metaconc trace`) runs the learner's
 * program as the check asks and fills one struct exercise_run per run;
 * exercise_check_evaluate() then turns those measurements into a verdict
 * per item, with the measured figure beside its bound. The evaluation is
 * pure: no clock, no process, no file; the unit tests feed it hand-made runs.
 *
 * Times are seconds since the run started (the moment the program was
 * started), as doubles.
 */
#ifndef METACONC_EXERCISE_CHECK_H
#define METACONC_EXERCISE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "course/exercise.h"

/*
 * A thread that ends within this of an instant counts as ended by then: a
 * joined thread's last exit steps follow its join by some microseconds, and
 * the output line that follows the join can arrive before them.
 */
#define EXERCISE_SAME_INSTANT_S 0.010

/*
 * A process still alive this long after the program's own process ended is
 * left behind. The grace covers helpers that end on their own once the
 * program has gone (multiprocessing's resource tracker reads the end of its
 * pipe, then exits): the runner keeps watching the tree this long, or until
 * every process has ended, before it stops what is left.
 */
#define EXERCISE_LEFT_GRACE_S 0.5

/* The bounds the runner sets on every run (and stops it at), besides the check's timeout. */
#define EXERCISE_MAX_OUTPUT_BYTES (1u << 20) /* output kept of a run */
#define EXERCISE_MAX_PROCESSES 64            /* processes alive at once: a fork bomb stops there */

/* One thread of the traced tree: a lane of `metaconc trace`. */
struct exercise_lane {
	int pid;              /* its process */
	int tid;              /* the thread's own id (the pid for a process's main thread) */
	double started_s;     /* when it was first seen */
	double ended_s;       /* when it ended, or a negative number if it was alive when the trace stopped */
	double running_s;     /* on a CPU (trace: running_ms) */
	double preempted_s;   /* ready, but without a CPU (preempted_ms) */
	double waiting_s;     /* blocked in a futex: a lock, in CPython often the GIL (waiting_ms) */
	double blocked_s;     /* any other blocking call: I/O, sleep, poll (blocked_ms) */
};

/* One process of the traced tree. */
struct exercise_process {
	int pid;
	int ppid;
	double started_s;
	double ended_s;       /* negative if it was still alive when the trace stopped (and was then killed) */
	int exit_status;      /* its status, or 128+N if signal N killed it */
};

/* One line of the program's output (stdout and stderr as they arrived), without its newline. */
struct exercise_line {
	double arrived_s;
	const char *text;
};

/* How a run ended: by itself, or stopped by the runner at one of its bounds. */
enum exercise_stop {
	EXERCISE_ENDED,              /* the program's own process ended by itself */
	EXERCISE_TIMED_OUT,          /* still going at the check's timeout */
	EXERCISE_OUTPUT_FLOODED,     /* it printed more than EXERCISE_MAX_OUTPUT_BYTES */
	EXERCISE_TOO_MANY_PROCESSES, /* it reached EXERCISE_MAX_PROCESSES processes at once */
};

/* One run of the learner's program (or of the reference), as measured. */
struct exercise_run {
	size_t configuration;              /* which args: line of the check it ran with (its index) */
	enum exercise_stop stopped;        /* a stopped run is judged by "finishes" only: its figures are partial */
	int exit_status;                   /* the program's own process: status, or 128+N for signal N */
	double wall_s;                     /* from start to the end of the program's own process */
	double cpu_s;                      /* CPU time of every thread of every process */
	const struct exercise_process *processes; /* processes[0] is the program's own process */
	size_t process_count;
	const struct exercise_lane *lanes; /* every thread of every process */
	size_t lane_count;
	const struct exercise_line *lines;
	size_t line_count;
};

/* A parallel speedup needs this many CPUs free of other programs; fewer, and it is not measured. */
#define EXERCISE_MIN_FREE_CPUS 1.5

/* Everything one check measured. */
struct exercise_measurements {
	int cpus;                               /* CPUs the runs may use (their affinity); 1 makes parallel speedups unmeasurable */
	double cpus_free;                       /* CPUs that other programs left free, on average, during the program's
	                                           runs (cpus minus the machine's busy time that was not this check's,
	                                           over wall time); cpus if unknown */
	const struct exercise_run *runs;        /* the program's runs: each configuration, check->runs times */
	size_t run_count;
	const struct exercise_run *references;  /* the reference's runs, if the check names one */
	size_t reference_count;
};

enum exercise_verdict {
	EXERCISE_PASSED,
	EXERCISE_FAILED,
	EXERCISE_NOT_MEASURABLE, /* e.g. a parallel speedup on one CPU: neither passed nor failed */
};

/* The verdict on one item, or on the implicit first item: every run finished within the timeout. */
struct exercise_result {
	const struct exercise_item *item; /* NULL for "finishes within the timeout" */
	enum exercise_verdict verdict;
	double measured;                  /* the figure shown (the failing run's, else the worst), or NAN if none */
	double bound;                     /* the bound it was compared with (for that run's arguments) */
	size_t run;                       /* the run that decided it (from 0) */
	char text[256];                   /* one line: "most threads: 3, needs >= 6 (run 2 of 3)" */
};

struct exercise_report {
	struct exercise_result *results; /* the finish item first, then one per item, in order */
	size_t count;
	bool passed;                     /* no item failed */
};

/*
 * Judges the check's items on the measured runs. Items that hold for every
 * run pass; the first run where one does not decides its failure. Speedups
 * compare the best (shortest) wall times. Returns 0, or -1 if out of memory.
 */
int exercise_check_evaluate(const struct exercise_check *check, const struct exercise_measurements *measurements,
    struct exercise_report *report);
void exercise_report_free(struct exercise_report *report);

/* Measurements of one run, derived from its lanes, processes and lines (for the tests and the screen). */
int exercise_run_most_threads(const struct exercise_run *run);
int exercise_run_most_processes(const struct exercise_run *run);
/* Threads alive when the first line holding `text` arrived; -1 if no line holds it. */
int exercise_run_threads_at_line(const struct exercise_run *run, const char *text);
int exercise_run_processes_left(const struct exercise_run *run);

#endif
