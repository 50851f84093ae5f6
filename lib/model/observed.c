/*
 * observed.c: the numbers of an observed program that every renderer shows
 * the same way: per process and in all, what its threads spent their lives
 * on, from the recording alone.
 */
#include "model/observed.h"

#include <string.h>

int observed_compute_stats(struct observed *observed)
{
	return stats_compute(observed->recording, &observed->stats);
}

void observed_free(struct observed *observed)
{
	stats_free(&observed->stats);
}

uint64_t observed_lane_start_ns(const struct observed *observed, int lane)
{
	const struct recording *recording = observed->recording;
	const struct lane *l = &recording->lanes[lane];

	if (l->life_count == 0 || l->lives[0].start_ns < recording->origin_ns)
		return 0;
	return l->lives[0].start_ns - recording->origin_ns;
}

bool observed_lane_end_ns(const struct observed *observed, int lane, uint64_t *end_ns)
{
	const struct recording *recording = observed->recording;
	const struct lane *l = &recording->lanes[lane];
	uint64_t end;

	if (l->life_count == 0) {
		*end_ns = 0;
		return false;
	}
	end = l->lives[l->life_count - 1].end_ns;
	*end_ns = (end != 0 ? end : l->last_end_ns) - recording->origin_ns;
	return end != 0;
}

/* Adds one lane to the sums. */
static void add_lane(struct observed_sums *sums, const struct observed *observed, int lane)
{
	struct lane_sums totals = recording_lane_totals(&observed->recording->lanes[lane]);
	uint64_t start = observed_lane_start_ns(observed, lane), end;

	observed_lane_end_ns(observed, lane, &end);
	sums->threads++;
	sums->running_ns += totals.running_ns;
	sums->preempted_ns += totals.preempted_ns;
	sums->waiting_ns += totals.waiting_ns;
	sums->blocked_ns += totals.blocked_ns;
	sums->lifetime_ns += end > start ? end - start : 0;
}

struct observed_sums observed_process_sums(const struct observed *observed, int process)
{
	struct observed_sums sums;

	memset(&sums, 0, sizeof sums);
	for (int lane = 0; lane < observed->tree->thread_count && lane < observed->recording->lane_count; lane++) {
		if (observed->tree->threads[lane].process == process)
			add_lane(&sums, observed, lane);
	}
	return sums;
}

struct observed_sums observed_all_sums(const struct observed *observed)
{
	struct observed_sums sums;

	memset(&sums, 0, sizeof sums);
	for (int lane = 0; lane < observed->tree->thread_count && lane < observed->recording->lane_count; lane++)
		add_lane(&sums, observed, lane);
	return sums;
}
