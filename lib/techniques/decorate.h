/* decorate.h: functions as wrappable objects, the `concurrent` and `timed` wrappers, and futures. */
#ifndef METACONC_DECORATE_H
#define METACONC_DECORATE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "techniques/technique.h"

/*
 * A function as an object that can be wrapped, as every Python function is.
 * Its shape, void *(*)(void *), is the one pthread_create() runs.
 */
struct callable {
	const char *name;                                     /* __name__: wrappers keep it */
	void *(*call)(const struct callable *self, void *arg); /* what calling it does */
	const struct callable *wrapped;                       /* __wrapped__: the callable inside */
	void *(*function)(void *arg);                         /* a plain function: the C function */
	void *state;                                          /* the wrapper's own data */
	const char *wrapper;                                  /* "concurrent", "timed", or NULL */
};

/* A call running on its own thread; its result is collected by decorate_future_result(). */
struct future;

/* Totals kept by a `timed` wrapper. */
struct timer_totals {
	atomic_uint_fast64_t calls;
	atomic_uint_fast64_t total_ns;
};

struct callable decorate_callable_function(const char *name, void *(*function)(void *arg));
void *decorate_callable_call(const struct callable *callable, void *arg);
/* Writes how the callable is built, e.g. "concurrent(timed(run_task))". */
void decorate_callable_describe(const struct callable *callable, char *buf, size_t size);

/* Wraps `func`: calling the result starts func on a new thread and returns its struct future *. */
struct callable decorate_concurrent(const struct callable *func);
/* Wraps `func`: each call adds its duration to *totals. */
struct callable decorate_timed(const struct callable *func, struct timer_totals *totals);

/* Starts `func(arg)` on a new thread; NULL if the thread could not start. */
struct future *decorate_future_start(const struct callable *func, void *arg);
/* Waits for the call to finish and returns what it returned; frees the future. */
void *decorate_future_result(struct future *future);

/*
 * C's compile-time metaprogramming: the preprocessor writes the wrapper.
 * DEFINE_CONCURRENT(f) defines f_concurrent(arg), which runs f(arg) on a new
 * thread and returns its future, as @concurrent does at run time.
 */
/* region: concurrent-macro */
#define DEFINE_CONCURRENT(fn)                                           \
	static struct future *fn##_concurrent(void *arg)                \
	{                                                               \
		static const struct callable plain = {                  \
			.name = #fn,                                    \
			.call = decorate_callable_call_function,        \
			.function = fn,                                 \
		};                                                      \
		return decorate_future_start(&plain, arg);              \
	}
/* endregion */

/* The `call` of a plain function; used by decorate_callable_function() and DEFINE_CONCURRENT. */
void *decorate_callable_call_function(const struct callable *self, void *arg);

/* The technique: every task is a call of a @concurrent-wrapped function. */
int decorate_run(const struct technique_env *env, struct technique_report *report);

#endif
