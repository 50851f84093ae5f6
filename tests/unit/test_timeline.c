/* test_timeline.c: the timeline model on hand-made recordings, where every cell is known. */
#include <string.h>

#include "check.h"
#include "clock.h"
#include "recording.h"
#include "timeline.h"

#define MS CLOCK_NS_PER_MS
#define ORIGIN (1000 * MS) /* recordings start at an arbitrary absolute time */

static void add(struct recording *r, int worker, enum trace_kind kind, uint64_t start_ms,
    uint64_t duration_ms, uint64_t cpu_ms, int cpu)
{
	struct trace_event e = {
		.time_ns = ORIGIN + start_ms * MS,
		.duration_ns = duration_ms * MS,
		.cpu_time_ns = cpu_ms * MS,
		.task = 0,
		.worker = (uint16_t)worker,
		.cpu = (int16_t)cpu,
		.kind = (uint8_t)kind,
	};

	CHECK(recording_append(r, &e) == 0);
}

static void add_crash(struct recording *r, int worker, uint64_t at_ms, enum trace_crash_reason reason)
{
	struct trace_event e = {
		.time_ns = ORIGIN + at_ms * MS,
		.reason = reason,
		.task = TRACE_NO_TASK,
		.worker = (uint16_t)worker,
		.cpu = TRACE_NO_CPU,
		.kind = TRACE_CRASH,
		.detail = 11,
	};

	CHECK(recording_append(r, &e) == 0);
}

static enum cell_state state(const struct timeline *t, int lane, int column)
{
	return (enum cell_state)timeline_cell(t, lane, column)->state;
}

/* One worker: runs, gets preempted, waits, blocks, exits. Columns are 10 ms wide. */
static void test_worker_states(void)
{
	struct recording r;
	struct timeline t = { 0 };

	CHECK(recording_init(&r, 1, 2, false, ORIGIN) == 0);
	add(&r, 0, TRACE_WORKER_START, 10, 0, 0, 1);
	add(&r, 0, TRACE_RUN, 10, 10, 10, 1);  /* [10,20): running on CPU 1 */
	add(&r, 0, TRACE_RUN, 20, 10, 2, 1);   /* [20,30): 2 ms of CPU: mostly preempted */
	add(&r, 0, TRACE_WAIT, 30, 10, 0, 0);  /* [30,40): waiting for the GIL */
	add(&r, 0, TRACE_BLOCK, 40, 10, 0, 0); /* [40,50): blocked in I/O */
	add(&r, 0, TRACE_WORKER_EXIT, 50, 0, 0, 0);
	r.now_ns = ORIGIN + 70 * MS;

	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 70 * MS, 7) == 0);
	CHECK(t.lanes == 1 && t.columns == 7);
	CHECK(state(&t, 0, 0) == CELL_EMPTY);
	CHECK(state(&t, 0, 1) == CELL_RUNNING);
	CHECK(timeline_cell(&t, 0, 1)->cpu == 1);
	CHECK(state(&t, 0, 2) == CELL_PREEMPTED);
	CHECK(state(&t, 0, 3) == CELL_WAITING);
	CHECK(state(&t, 0, 4) == CELL_BLOCKED);
	CHECK(state(&t, 0, 5) == CELL_DONE);
	CHECK(state(&t, 0, 6) == CELL_DONE);

	/* Zoomed out, one column holds it all: the state that took most of the time wins. */
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 10 * MS, 50 * MS, 1) == 0);
	CHECK(state(&t, 0, 0) == CELL_RUNNING || state(&t, 0, 0) == CELL_PREEMPTED);

	/* Zoomed in on [20,30): 1 ms columns, CPU time split by share. */
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 20 * MS, 30 * MS, 10) == 0);
	for (int c = 0; c < 10; c++)
		CHECK(state(&t, 0, c) == CELL_PREEMPTED);

	timeline_free(&t);
	recording_free(&r);
}

/* A crash ends the lane where its last event ended, not when it was noticed. */
static void test_crash(void)
{
	struct recording r;
	struct timeline t = { 0 };

	CHECK(recording_init(&r, 1, 1, true, ORIGIN) == 0);
	add(&r, 0, TRACE_WORKER_START, 0, 0, 0, 0);
	add(&r, 0, TRACE_RUN, 0, 20, 20, 0);
	add_crash(&r, 0, 50, TRACE_CRASH_SIGNAL); /* noticed at 50 */
	add(&r, 0, TRACE_RUN, 60, 10, 10, 0);  /* ignored: a crashed life records nothing more */
	r.now_ns = ORIGIN + 80 * MS;

	CHECK(r.lanes[0].life_count == 1);
	CHECK(r.lanes[0].lives[0].end_ns == ORIGIN + 20 * MS);
	CHECK(r.lanes[0].lives[0].crash_reason == TRACE_CRASH_SIGNAL);
	CHECK(r.lanes[0].lives[0].crash_detail == 11);
	CHECK(r.lanes[0].count == 3);
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 80 * MS, 8) == 0);
	CHECK(state(&t, 0, 0) == CELL_RUNNING);
	CHECK(state(&t, 0, 1) == CELL_RUNNING);
	for (int c = 2; c < 8; c++)
		CHECK(state(&t, 0, c) == CELL_CRASHED);
	timeline_free(&t);
	recording_free(&r);
}

