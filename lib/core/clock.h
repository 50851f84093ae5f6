/* clock.h: the two clocks every measurement in metaconc is made with. */
#ifndef METACONC_CLOCK_H
#define METACONC_CLOCK_H

#include <stdint.h>

#define CLOCK_NS_PER_MS 1000000ull
#define CLOCK_NS_PER_SEC 1000000000ull

/* Wall time: CLOCK_MONOTONIC in nanoseconds, comparable across threads and processes. */
uint64_t clock_now_ns(void);

/* CPU time the calling thread has consumed, in nanoseconds (CLOCK_THREAD_CPUTIME_ID). */
uint64_t clock_thread_cpu_ns(void);

#endif
