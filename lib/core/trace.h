/* trace.h: per-worker event rings in shared memory, written by workers, read by the parent. */
#ifndef METACONC_TRACE_H
#define METACONC_TRACE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACE_NO_TASK UINT32_MAX
#define TRACE_NO_CPU (-1)
#define TRACE_DEFAULT_CAPACITY 4096u /* events per worker ring */

enum trace_kind {
	TRACE_WORKER_START, /* instant: a worker thread or process began; os_id says which */
	TRACE_TASK_BEGIN,   /* instant: the worker took task `task` */
	TRACE_TASK_END,     /* instant: the worker finished task `task` */
	TRACE_RUN,          /* interval: ran its task; cpu_time_ns of CPU time on `cpu` */
	TRACE_WAIT,         /* interval: waited for a lock (the GIL) */
	TRACE_BLOCK,        /* interval: blocked in a system call (I/O) */
	TRACE_WAIT_BEGIN,   /* instant: starts waiting; lets a live view show it before it ends */
	TRACE_BLOCK_BEGIN,  /* instant: starts blocking; likewise */
	TRACE_WORKER_EXIT,  /* instant: the worker ended normally */
	TRACE_CRASH,        /* instant: the worker died (reason CRASH_*), written by the parent */
	TRACE_KIND_COUNT
};

enum trace_crash_reason {
	TRACE_CRASH_SIGNAL = 1, /* killed by a signal; detail holds the signal number */
	TRACE_CRASH_EXIT,       /* exited with a failure status; detail holds it */
	TRACE_CRASH_HUNG,       /* recorded nothing for too long, so it was killed */
	TRACE_CRASH_FAILED,     /* a thread's task returned an error */
};

struct trace_event {
	uint64_t time_ns;     /* CLOCK_MONOTONIC: the instant, or the interval's start */
	uint64_t duration_ns; /* the interval's wall length; 0 for instants */
	union {
		uint64_t cpu_time_ns; /* TRACE_RUN: thread CPU time used in the interval */
		uint64_t os_id;       /* TRACE_WORKER_START: thread id or process id */
		uint64_t reason;      /* TRACE_CRASH: enum trace_crash_reason */
	};
	uint32_t task;   /* task number, or TRACE_NO_TASK */
	uint16_t worker; /* which worker (lane) */
	int16_t cpu;     /* CPU the worker was on at the end (sched_getcpu), or TRACE_NO_CPU */
	uint8_t kind;    /* enum trace_kind */
	uint8_t detail;  /* TRACE_CRASH: the signal number or exit status */
};

#define TRACE_CACHE_LINE 64 /* bytes the CPUs move between their caches at once (x86-64, most arm64) */

/*
 * One worker's ring. A single producer (the worker) advances head; a single
 * consumer (the parent) advances tail. Neither ever waits for the other: a
 * full ring drops the new event and counts it.
 *
 * What each side writes sits on a cache line of its own, and every ring
 * starts on a fresh line, so a worker recording never invalidates the line
 * another worker, or the parent, is writing (no false sharing): the
 * producer's line (head, dropped), the consumer's line (tail), then a line
 * both only read (set once at creation).
 */
struct trace_ring {
	_Alignas(TRACE_CACHE_LINE) _Atomic uint64_t head; /* events ever written; only the producer stores it */
	_Atomic uint64_t dropped;                         /* events lost because the ring was full */
	_Alignas(TRACE_CACHE_LINE) _Atomic uint64_t tail; /* events ever read; only the consumer stores it */
	_Alignas(TRACE_CACHE_LINE) uint32_t capacity;     /* a power of two */
	uint16_t worker;
	struct trace_event *events;
};

_Static_assert(_Alignof(struct trace_ring) == TRACE_CACHE_LINE, "rings start on a cache line");
_Static_assert(sizeof(struct trace_ring) == 3 * TRACE_CACHE_LINE, "producer, consumer and read-only lines");
_Static_assert(offsetof(struct trace_ring, tail) == TRACE_CACHE_LINE, "tail on the line after head's");
_Static_assert(offsetof(struct trace_ring, capacity) == 2 * TRACE_CACHE_LINE, "read-only fields after both");

struct trace {
	int workers;
	struct trace_ring *rings; /* in memory mapped MAP_SHARED: survives fork() */
	size_t map_size;
};

/* Maps rings for `workers` workers of `capacity` events each (rounded up to a power of two). */
struct trace *trace_create(int workers, uint32_t capacity);
void trace_destroy(struct trace *trace);
struct trace_ring *trace_ring(struct trace *trace, int worker);

/* Producer side: appends one event; returns false if the ring was full (it was dropped). */
bool trace_emit(struct trace_ring *ring, const struct trace_event *event);
/* Producer side: an instant event stamped now, on the current CPU. */
bool trace_mark(struct trace_ring *ring, enum trace_kind kind, uint32_t task);

/* Consumer side: moves up to `max` events into `out`; returns how many. */
size_t trace_drain(struct trace_ring *ring, struct trace_event *out, size_t max);
/* Consumer side: events written but not yet drained (the worker's progress counter). */
uint64_t trace_written(const struct trace_ring *ring);
uint64_t trace_dropped(const struct trace_ring *ring);

const char *trace_kind_name(enum trace_kind kind);

#endif