/* Two workers sharing CPU 0 in turns: the CPU view names the holder; CPU 1 stays idle. */
static void test_cpu_view(void)
{
	struct recording r;
	struct timeline t = { 0 };

	CHECK(recording_init(&r, 2, 2, false, ORIGIN) == 0);
	add(&r, 0, TRACE_WORKER_START, 0, 0, 0, 0);
	add(&r, 1, TRACE_WORKER_START, 0, 0, 0, 0);
	for (int k = 0; k < 4; k++) {
		/* worker 0 runs [20k, 20k+10), worker 1 runs [20k+10, 20k+20) */
		add(&r, 0, TRACE_RUN, 20 * k, 10, 10, 0);
		add(&r, 0, TRACE_RUN, 20 * k + 10, 10, 0, 0); /* preempted while 1 runs */
		add(&r, 1, TRACE_RUN, 20 * k, 10, 0, 0);
		add(&r, 1, TRACE_RUN, 20 * k + 10, 10, 10, 0);
	}
	r.now_ns = ORIGIN + 80 * MS;

	CHECK(timeline_build(&t, &r, TIMELINE_CPUS, 0, 80 * MS, 8) == 0);
	CHECK(t.lanes == 2);
	for (int c = 0; c < 8; c++) {
		CHECK(state(&t, 0, c) == CELL_RUNNING);
		CHECK(timeline_cell(&t, 0, c)->worker == c % 2);
		CHECK(state(&t, 1, c) == CELL_IDLE);
	}
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 80 * MS, 8) == 0);
	for (int c = 0; c < 8; c++) {
		CHECK(state(&t, 0, c) == (c % 2 == 0 ? CELL_RUNNING : CELL_PREEMPTED));
		CHECK(state(&t, 1, c) == (c % 2 == 1 ? CELL_RUNNING : CELL_PREEMPTED));
	}
	/* Past the end of the recording, the CPU view draws nothing. */
	CHECK(timeline_build(&t, &r, TIMELINE_CPUS, 0, 160 * MS, 16) == 0);
	CHECK(state(&t, 0, 15) == CELL_EMPTY);
	timeline_free(&t);
	recording_free(&r);
}

/* While a run is live, a block that has begun shows at once, and nothing is drawn past a lane's last event. */
static void test_live_frontier(void)
{
	struct recording r;
	struct timeline t = { 0 };

	CHECK(recording_init(&r, 2, 1, false, ORIGIN) == 0);
	add(&r, 0, TRACE_WORKER_START, 0, 0, 0, 0);
	add(&r, 0, TRACE_RUN, 0, 10, 10, 0);
	add(&r, 0, TRACE_BLOCK_BEGIN, 10, 0, 0, 0);
	add(&r, 1, TRACE_WORKER_START, 0, 0, 0, 0);
	add(&r, 1, TRACE_RUN, 0, 10, 10, 0);
	r.now_ns = ORIGIN + 40 * MS;

	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 40 * MS, 4) == 0);
	CHECK(state(&t, 0, 0) == CELL_RUNNING);
	CHECK(state(&t, 0, 1) == CELL_BLOCKED);
	CHECK(state(&t, 0, 3) == CELL_BLOCKED);
	CHECK(state(&t, 1, 0) == CELL_RUNNING);
	CHECK(state(&t, 1, 1) == CELL_EMPTY);
	CHECK(state(&t, 1, 3) == CELL_EMPTY);
	timeline_free(&t);
	recording_free(&r);
}

/* A decorator's lane: one thread per call, idle in between, done after the last. */
static void test_lives(void)
{
	struct recording r;
	struct timeline t = { 0 };
	int cpu;

	CHECK(recording_init(&r, 1, 1, false, ORIGIN) == 0);
	add(&r, 0, TRACE_WORKER_START, 0, 0, 0, 0);
	add(&r, 0, TRACE_RUN, 0, 10, 10, 0);
	add(&r, 0, TRACE_WORKER_EXIT, 10, 0, 0, 0);
	add(&r, 0, TRACE_WORKER_START, 20, 0, 0, 0);
	add(&r, 0, TRACE_RUN, 20, 10, 10, 0);
	add(&r, 0, TRACE_WORKER_EXIT, 30, 0, 0, 0);
	r.now_ns = ORIGIN + 40 * MS;

	CHECK(r.lanes[0].life_count == 2);
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 40 * MS, 4) == 0);
	CHECK(state(&t, 0, 0) == CELL_RUNNING);
	CHECK(state(&t, 0, 1) == CELL_IDLE);
	CHECK(state(&t, 0, 2) == CELL_RUNNING);
	CHECK(state(&t, 0, 3) == CELL_DONE);

	CHECK(timeline_state_at(&r, 0, 5 * MS, &cpu) == CELL_RUNNING && cpu == 0);
	CHECK(timeline_state_at(&r, 0, 15 * MS, &cpu) == CELL_IDLE);
	CHECK(timeline_state_at(&r, 0, 35 * MS, &cpu) == CELL_DONE);
	CHECK(timeline_state_at(&r, 1, 35 * MS, &cpu) == CELL_EMPTY);
	timeline_free(&t);
	recording_free(&r);
}

/* Bad arguments are refused, not crashed on. */
static void test_bad_arguments(void)
{
	struct recording r;
	struct timeline t = { 0 };
	struct trace_event stray = { .worker = 7, .kind = TRACE_RUN };

	CHECK(recording_init(&r, 1, 1, false, ORIGIN) == 0);
	CHECK(recording_append(&r, &stray) == -1);
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 10, 10, 5) == -1);
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 10, 0) == -1);
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 10 * MS, 3) == 0);
	CHECK(state(&t, 0, 0) == CELL_EMPTY);
	timeline_free(&t);
	recording_free(&r);
}

int main(void)
{
	test_worker_states();
	test_crash();
	test_cpu_view();
	test_live_frontier();
	test_lives();
	test_bad_arguments();
	return check_report("timeline");
}
