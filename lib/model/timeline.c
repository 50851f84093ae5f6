/*
 * timeline.c: what the picture shows, computed from what was recorded.
 *
 * A window of time is cut into columns. For each lane and column, the model
 * adds up the nanoseconds the lane spent in each state, and the cell takes
 * the state that filled most of it. Thanks to the running totals the
 * recording keeps, a column costs the same whether it holds one event or a
 * million, so a frame stays cheap however long the run. A run interval of wall time D in which the
 * thread used C of CPU time counts C as running and D - C as preempted: the
 * model never draws anything the measurements did not say.
 *
 * The CPU view turns it around: for each CPU and column, the worker that ran
 * longest on that CPU there. Pure functions: no I/O and no terminal here.
 */
#include "model/timeline.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* What one lane spent each column on, in nanoseconds. */
struct column_sums {
	struct lane_sums work; /* running, preempted, waiting, blocked */
	uint64_t alive;        /* inside a life of the worker */
	uint64_t done;         /* after its final exit */
	uint64_t crashed;      /* after a crash */
	uint64_t best_cpu_ns;  /* running time on its main CPU in the column ... */
	int16_t best_cpu;      /* ... and that CPU */
};

/* Running time of one lane in one column, per CPU (a column rarely sees more than a few). */
#define PARTS_MAX 8
struct cpu_parts {
	int count;
	int16_t cpu[PARTS_MAX];
	uint64_t ns[PARTS_MAX];
};

