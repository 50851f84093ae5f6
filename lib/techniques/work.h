/* work.h: what a task does (burn CPU, block in I/O, or both) and how a worker records it. */
#ifndef METACONC_WORK_H
#define METACONC_WORK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/trace.h"

enum work_kind {
	WORK_CPU,   /* calibrated arithmetic: needs a CPU the whole time */
	WORK_IO,    /* a blocking read that waits without using a CPU */
	WORK_MIXED, /* alternates the two */
};

enum fault_kind {
	FAULT_NONE,
	FAULT_CRASH, /* the worker dies mid-task: SIGSEGV in a process, a failed task in a thread */
	FAULT_HANG,  /* the worker stops making progress and must be stopped from outside */
};

/* A misbehaviour to inject, so that failure can be seen and tested. */
struct fault {
	enum fault_kind kind;
	int worker;          /* which worker misbehaves, after its first slice of work */
	bool in_process;     /* the workers are processes: a crash is a real signal */
};

enum work_status {
	WORK_DONE,      /* the tasks ran to the end */
	WORK_CANCELLED, /* the run was cancelled meanwhile */
	WORK_FAILED,    /* the task failed (an injected crash in a thread) */
};

/*
 * What every worker of a run shares. It is created in memory mapped
 * MAP_SHARED, so forked worker processes take tasks from the same counter
 * and see the same cancel flag as threads do.
 */
struct work_plan {
	enum work_kind kind;
	uint32_t tasks;              /* how many tasks the run has */
	uint32_t task_ms;            /* milliseconds of work in each task */
	uint64_t iterations_per_ms;  /* burn-loop iterations in 1 ms of CPU time */
	int cancel_read_fd;          /* becomes readable when the run is cancelled */
	int cancel_write_fd;
	_Atomic uint32_t next_task;  /* the next task to hand out */
	_Atomic uint32_t tasks_done; /* tasks finished, by every worker */
	_Atomic int cancelled;       /* set once; workers stop at their next slice */
	struct fault fault;          /* injected misbehaviour, or FAULT_NONE */
	_Atomic int fault_struck;    /* the fault strikes once per run */
};

/*
 * A worker's stopwatch. Each recorded interval starts where the previous one
 * ended, so a worker's lane has no gaps: every nanosecond from its start to
 * its exit is accounted to running, waiting or blocking.
 */
struct work_meter {
	struct trace_ring *ring; /* NULL: measure without recording (the bench's baseline) */
	int worker;              /* the worker this meter belongs to */
	uint32_t work_intervals; /* run and block intervals recorded so far */
	uint64_t mark_ns;        /* wall time at the end of the last interval */
	uint64_t mark_cpu_ns;    /* thread CPU time at that moment */
};

/*
 * Points where a technique joins the work loop. The GIL uses them: take the
 * lock before running a slice, drop it if asked after, release it around I/O.
 * Any hook may be NULL.
 */
struct work_hooks {
	void (*before_cpu_slice)(void *ctx, struct work_meter *meter);
	void (*after_cpu_slice)(void *ctx, struct work_meter *meter);
	void (*before_block)(void *ctx, struct work_meter *meter);
	void (*after_tasks)(void *ctx, struct work_meter *meter);
	void *ctx;
};

struct work_plan *work_plan_create(enum work_kind kind, uint32_t tasks, uint32_t task_ms,
    uint64_t iterations_per_ms);
void work_plan_destroy(struct work_plan *plan);
/* Asks every worker to stop: sets the flag and wakes any that are blocked. */
void work_plan_cancel(struct work_plan *plan);
bool work_plan_cancelled(struct work_plan *plan);

/* Burn-loop iterations that take 1 ms of CPU time on this machine. */
uint64_t work_calibrate(void);

void work_meter_start(struct work_meter *meter, int worker, struct trace_ring *ring, uint64_t os_id);
/* Records the interval since the last mark as `kind` and moves the mark to now. */
void work_meter_record(struct work_meter *meter, enum trace_kind kind, uint32_t task);
/* Moves the mark to now without recording: the lane was idle meanwhile (a gap on its timeline). */
void work_meter_skip(struct work_meter *meter);
/* Records an instant at the last mark (no clock read). */
void work_meter_instant(struct work_meter *meter, enum trace_kind kind, uint32_t task);
/* Records how the worker's life ended: an exit, or a crash if its task failed. */
void work_meter_finish(struct work_meter *meter, enum work_status status);

/* Takes the next task number; false when none are left or the run was cancelled. */
bool work_take_task(struct work_plan *plan, uint32_t *task);
/* Takes up to `batch` task numbers at once: *first and the *count after it. */
bool work_take_tasks(struct work_plan *plan, uint32_t batch, uint32_t *first, uint32_t *count);
/* One slice (about 1 ms) of CPU work on `task`, recorded as a run interval; *x carries the result. */
enum work_status work_cpu_slice(struct work_plan *plan, struct work_meter *meter, uint32_t task,
    uint64_t *x);
/* Blocks for `ms` (as a read waits for data; a cancel wakes it), recorded as a blocked interval. */
enum work_status work_block(struct work_plan *plan, struct work_meter *meter, uint32_t task,
    uint32_t ms);
/* The injected fault, if it is due now (after the worker's first interval of work); else WORK_DONE. */
enum work_status work_fault_check(struct work_plan *plan, struct work_meter *meter);
/* How long one phase of a task lasts: the whole task, or for mixed work up to 5 ms of each in turn. */
uint32_t work_phase_ms(const struct work_plan *plan);
/* Runs one task, recording its slices; *checksum receives the task's result. */
enum work_status work_run_task(struct work_plan *plan, struct work_meter *meter, uint32_t task,
    const struct work_hooks *hooks, uint64_t *checksum);
/* Takes and runs tasks until none are left, the run is cancelled, or a task fails. */
enum work_status work_run_tasks(struct work_plan *plan, struct work_meter *meter,
    const struct work_hooks *hooks);
/*
 * How long a worker may record nothing before it counts as hung: as long as
 * a whole task may block, plus a second.
 */
uint64_t work_silence_limit_ns(const struct work_plan *plan);

const char *work_kind_name(enum work_kind kind);
int work_kind_parse(const char *name, enum work_kind *kind);

#endif
