/*
 * stats.c: the summary of a run, computed from its recording alone: wall
 * time, CPU time, what each CPU and each worker spent its time on, and how
 * much of each CPU other programs took.
 */
#include "model/stats.h"

#include <stdlib.h>
#include <string.h>

static void add_event(struct run_stats *stats, struct lane_stats *lane, const struct trace_event *e)
{
	uint64_t running;

	switch (e->kind) {
	case TRACE_RUN:
		running = e->cpu_time_ns < e->duration_ns ? e->cpu_time_ns : e->duration_ns;
		lane->running_ns += running;
		lane->preempted_ns += e->duration_ns - running;
		stats->cpu_ns += running;
		if (e->cpu >= 0 && e->cpu < stats->cpu_count && stats->schedule == RECORDING_ESTIMATED)
			stats->cpu_busy_ns[e->cpu] += running;
		break;
	case TRACE_WAIT:
		lane->waiting_ns += e->duration_ns;
		break;
	case TRACE_BLOCK:
		lane->blocked_ns += e->duration_ns;
		break;
	case TRACE_TASK_END:
		lane->tasks++;
		break;
	default:
		break;
	}
}

int stats_compute(const struct recording *recording, struct run_stats *stats)
{
	memset(stats, 0, sizeof *stats);
	stats->lanes = calloc((size_t)(recording->lane_count > 0 ? recording->lane_count : 1),
	    sizeof *stats->lanes);
	if (stats->lanes == NULL)
		return -1;
	stats->lane_count = recording->lane_count;
	stats->wall_ns = recording->now_ns - recording->origin_ns;
	stats->dropped = recording->dropped;
	stats->cpu_count = recording->cpu_count < STATS_MAX_CPUS ? recording->cpu_count : STATS_MAX_CPUS;
	stats->schedule = recording->schedule;
	for (int k = 0; k < stats->cpu_count; k++)
		stats->cpu_other_ns[k] = recording_other_ns(recording, k, recording->origin_ns, recording->now_ns);
	for (int i = 0; i < recording->lane_count; i++) {
		const struct lane *lane = &recording->lanes[i];
		struct lane_stats *ls = &stats->lanes[i];

		for (size_t k = 0; k < lane->count; k++)
			add_event(stats, ls, &lane->events[k]);
		stats->events += lane->count;
		if (stats->schedule == RECORDING_EXACT) {
			uint64_t held[recording->cpu_count];

			/* The time it held each CPU, as the kernel's context switches say. */
			recording_lane_cpu_ns(recording, i, recording->origin_ns, recording->now_ns, held);
			for (int k = 0; k < stats->cpu_count; k++)
				stats->cpu_busy_ns[k] += held[k];
		}
		ls->lives = (uint32_t)lane->life_count;
		if (lane->life_count == 0)
			continue;
		ls->os_id = lane->lives[lane->life_count - 1].os_id;
		for (size_t k = 0; k < lane->life_count; k++) {
			const struct lane_life *life = &lane->lives[k];

			if (life->crash_reason == 0)
				continue;
			if (ls->crashes++ == 0) {
				ls->crash_reason = life->crash_reason;
				ls->crash_detail = life->crash_detail;
				ls->crash_os_id = life->os_id;
			}
			if (life->crash_reason == TRACE_CRASH_HUNG)
				stats->hung++;
			else
				stats->crashed++;
		}
	}
	return 0;
}

void stats_free(struct run_stats *stats)
{
	free(stats->lanes);
	stats->lanes = NULL;
}

double stats_parallelism(const struct run_stats *stats)
{
	return stats->wall_ns ? (double)stats->cpu_ns / (double)stats->wall_ns : 0.0;
}

double stats_cpu_utilisation(const struct run_stats *stats, int cpu)
{
	if (stats->wall_ns == 0 || cpu < 0 || cpu >= stats->cpu_count)
		return 0.0;
	return (double)stats->cpu_busy_ns[cpu] / (double)stats->wall_ns;
}

double stats_other_load(const struct run_stats *stats, int cpu)
{
	double share;

	if (stats->wall_ns == 0 || cpu < 0 || cpu >= stats->cpu_count)
		return 0.0;
	share = (double)stats->cpu_other_ns[cpu] / (double)stats->wall_ns;
	return share < 1.0 ? share : 1.0;
}
