/*
 * timeline.c: what the picture shows, computed from what was recorded.
 *
 * A window of time is cut into columns. For each lane and column, the model
 * adds up the nanoseconds the lane spent in each state, and the cell takes
 * the state that filled most of it. A run interval of wall time D in which the
 * thread used C of CPU time counts C as running and D - C as preempted: the
 * model never draws anything the measurements did not say.
 *
 * The CPU view turns it around: for each CPU and column, the worker that ran
 * longest on that CPU there. Pure functions: no I/O and no terminal here.
 */
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

/* Per-column sums, in nanoseconds, while one lane is being built. */
enum sum {
	SUM_RUNNING,
	SUM_PREEMPTED,
	SUM_WAITING,
	SUM_BLOCKED,
	SUM_ALIVE,    /* inside a life of the worker */
	SUM_DONE,     /* after its final exit */
	SUM_CRASHED,  /* after a crash */
	SUM_CPU_BEST, /* the largest single run contribution ... */
	SUM_CPU,      /* ... and the CPU it was on */
	SUM_COUNT
};

struct window {
	uint64_t from;        /* absolute ns */
	uint64_t to;
	int columns;
	double ns_per_column;
	double columns_per_ns;
};

static uint64_t column_start(const struct window *w, int column)
{
	if (column >= w->columns)
		return w->to;
	return w->from + (uint64_t)((double)column * w->ns_per_column);
}

static int column_of(const struct window *w, uint64_t t)
{
	int column = (int)((double)(t - w->from) * w->columns_per_ns);

	if (column >= w->columns)
		column = w->columns - 1;
	while (column > 0 && column_start(w, column) > t)
		column--;
	while (column + 1 < w->columns && column_start(w, column + 1) <= t)
		column++;
	return column;
}

/*
 * Spreads [a, b) over the columns it overlaps, adding to `slot`. For a run
 * interval, `running_share` of it is running on `cpu` and the rest preempted.
 */
static void add_interval(uint64_t *sums, const struct window *w, uint64_t a, uint64_t b,
    enum sum slot, double running_share, int cpu)
{
	int column;

	if (a < w->from)
		a = w->from;
	if (b > w->to)
		b = w->to;
	if (a >= b)
		return;
	column = column_of(w, a);
	while (a < b && column < w->columns) {
		uint64_t column_end = column_start(w, column + 1);
		uint64_t end = b < column_end ? b : column_end;
		uint64_t overlap = end - a;
		uint64_t *s = sums + (size_t)column * SUM_COUNT;

		if (slot == SUM_RUNNING) {
			uint64_t running = (uint64_t)((double)overlap * running_share);

			s[SUM_RUNNING] += running;
			s[SUM_PREEMPTED] += overlap - running;
			if (running > s[SUM_CPU_BEST]) {
				s[SUM_CPU_BEST] = running;
				s[SUM_CPU] = (uint64_t)cpu;
			}
		} else {
			s[slot] += overlap;
		}
		a = end;
		column++;
	}
}

static double running_share(const struct trace_event *e)
{
	if (e->duration_ns == 0 || e->cpu_time_ns >= e->duration_ns)
		return 1.0;
	return (double)e->cpu_time_ns / (double)e->duration_ns;
}

/* Adds the lane's lives: alive while they last, then exited, crashed or between lives. */
static void add_lives(uint64_t *sums, const struct window *w, const struct lane *lane)
{
	for (size_t i = 0; i < lane->life_count; i++) {
		const struct lane_life *life = &lane->lives[i];
		bool last = i + 1 == lane->life_count;
		uint64_t end = life->end_ns != 0 ? life->end_ns : lane->last_end_ns;
		uint64_t after_end = last ? w->to : lane->lives[i + 1].start_ns;
		enum sum after = SUM_ALIVE; /* between two lives: idle */

		add_interval(sums, w, life->start_ns, end, SUM_ALIVE, 1.0, 0);
		if (life->end_ns == 0)
			continue; /* still alive: nothing is known after its latest event */
		if (life->crash_reason != 0)
			after = SUM_CRASHED;
		else if (last)
			after = SUM_DONE;
		add_interval(sums, w, end, after_end, after, 1.0, 0);
	}
}

/* Adds the lane's recorded intervals that fall in the window. */
static void add_events(uint64_t *sums, const struct window *w, const struct lane *lane,
    uint64_t now_ns)
{
	size_t i = recording_first_event_after(lane, w->from);

	for (; i < lane->count && lane->events[i].time_ns < w->to; i++) {
		const struct trace_event *e = &lane->events[i];
		uint64_t end = e->time_ns + e->duration_ns;

		switch (e->kind) {
		case TRACE_RUN:
			add_interval(sums, w, e->time_ns, end, SUM_RUNNING, running_share(e), e->cpu);
			break;
		case TRACE_WAIT:
			add_interval(sums, w, e->time_ns, end, SUM_WAITING, 1.0, 0);
			break;
		case TRACE_BLOCK:
			add_interval(sums, w, e->time_ns, end, SUM_BLOCKED, 1.0, 0);
			break;
		default:
			break;
		}
	}
	/* A wait or block that has begun but not ended yet: show it as it happens. */
	if (lane->count > 0 && recording_lane_alive(lane)) {
		const struct trace_event *last = &lane->events[lane->count - 1];
		enum sum slot = last->kind == TRACE_WAIT_BEGIN ? SUM_WAITING : SUM_BLOCKED;

		if (last->kind == TRACE_WAIT_BEGIN || last->kind == TRACE_BLOCK_BEGIN) {
			add_interval(sums, w, last->time_ns, now_ns, slot, 1.0, 0);
			add_interval(sums, w, last->time_ns, now_ns, SUM_ALIVE, 1.0, 0);
		}
	}
}

