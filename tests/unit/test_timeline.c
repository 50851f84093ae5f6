/* test_timeline.c: the timeline model on hand-made recordings, where every cell is known. */
#include <stdbool.h>
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
	add(&r, 0, TRACE_RUN, 20, 10, 2, 1);   /* [20,30): 2 ms of CPU: mostly preempted, partly running */
	add(&r, 0, TRACE_WAIT, 30, 10, 0, 0);  /* [30,40): waiting for the GIL */
	add(&r, 0, TRACE_BLOCK, 40, 10, 0, 0); /* [40,50): blocked in I/O */
	add(&r, 0, TRACE_WORKER_EXIT, 50, 0, 0, 0);
	r.now_ns = ORIGIN + 70 * MS;

	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 70 * MS, 7) == 0);
	CHECK(t.lanes == 1 && t.columns == 7);
	CHECK(state(&t, 0, 0) == CELL_EMPTY);
	CHECK(state(&t, 0, 1) == CELL_RUNNING);
	CHECK(timeline_cell(&t, 0, 1)->cpu == 1);
	CHECK(state(&t, 0, 2) == CELL_PARTIAL); /* it ran a fifth of the time: not hidden as preempted */
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
		CHECK(state(&t, 0, c) == CELL_PARTIAL);

	/* Less than an eighth of the time running: preempted. */
	add(&r, 0, TRACE_WORKER_START, 60, 0, 0, 1);
	add(&r, 0, TRACE_RUN, 60, 10, 1, 1);
	r.now_ns = ORIGIN + 70 * MS;
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 70 * MS, 7) == 0);
	CHECK(state(&t, 0, 6) == CELL_PREEMPTED);

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

static void hold(struct recording *r, int cpu, uint64_t start_ms, uint64_t end_ms, int holder)
{
	CHECK(recording_append_hold(r, cpu, ORIGIN + start_ms * MS, ORIGIN + end_ms * MS, holder) == 0);
}

/*
 * An exact schedule: the kernel's context switches decide, not the slices'
 * CPU time. A, in one long run interval, holds CPU 0 only in [0,10) and
 * [30,40); another program holds CPU 0 in [10,30); B holds CPU 1 in [0,5).
 */
