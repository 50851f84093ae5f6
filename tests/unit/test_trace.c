/* test_trace.c: the event rings: order, wrap-around, dropping when full, and sharing across fork(). */
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "core/trace.h"

static struct trace_event event(uint32_t task)
{
	return (struct trace_event){ .time_ns = 1000 + task, .task = task, .kind = TRACE_RUN };
}

static void test_order_and_wrap(void)
{
	struct trace *trace = trace_create(2, 4);
	struct trace_ring *ring = trace_ring(trace, 1);
	struct trace_event out[8];
	struct trace_event e;

	CHECK(trace != NULL);
	CHECK(ring->capacity == 4);
	for (uint32_t i = 0; i < 4; i++) {
		e = event(i);
		CHECK(trace_emit(ring, &e));
	}
	e = event(4);
	CHECK(!trace_emit(ring, &e)); /* full: dropped, not blocked */
	CHECK(trace_dropped(ring) == 1);
	CHECK(trace_drain(ring, out, 2) == 2);
	CHECK(out[0].task == 0 && out[1].task == 1);
	CHECK(out[0].worker == 1); /* the ring stamps its worker */
	for (uint32_t i = 5; i < 7; i++) {
		e = event(i);
		CHECK(trace_emit(ring, &e)); /* wraps around */
	}
	CHECK(trace_drain(ring, out, 8) == 4);
	CHECK(out[0].task == 2 && out[1].task == 3 && out[2].task == 5 && out[3].task == 6);
	CHECK(trace_written(ring) == 6);
	CHECK(trace_drain(ring, out, 8) == 0);
	trace_destroy(trace);
}

static void test_capacity_rounds_up(void)
{
	struct trace *trace = trace_create(1, 100);

	CHECK(trace_ring(trace, 0)->capacity == 128);
	trace_destroy(trace);
	CHECK(trace_create(0, 16) == NULL);
}

/* A forked child writes into its ring; the parent reads the same memory. */
static void test_fork(void)
{
	struct trace *trace = trace_create(1, 1024);
	struct trace_event out[1024];
	pid_t child;
	int status;
	size_t n;

	child = fork();
	if (child == 0) {
		for (uint32_t i = 0; i < 500; i++) {
			struct trace_event e = event(i);

			trace_emit(trace_ring(trace, 0), &e);
		}
		_exit(0);
	}
	CHECK(child > 0);
	CHECK(waitpid(child, &status, 0) == child);
	n = trace_drain(trace_ring(trace, 0), out, 1024);
	CHECK(n == 500);
	for (size_t i = 0; i < n; i++)
		CHECK(out[i].task == i);
	trace_destroy(trace);
}

static void test_mark(void)
{
	struct trace *trace = trace_create(1, 8);
	struct trace_event out[1];

	CHECK(trace_mark(trace_ring(trace, 0), TRACE_TASK_BEGIN, 42));
	CHECK(trace_drain(trace_ring(trace, 0), out, 1) == 1);
	CHECK(out[0].kind == TRACE_TASK_BEGIN && out[0].task == 42 && out[0].time_ns > 0);
	CHECK(out[0].cpu >= 0);
	CHECK(strcmp(trace_kind_name(TRACE_RUN), "run") == 0);
	CHECK(strcmp(trace_kind_name((enum trace_kind)99), "unknown") == 0);
	trace_destroy(trace);
}

/* The cache line an address is on. */
static uintptr_t line_of(const void *address)
{
	return (uintptr_t)address / TRACE_CACHE_LINE;
}

/* No two writers share a cache line: not two rings, not a ring's two sides, not two rings' events. */
static void test_rings_do_not_share_cache_lines(void)
{
	struct trace *trace = trace_create(3, 2); /* two events: less than two lines, so the padding matters */

	CHECK(trace != NULL);
	for (int i = 0; i < 3; i++) {
		struct trace_ring *ring = trace_ring(trace, i);

		CHECK((uintptr_t)ring % TRACE_CACHE_LINE == 0);
		CHECK(line_of(&ring->head) != line_of(&ring->tail));
		CHECK(line_of(&ring->dropped) == line_of(&ring->head)); /* both the producer's */
		CHECK((uintptr_t)ring->events % TRACE_CACHE_LINE == 0);
		if (i > 0) {
			struct trace_ring *before = trace_ring(trace, i - 1);

			CHECK(line_of(&before->capacity) < line_of(&ring->head));
			CHECK(line_of(&before->events[before->capacity - 1]) < line_of(&ring->events[0]));
		}
	}
	trace_destroy(trace);
}

int main(void)
{
	test_order_and_wrap();
	test_capacity_rounds_up();
	test_fork();
	test_mark();
	test_rings_do_not_share_cache_lines();
	return check_report("trace");
}
