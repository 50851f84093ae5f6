/* gil.h: a global interpreter lock with CPython's switching rules, and the technique that runs under it. */
#ifndef METACONC_GIL_H
#define METACONC_GIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "techniques/technique.h"
#include "techniques/work.h"

struct gil {
	pthread_mutex_t mutex;
	pthread_cond_t released;     /* signalled when the holder lets go */
	pthread_cond_t switched;     /* signalled when a new thread takes it */
	bool locked;
	int last_holder;             /* the worker that took it last */
	unsigned long switch_number; /* how many times the holder changed */
	atomic_bool drop_request;    /* a waiter asks the holder to let go */
	uint64_t interval_ns;        /* how long a waiter waits before asking */
	struct work_plan *plan;      /* to give up waiting when the run is cancelled */
};

int gil_init(struct gil *gil, uint32_t switch_ms, struct work_plan *plan);
void gil_destroy(struct gil *gil);
/* Waits until the calling worker holds the GIL; false if the run was cancelled meanwhile. */
bool gil_take(struct gil *gil, int worker);
/* Lets go of the GIL. If asked to, waits until another thread has taken it (forced switching). */
void gil_drop(struct gil *gil, int worker, bool asked_to);
/* The holder's check after each slice, like CPython's eval breaker. */
bool gil_drop_requested(struct gil *gil);

/* The technique: threads made as in spawn, each running only while it holds the GIL. */
int gil_run(const struct technique_env *env, struct technique_report *report);

#endif