struct window {
	uint64_t until;      /* absolute ns: nothing after it is shown (the playhead) */
	int columns;
	uint64_t *bounds;    /* columns + 1 absolute column boundaries */
};

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t minus(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

/* Adds the time [a, b) spends in each column to the member at `offset` of column_sums. */
static void add_span(struct column_sums *columns, const struct window *w, uint64_t a, uint64_t b,
    size_t offset)
{
	int column = 0;

	b = min_u64(b, w->until);
	if (a >= b)
		return;
	/* Lives are few, so a walk over the columns is cheap. */
	while (column < w->columns && w->bounds[column + 1] <= a)
		column++;
	for (; column < w->columns && w->bounds[column] < b; column++) {
		uint64_t overlap = min_u64(b, w->bounds[column + 1]) - max_u64(a, w->bounds[column]);

		*(uint64_t *)((char *)&columns[column] + offset) += overlap;
	}
}

/* Adds the lane's lives: alive while they last, then exited, crashed or between lives. */
static void add_lives(struct column_sums *columns, const struct window *w, const struct lane *lane)
{
	for (size_t i = 0; i < lane->life_count; i++) {
		const struct lane_life *life = &lane->lives[i];
		bool last = i + 1 == lane->life_count;
		uint64_t end = life->end_ns != 0 ? life->end_ns : lane->last_end_ns;
		uint64_t after_end = last ? w->bounds[w->columns] : lane->lives[i + 1].start_ns;
		size_t after = offsetof(struct column_sums, alive); /* between two lives: idle */

		add_span(columns, w, life->start_ns, end, offsetof(struct column_sums, alive));
		if (life->end_ns == 0)
			continue; /* still alive: nothing is known after its latest event */
		if (life->crash_reason != 0)
			after = offsetof(struct column_sums, crashed);
		else if (last)
			after = offsetof(struct column_sums, done);
		add_span(columns, w, end, after_end, after);
	}
}

/* A wait or block that has begun but not ended yet: show it as it happens. */
static void add_pending(struct column_sums *columns, const struct window *w, const struct lane *lane,
    uint64_t now_ns)
{
	const struct trace_event *last;

	if (lane->count == 0 || !recording_lane_alive(lane))
		return;
	last = &lane->events[lane->count - 1];
	if (last->kind == TRACE_WAIT_BEGIN)
		add_span(columns, w, last->time_ns, now_ns, offsetof(struct column_sums, work.waiting_ns));
	else if (last->kind == TRACE_BLOCK_BEGIN)
		add_span(columns, w, last->time_ns, now_ns, offsetof(struct column_sums, work.blocked_ns));
	else
		return;
	add_span(columns, w, last->time_ns, now_ns, offsetof(struct column_sums, alive));
}

static void add_part(struct cpu_parts *parts, int16_t cpu, uint64_t ns)
{
	for (int i = 0; i < parts->count; i++) {
		if (parts->cpu[i] == cpu) {
			parts->ns[i] += ns;
			return;
		}
	}
	if (parts->count < PARTS_MAX) {
		parts->cpu[parts->count] = cpu;
		parts->ns[parts->count++] = ns;
	}
}

/* When stretch s of the lane starts, and when the next one does. */
static uint64_t stretch_start(const struct lane *lane, size_t s)
{
	return s < lane->stretch_count ? lane->stretches[s].start_ns : UINT64_MAX;
}

/*
 * Sums a lane's work over every column at once. The lane keeps running
 * totals (recording.c), so each column costs two lookups, whatever the
 * number of events in it: S(column end) - S(column start). Running time is
 * split among CPUs by the lane's stretches of consecutive slices on one CPU.
 * Calls on_cpu(ctx, column, parts) with each column's running time per CPU.
 */
static void add_work(struct column_sums *columns, const struct window *w, const struct lane *lane,
    struct lane_sums *at_bounds, void (*on_cpu)(void *ctx, int column, const struct cpu_parts *parts),
    void *ctx)
{
	size_t hint = 0, s = 0;
	size_t low = 0, high = lane->stretch_count;

	for (int c = 0; c <= w->columns; c++)
		at_bounds[c] = recording_sums_until(lane, min_u64(w->bounds[c], w->until), &hint);
	/* The first stretch still going at the window's start. */
	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (stretch_start(lane, mid + 1) <= w->bounds[0])
			low = mid + 1;
		else
			high = mid;
	}
	s = low;
	for (int c = 0; c < w->columns; c++) {
		uint64_t b0 = min_u64(w->bounds[c], w->until), b1 = min_u64(w->bounds[c + 1], w->until);
		struct column_sums *column = &columns[c];
		struct cpu_parts parts = { .count = 0 };

		column->work.running_ns += minus(at_bounds[c + 1].running_ns, at_bounds[c].running_ns);
		column->work.preempted_ns += minus(at_bounds[c + 1].preempted_ns, at_bounds[c].preempted_ns);
		column->work.waiting_ns += minus(at_bounds[c + 1].waiting_ns, at_bounds[c].waiting_ns);
		column->work.blocked_ns += minus(at_bounds[c + 1].blocked_ns, at_bounds[c].blocked_ns);
		while (b0 < b1 && s < lane->stretch_count) {
			uint64_t t0 = stretch_start(lane, s), t1 = stretch_start(lane, s + 1);
			uint64_t lo = max_u64(t0, b0), hi = min_u64(t1, b1);

			if (t0 >= b1)
				break;
			if (lo < hi) {
				uint64_t r0 = lo == b0 ? at_bounds[c].running_ns :
				    lane->stretches[s].running_before_ns;
				uint64_t r1 = hi == b1 ? at_bounds[c + 1].running_ns :
				    lane->stretches[s + 1].running_before_ns;

				add_part(&parts, lane->stretches[s].cpu, minus(r1, r0));
			}
			if (t1 > b1)
				break;
			s++;
		}
		for (int i = 0; i < parts.count; i++) {
			if (parts.ns[i] > column->best_cpu_ns) {
				column->best_cpu_ns = parts.ns[i];
				column->best_cpu = parts.cpu[i];
			}
		}
		if (on_cpu != NULL && parts.count > 0)
			on_cpu(ctx, c, &parts);
	}
}

/* The state that filled most of the cell; on a tie, the first in this order. */
static struct timeline_cell classify(const struct column_sums *s)
{
	uint64_t busy = s->work.running_ns + s->work.preempted_ns + s->work.waiting_ns + s->work.blocked_ns;
	const struct {
		enum cell_state state;
		uint64_t ns;
	} order[] = {
		{ CELL_CRASHED, s->crashed },
		{ CELL_RUNNING, s->work.running_ns },
		{ CELL_WAITING, s->work.waiting_ns },
		{ CELL_BLOCKED, s->work.blocked_ns },
		{ CELL_PREEMPTED, s->work.preempted_ns },
		{ CELL_IDLE, minus(s->alive, busy) }, /* alive, and none of the above */
		{ CELL_DONE, s->done },
	};
	struct timeline_cell cell = { .state = CELL_EMPTY, .cpu = -1, .worker = -1 };
	uint64_t best = 0;

	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (order[i].ns > best) {
			best = order[i].ns;
			cell.state = (uint8_t)order[i].state;
		}
	}
	if (cell.state == CELL_RUNNING)
		cell.cpu = s->best_cpu;
	return cell;
}

