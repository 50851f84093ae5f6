/*
 * recording.c: the run as it was recorded.
 *
 * The parent drains the workers' trace rings into a recording: per lane, the
 * events in time order and the lane's "lives" (from a worker's start to its
 * exit or crash). Beside them, the schedule: when each lane, and any other
 * program, held which CPU (exact when the kernel told us, see recording.h).
 * The timeline model, the summary and every renderer read only this, so
 * what is drawn is exactly what was recorded. Every lane keeps marks of its
 * totals as it grows, so that the totals at any instant cost the same at a
 * thousand events as at ten million. A recording may be read while it
 * grows: during a live run one thread appends and draws.
 */
#include "model/recording.h"

#include <stdlib.h>
#include <string.h>

/* Sets up an empty lane for `cpus` CPUs. */
static int lane_init(struct lane *lane, int cpus)
{
	memset(lane, 0, sizeof *lane);
	lane->cpus = cpus;
	lane->cpu_running = calloc((size_t)cpus, sizeof *lane->cpu_running);
	if (lane->cpu_running == NULL || series_init(&lane->held, cpus) != 0)
		return -1;
	return 0;
}

static void lane_free(struct lane *lane)
{
	free(lane->events);
	free(lane->marks);
	free(lane->cpu_running);
	series_free(&lane->held);
	free(lane->lives);
}

int recording_init(struct recording *recording, int lanes, int cpu_count, bool processes,
    uint64_t origin_ns)
{
	static _Atomic uint64_t recordings;

	memset(recording, 0, sizeof *recording);
	recording->id = ++recordings;
	if (cpu_count < 1)
		cpu_count = 1;
	recording->cpu_count = cpu_count;
	recording->processes = processes;
	recording->origin_ns = origin_ns;
	recording->now_ns = origin_ns;
	recording->schedule = RECORDING_ESTIMATED;
	recording->lanes = calloc((size_t)(lanes > 0 ? lanes : 1), sizeof *recording->lanes);
	recording->other = calloc((size_t)cpu_count, sizeof *recording->other);
	if (recording->lanes == NULL || recording->other == NULL) {
		recording_free(recording);
		return -1;
	}
	for (int k = 0; k < cpu_count; k++) {
		if (series_init(&recording->other[k], 1) != 0) {
			recording_free(recording);
			return -1;
		}
	}
	for (int i = 0; i < lanes; i++) {
		recording->lane_count = i + 1;
		if (lane_init(&recording->lanes[i], cpu_count) != 0) {
			recording_free(recording);
			return -1;
		}
	}
	return 0;
}

void recording_free(struct recording *recording)
{
	for (int i = 0; i < recording->lane_count; i++)
		lane_free(&recording->lanes[i]);
	free(recording->lanes);
	if (recording->other != NULL) {
		for (int k = 0; k < recording->cpu_count; k++)
			series_free(&recording->other[k]);
	}
	free(recording->other);
	memset(recording, 0, sizeof *recording);
}

int recording_add_lane(struct recording *recording)
{
	struct lane *lanes = realloc(recording->lanes, (size_t)(recording->lane_count + 1) * sizeof *lanes);

	if (lanes == NULL)
		return -1;
	recording->lanes = lanes;
	if (lane_init(&lanes[recording->lane_count], recording->cpu_count) != 0) {
		lane_free(&lanes[recording->lane_count]);
		return -1;
	}
	return recording->lane_count++;
}

/* Grows an array to hold one more element; returns 0 or -1. */
static int reserve_one(void **array, size_t count, size_t *capacity, size_t element_size)
{
	size_t bigger;
	void *grown;

	if (count < *capacity)
		return 0;
	bigger = *capacity ? *capacity * 2 : 64;
	grown = realloc(*array, bigger * element_size);
	if (grown == NULL)
		return -1;
	*array = grown;
	*capacity = bigger;
	return 0;
}

/* Words of one mark of a lane: its four sums, then its running time per CPU. */
static size_t mark_words(const struct lane *lane)
{
	return 4 + (size_t)lane->cpus;
}