static void test_exact_schedule(void)
{
	struct recording r;
	struct timeline t = { 0 }, cpus = { 0 };
	int cpu;

	CHECK(recording_init(&r, 2, 2, false, ORIGIN) == 0);
	recording_set_schedule(&r, RECORDING_EXACT);
	add(&r, 0, TRACE_WORKER_START, 0, 0, 0, 0);
	add(&r, 0, TRACE_RUN, 0, 40, 40, 0); /* its slice says 40 ms of CPU time: the schedule knows better */
	add(&r, 1, TRACE_WORKER_START, 0, 0, 0, 1);
	add(&r, 1, TRACE_RUN, 0, 10, 10, 1);
	hold(&r, 0, 0, 10, 0);
	hold(&r, 1, 0, 5, 1);
	hold(&r, 0, 10, 30, RECORDING_OTHER);
	hold(&r, 0, 30, 40, 0);
	r.now_ns = ORIGIN + 40 * MS;

	/* Not shown beyond the point the schedule is complete. */
	recording_schedule_reaches(&r, ORIGIN + 20 * MS);
	CHECK(timeline_build(&t, &r, TIMELINE_WORKERS, 0, 40 * MS, 4) == 0);
	CHECK(state(&t, 0, 0) == CELL_RUNNING && state(&t, 0, 2) == CELL_EMPTY);
	recording_schedule_reaches(&r, ORIGIN + 40 * MS);

	CHECK(timeline_build_views(&t, &cpus, &r, 0, 40 * MS, TIMELINE_NO_LIMIT, 4) == 0);
	CHECK(state(&t, 0, 0) == CELL_RUNNING && timeline_cell(&t, 0, 0)->cpu == 0);
	CHECK(state(&t, 0, 1) == CELL_PREEMPTED);
	CHECK(state(&t, 0, 2) == CELL_PREEMPTED);
	CHECK(state(&t, 0, 3) == CELL_RUNNING);
	CHECK(state(&cpus, 0, 0) == CELL_RUNNING && timeline_cell(&cpus, 0, 0)->worker == 0);
	CHECK(state(&cpus, 0, 1) == CELL_OTHER && state(&cpus, 0, 2) == CELL_OTHER);
	CHECK(state(&cpus, 0, 3) == CELL_RUNNING);
	/* B held CPU 1 for half of column 0: B's own cell says running, but the CPU lane names nobody */
	CHECK(state(&cpus, 1, 0) != CELL_RUNNING);
	CHECK(state(&cpus, 1, 1) == CELL_IDLE);

	CHECK(timeline_state_at(&r, 0, 5 * MS, &cpu) == CELL_RUNNING && cpu == 0);
	CHECK(timeline_state_at(&r, 0, 15 * MS, &cpu) == CELL_PREEMPTED);
	CHECK(recording_other_ns(&r, 0, ORIGIN, ORIGIN + 40 * MS) == 20 * MS);
	CHECK(recording_other_ns(&r, 0, ORIGIN + 25 * MS, ORIGIN + 40 * MS) == 5 * MS);
	CHECK(recording_other_ns(&r, 1, ORIGIN, ORIGIN + 40 * MS) == 0);

	/* A hold that overlaps the lane's previous one is trimmed, one inside it dropped. */
	hold(&r, 1, 3, 8, 1);
	CHECK(r.lanes[1].held.count == 2 && r.lanes[1].held.pieces[1].start_ns == ORIGIN + 5 * MS);
	hold(&r, 1, 6, 7, 1);
	CHECK(r.lanes[1].held.count == 2);
	CHECK(recording_append_hold(&r, 2, ORIGIN, ORIGIN + MS, 0) == -1); /* no CPU 2 */
	CHECK(recording_append_hold(&r, 0, ORIGIN, ORIGIN + MS, 5) == -1); /* no lane 5 */
	timeline_free(&t);
	timeline_free(&cpus);
	recording_free(&r);
}

/* Estimated: other programs' share of a CPU from coarse figures, spread over their span. */
static void test_other_estimated(void)
{
	struct recording r;
	struct timeline cpus = { 0 };

	CHECK(recording_init(&r, 1, 2, false, ORIGIN) == 0);
	add(&r, 0, TRACE_WORKER_START, 0, 0, 0, 0);
	add(&r, 0, TRACE_RUN, 0, 40, 40, 1);
	CHECK(recording_append_other(&r, 0, ORIGIN, ORIGIN + 20 * MS, 15 * MS) == 0); /* 75 % busy */
	CHECK(recording_append_other(&r, 0, ORIGIN + 20 * MS, ORIGIN + 40 * MS, 2 * MS) == 0);
	r.now_ns = ORIGIN + 40 * MS;
	CHECK(timeline_build(&cpus, &r, TIMELINE_CPUS, 0, 40 * MS, 4) == 0);
	CHECK(state(&cpus, 0, 0) == CELL_OTHER && state(&cpus, 0, 1) == CELL_OTHER);
	CHECK(state(&cpus, 0, 2) == CELL_IDLE && state(&cpus, 0, 3) == CELL_IDLE);
	CHECK(state(&cpus, 1, 0) == CELL_RUNNING && timeline_cell(&cpus, 1, 0)->worker == 0);
	CHECK(recording_other_ns(&r, 0, ORIGIN, ORIGIN + 10 * MS) == 7500 * 1000);
	timeline_free(&cpus);
	recording_free(&r);
}

