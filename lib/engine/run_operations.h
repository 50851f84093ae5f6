/*
 * run_operations.h: what the runner does with a run in progress, the same
 * way whether it is metaconc's own C experiment or a technique's Python
 * script. Each kind of run provides one table of these operations
 * (experiment_operations, python_run_operations); the runner's loop
 * (runner.c) watches any run through it.
 */
#ifndef METACONC_RUN_OPERATIONS_H
#define METACONC_RUN_OPERATIONS_H

#include <stdbool.h>

#include "model/experiment_spec.h"
#include "model/outcome.h"
#include "model/recording.h"

struct run_operations {
	void (*poll)(void *run);      /* takes in what was recorded since the last poll; never blocks */
	bool (*finished)(void *run);  /* the run has ended by itself */
	void (*cancel)(void *run);    /* asks it to stop; join() makes sure */
	void (*join)(void *run);      /* waits for its end: every thread joined, every process reaped */
	const struct experiment_spec *(*spec)(const void *run);
	const struct recording *(*recording)(const void *run); /* grows while the run is polled */
	/* Gathers a joined run's outcome, valid while the run lives. Returns 0, or -1 if out of memory. */
	int (*outcome)(const void *run, struct outcome *outcome);
};

#endif
