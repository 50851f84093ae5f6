/* test_timeline.c: the timeline model on hand-made recordings, where every cell is known. */
#include <string.h>

#include "check.h"
#include "core/clock.h"
#include "model/recording.h"
#include "model/timeline.h"

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
	CHECK(state(&t, 0, 0) == CELL_RUNNING);

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

/* A worker that changes CPU at every slice: each column shows the CPU that ran it longest, edges included. */
static void test_cpu_split(void)
{
	static const int column0[] = { 0, 1, 1, 0, 1, 1, 0, 1, 1, 0 }; /* CPU 1: 6 ms of 10 */
	struct recording r;
	struct timeline t = { 0 };

	CHECK(recording_init(&r, 1, 4, false, ORIGIN) == 0);
	add(&r, 0, TRACE_WORKER_START, 0, 0, 0, 0);
	for (int k = 0; k < 10; k++)
		add(&r, 0, TRACE_RUN, (uint64_t)k, 1, 1, column0[k]);
	for (int k = 0; k < 10; k++) /* column 1: the other way round, CPU 0 6 ms */
		add(&r, 0, TRACE_RUN, 10 + (uint64_t)k, 1, 1, 1 - column0[k]);
	add(&r, 0, TRACE_RUN, 20, 7, 7, 2);  /* column 2: CPU 2 for 7 ms ... */
	add(&r, 0, TRACE_RUN, 27, 6, 6, 3);  /* ... then CPU 3 for 3 ms, and 3 more in column 3 */
	add(&r, 0, TRACE_RUN, 33, 7, 7, 1);  /* column 3: CPU 1 for 7 ms */
	r.now_ns = ORIGIN + 40 * MS;
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 40 * MS, 4) == 0);
	CHECK(timeline_cell(&t, 0, 0)->cpu == 1);
	CHECK(timeline_cell(&t, 0, 1)->cpu == 0);
	CHECK(timeline_cell(&t, 0, 2)->cpu == 2);
	CHECK(timeline_cell(&t, 0, 3)->cpu == 1);
	CHECK(timeline_build(&t, &r, TIMELINE_CPUS, 0, 40 * MS, 4) == 0);
	CHECK(state(&t, 1, 0) == CELL_RUNNING && state(&t, 0, 1) == CELL_RUNNING);
	CHECK(state(&t, 2, 2) == CELL_RUNNING && state(&t, 3, 2) != CELL_RUNNING);
	timeline_free(&t);
	recording_free(&r);
}

/* Random slices on 4 CPUs, 50 columns of an odd width: the CPU shown ran the most, by a sum over every event. */
static void test_cpu_split_random(void)
{
	struct recording r;
	struct timeline t = { 0 };
	uint64_t seed = 12345, at = 0;
	uint64_t by_cpu[50][4] = { { 0 } };
	uint64_t width = 7 * MS + 311;

	CHECK(recording_init(&r, 1, 4, false, ORIGIN) == 0);
	add(&r, 0, TRACE_WORKER_START, 0, 0, 0, 0);
	for (int k = 0; k < 2000; k++) {
		struct trace_event e = { .kind = TRACE_RUN, .worker = 0, .task = 0 };

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		e.time_ns = ORIGIN + at;
		e.duration_ns = 50000 + (seed >> 40) % 300000;
		e.cpu_time_ns = e.duration_ns * ((seed >> 20) % 4) / 3;
		e.cpu = (int16_t)((seed >> 33) % (k % 3 == 0 ? 4 : 2)); /* long stretches, and short ones */
		CHECK(recording_append(&r, &e) == 0);
		for (int c = 0; c < 50; c++) {
			uint64_t c0 = (uint64_t)c * width, c1 = c0 + width;
			uint64_t lo = at > c0 ? at : c0, hi = at + e.duration_ns < c1 ? at + e.duration_ns : c1;

			if (lo < hi)
				by_cpu[c][e.cpu] += recording_event_sums(&e, hi - lo).running_ns;
		}
		at += e.duration_ns + (seed >> 50) % 2 * 20000;
	}
	r.now_ns = ORIGIN + at;
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 50 * width, 50) == 0);
	for (int c = 0; c < 50 && (uint64_t)c * width < at; c++) {
		const struct timeline_cell *cell = timeline_cell(&t, 0, c);
		uint64_t most = 0;

		for (int cpu = 0; cpu < 4; cpu++)
			most = by_cpu[c][cpu] > most ? by_cpu[c][cpu] : most;
		if (cell->state != CELL_RUNNING)
			continue;
		CHECK(cell->cpu >= 0 && cell->cpu < 4);
		if (cell->cpu >= 0 && cell->cpu < 4)
			CHECK(by_cpu[c][cell->cpu] + 1000 >= most); /* a partial slice's share rounds by a few ns */
	}
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
	test_cpu_split();
	test_cpu_split_random();
	test_live_frontier();
	test_lives();
	test_bad_arguments();
	return check_report("timeline");
}