/* Four workers share two CPUs at random, in both schedules: no CPU cell contradicts a worker cell. */
static void test_views_agree(void)
{
	for (int exact = 0; exact < 2; exact++) {
		struct recording r;
		struct timeline workers = { 0 }, cpus = { 0 };
		uint64_t seed = 99 + (uint64_t)exact, at[2] = { 0, 0 }, lane_end[4] = { 0, 0, 0, 0 };

		CHECK(recording_init(&r, 4, 2, false, ORIGIN) == 0);
		if (exact)
			recording_set_schedule(&r, RECORDING_EXACT);
		for (int lane = 0; lane < 4; lane++) {
			add(&r, lane, TRACE_WORKER_START, 0, 0, 0, 0);
			add(&r, lane, TRACE_RUN, 0, 1000, 0, 0);
		}
		/* Each CPU hands itself from holder to holder in random turns of 10 us to 3 ms, in time order. */
		for (int k = 0; k < 4000; k++) {
			int cpu = at[0] <= at[1] ? 0 : 1, holder;
			uint64_t length;

			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			holder = (int)((seed >> 33) % 6) - 1; /* -1: another program; 4: idle */
			length = 10000 + (seed >> 40) % 3000000;
			if (holder >= 0 && holder < 4 && lane_end[holder] > at[cpu])
				holder = RECORDING_OTHER; /* a worker holds one CPU at a time */
			if (holder >= 0 && holder < 4)
				lane_end[holder] = at[cpu] + length;
			if (holder < 4 && exact)
				CHECK(recording_append_hold(&r, cpu, ORIGIN + at[cpu], ORIGIN + at[cpu] + length, holder) == 0);
			else if (holder == RECORDING_OTHER)
				CHECK(recording_append_other(&r, cpu, ORIGIN + at[cpu], ORIGIN + at[cpu] + length, length) == 0);
			at[cpu] += length;
		}
		if (!exact) {
			/* The estimate: each worker's slices of 1 ms with random CPU time, on a random CPU. */
			recording_free(&r);
			CHECK(recording_init(&r, 4, 2, false, ORIGIN) == 0);
			for (int lane = 0; lane < 4; lane++) {
				add(&r, lane, TRACE_WORKER_START, 0, 0, 0, 0);
				for (uint64_t ms = 0; ms < 1000; ms++) {
					seed = seed * 6364136223846793005ull + 1442695040888963407ull;
					add(&r, lane, TRACE_RUN, ms, 1, 0, (int)((seed >> 33) % 2));
					r.lanes[lane].events[r.lanes[lane].count - 1].cpu_time_ns = (seed >> 40) % MS;
				}
			}
		}
		r.now_ns = ORIGIN + 1000 * MS;
		recording_schedule_reaches(&r, r.now_ns);
		for (int columns = 7; columns <= 907; columns += 150) {
			int named = 0;

			CHECK(timeline_build_views(&workers, &cpus, &r, 0, 1000 * MS, TIMELINE_NO_LIMIT, columns) == 0);
			for (int c = 0; c < columns; c++) {
				for (int cpu = 0; cpu < 2; cpu++) {
					const struct timeline_cell *held = timeline_cell(&cpus, cpu, c);
					const struct timeline_cell *worker;

					if (held->state != CELL_RUNNING)
						continue;
					named++;
					worker = timeline_cell(&workers, held->worker, c);
					CHECK(worker->state == CELL_RUNNING && worker->cpu == cpu);
				}
			}
			CHECK(named > 0 || columns < 500); /* coarse columns: four workers on two CPUs take turns */
		}
		timeline_free(&workers);
		timeline_free(&cpus);
		recording_free(&r);
	}
}

/* The marks: a lane's totals at any instant equal a sum over every event, across many strides. */
static void test_marks(void)
{
	struct recording r;
	uint64_t seed = 7, at = 0;
	size_t hint = 0;

	CHECK(recording_init(&r, 1, 3, false, ORIGIN) == 0);
	add(&r, 0, TRACE_WORKER_START, 0, 0, 0, 0);
	for (int k = 0; k < 500; k++) {
		struct trace_event e = { .worker = 0, .task = 0, .cpu = (int16_t)(k % 3) };

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		e.kind = (uint8_t)((seed >> 33) % 4 == 0 ? TRACE_WAIT : TRACE_RUN);
		e.time_ns = ORIGIN + at;
		e.duration_ns = 1000 + (seed >> 40) % 100000;
		e.cpu_time_ns = e.duration_ns / 3;
		CHECK(recording_append(&r, &e) == 0);
		at += e.duration_ns + (seed >> 50) % 3 * 500;
	}
	for (uint64_t t = 0; t <= at + 1000; t += 997) {
		uint64_t per_cpu[3], want_cpu[3] = { 0, 0, 0 };
		struct lane_sums want = { 0 }, got = recording_lane_until(&r.lanes[0], ORIGIN + t, &hint, per_cpu);

		for (size_t i = 0; i < r.lanes[0].count; i++) {
			const struct trace_event *e = &r.lanes[0].events[i];
			struct lane_sums part;

			if (e->time_ns >= ORIGIN + t)
				break;
			part = recording_event_sums(e, ORIGIN + t - e->time_ns);
			want.running_ns += part.running_ns;
			want.preempted_ns += part.preempted_ns;
			want.waiting_ns += part.waiting_ns;
			if (e->kind == TRACE_RUN)
				want_cpu[e->cpu] += part.running_ns;
		}
		CHECK(got.running_ns == want.running_ns && got.preempted_ns == want.preempted_ns);
		CHECK(got.waiting_ns == want.waiting_ns && got.blocked_ns == 0);
		CHECK(per_cpu[0] == want_cpu[0] && per_cpu[1] == want_cpu[1] && per_cpu[2] == want_cpu[2]);
	}
	recording_free(&r);
}

