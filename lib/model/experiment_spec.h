/*
 * experiment_spec.h: everything that decides what one of metaconc's own runs
 * does: the technique, its workers and tasks, the work, the CPUs. The model
 * keeps it beside what the run recorded; the engine runs it.
 */
#ifndef METACONC_EXPERIMENT_SPEC_H
#define METACONC_EXPERIMENT_SPEC_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

#include "techniques/technique.h"
#include "techniques/work.h"

#define EXPERIMENT_MAX_WORKERS 64
#define EXPERIMENT_MAX_TASKS 4096
#define EXPERIMENT_MAX_TASK_MS 10000
#define EXPERIMENT_MAX_SWITCH_MS 1000
#define EXPERIMENT_MAX_SERIAL_MS 10000
#define EXPERIMENT_MAX_ASYNC_TASKS 50 /* one lane each, with room for a helper and the main thread */
#define EXPERIMENT_MAX_ARG_KB 16384
#define EXPERIMENT_TARGET_MS 2000 /* a run sized by default lasts about this long */

/* Everything that decides what a run does. */
struct experiment_spec {
	enum technique technique;
	int workers;            /* threads or processes, 1..64 */
	uint32_t tasks;         /* 1..4096 */
	enum work_kind work;
	uint32_t task_ms;       /* work per task, 1..10000 */
	bool pinned;            /* pin every worker to `cpus` */
	cpu_set_t cpus;
	uint32_t switch_ms;     /* the GIL's switch interval */
	bool lock;              /* race: each deposit holds a mutex */
	bool blocking;          /* async: the first task makes a blocking call */
	bool offload;           /* async: that call runs in a helper thread, awaited */
	uint32_t serial_ms;     /* CPU work only one thread does: half before the workers, half after */
	uint32_t batch;         /* pool: tasks a process takes at a time (Python: chunksize) */
	uint32_t arg_kb;        /* pool: KiB of argument sent with each task (0: none) */
	struct fault fault;     /* injected misbehaviour */
	uint32_t ring_capacity; /* events each worker's ring holds */
};

#endif