/* Grows a lane's events to hold one more, and writes a mark when one is due. */
static int reserve_event(struct lane *lane)
{
	size_t mark = lane->count / RECORDING_STRIDE;
	uint64_t *words;

	if (reserve_one((void **)&lane->events, lane->count, &lane->capacity, sizeof *lane->events) != 0)
		return -1;
	if (lane->count % RECORDING_STRIDE != 0)
		return 0;
	if (mark == lane->mark_capacity) {
		size_t bigger = lane->mark_capacity ? lane->mark_capacity * 2 : 8;
		uint64_t *grown = realloc(lane->marks, bigger * mark_words(lane) * sizeof *grown);

		if (grown == NULL)
			return -1;
		lane->marks = grown;
		lane->mark_capacity = bigger;
	}
	words = &lane->marks[mark * mark_words(lane)];
	words[0] = lane->totals.running_ns;
	words[1] = lane->totals.preempted_ns;
	words[2] = lane->totals.waiting_ns;
	words[3] = lane->totals.blocked_ns;
	memcpy(&words[4], lane->cpu_running, (size_t)lane->cpus * sizeof *lane->cpu_running);
	return 0;
}

struct lane_sums recording_event_sums(const struct trace_event *e, uint64_t overlap_ns)
{
	struct lane_sums sums = { 0 };
	uint64_t cpu_time;

	if (overlap_ns > e->duration_ns)
		overlap_ns = e->duration_ns;
	switch (e->kind) {
	case TRACE_RUN:
		/* CPU time is spread evenly over the interval: where in it the thread waited is not known. */
		cpu_time = e->cpu_time_ns < e->duration_ns ? e->cpu_time_ns : e->duration_ns;
		if (overlap_ns == e->duration_ns)
			sums.running_ns = cpu_time;
		else
			sums.running_ns = (uint64_t)((unsigned __int128)overlap_ns * cpu_time / e->duration_ns);
		sums.preempted_ns = overlap_ns - sums.running_ns;
		break;
	case TRACE_WAIT:
		sums.waiting_ns = overlap_ns;
		break;
	case TRACE_BLOCK:
		sums.blocked_ns = overlap_ns;
		break;
	default:
		break;
	}
	return sums;
}

static struct lane_sums add_sums(struct lane_sums a, struct lane_sums b)
{
	a.running_ns += b.running_ns;
	a.preempted_ns += b.preempted_ns;
	a.waiting_ns += b.waiting_ns;
	a.blocked_ns += b.blocked_ns;
	return a;
}

static struct lane_life *current_life(struct lane *lane)
{
	if (lane->life_count == 0 || lane->lives[lane->life_count - 1].end_ns != 0)
		return NULL;
	return &lane->lives[lane->life_count - 1];
}

static bool ended_in_crash(const struct lane *lane)
{
	return lane->life_count > 0 && lane->lives[lane->life_count - 1].crash_reason != 0;
}

/* Keeps the lane's lives up to date with a start, exit or crash. */
static int track_life(struct lane *lane, const struct trace_event *event)
{
	struct lane_life *life = current_life(lane);

	switch (event->kind) {
	case TRACE_WORKER_START:
		if (life != NULL) /* a restart without an exit: close the old life */
			life->end_ns = lane->last_end_ns > life->start_ns ? lane->last_end_ns : event->time_ns;
		if (reserve_one((void **)&lane->lives, lane->life_count, &lane->life_capacity,
		    sizeof *lane->lives) != 0)
			return -1;
		lane->lives[lane->life_count++] = (struct lane_life){
			.start_ns = event->time_ns,
			.os_id = event->os_id,
		};
		break;
	case TRACE_WORKER_EXIT:
		if (life != NULL)
			life->end_ns = event->time_ns > life->start_ns ? event->time_ns : life->start_ns + 1;
		break;
	case TRACE_CRASH:
		if (life != NULL) {
			/* It stopped doing anything when its last event ended, not when we noticed. */
			uint64_t end = lane->last_end_ns > life->start_ns ? lane->last_end_ns : life->start_ns + 1;

			life->end_ns = end;
			life->crash_reason = (uint8_t)event->reason;
			life->crash_detail = event->detail;
		}
		break;
	default:
		break;
	}
	return 0;
}

int recording_append(struct recording *recording, const struct trace_event *event)
{
	struct lane *lane;
	struct lane_sums sums;
	uint64_t end;

	if (event->worker >= recording->lane_count)
		return -1;
	lane = &recording->lanes[event->worker];
	if (ended_in_crash(lane) && event->kind != TRACE_WORKER_START)
		return 0; /* a crashed or hung worker's life is over: nothing more belongs to it */
	if (lane->count > 0 && event->time_ns < lane->last_end_ns)
		return -1; /* out of order, or overlapping the previous interval */
	if (reserve_event(lane) != 0 || track_life(lane, event) != 0)
		return -1;
	lane->events[lane->count++] = *event;
	sums = recording_event_sums(event, event->duration_ns);
	lane->totals = add_sums(lane->totals, sums);
	if (event->kind == TRACE_RUN && event->cpu >= 0 && event->cpu < lane->cpus)
		lane->cpu_running[event->cpu] += sums.running_ns;
	end = event->time_ns + event->duration_ns;
	if (event->kind != TRACE_CRASH && end > lane->last_end_ns)
		lane->last_end_ns = end;
	if (end > recording->now_ns)
		recording->now_ns = end;
	return 0;
}