/* True if two timelines show the same cells. */
static bool same_cells(const struct timeline *a, const struct timeline *b)
{
	if (a->lanes != b->lanes || a->columns != b->columns)
		return false;
	for (int lane = 0; lane < a->lanes; lane++) {
		for (int c = 0; c < a->columns; c++) {
			const struct timeline_cell *x = timeline_cell(a, lane, c), *y = timeline_cell(b, lane, c);

			if (x->state != y->state || x->cpu != y->cpu || x->worker != y->worker)
				return false;
		}
	}
	return true;
}

/*
 * The memo: a live view builds the same window frame after frame while the
 * recording grows. Each build must equal a build from scratch, in both
 * schedules, with other programs, and with a playhead.
 */
static void test_memo(void)
{
	for (int exact = 0; exact < 2; exact++) {
		struct recording r;
		struct timeline kept = { 0 }, kept_cpus = { 0 }, fresh = { 0 }, fresh_cpus = { 0 };
		uint64_t seed = 5;

		CHECK(recording_init(&r, 3, 2, false, ORIGIN) == 0);
		if (exact)
			recording_set_schedule(&r, RECORDING_EXACT);
		for (int lane = 0; lane < 3; lane++)
			add(&r, lane, TRACE_WORKER_START, 0, 0, 0, 0);
		for (uint64_t ms = 0; ms < 300; ms++) {
			for (int lane = 0; lane < 3; lane++) {
				seed = seed * 6364136223846793005ull + 1442695040888963407ull;
				add(&r, lane, (seed >> 60) == 0 ? TRACE_BLOCK : TRACE_RUN, ms, 1, (seed >> 33) % 2, lane % 2);
			}
			if (exact)
				hold(&r, (int)(ms % 2), ms, ms + 1, (int)(seed >> 40) % 4 - 1);
			CHECK(recording_append_other(&r, 1, ORIGIN + ms * MS, ORIGIN + (ms + 1) * MS, (seed >> 44) % MS) == 0);
			recording_schedule_reaches(&r, r.now_ns);
			if (ms % 7 != 0)
				continue;
			for (int playhead = 0; playhead < 2; playhead++) {
				uint64_t until = playhead ? ms * MS / 2 : TIMELINE_NO_LIMIT;

				CHECK(timeline_build_views(&kept, &kept_cpus, &r, 0, 400 * MS, until, 97) == 0);
				timeline_free(&fresh);
				timeline_free(&fresh_cpus);
				CHECK(timeline_build_views(&fresh, &fresh_cpus, &r, 0, 400 * MS, until, 97) == 0);
				CHECK(same_cells(&kept, &fresh) && same_cells(&kept_cpus, &fresh_cpus));
			}
		}
		timeline_free(&kept);
		timeline_free(&kept_cpus);
		timeline_free(&fresh);
		timeline_free(&fresh_cpus);
		recording_free(&r);
	}
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
	test_exact_schedule();
	test_other_estimated();
	test_views_agree();
	test_marks();
	test_memo();
	test_bad_arguments();
	return check_report("timeline");
}
