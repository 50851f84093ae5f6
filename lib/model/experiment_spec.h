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
	struct fault fault;     /* injected misbehaviour */
	uint32_t ring_capacity; /* events each worker's ring holds */
};

#endif
