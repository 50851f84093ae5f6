/*
 * trace.c: what the workers did, recorded as they do it.
 *
 * Every worker owns one ring of events. The rings live in anonymous memory
 * mapped MAP_SHARED before any fork(), so a thread and a forked child write
 * their events the same way and the parent reads both without a lock:
 *
 *   worker (producer)                       parent (consumer)
 *   write events[head % capacity]           read events[tail % capacity]
 *   store head = head + 1 (release)         store tail = tail + 1 (release)
 *
 * The release store publishes the event; the other side's acquire load of
 * the counter makes its bytes visible. Recording must never slow the worker
 * down: when the parent falls behind and the ring is full, the event is
 * dropped and counted, and the count is shown to the user.
 */
#include "core/trace.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/clock.h"

static uint32_t round_up_to_power_of_two(uint32_t n)
{
	uint32_t power = 1;

	while (power < n && power < (1u << 30))
		power <<= 1;
	return power;
}

struct trace *trace_create(int workers, uint32_t capacity)
{
	struct trace *trace;
	size_t rings_size, ring_events_size, events_size;
	char *map;

	if (workers < 1)
		return NULL;
	capacity = round_up_to_power_of_two(capacity < 2 ? 2 : capacity);
	/*
	 * The map starts on a page, so the rings start on cache lines; each
	 * ring's events start on a line of their own too.
	 */
	rings_size = (size_t)workers * sizeof(struct trace_ring);
	ring_events_size = (capacity * sizeof(struct trace_event) + TRACE_CACHE_LINE - 1) /
	    TRACE_CACHE_LINE * TRACE_CACHE_LINE;
	events_size = (size_t)workers * ring_events_size;

	trace = calloc(1, sizeof *trace);
	if (trace == NULL)
		return NULL;
	map = mmap(NULL, rings_size + events_size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED) {
		free(trace);
		return NULL;
	}
	trace->workers = workers;
	trace->map_size = rings_size + events_size;
	trace->rings = (struct trace_ring *)map;
	for (int i = 0; i < workers; i++) {
		struct trace_ring *ring = &trace->rings[i];

		atomic_init(&ring->head, 0);
		atomic_init(&ring->tail, 0);
		atomic_init(&ring->dropped, 0);
		ring->capacity = capacity;
		ring->worker = (uint16_t)i;
		ring->events = (struct trace_event *)(map + rings_size + (size_t)i * ring_events_size);
	}
	return trace;
}

void trace_destroy(struct trace *trace)
{
	if (trace == NULL)
		return;
	munmap(trace->rings, trace->map_size);
	free(trace);
}

struct trace_ring *trace_ring(struct trace *trace, int worker)
{
	return &trace->rings[worker];
}

bool trace_emit(struct trace_ring *ring, const struct trace_event *event)
{
	/* Only this worker stores head, so a relaxed load of it is exact. */
	uint64_t head = atomic_load_explicit(&ring->head, memory_order_relaxed);
	uint64_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);

	if (head - tail >= ring->capacity) {
		atomic_fetch_add_explicit(&ring->dropped, 1, memory_order_relaxed);
		return false;
	}
	struct trace_event *slot = &ring->events[head & (ring->capacity - 1)];

	*slot = *event;
	slot->worker = ring->worker;
	atomic_store_explicit(&ring->head, head + 1, memory_order_release);
	return true;
}

bool trace_mark(struct trace_ring *ring, enum trace_kind kind, uint32_t task)
{
	struct trace_event event = {
		.time_ns = clock_now_ns(),
		.task = task,
		.cpu = (int16_t)sched_getcpu(),
		.kind = (uint8_t)kind,
	};

	return trace_emit(ring, &event);
}

size_t trace_drain(struct trace_ring *ring, struct trace_event *out, size_t max)
{
	uint64_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);
	uint64_t head = atomic_load_explicit(&ring->head, memory_order_acquire);
	size_t n = 0;

	while (tail + n < head && n < max) {
		out[n] = ring->events[(tail + n) & (ring->capacity - 1)];
		n++;
	}
	atomic_store_explicit(&ring->tail, tail + n, memory_order_release);
	return n;
}

uint64_t trace_written(const struct trace_ring *ring)
{
	return atomic_load_explicit(&ring->head, memory_order_acquire);
}

uint64_t trace_dropped(const struct trace_ring *ring)
{
	return atomic_load_explicit(&ring->dropped, memory_order_relaxed);
}

const char *trace_kind_name(enum trace_kind kind)
{
	static const char *const names[TRACE_KIND_COUNT] = {
		[TRACE_WORKER_START] = "worker_start",
		[TRACE_TASK_BEGIN] = "task_begin",
		[TRACE_TASK_END] = "task_end",
		[TRACE_RUN] = "run",
		[TRACE_WAIT] = "wait",
		[TRACE_BLOCK] = "block",
		[TRACE_WAIT_BEGIN] = "wait_begin",
		[TRACE_BLOCK_BEGIN] = "block_begin",
		[TRACE_WORKER_EXIT] = "worker_exit",
		[TRACE_CRASH] = "crash",
	};

	if ((unsigned)kind >= TRACE_KIND_COUNT)
		return "unknown";
	return names[kind];
}
