/*
 * cost.c: the price of a worker, measured. Lesson 7 asks what starting a
 * thread costs next to starting a process, and answers with this machine's
 * numbers: each worker here does nothing at all, so all that is timed is
 * its creation and its end (joined, or exited and reaped).
 */
#include "engine/cost.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"

/* region: cost-thread */
/* A thread with nothing to do: all we time is its start and its end. */
static void *return_at_once(void *arg)
{
	return arg;
}

/* Starts one thread and waits for it to end. Returns 0 or an errno value. */
static int start_and_join_thread(void)
{
	pthread_t thread;
	int err = pthread_create(&thread, NULL, return_at_once, NULL);

	if (err != 0)
		return err;
	return pthread_join(thread, NULL);
}
/* endregion */

/* region: cost-process */
/* Forks one process that exits at once, and reaps it. Returns 0 or an errno value. */
static int fork_and_reap_process(void)
{
	sigset_t all, old;
	pid_t pid;
	int status, err;

	/* The child must never run our signal handlers: block every signal across fork(). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pid = fork();
	if (pid == 0)
		_exit(0); /* the child: nothing to do; _exit, as the parent's atexit handlers are not ours */
	err = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
		return err;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return errno;
	}
	return 0;
}
/* endregion */

static int start_one(enum cost_kind kind)
{
	return kind == COST_THREAD ? start_and_join_thread() : fork_and_reap_process();
}

static int by_duration(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

int cost_measure(enum cost_kind kind, int count, struct cost_result *result, char *why,
    size_t why_size)
{
	uint64_t took[COST_MAX_COUNT];
	int err, done = 0;

	memset(result, 0, sizeof *result);
	result->kind = kind;
	if (count < 1 || count > COST_MAX_COUNT) {
		snprintf(why, why_size, "count %d is out of range: use 1 to %d", count, COST_MAX_COUNT);
		return -1;
	}
	err = start_one(kind); /* warm-up: the first one pays for loading code and growing pools */
	while (done < count && err == 0) {
		uint64_t before = clock_now_ns();

		err = start_one(kind);
		took[done] = clock_now_ns() - before;
		result->total_ns += took[done++];
	}
	if (err != 0) {
		snprintf(why, why_size, "could not start a %s: %s", cost_noun(kind), strerror(err));
		return -1;
	}
	/* The median, not the mean: a noisy machine makes a few starts slow, not the typical one. */
	qsort(took, (size_t)count, sizeof took[0], by_duration);
	result->count = count;
	result->median_ns = took[count / 2];
	result->fastest_ns = took[0];
	return 0;
}

const char *cost_noun(enum cost_kind kind)
{
	return kind == COST_THREAD ? "thread" : "process";
}