int recording_extend_last(struct recording *recording, int lane, uint64_t end_ns, uint64_t cpu_time_ns)
{
	struct lane_sums before, after;
	struct lane *l;
	struct trace_event *last;

	if (lane < 0 || lane >= recording->lane_count)
		return -1;
	l = &recording->lanes[lane];
	if (l->count == 0)
		return -1;
	last = &l->events[l->count - 1];
	if ((last->kind != TRACE_RUN && last->kind != TRACE_WAIT && last->kind != TRACE_BLOCK) ||
	    end_ns < last->time_ns + last->duration_ns)
		return -1;
	before = recording_event_sums(last, last->duration_ns);
	last->duration_ns = end_ns - last->time_ns;
	if (last->kind == TRACE_RUN)
		last->cpu_time_ns += cpu_time_ns;
	after = recording_event_sums(last, last->duration_ns);
	/* The marks hold totals before their events, never the latest: only the lane's totals change. */
	l->totals.running_ns += after.running_ns - before.running_ns;
	l->totals.preempted_ns += after.preempted_ns - before.preempted_ns;
	l->totals.waiting_ns += after.waiting_ns - before.waiting_ns;
	l->totals.blocked_ns += after.blocked_ns - before.blocked_ns;
	if (last->kind == TRACE_RUN && last->cpu >= 0 && last->cpu < l->cpus)
		l->cpu_running[last->cpu] += after.running_ns - before.running_ns;
	if (end_ns > l->last_end_ns)
		l->last_end_ns = end_ns;
	if (end_ns > recording->now_ns)
		recording->now_ns = end_ns;
	return 0;
}

int recording_mark_hung(struct recording *recording, int lane, uint64_t now_ns)
{
	struct trace_event crash = {
		.time_ns = now_ns,
		.reason = TRACE_CRASH_HUNG,
		.task = TRACE_NO_TASK,
		.worker = (uint16_t)lane,
		.cpu = TRACE_NO_CPU,
		.kind = TRACE_CRASH,
	};

	return recording_append(recording, &crash);
}

struct lane_sums recording_lane_totals(const struct lane *lane)
{
	return lane->totals;
}

static uint64_t event_end(const struct trace_event *e)
{
	return e->time_ns + e->duration_ns;
}

