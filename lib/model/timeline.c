/*
 * timeline.c: what the picture shows, computed from what was recorded.
 *
 * A window of time is cut into columns. For each lane and column, the model
 * adds up the nanoseconds the lane spent in each state, and the cell takes
 * the state that filled most of it. The recording keeps marks of its
 * running totals, so a column costs a search and a short walk whether it
 * holds one event or a million: a frame stays cheap however long the run.
 *
 * Where the lanes' CPU time comes from depends on the recording's schedule.
 * Exact: the kernel said when each lane held which CPU, and the time in run
 * intervals it did not hold one is preempted. Estimated: a run interval of
 * wall time D in which the thread used C of CPU time counts C as running
 * and D - C as preempted, and the CPU is the one it ended on. A cell where a
 * worker ran only part of the time (but at least an eighth) says so: it is
 * "partly running", not "preempted".
 *
 * The CPU view turns it around: for each CPU and column, who held it. A
 * worker is named only if it held the CPU for over half of the column, and
 * then its own cell is running on that CPU: the two views never contradict.
 * Otherwise the CPU was shared by our workers, held by other programs, or
 * idle, whichever took most of the column. Pure functions: no I/O and no
 * terminal here.
 */
#include "model/timeline.h"

#include <stdbool.h>
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

struct window {
	uint64_t shown;      /* absolute ns: nothing after it is shown (the playhead, or the recording's end) */
	int columns;
	int cpus;
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

/* Column c's boundary, clipped to what is shown. */
static uint64_t bound(const struct window *w, int c)
{
	return min_u64(w->bounds[c], w->shown);
}

/* Adds the time [a, b) spends in each column to the member at `offset` of column_sums. */
static void add_span(struct column_sums *columns, const struct window *w, uint64_t a, uint64_t b,
    size_t offset)
{
	int column = 0;

	b = min_u64(b, w->shown);
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
static void add_pending(struct column_sums *columns, const struct window *w, const struct lane *lane)
{
	const struct trace_event *last;

	if (lane->count == 0 || !recording_lane_alive(lane))
		return;
	last = &lane->events[lane->count - 1];
	if (last->kind == TRACE_WAIT_BEGIN)
		add_span(columns, w, last->time_ns, w->shown, offsetof(struct column_sums, work.waiting_ns));
	else if (last->kind == TRACE_BLOCK_BEGIN)
		add_span(columns, w, last->time_ns, w->shown, offsetof(struct column_sums, work.blocked_ns));
	else
		return;
	add_span(columns, w, last->time_ns, w->shown, offsetof(struct column_sums, alive));
}

/* The scratch memory of a build, carved into its parts. */
struct scratch {
	uint64_t *bounds;             /* columns + 1 */
	uint64_t *column_cpu;         /* columns * cpus: its running time per CPU in each column */
	struct column_sums *columns;  /* columns */
	struct timeline_cell *row;    /* columns: the lane's cells, when only the CPU view is wanted */
	uint64_t *busy;               /* cpus * columns: our workers' time on each CPU */
	uint64_t *best;               /* cpus * columns: the named worker's time there */
	uint64_t *other;              /* cpus * columns: other programs' time there */
};

/* Bytes of scratch a build of `columns` columns over `cpus` CPUs needs. */
static size_t scratch_bytes(int columns, int cpus)
{
	size_t c = (size_t)columns, k = (size_t)cpus;

	return (c + 1) * sizeof(uint64_t) + c * k * sizeof(uint64_t) + c * sizeof(struct column_sums) +
	    c * sizeof(struct timeline_cell) + 3 * k * c * sizeof(uint64_t) + 8 * sizeof(uint64_t);
}

static struct scratch carve(uint64_t *memory, int columns, int cpus)
{
	struct scratch s;
	char *p = (char *)memory;
	size_t c = (size_t)columns, k = (size_t)cpus;

	/* Largest alignment first: every part is a multiple of 8 bytes except the cells, which go last. */
	s.bounds = (uint64_t *)p;
	p += (c + 1) * sizeof(uint64_t);
	s.column_cpu = (uint64_t *)p;
	p += c * k * sizeof(uint64_t);
	s.busy = (uint64_t *)p;
	s.best = s.busy + k * c;
	s.other = s.best + k * c;
	p += 3 * k * c * sizeof(uint64_t);
	s.columns = (struct column_sums *)p;
	p += c * sizeof(struct column_sums);
	s.row = (struct timeline_cell *)p;
	return s;
}

static int ensure_cells(struct timeline *timeline, int lanes, int columns)
{
	size_t cells = (size_t)(lanes > 0 ? lanes : 1) * (size_t)columns;

	if (cells > timeline->cell_capacity) {
		struct timeline_cell *grown = realloc(timeline->cells, cells * sizeof *grown);

		if (grown == NULL)
			return -1;
		timeline->cells = grown;
		timeline->cell_capacity = cells;
	}
	timeline->lanes = lanes;
	timeline->columns = columns;
	return 0;
}

static int ensure_scratch(struct timeline *timeline, int columns, int cpus)
{
	size_t words = (scratch_bytes(columns, cpus) + sizeof(uint64_t) - 1) / sizeof(uint64_t);

	if (words > timeline->scratch_size) {
		uint64_t *grown = realloc(timeline->scratch, words * sizeof *grown);

		if (grown == NULL)
			return -1;
		timeline->scratch = grown;
		timeline->scratch_size = words;
	}
	return 0;
}

/*
 * The memo: for one window of one recording, each lane's totals (and
 * running time per CPU) at each column boundary, and other programs' time
 * on each CPU there. A boundary's totals are final once the recording
 * reaches past it (events, holds and other programs' pieces are only ever
 * appended after their series' end), so a build reuses every final one and
 * looks up the rest. A new window, recording or schedule starts it afresh.
 */
struct timeline_memo {
	uint64_t recording;          /* its id */
	uint64_t origin_ns, from_ns, to_ns;
	int columns, lanes, cpus;
	enum recording_schedule schedule;
	size_t capacity;             /* bytes of `memory` */
	char *memory;
	struct lane_memo *lane;      /* per lane */
	struct other_memo *other;    /* per CPU */
};

struct lane_memo {
	int final;                   /* boundaries 0..final-1 hold final totals */
	size_t hint, step, held_hint, held_step; /* where the searches stood at boundary `final` */
	struct lane_sums *at;        /* columns + 1 */
	uint64_t *cpu_at;            /* (columns + 1) * cpus */
};

struct other_memo {
	int final;
	size_t hint, step;
	uint64_t *at;                /* columns + 1 */
};

/* Sizes of the memo's parts, rounded to 8 bytes. */
static size_t memo_bytes(int lanes, int columns, int cpus)
{
	size_t bounds = (size_t)columns + 1, k = (size_t)cpus;

	return (size_t)lanes * (sizeof(struct lane_memo) + bounds * sizeof(struct lane_sums) +
	    bounds * k * sizeof(uint64_t)) + k * (sizeof(struct other_memo) + bounds * sizeof(uint64_t));
}

/* The memo of this window, kept from the last build if it is the same one, else started afresh. */
static struct timeline_memo *memo_for(struct timeline *timeline, const struct recording *recording,
    uint64_t from_ns, uint64_t to_ns, int columns)
{
	struct timeline_memo *m = timeline->memo;
	int lanes = recording->lane_count, cpus = recording->cpu_count;
	size_t need = memo_bytes(lanes, columns, cpus), bounds = (size_t)columns + 1;
	char *p;

	if (m == NULL && (m = timeline->memo = calloc(1, sizeof *m)) == NULL)
		return NULL;
	if (m->recording == recording->id && m->origin_ns == recording->origin_ns && m->from_ns == from_ns &&
	    m->to_ns == to_ns && m->columns == columns && m->lanes == lanes && m->cpus == cpus &&
	    m->schedule == recording->schedule)
		return m;
	if (need > m->capacity) {
		char *grown = realloc(m->memory, need);

		if (grown == NULL)
			return NULL;
		m->memory = grown;
		m->capacity = need;
	}
	memset(m->memory, 0, need);
	*m = (struct timeline_memo){
		.recording = recording->id, .origin_ns = recording->origin_ns, .from_ns = from_ns, .to_ns = to_ns,
		.columns = columns, .lanes = lanes, .cpus = cpus, .schedule = recording->schedule,
		.capacity = m->capacity, .memory = m->memory,
	};
	p = m->memory;
	m->lane = (struct lane_memo *)p;
	p += (size_t)lanes * sizeof(struct lane_memo);
	m->other = (struct other_memo *)p;
	p += (size_t)cpus * sizeof(struct other_memo);
	for (int i = 0; i < lanes; i++) {
		m->lane[i].at = (struct lane_sums *)p;
		p += bounds * sizeof(struct lane_sums);
		m->lane[i].cpu_at = (uint64_t *)p;
		p += bounds * (size_t)cpus * sizeof(uint64_t);
	}
	for (int k = 0; k < cpus; k++) {
		m->other[k].at = (uint64_t *)p;
		p += bounds * sizeof(uint64_t);
	}
	return m;
}

/* Until where a lane's totals can no longer change: the end of what it recorded (and held). */
static uint64_t lane_final_until(const struct lane *lane, bool exact)
{
	if (exact && lane->held.end_ns < lane->last_end_ns)
		return lane->held.end_ns;
	return lane->last_end_ns;
}

/*
 * A lane's totals before each column boundary (a search and a short walk
 * each, recording.c), from the memo where they are final. Columns are
 * equally wide, so each search starts about as many events on as the last
 * one went. Boundaries past what is shown all get the totals at `shown`.
 */
static void lane_bounds(struct lane_memo *lm, const struct window *w, const struct lane *lane, bool exact)
{
	uint64_t final_until = lane_final_until(lane, exact);
	int cpus = w->cpus;

	while (lm->final > 0 && w->bounds[lm->final - 1] > w->shown)
		lm->final--; /* a playhead before them: they are shown cut there, not final */
	for (int c = lm->final; c <= w->columns; c++) {
		uint64_t *per_cpu = &lm->cpu_at[(size_t)c * (size_t)cpus];
		size_t found = lm->hint + lm->step;

		if (c > lm->final && w->bounds[c - 1] >= w->shown) {
			lm->at[c] = lm->at[c - 1]; /* past what is shown: nothing more */
			memcpy(per_cpu, per_cpu - cpus, (size_t)cpus * sizeof *per_cpu);
			continue;
		}
		lm->at[c] = recording_lane_until(lane, bound(w, c), &found, exact ? NULL : per_cpu);
		lm->step = c > 0 && found > lm->hint ? found - lm->hint : 0;
		lm->hint = found;
		if (exact) {
			found = lm->held_hint + lm->held_step;
			series_busy_until(&lane->held, bound(w, c), &found, per_cpu);
			lm->held_step = c > 0 && found > lm->held_hint ? found - lm->held_hint : 0;
			lm->held_hint = found;
		}
		if (c == lm->final && w->bounds[c] <= final_until && w->bounds[c] <= w->shown)
			lm->final++;
	}
}

/*
 * Sums a lane's work over every column at once: the differences of its
 * totals at the column boundaries. Running time per CPU comes from the
 * exact schedule when the recording has one, and then run-interval time it
 * did not hold a CPU is preempted; else from its run intervals.
 */
static void add_work(struct column_sums *columns, struct scratch *s, const struct window *w,
    const struct lane_memo *lm, bool exact)
{
	int cpus = w->cpus;

	for (int c = 0; c < w->columns; c++) {
		const struct lane_sums *a = &lm->at[c], *b = &lm->at[c + 1];
		const uint64_t *before = &lm->cpu_at[(size_t)c * (size_t)cpus];
		const uint64_t *after = before + cpus;
		uint64_t *in_column = &s->column_cpu[(size_t)c * (size_t)cpus];
		struct column_sums *column = &columns[c];
		uint64_t held = 0;

		column->work.running_ns = minus(b->running_ns, a->running_ns);
		column->work.preempted_ns = minus(b->preempted_ns, a->preempted_ns);
		column->work.waiting_ns = minus(b->waiting_ns, a->waiting_ns);
		column->work.blocked_ns = minus(b->blocked_ns, a->blocked_ns);
		column->best_cpu = -1;
		for (int k = 0; k < cpus; k++) {
			in_column[k] = minus(after[k], before[k]);
			held += in_column[k];
			if (in_column[k] > column->best_cpu_ns) {
				column->best_cpu_ns = in_column[k];
				column->best_cpu = (int16_t)k;
			}
		}
		if (exact) {
			uint64_t in_runs = column->work.running_ns + column->work.preempted_ns;

			column->work.running_ns = held;
			column->work.preempted_ns = minus(in_runs, held);
		}
	}
}

/* The state that filled most of the cell; on a tie, the first in this order. */
static struct timeline_cell classify(const struct column_sums *s, uint64_t width)
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
	/* Mostly waiting for a CPU, but it did run: say so rather than hide it. */
	if (cell.state == CELL_PREEMPTED && s->work.running_ns > 0 && s->work.running_ns * 8 >= width)
		cell.state = CELL_PARTIAL;
	if (cell.state == CELL_RUNNING)
		cell.cpu = s->best_cpu;
	return cell;
}

/* Adds one lane's running time per CPU in each column to the CPU view, naming it where it qualifies. */
static void count_cpu_time(struct timeline *cpus, struct scratch *s, const struct window *w,
    const struct timeline_cell *row, int lane)
{
	for (int c = 0; c < w->columns; c++) {
		const uint64_t *in_column = &s->column_cpu[(size_t)c * (size_t)w->cpus];

		for (int k = 0; k < w->cpus && k < cpus->lanes; k++) {
			size_t cell = (size_t)k * (size_t)w->columns + (size_t)c;

			if (in_column[k] == 0)
				continue;
			s->busy[cell] += in_column[k];
			if (row[c].state == CELL_RUNNING && row[c].cpu == k && in_column[k] > s->best[cell]) {
				s->best[cell] = in_column[k];
				cpus->cells[cell].worker = (int16_t)lane;
			}
		}
	}
}

static void start_cpu_view(struct timeline *cpus, struct scratch *s, const struct window *w)
{
	size_t cells = (size_t)cpus->lanes * (size_t)w->columns;

	memset(s->busy, 0, 3 * (size_t)w->cpus * (size_t)w->columns * sizeof *s->busy);
	for (size_t i = 0; i < cells; i++)
		cpus->cells[i] = (struct timeline_cell){ .state = CELL_IDLE, .cpu = -1, .worker = -1 };
}

/* Other programs' time on each CPU in each column, from the memo where it is final. */
static void add_other(struct scratch *s, const struct window *w, const struct recording *recording,
    struct timeline_memo *memo)
{
	for (int k = 0; k < w->cpus && k < recording->cpu_count; k++) {
		const struct series *other = &recording->other[k];
		struct other_memo *om = &memo->other[k];

		while (om->final > 0 && w->bounds[om->final - 1] > w->shown)
			om->final--;
		for (int c = om->final; c <= w->columns; c++) {
			size_t found = om->hint + om->step;

			if (c > om->final && w->bounds[c - 1] >= w->shown) {
				om->at[c] = om->at[c - 1];
				continue;
			}
			om->at[c] = series_busy_until(other, bound(w, c), &found, &(uint64_t){ 0 });
			om->step = c > 0 && found > om->hint ? found - om->hint : 0;
			om->hint = found;
			if (c == om->final && w->bounds[c] <= other->end_ns && w->bounds[c] <= w->shown)
				om->final++;
		}
		for (int c = 0; c < w->columns; c++)
			s->other[(size_t)k * (size_t)w->columns + (size_t)c] = minus(om->at[c + 1], om->at[c]);
	}
}

/* Each CPU cell: the named worker, our workers in turn, other programs or idle, whichever took most. */
static void finish_cpu_view(struct timeline *cpus, struct scratch *s, const struct window *w)
{
	for (int k = 0; k < cpus->lanes; k++) {
		for (int c = 0; c < w->columns; c++) {
			size_t i = (size_t)k * (size_t)w->columns + (size_t)c;
			struct timeline_cell *cell = &cpus->cells[i];
			uint64_t known = minus(bound(w, c + 1), w->bounds[c]);
			uint64_t ours = k < w->cpus ? s->busy[i] : 0, other = k < w->cpus ? s->other[i] : 0;
			uint64_t idle = minus(known, ours + other);

			cell->cpu = (int16_t)k;
			if (w->bounds[c] >= w->shown)
				*cell = (struct timeline_cell){ .state = CELL_EMPTY, .cpu = -1, .worker = -1 };
			else if (ours > 0 && ours >= other && ours >= idle)
				cell->state = cell->worker >= 0 && s->best[i] * 2 > known ? CELL_RUNNING : CELL_SHARED;
			else if (other > 0 && other >= idle)
				cell->state = CELL_OTHER;
			else
				cell->state = CELL_IDLE;
			if (cell->state != CELL_RUNNING)
				cell->worker = -1;
		}
	}
}

int timeline_build_views(struct timeline *workers, struct timeline *cpus,
    const struct recording *recording, uint64_t from_ns, uint64_t to_ns, uint64_t until_ns, int columns)
{
	struct timeline *primary = workers != NULL ? workers : cpus;
	bool exact = recording->schedule == RECORDING_EXACT;
	struct timeline_memo *memo;
	struct scratch s;
	struct window w;
	double ns_per_column;
	uint64_t until;

	if (primary == NULL || columns < 1 || to_ns <= from_ns)
		return -1;
	if ((workers != NULL && ensure_cells(workers, recording->lane_count, columns) != 0) ||
	    (cpus != NULL && ensure_cells(cpus, recording->cpu_count, columns) != 0) ||
	    ensure_scratch(primary, columns, recording->cpu_count) != 0 ||
	    (memo = memo_for(primary, recording, from_ns, to_ns, columns)) == NULL)
		return -1;
	for (struct timeline *t = primary; t != NULL; t = t == workers ? cpus : NULL) {
		t->view = t == workers ? TIMELINE_WORKERS : TIMELINE_CPUS;
		t->from_ns = from_ns;
		t->to_ns = to_ns;
	}
	s = carve(primary->scratch, columns, recording->cpu_count);
	ns_per_column = (double)(to_ns - from_ns) / columns;
	for (int c = 0; c <= columns; c++)
		s.bounds[c] = recording->origin_ns + from_ns + (uint64_t)(c * ns_per_column);
	s.bounds[columns] = recording->origin_ns + to_ns;
	until = until_ns > UINT64_MAX - recording->origin_ns ? UINT64_MAX : recording->origin_ns + until_ns;
	w = (struct window){
		.shown = min_u64(recording_shown_until(recording), until),
		.columns = columns,
		.cpus = recording->cpu_count,
		.bounds = s.bounds,
	};
	if (cpus != NULL) {
		start_cpu_view(cpus, &s, &w);
		add_other(&s, &w, recording, memo);
	}
	for (int lane = 0; lane < recording->lane_count; lane++) {
		const struct lane *l = &recording->lanes[lane];
		struct timeline_cell *row = workers != NULL ? &workers->cells[(size_t)lane * (size_t)columns] : s.row;

		memset(s.columns, 0, (size_t)columns * sizeof *s.columns);
		lane_bounds(&memo->lane[lane], &w, l, exact);
		add_work(s.columns, &s, &w, &memo->lane[lane], exact);
		add_lives(s.columns, &w, l);
		add_pending(s.columns, &w, l);
		for (int c = 0; c < columns; c++)
			row[c] = classify(&s.columns[c], minus(bound(&w, c + 1), s.bounds[c]));
		if (cpus != NULL)
			count_cpu_time(cpus, &s, &w, row, lane);
	}
	if (cpus != NULL)
		finish_cpu_view(cpus, &s, &w);
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
	if (timeline->memo != NULL)
		free(timeline->memo->memory);
	free(timeline->memo);
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
	if (recording->schedule == RECORDING_EXACT) {
		const struct series_piece *held = series_piece_at(&lane->held, t);

		if (held != NULL) {
			*cpu = held->cpu;
			return CELL_RUNNING;
		}
	}
	for (i = recording_first_event_after(lane, t); i < lane->count; i++) {
		const struct trace_event *e = &lane->events[i];

		if (e->time_ns > t)
			break;
		if (e->kind == TRACE_RUN && recording->schedule == RECORDING_EXACT)
			return CELL_PREEMPTED; /* in a run interval, and it held no CPU */
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
		[CELL_PARTIAL] = "partly running",
		[CELL_PREEMPTED] = "preempted",
		[CELL_WAITING] = "waiting for the GIL",
		[CELL_BLOCKED] = "blocked in I/O",
		[CELL_DONE] = "done",
		[CELL_CRASHED] = "crashed",
		[CELL_SHARED] = "shared by our workers",
		[CELL_OTHER] = "other programs",
	};

	return (unsigned)state < CELL_STATE_COUNT ? names[state] : "?";
}
