/*
 * recording.c: the run as it was recorded.
 *
 * The parent drains the workers' trace rings into a recording: per lane, the
 * events in time order and the lane's "lives" (from a worker's start to its
 * exit or crash). The timeline model, the summary and every renderer read
 * only this, so what is drawn is exactly what was recorded. A recording may be
 * read while it grows: during a live run one thread appends and draws.
 */
#include "recording.h"

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
	if (reserve_one((void **)&lane->events, lane->count, &lane->capacity, sizeof *lane->events) != 0)
		return -1;
	if (track_life(lane, event) != 0)
		return -1;
	lane->events[lane->count++] = *event;
	end = event->time_ns + event->duration_ns;
	if (event->kind != TRACE_CRASH && end > lane->last_end_ns)
		lane->last_end_ns = end;
	if (end > recording->now_ns)
		recording->now_ns = end;
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
