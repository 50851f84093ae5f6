/* recording.h: everything a run recorded, lane by lane, as the timeline and the renderers read it. */
#ifndef METACONC_RECORDING_H
#define METACONC_RECORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/trace.h"
#include "model/series.h"

/* One life of a lane: a thread or process from its start to its exit or crash. */
struct lane_life {
	uint64_t start_ns;
	uint64_t end_ns;   /* 0 while it is still alive */
	uint64_t os_id;    /* thread id or process id */
	uint8_t crash_reason; /* 0, or enum trace_crash_reason */
	uint8_t crash_detail; /* the signal number or exit status */
};

/* A lane's totals, in nanoseconds, over a span of its events. */
struct lane_sums {
	uint64_t running_ns;   /* CPU time in run intervals */
	uint64_t preempted_ns; /* wall time in run intervals without CPU time */
	uint64_t waiting_ns;
	uint64_t blocked_ns;
};

/* Events per mark: a lane keeps its totals every RECORDING_STRIDE events (see struct lane). */
#define RECORDING_STRIDE 16

/*
 * A lane is one worker. Most lanes have a single life; a decorator's lane
 * is a slot that successive threads reuse, one life each.
 */
struct lane {
	struct trace_event *events; /* in time order, never overlapping */
	size_t count, capacity;
	int cpus;                   /* the recording's cpu_count */
	/*
	 * Every RECORDING_STRIDE events, a mark: the lane's sums (4 words:
	 * running, preempted, waiting, blocked) and its running time on each CPU
	 * (cpus words) before that event. The totals at any instant are a mark
	 * and a walk of a few events, so a frame does not grow with the run.
	 */
	uint64_t *marks;
	size_t mark_capacity;
	struct lane_sums totals;    /* over every event */
	uint64_t *cpu_running;      /* running time on each CPU over every event, as its run intervals say */
	struct series held;         /* exact schedule: when this lane held which CPU (busy all along) */
	struct lane_life *lives;
	size_t life_count, life_capacity;
	uint64_t last_end_ns;       /* where the latest event ends */
};

/*
 * Where the lanes' CPU time comes from. Estimated: each run interval says
 * how much CPU time the worker used in it and on which CPU it ended; the
 * time is spread over the interval. Exact: the kernel's context switches
 * say who held each CPU from when to when (the `held` series of each lane,
 * and `other` for everyone else).
 */
enum recording_schedule {
	RECORDING_ESTIMATED,
	RECORDING_EXACT,
};

#define RECORDING_OTHER (-1)   /* a holder of a CPU that is not one of the lanes */
#define RECORDING_PROGRAMS 8   /* other programs named in a recording, the busiest first */

/* Another program that used the CPUs while the run ran (metaconc itself counts as one). */
struct recording_program {
	uint32_t pid;
	char command[16];          /* its name, as /proc/PID/comm says; "" if it had gone */
	uint64_t cpu_ns;           /* CPU time it used during the run */
};

struct recording {
	uint64_t id;         /* different for every recording this process made: memos key on it */
	struct lane *lanes;
	int lane_count;
	bool processes;      /* lanes are processes (else threads) */
	int cpu_count;       /* CPUs numbered 0..cpu_count-1 may appear */
	uint64_t origin_ns;  /* time zero of the timeline */
	uint64_t now_ns;     /* how far the recording reaches: the end of the run, or "now" while it runs */
	uint64_t dropped;    /* events lost to full rings */
	enum recording_schedule schedule;
	uint64_t schedule_until_ns; /* exact: the schedule is complete up to here (absolute ns) */
	uint64_t schedule_lost;     /* exact: context switches the kernel could not deliver */
	char schedule_why[160];     /* estimated: why it is not exact ("" if nobody tried) */
	struct series *other;       /* cpu_count series: when other programs held each CPU */
	struct recording_program programs[RECORDING_PROGRAMS];
	int program_count;
};

int recording_init(struct recording *recording, int lanes, int cpu_count, bool processes,
    uint64_t origin_ns);
void recording_free(struct recording *recording);
/* Adds an empty lane, for runs whose workers appear as they go. Returns its number, or -1. */
int recording_add_lane(struct recording *recording);
/*
 * Appends an event to its lane. Events of one lane must arrive in time order
 * and not overlap; one that does not is refused. Returns 0 or -1.
 */
