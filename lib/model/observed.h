/*
 * observed.h: a program metaconc observed (metaconc trace), gathered for the
 * renderers: what ran, its recording and process tree, how it ended.
 */
#ifndef METACONC_OBSERVED_H
#define METACONC_OBSERVED_H

#include <stdbool.h>
#include <stdint.h>

#include "model/process_tree.h"
#include "model/recording.h"
#include "model/stats.h"

struct observed {
	char *const *command;       /* the command line metaconc started, or NULL when attached */
	int command_argc;
	uint32_t attached_pid;      /* --pid, or 0 */
	const struct recording *recording;
	const struct process_tree *tree;
	struct run_stats stats;
	bool ended;                 /* the command ended (else metaconc detached, or it was cut short) */
	int exit_status;            /* if ended: its exit status, or 128 + the signal that killed it */
	int signal;                 /* the signal that killed it, or 0 */
	bool core_dumped;
	bool detached;              /* metaconc let go of it: it runs on, untouched */
	bool timed_out;             /* its time limit ran out, so it was killed */
	int interrupted_by;         /* the first signal metaconc passed on to it, or 0 */
	bool killed;                /* a second interrupt made metaconc kill it */
	unsigned rate_hz;           /* looks a second, as asked */
	unsigned final_rate_hz;     /* at the end: lower if the recording grew past its memory budget */
	uint64_t rate_lowered_ns;   /* when the rate was first lowered (from the origin), or 0 */
	bool exact_cpus;            /* the CPU lanes come from the scheduler's own events */
	uint64_t missed_threads;    /* threads beyond the lane limit, left out */
	uint64_t looks;             /* times the threads were looked at */
};

/* What a group of lanes (a process's threads, or all of them) spent its time on. */
struct observed_sums {
	int threads;
	uint64_t running_ns;
	uint64_t preempted_ns;
	uint64_t waiting_ns;   /* asleep on a lock (futex) */
	uint64_t blocked_ns;   /* asleep in any other call */
	uint64_t lifetime_ns;  /* the threads' lives added up */
};

/* Computes the stats from the recording (the other fields filled in). Returns 0 or -1. */
int observed_compute_stats(struct observed *observed);
void observed_free(struct observed *observed);

/* The threads of one process, added up. */
struct observed_sums observed_process_sums(const struct observed *observed, int process);
/* Every thread, added up. */
struct observed_sums observed_all_sums(const struct observed *observed);
/* A lane's life, from the origin: its start, and its end (false if it had not ended). */
uint64_t observed_lane_start_ns(const struct observed *observed, int lane);
bool observed_lane_end_ns(const struct observed *observed, int lane, uint64_t *end_ns);

#endif
