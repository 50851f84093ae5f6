/* timeline.h: the pure model of the picture: recorded events to lanes x columns of cell states. */
#ifndef METACONC_TIMELINE_H
#define METACONC_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "model/recording.h"

enum cell_state {
	CELL_EMPTY,     /* nothing recorded here: before the worker started, or not yet */
	CELL_IDLE,      /* alive but doing nothing recorded; a CPU nobody used */
	CELL_RUNNING,   /* worker: ran for most of the cell, on `cpu`; CPU: `worker` held it over half the cell */
	CELL_PARTIAL,   /* worker: ready all the cell, ran for part of it (at least an eighth), waited for a CPU the rest */
	CELL_PREEMPTED, /* worker: ready, but (nearly) never got a CPU: waiting for a CPU */
	CELL_WAITING,   /* worker: waiting for a lock (the GIL) */
	CELL_BLOCKED,   /* worker: blocked in a system call (I/O) */
	CELL_DONE,      /* worker: it has exited */
	CELL_CRASHED,   /* worker: it crashed or hung */
	CELL_SHARED,    /* CPU: our workers held it for most of the cell, in turns, none for over half */
	CELL_OTHER,     /* CPU: other programs held it for most of the cell */
	CELL_STATE_COUNT
};

enum timeline_view {
	TIMELINE_WORKERS, /* one lane per worker */
	TIMELINE_CPUS,    /* one lane per CPU: which worker held it */
};

/*
 * A cell of either view. The two views never contradict each other: a CPU
 * cell names a worker only if that worker held the CPU for over half of the
 * cell, and then the worker's own cell is RUNNING on that CPU.
 */
struct timeline_cell {
	uint8_t state;  /* enum cell_state: what took most of the cell's time */
	int16_t cpu;    /* worker view, RUNNING: the CPU it ran on longest */
	int16_t worker; /* CPU view, RUNNING: the worker that held the CPU */
};

struct timeline {
	enum timeline_view view;
	int lanes;
	int columns;
	uint64_t from_ns;             /* the window, relative to the recording's origin */
	uint64_t to_ns;
	struct timeline_cell *cells;  /* lanes * columns, lane by lane */
	size_t cell_capacity;
	uint64_t *scratch;            /* working memory, kept between builds */
	size_t scratch_size;          /* in 64-bit words */
	struct timeline_memo *memo;   /* the totals at each column boundary earlier builds found final */
};

#define TIMELINE_NO_LIMIT UINT64_MAX

/*
 * Builds the picture of [from_ns, to_ns) (relative to the recording's
 * origin) in `columns` columns. Reuses the timeline's memory; returns 0 or -1.
 * The cost is the same for a recording of a thousand events or of ten
 * million: every column boundary is a search and a short walk (recording.h).
 * The timeline remembers the totals at boundaries the recording can no
 * longer change, so the next build of the same window (the next frame of a
 * live view) only looks at what was appended since.
 */
int timeline_build(struct timeline *timeline, const struct recording *recording,
    enum timeline_view view, uint64_t from_ns, uint64_t to_ns, int columns);
/* Both views of the same window at once (either may be NULL), for the cost of one. */
int timeline_build_views(struct timeline *workers, struct timeline *cpus,
    const struct recording *recording, uint64_t from_ns, uint64_t to_ns, uint64_t until_ns, int columns);
/* One view, showing only what was recorded before until_ns (a replay's playhead). */
int timeline_build_until(struct timeline *timeline, const struct recording *recording,
    enum timeline_view view, uint64_t from_ns, uint64_t to_ns, uint64_t until_ns, int columns);
const struct timeline_cell *timeline_cell(const struct timeline *timeline, int lane, int column);
void timeline_free(struct timeline *timeline);

/* What `lane` of the worker view was doing at time t (relative); *cpu gets the CPU if running. */
enum cell_state timeline_state_at(const struct recording *recording, int lane, uint64_t t, int *cpu);

const char *timeline_state_name(enum cell_state state);

#endif
