/* recording.h: everything a run recorded, lane by lane, as the timeline and the renderers read it. */
#ifndef METACONC_RECORDING_H
#define METACONC_RECORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/trace.h"

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

/*
 * Consecutive run intervals on one CPU: where a lane's running time went.
 * It keeps copies of its start and of the lane's running total there, so
 * that the timeline walks the stretches alone, without a jump into the
 * events for each (a cache miss each, at a million events).
 */
struct cpu_stretch {
	uint64_t start_ns;          /* when its first run event starts */
	uint64_t running_before_ns; /* the lane's running time before it: sums[first_event].running_ns */
	size_t first_event;         /* index of the stretch's first run event */
	int16_t cpu;
};

/*
 * A lane is one worker. Most lanes have a single life; a decorator's lane
 * is a slot that successive threads reuse, one life each.
 */
struct lane {
	struct trace_event *events; /* in time order, never overlapping */
	size_t count, capacity;
	struct lane_sums *sums;     /* sums[i]: totals of events[0..i); count + 1 of them */
	struct cpu_stretch *stretches;
	size_t stretch_count, stretch_capacity;
	struct lane_life *lives;
	size_t life_count, life_capacity;
	uint64_t last_end_ns;       /* where the latest event ends */
};

struct recording {
	struct lane *lanes;
	int lane_count;
	bool processes;      /* lanes are processes (else threads) */
	int cpu_count;       /* CPUs numbered 0..cpu_count-1 may appear */
	uint64_t origin_ns;  /* time zero of the timeline */
	uint64_t now_ns;     /* how far the recording reaches: the end of the run, or "now" while it runs */
	uint64_t dropped;    /* events lost to full rings */
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
/* The lane's totals from its start up to absolute time t; *hint speeds up increasing t (start at 0). */
struct lane_sums recording_sums_until(const struct lane *lane, uint64_t t, size_t *hint);

/* The lane's life at or before time t (absolute ns), or NULL. */
const struct lane_life *recording_life_at(const struct lane *lane, uint64_t t);
/* The index of the first event of `lane` that ends after t (absolute ns). */
size_t recording_first_event_after(const struct lane *lane, uint64_t t);
/* True if the lane's latest life is still open (no exit, no crash). */
bool recording_lane_alive(const struct lane *lane);

#endif