int recording_append(struct recording *recording, const struct trace_event *event);
/*
 * Lengthens the lane's latest interval (run, wait or block) to end at end_ns,
 * with cpu_time_ns more CPU time if it is a run: a state that was sampled
 * again and had not changed (metaconc trace). Returns 0, or -1 if the lane's
 * latest event is not such an interval or end_ns is before its end.
 */
int recording_extend_last(struct recording *recording, int lane, uint64_t end_ns, uint64_t cpu_time_ns);
/* Ends a live lane as hung at `now_ns`, for a thread that stopped making progress. */
int recording_mark_hung(struct recording *recording, int lane, uint64_t now_ns);

/* What the first `overlap_ns` of event e add to a lane's totals (all of it: its duration). */
struct lane_sums recording_event_sums(const struct trace_event *e, uint64_t overlap_ns);
/* The lane's totals over everything it recorded. */
struct lane_sums recording_lane_totals(const struct lane *lane);
/*
 * The lane's totals from its start up to absolute time t. *hint is where
 * the search starts (the index the previous call left there, or a guess
 * beyond it, 0 at first) and where it ends: a good guess costs one look.
 */
struct lane_sums recording_sums_until(const struct lane *lane, uint64_t t, size_t *hint);
/*
 * The same, and the lane's running time on each CPU up to t as its run
 * intervals say (per_cpu[0..lane->cpus-1]; the estimate, see enum
 * recording_schedule).
 */
struct lane_sums recording_lane_until(const struct lane *lane, uint64_t t, size_t *hint, uint64_t *per_cpu);

/* The lane's life at or before time t (absolute ns), or NULL. */
const struct lane_life *recording_life_at(const struct lane *lane, uint64_t t);
/* The index of the first event of `lane` that ends after t (absolute ns). */
size_t recording_first_event_after(const struct lane *lane, uint64_t t);
/* True if the lane's latest life is still open (no exit, no crash). */
bool recording_lane_alive(const struct lane *lane);

/*
 * The schedule: who held which CPU from when to when.
 *
 * Any source may feed it: the engine's probe of the kernel's context
 * switches (engine/sched_probe.c), or `metaconc trace`. The easiest way is
 * that probe itself: sched_probe_start() as the run begins, then
 * sched_probe_poll() at each poll and sched_probe_finish() at the end. It
 * finds the lanes by the os_id of their lives (a thread's tid, or for a
 * recording of processes a pid) as they appear, and estimates from
 * /proc/stat where perf events are not permitted. A source of its own
 * follows these rules:
 *  - recording_set_schedule(RECORDING_EXACT) first, if the source knows
 *    every holder of every CPU; then recording_append_hold() for each span
 *    [start_ns, end_ns) a lane or another task held a CPU, in time order per
 *    CPU and per lane (spans that overlap the previous one are trimmed). A
 *    span of no holder is idle: append nothing for it. Holds of a lane
 *    outside its lives are not the lane's: give them RECORDING_OTHER.
 *  - recording_schedule_reaches(t) once every hold before t is appended: the
 *    timeline shows an exact recording only up to there.
 *  - A source that only knows how busy each CPU was in a span (for
 *    instance from /proc/stat) leaves the schedule estimated and calls
 *    recording_append_other() with the share that was not the lanes'.
 *  - programs[] names the busiest other programs, if the source knows them.
 */
void recording_set_schedule(struct recording *recording, enum recording_schedule schedule);
/* `holder` (a lane, or RECORDING_OTHER) held `cpu` over [start_ns, end_ns). Returns 0 or -1. */
int recording_append_hold(struct recording *recording, int cpu, uint64_t start_ns, uint64_t end_ns,
    int holder);
/* Other programs kept `cpu` busy for busy_ns within [start_ns, end_ns). Returns 0 or -1. */
int recording_append_other(struct recording *recording, int cpu, uint64_t start_ns, uint64_t end_ns,
    uint64_t busy_ns);
void recording_schedule_reaches(struct recording *recording, uint64_t t);
/* How far the timeline may show: now_ns, or for an exact schedule, as far as it is complete. */
uint64_t recording_shown_until(const struct recording *recording);
/* Time other programs held `cpu` within [from_ns, to_ns) (absolute). */
uint64_t recording_other_ns(const struct recording *recording, int cpu, uint64_t from_ns, uint64_t to_ns);
/* Time `lane` held each CPU within [from_ns, to_ns) as the schedule says (exact, or estimated). */
void recording_lane_cpu_ns(const struct recording *recording, int lane, uint64_t from_ns, uint64_t to_ns,
    uint64_t *per_cpu);

#endif