static int ensure_memory(struct timeline *timeline, int lanes, int columns)
{
	size_t cells = (size_t)(lanes > 0 ? lanes : 1) * (size_t)columns;
	/* Scratch: bounds, per-bound sums, per-column sums, and the CPU view's busy and best. */
	size_t scratch = (size_t)(columns + 1) * sizeof(uint64_t) +
	    (size_t)(columns + 1) * sizeof(struct lane_sums) +
	    (size_t)columns * sizeof(struct column_sums) + 2 * cells * sizeof(uint64_t);
	size_t words = (scratch + sizeof(uint64_t) - 1) / sizeof(uint64_t);

	if (cells > timeline->cell_capacity) {
		struct timeline_cell *grown = realloc(timeline->cells, cells * sizeof *grown);

		if (grown == NULL)
			return -1;
		timeline->cells = grown;
		timeline->cell_capacity = cells;
	}
	if (words > timeline->scratch_size) {
		uint64_t *grown = realloc(timeline->scratch, words * sizeof *grown);

		if (grown == NULL)
			return -1;
		timeline->scratch = grown;
		timeline->scratch_size = words;
	}
	timeline->lanes = lanes;
	timeline->columns = columns;
	return 0;
}

/* The scratch memory, carved into its parts. */
struct scratch {
	uint64_t *bounds;
	struct lane_sums *at_bounds;
	struct column_sums *columns;
	uint64_t *busy;   /* CPU view: running time of all workers per CPU and column */
	uint64_t *best;   /* CPU view: the longest single worker's */
};

static struct scratch carve(struct timeline *timeline)
{
	struct scratch s;
	char *p = (char *)timeline->scratch;
	size_t cells = (size_t)timeline->lanes * (size_t)timeline->columns;

	s.bounds = (uint64_t *)p;
	p += (size_t)(timeline->columns + 1) * sizeof(uint64_t);
	s.at_bounds = (struct lane_sums *)p;
	p += (size_t)(timeline->columns + 1) * sizeof(struct lane_sums);
	s.columns = (struct column_sums *)p;
	p += (size_t)timeline->columns * sizeof(struct column_sums);
	s.busy = (uint64_t *)p;
	s.best = s.busy + cells;
	return s;
}

struct cpu_view_pass {
	struct timeline *timeline;
	struct scratch *scratch;
	int lane;
};

/* Adds one lane's running time per CPU in one column to the CPU view. */
static void count_cpu_time(void *ctx, int column, const struct cpu_parts *parts)
{
	struct cpu_view_pass *pass = ctx;

	for (int i = 0; i < parts->count; i++) {
		size_t cell;

		if (parts->cpu[i] < 0 || parts->cpu[i] >= pass->timeline->lanes)
			continue;
		cell = (size_t)parts->cpu[i] * (size_t)pass->timeline->columns + (size_t)column;
		pass->scratch->busy[cell] += parts->ns[i];
		if (parts->ns[i] > pass->scratch->best[cell]) {
			pass->scratch->best[cell] = parts->ns[i];
			pass->timeline->cells[cell].worker = (int16_t)pass->lane;
		}
	}
}

static void start_cpu_view(struct timeline *cpus, struct scratch *scratch)
{
	size_t cells = (size_t)cpus->lanes * (size_t)cpus->columns;

	memset(scratch->busy, 0, 2 * cells * sizeof *scratch->busy);
	for (size_t i = 0; i < cells; i++)
		cpus->cells[i] = (struct timeline_cell){ .state = CELL_IDLE, .cpu = -1, .worker = -1 };
}

/*
 * A CPU's cell names the worker that ran there longest, if our workers kept
 * that CPU busy for at least half the column; otherwise it is idle.
 */