/* The state that filled most of the cell; on a tie, the first in this order. */
static struct timeline_cell classify(const uint64_t *s)
{
	static const struct {
		enum cell_state state;
		enum sum sum;
	} order[] = {
		{ CELL_CRASHED, SUM_CRASHED },
		{ CELL_RUNNING, SUM_RUNNING },
		{ CELL_WAITING, SUM_WAITING },
		{ CELL_BLOCKED, SUM_BLOCKED },
		{ CELL_PREEMPTED, SUM_PREEMPTED },
		{ CELL_IDLE, SUM_ALIVE },
		{ CELL_DONE, SUM_DONE },
	};
	uint64_t busy = s[SUM_RUNNING] + s[SUM_PREEMPTED] + s[SUM_WAITING] + s[SUM_BLOCKED];
	struct timeline_cell cell = { .state = CELL_EMPTY, .cpu = -1, .worker = -1 };
	uint64_t best = 0;

	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		uint64_t ns = s[order[i].sum];

		if (order[i].sum == SUM_ALIVE) /* idle: alive, and none of the above */
			ns = s[SUM_ALIVE] > busy ? s[SUM_ALIVE] - busy : 0;
		if (ns > best) {
			best = ns;
			cell.state = (uint8_t)order[i].state;
		}
	}
	if (cell.state == CELL_RUNNING)
		cell.cpu = (int16_t)s[SUM_CPU];
	return cell;
}

static int ensure_memory(struct timeline *timeline, int lanes, int columns, size_t scratch_size)
{
	size_t cells = (size_t)lanes * (size_t)columns;
	struct timeline_cell *grown_cells;

	if (cells > (size_t)timeline->lanes * (size_t)timeline->columns || timeline->cells == NULL) {
		grown_cells = realloc(timeline->cells, (cells ? cells : 1) * sizeof *grown_cells);
		if (grown_cells == NULL)
			return -1;
		timeline->cells = grown_cells;
	}
	if (scratch_size > timeline->scratch_size) {
		uint64_t *grown = realloc(timeline->scratch, scratch_size * sizeof *grown);

		if (grown == NULL)
			return -1;
		timeline->scratch = grown;
		timeline->scratch_size = scratch_size;
	}
	timeline->lanes = lanes;
	timeline->columns = columns;
	return 0;
}

static void build_worker_view(struct timeline *timeline, const struct recording *recording,
    const struct window *w)
{
	size_t lane_sums = (size_t)w->columns * SUM_COUNT;

	for (int lane = 0; lane < recording->lane_count; lane++) {
		const struct lane *l = &recording->lanes[lane];
		struct timeline_cell *row = timeline->cells + (size_t)lane * (size_t)w->columns;

		memset(timeline->scratch, 0, lane_sums * sizeof *timeline->scratch);
		add_lives(timeline->scratch, w, l);
		add_events(timeline->scratch, w, l, recording->now_ns);
		for (int column = 0; column < w->columns; column++)
			row[column] = classify(timeline->scratch + (size_t)column * SUM_COUNT);
	}
}

/*
 * For each CPU and column: the worker that ran there longest, if our workers
 * kept that CPU busy for at least half the column; otherwise idle.
 */
static void build_cpu_view(struct timeline *timeline, const struct recording *recording,
    const struct window *w)
{
	size_t per_cpu = (size_t)w->columns * SUM_COUNT;
	size_t cells = (size_t)recording->cpu_count * (size_t)w->columns;
	uint64_t *sums = timeline->scratch;          /* one worker: cpu_count x columns x SUM_COUNT */
	uint64_t *busy = sums + cells * SUM_COUNT;   /* all workers: cpu_count x columns */
	uint64_t *best = busy + cells;               /* longest single worker */

	memset(busy, 0, 2 * cells * sizeof *busy);
	for (size_t i = 0; i < cells; i++)
		timeline->cells[i] = (struct timeline_cell){ .state = CELL_IDLE, .cpu = -1, .worker = -1 };
	for (int lane = 0; lane < recording->lane_count; lane++) {
		const struct lane *l = &recording->lanes[lane];
		size_t i = recording_first_event_after(l, w->from);

		memset(sums, 0, cells * SUM_COUNT * sizeof *sums);
		for (; i < l->count && l->events[i].time_ns < w->to; i++) {
			const struct trace_event *e = &l->events[i];

			if (e->kind != TRACE_RUN || e->cpu < 0 || e->cpu >= recording->cpu_count)
				continue;
			add_interval(sums + (size_t)e->cpu * per_cpu, w, e->time_ns,
			    e->time_ns + e->duration_ns, SUM_RUNNING, running_share(e), e->cpu);
		}
		for (size_t c = 0; c < cells; c++) {
			uint64_t ran = sums[c * SUM_COUNT + SUM_RUNNING];

			busy[c] += ran;
			if (ran > best[c]) {
				best[c] = ran;
				timeline->cells[c].worker = (int16_t)lane;
			}
		}
	}
	for (size_t c = 0; c < cells; c++) {
		int column = (int)(c % (size_t)w->columns);
		uint64_t width = column_start(w, column + 1) - column_start(w, column);

		if (column_start(w, column) >= recording->now_ns)
			timeline->cells[c].state = CELL_EMPTY;
		else if (busy[c] * 2 >= width && timeline->cells[c].worker >= 0)
			timeline->cells[c].state = CELL_RUNNING;
		else
			timeline->cells[c].worker = -1;
	}
}