/* The index of the first event of the lane that ends after t, searched from `hint` forward or back. */
static size_t first_ending_after(const struct lane *lane, uint64_t t, size_t hint)
{
	size_t low, high;

	if (hint > lane->count)
		hint = lane->count;
	if (hint < lane->count && event_end(&lane->events[hint]) <= t) {
		/* After the hint: gallop forward (each step twice the last), then bisect. */
		low = hint + 1;
		high = low;
		for (size_t step = 1; high < lane->count && event_end(&lane->events[high]) <= t; step *= 2) {
			low = high + 1;
			high = low + step;
		}
		if (high > lane->count)
			high = lane->count;
	} else {
		/* At or before the hint: gallop back until an element ends at or before t. */
		high = hint;
		low = 0;
		for (size_t step = 1; high > 0; step *= 2) {
			size_t probe = high > step ? high - step : 0;

			if (event_end(&lane->events[probe]) <= t) {
				low = probe + 1;
				break;
			}
			high = probe;
		}
	}
	/* Ends are in time order too: nothing overlaps. */
	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (event_end(&lane->events[mid]) <= t)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

struct lane_sums recording_lane_until(const struct lane *lane, uint64_t t, size_t *hint, uint64_t *per_cpu)
{
	size_t first = first_ending_after(lane, t, *hint), mark;
	const uint64_t *words;
	struct lane_sums sums;

	*hint = first;
	if (lane->count == 0) {
		if (per_cpu != NULL)
			memset(per_cpu, 0, (size_t)lane->cpus * sizeof *per_cpu);
		return (struct lane_sums){ 0 };
	}
	mark = (first < lane->count ? first : lane->count - 1) / RECORDING_STRIDE; /* the last mark written */
	/* The mark before it, then the events from the mark on: whole, then the part of the last before t. */
	words = &lane->marks[mark * mark_words(lane)];
	sums = (struct lane_sums){ words[0], words[1], words[2], words[3] };
	if (per_cpu != NULL)
		memcpy(per_cpu, &words[4], (size_t)lane->cpus * sizeof *per_cpu);
	for (size_t i = mark * RECORDING_STRIDE; i <= first && i < lane->count; i++) {
		const struct trace_event *e = &lane->events[i];
		struct lane_sums part;

		if (e->time_ns >= t && i == first)
			break;
		part = recording_event_sums(e, i < first ? e->duration_ns : t - e->time_ns);
		sums = add_sums(sums, part);
		if (per_cpu != NULL && e->kind == TRACE_RUN && e->cpu >= 0 && e->cpu < lane->cpus)
			per_cpu[e->cpu] += part.running_ns;
	}
	return sums;
}

struct lane_sums recording_sums_until(const struct lane *lane, uint64_t t, size_t *hint)
{
	return recording_lane_until(lane, t, hint, NULL);
}

const struct lane_life *recording_life_at(const struct lane *lane, uint64_t t)
{
	const struct lane_life *found = NULL;

	for (size_t i = 0; i < lane->life_count && lane->lives[i].start_ns <= t; i++)
		found = &lane->lives[i];
	return found;
}

size_t recording_first_event_after(const struct lane *lane, uint64_t t)
{
	return first_ending_after(lane, t, 0);
}

bool recording_lane_alive(const struct lane *lane)
{
	return lane->life_count > 0 && lane->lives[lane->life_count - 1].end_ns == 0;
}

void recording_set_schedule(struct recording *recording, enum recording_schedule schedule)
{
	recording->schedule = schedule;
	recording->schedule_until_ns = recording->origin_ns;
}

int recording_append_hold(struct recording *recording, int cpu, uint64_t start_ns, uint64_t end_ns,
    int holder)
{
	if (cpu < 0 || cpu >= recording->cpu_count || holder < RECORDING_OTHER ||
	    holder >= recording->lane_count)
		return -1;
	if (holder == RECORDING_OTHER)
		return recording_append_other(recording, cpu, start_ns, end_ns, end_ns > start_ns ? end_ns - start_ns : 0);
	return series_append(&recording->lanes[holder].held, start_ns, end_ns,
	    end_ns > start_ns ? end_ns - start_ns : 0, cpu);
}

int recording_append_other(struct recording *recording, int cpu, uint64_t start_ns, uint64_t end_ns,
    uint64_t busy_ns)
{
	if (cpu < 0 || cpu >= recording->cpu_count)
		return -1;
	return series_append(&recording->other[cpu], start_ns, end_ns, busy_ns, 0);
}

void recording_schedule_reaches(struct recording *recording, uint64_t t)
{
	if (t > recording->schedule_until_ns)
		recording->schedule_until_ns = t;
}

uint64_t recording_shown_until(const struct recording *recording)
{
	if (recording->schedule == RECORDING_EXACT && recording->schedule_until_ns < recording->now_ns)
		return recording->schedule_until_ns > recording->origin_ns ? recording->schedule_until_ns :
		    recording->origin_ns;
	return recording->now_ns;
}

uint64_t recording_other_ns(const struct recording *recording, int cpu, uint64_t from_ns, uint64_t to_ns)
{
	uint64_t before, until;
	size_t hint = 0;

	if (cpu < 0 || cpu >= recording->cpu_count || to_ns <= from_ns)
		return 0;
	before = series_busy_until(&recording->other[cpu], from_ns, &hint, &(uint64_t){ 0 });
	until = series_busy_until(&recording->other[cpu], to_ns, &hint, &(uint64_t){ 0 });
	return until > before ? until - before : 0;
}

void recording_lane_cpu_ns(const struct recording *recording, int lane_number, uint64_t from_ns,
    uint64_t to_ns, uint64_t *per_cpu)
{
	const struct lane *lane = &recording->lanes[lane_number];
	uint64_t before[lane->cpus];
	size_t hint = 0;

	if (recording->schedule == RECORDING_EXACT) {
		series_busy_until(&lane->held, from_ns, &hint, before);
		series_busy_until(&lane->held, to_ns, &hint, per_cpu);
	} else {
		recording_lane_until(lane, from_ns, &hint, before);
		recording_lane_until(lane, to_ns, &hint, per_cpu);
	}
	for (int k = 0; k < lane->cpus; k++)
		per_cpu[k] = per_cpu[k] > before[k] ? per_cpu[k] - before[k] : 0;
}
