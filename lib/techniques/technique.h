/*
 * technique.h: what every technique is given to run and what it reports,
 * and the techniques by name. The techniques include it for the structs.
 */
#ifndef METACONC_TECHNIQUE_H
#define METACONC_TECHNIQUE_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/trace.h"
#include "techniques/work.h"

enum technique {
	TECHNIQUE_SPAWN,      /* threads created in a loop, as many as asked at run time */
	TECHNIQUE_DECORATOR,  /* calls through a `concurrent` wrapper that returns futures */
	TECHNIQUE_POOL,       /* instances built by a metaclass hook on forked processes */
	TECHNIQUE_GIL,        /* threads that must hold a global interpreter lock */
	TECHNIQUE_SEQUENTIAL, /* one thread, one task after another: the baseline */
	TECHNIQUE_RACE,       /* threads updating one shared balance, with or without a mutex */
	TECHNIQUE_ASYNC,      /* one thread, an event loop, cooperative tasks: one lane per task */
	TECHNIQUE_COUNT
};

/* What a run hands to the technique it runs. */
struct technique_env {
	struct work_plan *plan;  /* the tasks, shared by every worker; also the cancel flag */
	struct trace *trace;     /* one event ring per worker */
	int workers;             /* threads or processes to use */
	const cpu_set_t *pin;    /* CPUs to pin every worker to, or NULL to let the kernel choose */
	uint32_t switch_ms;      /* the GIL's switch interval */
	bool lock;               /* race: deposits hold a mutex */
	bool blocking;           /* async: the first task makes a blocking call */
	bool offload;            /* async: ... in a helper thread, awaited (asyncio.to_thread) */
	uint32_t batch;          /* pool: tasks a process takes at a time */
	uint32_t arg_kb;         /* pool: KiB of argument each task reads */
};

/*
 * What a technique reports back. What its workers did (and whether they
 * crashed) is in the events they recorded.
 */
struct technique_report {
	uint32_t results;  /* results handed back to the caller: futures joined, instances built */
	uint32_t failures; /* calls whose failure reached the caller */
	int processes;     /* pool: the worker processes it managed to start */
	char callable[96]; /* decorator: the wrapped callable, e.g. "concurrent(timed(run_task))" */
	uint64_t deposits; /* race: deposits made, so the balance the account should have */
	uint64_t balance;  /* race: the balance it has at the end; deposits - balance were lost */
	uint64_t pickle_ns;    /* pool --arg-kb, Python: time to pickle one task's arguments */
	uint64_t pickle_bytes; /* pool --arg-kb, Python: their size, pickled */
	char error[192];   /* why the technique itself failed, or "" */
};

const char *technique_name(enum technique technique);
/* What the technique shows, in one line for --help and titles. */
const char *technique_summary(enum technique technique);
int technique_parse(const char *name, enum technique *technique);
/* Whether the technique's workers are processes (else threads). */
bool technique_uses_processes(enum technique technique);
/* What a waiting lane (~) waits for in this technique: "waiting for the GIL", ... */
const char *technique_waiting_meaning(enum technique technique);
/* The techniques' names into buf, "spawn, decorator, ...", for messages. */
void technique_list(char *buf, size_t size);

#endif
