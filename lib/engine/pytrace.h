/* pytrace.h: a Python run's protocol lines, checked against each other and turned into a recording. */
#ifndef METACONC_PYTRACE_H
#define METACONC_PYTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/pyproto.h"
#include "model/recording.h"
#include "techniques/technique.h"

#define PYTRACE_MAX_LANES 64            /* as many as --workers allows */
#define PYTRACE_MAX_EVENTS (1u << 20)   /* beyond this, events are dropped and counted */
#define PYTRACE_MIN_WAIT_NS 50000ull    /* shorter sleeps in a slice are clock noise */

/* The thread (or process) that owns a lane now. */
struct pytrace_lane {
	uint32_t pid;
	uint32_t tid;
	uint32_t coroutine; /* asyncio: the thread's coroutine N (TID/N), else PYPROTO_NO_COROUTINE */
	bool alive;      /* started and not exited */
	bool in_task;    /* between begin and end */
	uint32_t task;   /* the task it began */
};

struct pytrace {
	struct recording *recording;   /* accepted events go here; its lanes grow as threads start */
	enum technique technique;      /* the technique the hello line must name */
	uint32_t tasks;                /* task numbers are below this */
	uint64_t spawned_ns;           /* when the script was started: nothing is earlier */
	bool hello_seen;
	bool done_seen;
	uint32_t pid;                  /* the script's process, from hello */
	char python_version[16];
	uint64_t iterations_per_ms;    /* the script's calibration, from hello */
	struct pytrace_lane lanes[PYTRACE_MAX_LANES];
	uint64_t task_begun[(PYPROTO_MAX_TASK + 64) / 64]; /* tasks already begun, one bit each */
	uint64_t lines;                /* lines fed, accepted or not */
	uint64_t accepted;
	uint64_t rejected;
	uint64_t first_rejected_line;  /* line number of the first rejected line, or 0 */
	char first_reason[96];
	uint32_t tasks_done;
	uint32_t results;              /* from the done line */
	uint64_t done_ns;              /* when the run was done, from the done line */
	uint64_t events;               /* events appended to the recording */
	uint64_t measures[PYPROTO_MEASURE_COUNT]; /* what measure lines said, 0 if nothing */
};

/*
 * Starts reading a run of `technique` with `tasks` tasks into `recording`
 * (initialised with no lanes), whose script was started at spawned_ns.
 */
void pytrace_init(struct pytrace *trace, struct recording *recording, enum technique technique,
    uint32_t tasks, uint64_t spawned_ns);
/*
 * Checks one line (without its newline), read at now_ns, against the protocol
 * and the lines before it, and records it. Returns 0, or -1 if it was
 * rejected (and counted, with the first reason kept).
 */
int pytrace_feed(struct pytrace *trace, const char *line, size_t length, uint64_t now_ns);
/* Counts a line rejected before it could be parsed (one too long to read whole). */
void pytrace_reject(struct pytrace *trace, const char *reason);
/* The script ended normally: lanes still open end where their last event ends. */
void pytrace_close_lanes(struct pytrace *trace);
/* The script died or was killed: lanes still open end in `reason` (TRACE_CRASH_*). */
void pytrace_crash_lanes(struct pytrace *trace, enum trace_crash_reason reason, int detail,
    uint64_t now_ns);
/* How many lanes are open now. */
int pytrace_open_lanes(const struct pytrace *trace);
/* What the script reported of itself: results, and its measures (race's deposits, pool's pickling). */
void pytrace_fill_report(const struct pytrace *trace, struct technique_report *report);

#endif
