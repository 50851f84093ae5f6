/*
 * decorate.c: the blog's decorator, done so its results are not lost.
 *
 *     def concurrent(func):
 *         def wrapper(*args, **kwargs):
 *             thread = threading.Thread(target=func, args=args, kwargs=kwargs)
 *             thread.start()
 *         return wrapper
 *
 * The blog's wrapper returns nothing: the thread can never be joined, and
 * whatever func returns or raises is lost. It also forgets functools.wraps,
 * so the wrapped function loses its name. Here calling a `concurrent`
 * callable returns a future, whose result (or failure) the caller collects,
 * and every wrapper keeps the name of the function it wraps.
 *
 * C has no closures: a wrapper is a struct that remembers what it wraps.
 */
#include "techniques/decorate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpus.h"

void *decorate_callable_call_function(const struct callable *self, void *arg)
{
	return self->function(arg);
}

struct callable decorate_callable_function(const char *name, void *(*function)(void *arg))
{
	return (struct callable){
		.name = name,
		.call = decorate_callable_call_function,
		.function = function,
	};
}

void *decorate_callable_call(const struct callable *callable, void *arg)
{
	return callable->call(callable, arg);
}

void decorate_callable_describe(const struct callable *callable, char *buf, size_t size)
{
	size_t used;

	if (size == 0)
		return;
	if (callable->wrapped == NULL) {
		snprintf(buf, size, "%s", callable->name);
		return;
	}
	used = (size_t)snprintf(buf, size, "%s(", callable->wrapper);
	if (used >= size)
		return;
	decorate_callable_describe(callable->wrapped, buf + used, size - used);
	used += strlen(buf + used);
	if (used + 1 < size) {
		buf[used] = ')';
		buf[used + 1] = '\0';
	}
}

/* region: concurrent */
struct future {
	pthread_t thread;
	const struct callable *func;
	void *arg;
};

static void *future_thread(void *arg)
{
	struct future *future = arg;

	return decorate_callable_call(future->func, future->arg);
}

struct future *decorate_future_start(const struct callable *func, void *arg)
{
	struct future *future = malloc(sizeof *future);

	if (future == NULL)
		return NULL;
	future->func = func;
	future->arg = arg;
	if (pthread_create(&future->thread, NULL, future_thread, future) != 0) {
		free(future);
		return NULL;
	}
	return future;
}

void *decorate_future_result(struct future *future)
{
	void *result;

	pthread_join(future->thread, &result);
	free(future);
	return result;
}

static void *call_concurrently(const struct callable *self, void *arg)
{
	return decorate_future_start(self->wrapped, arg); /* the blog returned nothing here */
}

struct callable decorate_concurrent(const struct callable *func)
{
	return (struct callable){
		.name = func->name, /* functools.wraps */
		.call = call_concurrently,
		.wrapped = func,
		.wrapper = "concurrent",
	};
}
/* endregion */

static void *call_timed(const struct callable *self, void *arg)
{
	struct timer_totals *totals = self->state;
	uint64_t start = clock_now_ns();
	void *result = decorate_callable_call(self->wrapped, arg);

	atomic_fetch_add(&totals->total_ns, clock_now_ns() - start);
	atomic_fetch_add(&totals->calls, 1);
	return result;
}

struct callable decorate_timed(const struct callable *func, struct timer_totals *totals)
{
	return (struct callable){
		.name = func->name,
		.call = call_timed,
		.wrapped = func,
		.state = totals,
		.wrapper = "timed",
	};
}

/* One call of the decorated task function: its argument and, once done, its result. */
struct task_call {
	const struct technique_env *env;
	uint32_t task;
	int slot;                /* lane: which of the `workers` concurrent calls this is */
	enum work_status status; /* the result the blog's wrapper would have lost */
};

/* The function being decorated: runs one task on whatever thread calls it. */
static void *run_task(void *arg)
{
	struct task_call *call = arg;
	const struct technique_env *env = call->env;
	struct work_meter meter;
	uint64_t checksum;

	if (env->pin != NULL)
		cpus_pin_current_thread(env->pin);
	work_meter_start(&meter, call->slot, trace_ring(env->trace, call->slot), (uint64_t)gettid());
	call->status = work_run_task(env->plan, &meter, call->task, NULL, &checksum);
	work_meter_finish(&meter, call->status);
	return call;
}

/* Collects a finished call's result: with a future, a failure is not lost. */
static void collect(struct future *future, struct technique_report *report)
{
	struct task_call *call = decorate_future_result(future);

	report->results++;
	if (call->status == WORK_FAILED)
		report->failures++;
}

/* region: decorate-run */
int decorate_run(const struct technique_env *env, struct technique_report *report)
{
	struct timer_totals totals = { 0 };
	/* @concurrent @timed def run_task(...): */
	struct callable plain = decorate_callable_function("run_task", run_task);
	struct callable timed_task = decorate_timed(&plain, &totals);
	struct callable task = decorate_concurrent(&timed_task);
	struct future **futures = calloc((size_t)env->workers, sizeof *futures);
	struct task_call *calls = calloc((size_t)env->workers, sizeof *calls);
	uint32_t task_number;

	if (futures == NULL || calls == NULL) {
		snprintf(report->error, sizeof report->error, "out of memory");
		free(futures);
		free(calls);
		return -1;
	}
	decorate_callable_describe(&task, report->callable, sizeof report->callable);
	/* At most `workers` calls run at once: before reusing a slot, collect its result. */
	for (uint32_t i = 0; work_take_task(env->plan, &task_number); i++) {
		int slot = (int)(i % (uint32_t)env->workers);

		if (futures[slot] != NULL)
			collect(futures[slot], report);
		calls[slot] = (struct task_call){ .env = env, .task = task_number, .slot = slot };
		futures[slot] = decorate_callable_call(&task, &calls[slot]);
		if (futures[slot] == NULL) {
			snprintf(report->error, sizeof report->error, "could not start a thread for call %u", i + 1);
			work_plan_cancel(env->plan);
			break;
		}
	}
	for (int slot = 0; slot < env->workers; slot++) {
		if (futures[slot] != NULL)
			collect(futures[slot], report);
	}
	/* endregion */
	free(futures);
	free(calls);
	return report->error[0] == '\0' ? 0 : -1;
}
