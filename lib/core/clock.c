/*
 * clock.c: wall time and thread CPU time.
 *
 * The timeline tells "running" from "waiting for a CPU" by comparing the two:
 * a slice of wall time in which the thread's CPU clock did not advance was
 * spent preempted, not running.
 */
#include "core/clock.h"

#include <time.h>

static uint64_t timespec_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * CLOCK_NS_PER_SEC + (uint64_t)ts->tv_nsec;
}

uint64_t clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return timespec_ns(&ts);
}

uint64_t clock_thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return timespec_ns(&ts);
}
