/*
 * recording.c: the run as it was recorded.
 *
 * The parent drains the workers' trace rings into a recording: per lane, the
 * events in time order and the lane's "lives" (from a worker's start to its
 * exit or crash). The timeline model, the summary and every renderer read
 * only this, so what is drawn is exactly what was recorded. A recording may be
 * read while it grows: during a live run one thread appends and draws.
 */
#include "model/recording.h"

#include <stdlib.h>
#include <string.h>

int recording_init(struct recording *recording, int lanes, int cpu_count, bool processes,
    uint64_t origin_ns)
{
	memset(recording, 0, sizeof *recording);
	recording->lanes = calloc((size_t)(lanes > 0 ? lanes : 1), sizeof *recording->lanes);
	if (recording->lanes == NULL)
		return -1;
	recording->lane_count = lanes;
	recording->cpu_count = cpu_count;
	recording->processes = processes;
	recording->origin_ns = origin_ns;
	recording->now_ns = origin_ns;
	return 0;
}

void recording_free(struct recording *recording)
{
	for (int i = 0; i < recording->lane_count; i++) {
		free(recording->lanes[i].events);
		free(recording->lanes[i].sums);
		free(recording->lanes[i].stretches);
		free(recording->lanes[i].lives);
	}
	free(recording->lanes);
	memset(recording, 0, sizeof *recording);
}

int recording_add_lane(struct recording *recording)
{
	struct lane *lanes = realloc(recording->lanes, (size_t)(recording->lane_count + 1) * sizeof *lanes);

	if (lanes == NULL)
		return -1;
	recording->lanes = lanes;
	memset(&lanes[recording->lane_count], 0, sizeof lanes[0]);
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

/* Grows a lane's events, and its running sums with them, to hold one more. */
static int reserve_event(struct lane *lane)
{
	size_t bigger;
	struct trace_event *events;
	struct lane_sums *sums;

	if (lane->count < lane->capacity)
		return 0;
	bigger = lane->capacity ? lane->capacity * 2 : 64;
	events = realloc(lane->events, bigger * sizeof *events);
	if (events == NULL)
		return -1;
	lane->events = events;
	sums = realloc(lane->sums, (bigger + 1) * sizeof *sums);
	if (sums == NULL)
		return -1;
	if (lane->sums == NULL)
		memset(&sums[0], 0, sizeof sums[0]);
	lane->sums = sums;
	lane->capacity = bigger;
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
		sums.running_ns = e->duration_ns == 0 ? 0 :
		    (uint64_t)((unsigned __int128)overlap_ns * cpu_time / e->duration_ns);
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

/* A run interval on another CPU than the previous one starts a new stretch. */
static int track_stretch(struct lane *lane, const struct trace_event *event, size_t index)
{
	if (event->kind != TRACE_RUN)
		return 0;
	if (lane->stretch_count > 0 && lane->stretches[lane->stretch_count - 1].cpu == event->cpu)
		return 0;
	if (reserve_one((void **)&lane->stretches, lane->stretch_count, &lane->stretch_capacity,
	    sizeof *lane->stretches) != 0)
		return -1;
	lane->stretches[lane->stretch_count++] = (struct cpu_stretch){
		.start_ns = event->time_ns,
		.running_before_ns = lane->sums[index].running_ns,
		.first_event = index,
		.cpu = event->cpu,
	};
	return 0;
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
	uint64_t end;

	if (event->worker >= recording->lane_count)
		return -1;
	lane = &recording->lanes[event->worker];
	if (ended_in_crash(lane) && event->kind != TRACE_WORKER_START)
		return 0; /* a crashed or hung worker's life is over: nothing more belongs to it */
	if (lane->count > 0 && event->time_ns < lane->last_end_ns)
		return -1; /* out of order, or overlapping the previous interval */
	if (reserve_event(lane) != 0 || track_stretch(lane, event, lane->count) != 0 ||
	    track_life(lane, event) != 0)
		return -1;
	lane->events[lane->count] = *event;
	lane->sums[lane->count + 1] = add_sums(lane->sums[lane->count],
	    recording_event_sums(event, event->duration_ns));
	lane->count++;
	end = event->time_ns + event->duration_ns;
	if (event->kind != TRACE_CRASH && end > lane->last_end_ns)
		lane->last_end_ns = end;
	if (end > recording->now_ns)
		recording->now_ns = end;
	return 0;
}

int recording_extend_last(struct recording *recording, int lane, uint64_t end_ns, uint64_t cpu_time_ns)
{
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
	last->duration_ns = end_ns - last->time_ns;
	if (last->kind == TRACE_RUN)
		last->cpu_time_ns += cpu_time_ns;
	/* Only the latest running total covers it; the stretches keep their starts. */
	l->sums[l->count] = add_sums(l->sums[l->count - 1], recording_event_sums(last, last->duration_ns));
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
	if (lane->count == 0)
		return (struct lane_sums){ 0 };
	return lane->sums[lane->count];
}

static uint64_t event_end(const struct trace_event *e)
{
	return e->time_ns + e->duration_ns;
}

struct lane_sums recording_sums_until(const struct lane *lane, uint64_t t, size_t *hint)
{
	size_t low = *hint, high;
	struct lane_sums sums;

	if (lane->count == 0) {
		*hint = 0;
		return (struct lane_sums){ 0 };
	}
	if (low > lane->count)
		low = lane->count;
	/* Gallop from the hint (later calls look a little further on), then bisect. */
	high = low;
	for (size_t step = 1; high < lane->count && event_end(&lane->events[high]) <= t; step *= 2) {
		low = high + 1;
		high = low + step;
	}
	if (high > lane->count)
		high = lane->count;
	/* The first event that ends after t: everything before it is whole in the sums. */
	while (low < high) {
		size_t mid = low + (high - low) / 2;
		const struct trace_event *e = &lane->events[mid];

		if (event_end(e) <= t)
			low = mid + 1;
		else
			high = mid;
	}
	*hint = low;
	sums = lane->sums[low];
	if (low < lane->count && lane->events[low].time_ns < t)
		sums = add_sums(sums, recording_event_sums(&lane->events[low], t - lane->events[low].time_ns));
	return sums;
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
	size_t low = 0, high = lane->count;

	/* Events do not overlap within a lane, so their ends are in order too. */
	while (low < high) {
		size_t mid = low + (high - low) / 2;
		const struct trace_event *e = &lane->events[mid];

		if (e->time_ns + e->duration_ns <= t)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

bool recording_lane_alive(const struct lane *lane)
{
	return lane->life_count > 0 && lane->lives[lane->life_count - 1].end_ns == 0;
}
