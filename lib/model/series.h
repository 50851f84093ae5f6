/* series.h: busy time on CPUs, piece by piece, with the totals up to any instant at a small cost. */
#ifndef METACONC_SERIES_H
#define METACONC_SERIES_H

#include <stddef.h>
#include <stdint.h>

/*
 * One piece: busy_ns of CPU time on `cpu`, spread evenly over [start_ns,
 * end_ns). A piece of the exact schedule is busy all along (busy_ns is its
 * length); a piece measured more coarsely (another program's share of a
 * CPU over a tenth of a second) is busy for part of it.
 */
struct series_piece {
	uint64_t start_ns;
	uint64_t end_ns;
	uint64_t busy_ns;
	int16_t cpu;
};

/*
 * Pieces in time order, never overlapping. Every SERIES_STRIDE pieces a
 * mark keeps the busy time per CPU before it, so that the totals at any
 * instant cost a search and a walk of fewer than SERIES_STRIDE pieces,
 * however long the series: a frame of the timeline does not grow with the
 * recording.
 */
#define SERIES_STRIDE 16
struct series {
	struct series_piece *pieces;
	size_t count, capacity;
	uint64_t *marks;       /* marks[m * cpus + k]: busy time on CPU k before piece m * SERIES_STRIDE */
	size_t mark_capacity;  /* in marks */
	uint64_t *totals;      /* busy time on each CPU over all pieces */
	int cpus;              /* CPUs 0..cpus-1; pieces on others count in no total */
	uint64_t end_ns;       /* where the latest piece ends */
};

int series_init(struct series *series, int cpus);
void series_free(struct series *series);
/*
 * Appends a piece. A piece that starts before the previous one ends is
 * trimmed to start there (one that would vanish is dropped). Returns 0 or -1.
 */
int series_append(struct series *series, uint64_t start_ns, uint64_t end_ns, uint64_t busy_ns, int cpu);
/*
 * Busy time on each CPU before absolute time t, into per_cpu[0..cpus-1];
 * returns their sum. Pieces on no CPU (cpu < 0) count in no total. *hint
 * is where the search starts (the index the previous call left there, or
 * a guess beyond it) and where it ends: a good guess costs one look.
 */
uint64_t series_busy_until(const struct series *series, uint64_t t, size_t *hint, uint64_t *per_cpu);
/* The piece that covers absolute time t, or NULL. */
const struct series_piece *series_piece_at(const struct series *series, uint64_t t);

#endif
