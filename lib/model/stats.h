/* stats.h: the numbers of a run, computed from its recording. */
#ifndef METACONC_STATS_H
#define METACONC_STATS_H

#include <stdint.h>

#include "model/recording.h"

#define STATS_MAX_CPUS 1024

struct lane_stats {
	uint64_t running_ns;   /* CPU time: really running */
	uint64_t preempted_ns; /* wall time in run slices without CPU time */
	uint64_t waiting_ns;   /* waiting for the GIL */
	uint64_t blocked_ns;   /* blocked in I/O */
	uint32_t tasks;        /* tasks finished */
	uint32_t lives;        /* threads or processes that ran in this lane */
	uint64_t os_id;        /* thread or process id of its latest life */
	uint32_t crashes;      /* lives that ended in a crash, a failure or a hang */
	uint8_t crash_reason;  /* of its first crashed life; 0 if none crashed */
	uint8_t crash_detail;  /* the signal number or exit status */
	uint64_t crash_os_id;  /* thread or process id of that life */
};

struct run_stats {
	uint64_t wall_ns;     /* from the start of the run to its end */
	uint64_t cpu_ns;      /* CPU time all workers used */
	int crashed;          /* lanes whose worker crashed or failed */
	int hung;             /* lanes whose worker hung */
	uint64_t events;
	uint64_t dropped;     /* events lost to full rings */
	int cpu_count;
	uint64_t cpu_busy_ns[STATS_MAX_CPUS]; /* CPU time our workers used on each CPU */
	uint64_t cpu_other_ns[STATS_MAX_CPUS]; /* time other programs held each CPU during the run */
	enum recording_schedule schedule;     /* where the per-CPU figures come from */
	int lane_count;
	struct lane_stats *lanes;
};

int stats_compute(const struct recording *recording, struct run_stats *stats);
void stats_free(struct run_stats *stats);
/* Average number of CPUs busy: CPU time over wall time. */
double stats_parallelism(const struct run_stats *stats);
/* Share of wall time CPU k was busy with our workers, 0..1. */
double stats_cpu_utilisation(const struct run_stats *stats, int cpu);
/* Share of wall time other programs held CPU k, 0..1. */
double stats_other_load(const struct run_stats *stats, int cpu);

#endif