static void finish_cpu_view(struct timeline *cpus, struct scratch *scratch, const struct window *w,
    uint64_t shown_until)
{
	size_t cells = (size_t)cpus->lanes * (size_t)w->columns;

	for (size_t c = 0; c < cells; c++) {
		int column = (int)(c % (size_t)w->columns);
		uint64_t start = w->bounds[column], width = w->bounds[column + 1] - start;

		cpus->cells[c].cpu = (int16_t)(c / (size_t)w->columns);
		if (start >= shown_until)
			cpus->cells[c] = (struct timeline_cell){ .state = CELL_EMPTY, .cpu = -1, .worker = -1 };
		else if (scratch->busy[c] * 2 >= width && cpus->cells[c].worker >= 0)
			cpus->cells[c].state = CELL_RUNNING;
		else
			cpus->cells[c].worker = -1;
	}
}

int timeline_build_views(struct timeline *workers, struct timeline *cpus,
    const struct recording *recording, uint64_t from_ns, uint64_t to_ns, uint64_t until_ns, int columns)
{
	struct timeline *primary = workers != NULL ? workers : cpus;
	struct scratch scratch, cpu_scratch;
	struct cpu_view_pass pass;
	struct window w;
	double ns_per_column;
	uint64_t shown_until;

	if (primary == NULL || columns < 1 || to_ns <= from_ns)
		return -1;
	if ((workers != NULL && ensure_memory(workers, recording->lane_count, columns) != 0) ||
	    (cpus != NULL && ensure_memory(cpus, recording->cpu_count, columns) != 0))
		return -1;
	for (struct timeline *t = primary; t != NULL; t = t == workers ? cpus : NULL) {
		t->view = t == workers ? TIMELINE_WORKERS : TIMELINE_CPUS;
		t->from_ns = from_ns;
		t->to_ns = to_ns;
	}
	scratch = carve(primary);
	ns_per_column = (double)(to_ns - from_ns) / columns;
	for (int c = 0; c <= columns; c++)
		scratch.bounds[c] = recording->origin_ns + from_ns + (uint64_t)(c * ns_per_column);
	scratch.bounds[columns] = recording->origin_ns + to_ns;
	w = (struct window){
		.until = until_ns > UINT64_MAX - recording->origin_ns ? UINT64_MAX : recording->origin_ns + until_ns,
		.columns = columns,
		.bounds = scratch.bounds,
	};
	shown_until = min_u64(recording->now_ns, w.until);
	if (cpus != NULL) {
		cpu_scratch = carve(cpus);
		start_cpu_view(cpus, &cpu_scratch);
		pass = (struct cpu_view_pass){ .timeline = cpus, .scratch = &cpu_scratch };
	}
	for (int lane = 0; lane < recording->lane_count; lane++) {
		const struct lane *l = &recording->lanes[lane];

		memset(scratch.columns, 0, (size_t)columns * sizeof *scratch.columns);
		pass.lane = lane;
		add_work(scratch.columns, &w, l, scratch.at_bounds, cpus != NULL ? count_cpu_time : NULL, &pass);
		if (workers == NULL)
			continue;
		add_lives(scratch.columns, &w, l);
		add_pending(scratch.columns, &w, l, shown_until);
		for (int column = 0; column < columns; column++)
			workers->cells[(size_t)lane * (size_t)columns + (size_t)column] =
			    classify(&scratch.columns[column]);
	}
	if (cpus != NULL)
		finish_cpu_view(cpus, &cpu_scratch, &w, shown_until);
	return 0;
}

int timeline_build_until(struct timeline *timeline, const struct recording *recording,
    enum timeline_view view, uint64_t from_ns, uint64_t to_ns, uint64_t until_ns, int columns)
{
	if (view == TIMELINE_WORKERS)
		return timeline_build_views(timeline, NULL, recording, from_ns, to_ns, until_ns, columns);
	return timeline_build_views(NULL, timeline, recording, from_ns, to_ns, until_ns, columns);
}

int timeline_build(struct timeline *timeline, const struct recording *recording,
    enum timeline_view view, uint64_t from_ns, uint64_t to_ns, int columns)
{
	return timeline_build_until(timeline, recording, view, from_ns, to_ns, TIMELINE_NO_LIMIT, columns);
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
			return e->cpu_time_ns * 2 >= e->duration_ns ? CELL_RUNNING : CELL_PREEMPTED;
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