int timeline_build(struct timeline *timeline, const struct recording *recording,
    enum timeline_view view, uint64_t from_ns, uint64_t to_ns, int columns)
{
	struct window w;
	int lanes = view == TIMELINE_WORKERS ? recording->lane_count : recording->cpu_count;
	size_t scratch;

	if (columns < 1 || to_ns <= from_ns || lanes < 0)
		return -1;
	scratch = (size_t)columns * SUM_COUNT;
	if (view == TIMELINE_CPUS)
		scratch = (size_t)lanes * (size_t)columns * (SUM_COUNT + 2);
	if (ensure_memory(timeline, lanes, columns, scratch) != 0)
		return -1;
	timeline->view = view;
	timeline->from_ns = from_ns;
	timeline->to_ns = to_ns;
	w = (struct window){
		.from = recording->origin_ns + from_ns,
		.to = recording->origin_ns + to_ns,
		.columns = columns,
		.ns_per_column = (double)(to_ns - from_ns) / columns,
		.columns_per_ns = columns / (double)(to_ns - from_ns),
	};
	if (view == TIMELINE_WORKERS)
		build_worker_view(timeline, recording, &w);
	else
		build_cpu_view(timeline, recording, &w);
	return 0;
}

const struct timeline_cell *timeline_cell(const struct timeline *timeline, int lane, int column)
{
	return &timeline->cells[(size_t)lane * (size_t)timeline->columns + (size_t)column];
}

void timeline_free(struct timeline *timeline)
{
	free(timeline->cells);
	free(timeline->scratch);
	memset(timeline, 0, sizeof *timeline);
}

enum cell_state timeline_state_at(const struct recording *recording, int lane_number, uint64_t t,
    int *cpu)
{
	const struct lane *lane;
	const struct lane_life *life;
	size_t i;

	*cpu = -1;
	if (lane_number < 0 || lane_number >= recording->lane_count)
		return CELL_EMPTY;
	lane = &recording->lanes[lane_number];
	t += recording->origin_ns;
	life = recording_life_at(lane, t);
	if (life == NULL)
		return CELL_EMPTY;
	if (life->end_ns != 0 && t >= life->end_ns) {
		if (life->crash_reason != 0)
			return CELL_CRASHED;
		return life == &lane->lives[lane->life_count - 1] ? CELL_DONE : CELL_IDLE;
	}
	for (i = recording_first_event_after(lane, t); i < lane->count; i++) {
		const struct trace_event *e = &lane->events[i];

		if (e->time_ns > t)
			break;
		if (e->kind == TRACE_RUN) {
			*cpu = e->cpu;
			return running_share(e) >= 0.5 ? CELL_RUNNING : CELL_PREEMPTED;
		}
		if (e->kind == TRACE_WAIT)
			return CELL_WAITING;
		if (e->kind == TRACE_BLOCK)
			return CELL_BLOCKED;
	}
	if (lane->count > 0 && recording_lane_alive(lane) && t >= lane->last_end_ns) {
		uint8_t kind = lane->events[lane->count - 1].kind;

		if (kind == TRACE_WAIT_BEGIN)
			return CELL_WAITING;
		if (kind == TRACE_BLOCK_BEGIN)
			return CELL_BLOCKED;
		return CELL_EMPTY; /* in a slice that has not been recorded yet */
	}
	return CELL_IDLE;
}

const char *timeline_state_name(enum cell_state state)
{
	static const char *const names[CELL_STATE_COUNT] = {
		[CELL_EMPTY] = "nothing recorded",
		[CELL_IDLE] = "idle",
		[CELL_RUNNING] = "running",
		[CELL_PREEMPTED] = "preempted",
		[CELL_WAITING] = "waiting for the GIL",
		[CELL_BLOCKED] = "blocked in I/O",
		[CELL_DONE] = "done",
		[CELL_CRASHED] = "crashed",
	};

	return (unsigned)state < CELL_STATE_COUNT ? names[state] : "?";
}
