/*
 * spawn.c: the blog's first technique, dynamic thread spawning.
 *
 *     threads = []
 *     for i in range(5):
 *         thread = threading.Thread(target=do_work)
 *         thread.start()
 *         threads.append(thread)
 *
 * The number of threads is not written in the code: it is decided when the
 * program runs (here, by --workers). Each thread takes tasks from a shared
 * counter until none are left. Unlike the blog, we join every thread.
 */
#include "techniques/spawn.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cpus.h"

struct spawned_thread {
	pthread_t thread;
	int worker;                       /* its lane on the timeline */
	const struct technique_env *env;
	const struct work_hooks *hooks;   /* NULL, or the GIL's */
	int pin_error;                    /* errno from pinning it to CPUs, or 0 */
};

/* region: spawn-do-work */
/* What each thread runs: threading.Thread(target=do_work). */
static void *do_work(void *arg)
{
	struct spawned_thread *self = arg;
	const struct technique_env *env = self->env;
	struct work_meter meter;
	enum work_status status;

	if (env->pin != NULL)
		self->pin_error = cpus_pin_current_thread(env->pin);
	work_meter_start(&meter, self->worker, trace_ring(env->trace, self->worker), (uint64_t)gettid());
	status = work_run_tasks(env->plan, &meter, self->hooks);
	work_meter_finish(&meter, status);
	return NULL;
}
/* endregion */

/* region: spawn-loop */
int spawn_threads(const struct technique_env *env, const struct work_hooks *hooks,
    struct technique_report *report)
{
	int count = env->workers; /* decided at run time, not in the code */
	struct spawned_thread *threads = calloc((size_t)count, sizeof *threads);
	int started = 0;

	if (threads == NULL) {
		snprintf(report->error, sizeof report->error, "out of memory for %d threads", count);
		return -1;
	}
	for (int i = 0; i < count; i++) {
		int err;

		threads[i].worker = i;
		threads[i].env = env;
		threads[i].hooks = hooks != NULL ? &hooks[i] : NULL;
		err = pthread_create(&threads[i].thread, NULL, do_work, &threads[i]);
		if (err != 0) {
			snprintf(report->error, sizeof report->error,
			    "could not start thread %d of %d: %s", i + 1, count, strerror(err));
			work_plan_cancel(env->plan); /* stop the threads already running */
			break;
		}
		started++;
	}

	/*
	 * The blog never joins its threads. Python waits for non-daemon threads
	 * before it exits, but in C returning from main() ends the process and
	 * kills every thread mid-task. So wait for each one.
	 */
	for (int i = 0; i < started; i++)
		pthread_join(threads[i].thread, NULL);
	/* endregion */

	for (int i = 0; i < started && report->error[0] == '\0'; i++) {
		if (threads[i].pin_error != 0)
			snprintf(report->error, sizeof report->error,
			    "could not pin thread %d to the chosen CPUs: %s", i + 1,
			    strerror(threads[i].pin_error));
	}
	free(threads);
	return report->error[0] == '\0' ? 0 : -1;
}

int spawn_run(const struct technique_env *env, struct technique_report *report)
{
	return spawn_threads(env, NULL, report);
}
