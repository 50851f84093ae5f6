/* cost.h: what starting a thread, and starting a process, costs on this machine, measured live. */
#ifndef METACONC_COST_H
#define METACONC_COST_H

#include <stddef.h>
#include <stdint.h>

#define COST_MAX_COUNT 1000

enum cost_kind {
	COST_THREAD,  /* pthread_create() of a thread that returns at once, then pthread_join() */
	COST_PROCESS, /* fork() of a process that exits at once, then waitpid() */
};

struct cost_result {
	enum cost_kind kind;
	int count;           /* how many were started, one after another */
	uint64_t total_ns;   /* wall time for all of them */
	uint64_t median_ns;  /* the typical one: half took longer, half less */
	uint64_t fastest_ns; /* the quickest single one */
};

/*
 * Starts and ends `count` threads or processes (1..COST_MAX_COUNT), one at
 * a time, after one untimed warm-up, and times each. Every process is
 * reaped. Returns 0, or -1 with why.
 */
int cost_measure(enum cost_kind kind, int count, struct cost_result *result, char *why,
    size_t why_size);


/* "thread" or "process". */
const char *cost_noun(enum cost_kind kind);

#endif
