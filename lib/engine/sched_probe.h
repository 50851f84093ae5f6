/* sched_probe.h: who held each CPU during a run, from the kernel, into the run's recording. */
#ifndef METACONC_SCHED_PROBE_H
#define METACONC_SCHED_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "model/recording.h"

/*
 * Exact where the kernel allows it: perf events on every CPU report each
 * context switch (who left the CPU, who came, when), and the probe turns
 * them into the recording's schedule: when each lane, and every other task,
 * held which CPU. It needs CAP_PERFMON (or root), or
 * kernel.perf_event_paranoid at most 0.
 *
 * Estimated elsewhere, or when METACONC_SCHED=estimate: the lanes' CPU time
 * comes from their own run intervals, and other programs' share of each CPU
 * from /proc/stat (busy time less the lanes'), about ten times a second.
 *
 * Either way the probe names the programs that used the most CPU time
 * meanwhile (recording->programs), leaving out metaconc and what it
 * started. A lane is the thread (or process, for a recording of processes)
 * whose id its lives carry: the probe reads them from the recording as the
 * run goes, so it works for threads, forked pools and python3 alike.
 */
struct sched_probe;

#define SCHED_PROBE_LAG_NS (100 * 1000000ull) /* while live, the schedule is complete up to this long ago */

/* Starts watching for a run that will record into `recording` (its origin set). NULL if out of memory. */
struct sched_probe *sched_probe_start(struct recording *recording);
/* Takes in what the kernel reported since the last call; `now_ns` is CLOCK_MONOTONIC now. Never blocks. */
void sched_probe_poll(struct sched_probe *probe, uint64_t now_ns);
/* The run ended at end_ns: takes in the rest, closes every span there, names the busiest other programs. */
void sched_probe_finish(struct sched_probe *probe, uint64_t end_ns);
void sched_probe_free(struct sched_probe *probe);

#endif
