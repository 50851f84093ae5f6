/*
 * gil.c: a global interpreter lock, as CPython has one: a simulation of its rules.
 *
 * CPython runs Python code only in the thread holding the GIL, so CPU-bound
 * threads take turns instead of running in parallel: that is why the blog's
 * thread examples give no speedup for CPU work. The rules, from CPython's
 * Python/ceval_gil.h, are kept here:
 *
 *   - a thread that wants the GIL waits one switch interval (5 ms by
 *     default, sys.setswitchinterval); if no switch happened meanwhile it
 *     sets a "drop request" and keeps waiting (with three threads or more,
 *     the scheduler decides which waiter gets the GIL next);
 *   - the holder checks the request between slices of work, about a
 *     millisecond apart (the interpreter checks at its eval-breaker points,
 *     calls and loop jumps, within microseconds), drops the GIL and waits
 *     until another thread has taken it ("forced switching"), then queues
 *     up again;
 *   - a blocking call releases the GIL, so I/O-bound threads overlap.
 *
 * Each wait is recorded on the timeline as "waiting", so the convoy of
 * threads handing the lock around is plain to see.
 */
#include "techniques/gil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/clock.h"
#include "techniques/spawn.h"

int gil_init(struct gil *gil, uint32_t switch_ms, struct work_plan *plan)
{
	pthread_condattr_t attr;

	if (pthread_mutex_init(&gil->mutex, NULL) != 0)
		return -1;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&gil->released, &attr);
	pthread_cond_init(&gil->switched, &attr);
	pthread_condattr_destroy(&attr);
	gil->locked = false;
	gil->last_holder = -1;
	gil->switch_number = 0;
	atomic_init(&gil->drop_request, false);
	gil->interval_ns = (switch_ms > 0 ? switch_ms : 1) * CLOCK_NS_PER_MS;
	gil->plan = plan;
	return 0;
}

void gil_destroy(struct gil *gil)
{
	pthread_cond_destroy(&gil->released);
	pthread_cond_destroy(&gil->switched);
	pthread_mutex_destroy(&gil->mutex);
}

/* Waits on `cond` for at most the switch interval; true if it timed out. */
static bool wait_one_interval(struct gil *gil, pthread_cond_t *cond)
{
	uint64_t deadline = clock_now_ns() + gil->interval_ns;
	struct timespec ts = {
		.tv_sec = (time_t)(deadline / CLOCK_NS_PER_SEC),
		.tv_nsec = (long)(deadline % CLOCK_NS_PER_SEC),
	};

	return pthread_cond_timedwait(cond, &gil->mutex, &ts) == ETIMEDOUT;
}

/* region: gil-take */
bool gil_take(struct gil *gil, int worker)
{
	pthread_mutex_lock(&gil->mutex);
	while (gil->locked && !work_plan_cancelled(gil->plan)) {
		unsigned long switches_before = gil->switch_number;
		bool timed_out = wait_one_interval(gil, &gil->released);

		/* Waited a whole interval and nobody switched: ask the holder to let go. */
		if (timed_out && gil->locked && gil->switch_number == switches_before)
			atomic_store(&gil->drop_request, true);
	}
	if (gil->locked) { /* cancelled while waiting */
		pthread_mutex_unlock(&gil->mutex);
		return false;
	}
	gil->locked = true;
	if (gil->last_holder != worker) {
		gil->last_holder = worker;
		gil->switch_number++;
	}
	pthread_cond_broadcast(&gil->switched);
	atomic_store(&gil->drop_request, false);
	pthread_mutex_unlock(&gil->mutex);
	return true;
}
/* endregion */

/* region: gil-drop */
void gil_drop(struct gil *gil, int worker, bool asked_to)
{
	pthread_mutex_lock(&gil->mutex);
	gil->locked = false;
	pthread_cond_signal(&gil->released);
	/*
	 * Forced switching: a thread that was asked to let go must not grab the
	 * GIL straight back, so it waits until someone else has taken it.
	 */
	while (asked_to && gil->last_holder == worker && !work_plan_cancelled(gil->plan))
		wait_one_interval(gil, &gil->switched);
	pthread_mutex_unlock(&gil->mutex);
}
/* endregion */

bool gil_drop_requested(struct gil *gil)
{
	return atomic_load_explicit(&gil->drop_request, memory_order_relaxed);
}

/* One thread's view of the GIL, passed to its work hooks. */
struct gil_thread {
	struct gil *gil;
	int worker;
	bool holding;
};

/* Takes the GIL, recording the time spent waiting for it. */
static void take_recording_wait(struct gil_thread *self, struct work_meter *meter)
{
	work_meter_instant(meter, TRACE_WAIT_BEGIN, TRACE_NO_TASK);
	self->holding = gil_take(self->gil, self->worker);
	work_meter_record(meter, TRACE_WAIT, TRACE_NO_TASK);
}

/* region: gil-hooks */
/* Before running Python code, a thread must hold the GIL. */
static void before_cpu_slice(void *ctx, struct work_meter *meter)
{
	struct gil_thread *self = ctx;

	if (!self->holding)
		take_recording_wait(self, meter);
}

/* Between slices of work (CPython checks far more often: at calls and loops), the holder honours a drop request. */
static void after_cpu_slice(void *ctx, struct work_meter *meter)
{
	struct gil_thread *self = ctx;

	if (self->holding && gil_drop_requested(self->gil)) {
		work_meter_instant(meter, TRACE_WAIT_BEGIN, TRACE_NO_TASK);
		gil_drop(self->gil, self->worker, true);
		self->holding = gil_take(self->gil, self->worker);
		work_meter_record(meter, TRACE_WAIT, TRACE_NO_TASK);
	}
}

/* A blocking call releases the GIL (Py_BEGIN_ALLOW_THREADS), so others run meanwhile. */
static void before_block(void *ctx, struct work_meter *meter)
{
	struct gil_thread *self = ctx;

	(void)meter;
	if (self->holding) {
		gil_drop(self->gil, self->worker, false);
		self->holding = false;
	}
}
/* endregion */

static void after_tasks(void *ctx, struct work_meter *meter)
{
	before_block(ctx, meter); /* a finished thread lets go */
}

int gil_run(const struct technique_env *env, struct technique_report *report)
{
	struct gil gil;
	struct gil_thread *threads = calloc((size_t)env->workers, sizeof *threads);
	struct work_hooks *hooks = calloc((size_t)env->workers, sizeof *hooks);
	int rc = -1;

	if (threads == NULL || hooks == NULL || gil_init(&gil, env->switch_ms, env->plan) != 0) {
		snprintf(report->error, sizeof report->error, "could not set up the GIL");
		free(threads);
		free(hooks);
		return -1;
	}
	for (int i = 0; i < env->workers; i++) {
		threads[i] = (struct gil_thread){ .gil = &gil, .worker = i };
		hooks[i] = (struct work_hooks){
			.before_cpu_slice = before_cpu_slice,
			.after_cpu_slice = after_cpu_slice,
			.before_block = before_block,
			.after_tasks = after_tasks,
			.ctx = &threads[i],
		};
	}
	rc = spawn_threads(env, hooks, report);
	gil_destroy(&gil);
	free(threads);
	free(hooks);
	return rc;
}
