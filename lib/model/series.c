/*
 * series.c: busy time on CPUs as a series of pieces, for the exact schedule
 * (when a lane held which CPU) and for other programs' share of each CPU.
 *
 * A frame of the timeline asks, for each column boundary, how much busy
 * time lies before it on each CPU. Walking the pieces would cost a frame
 * more as the recording grows; instead the series keeps marks, the totals
 * per CPU every SERIES_STRIDE pieces, so an answer is a search, a copy of a
 * mark and a walk of at most SERIES_STRIDE - 1 pieces.
 */
#include "model/series.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int series_init(struct series *series, int cpus)
{
	memset(series, 0, sizeof *series);
	series->cpus = cpus > 0 ? cpus : 1;
	series->totals = calloc((size_t)series->cpus, sizeof *series->totals);
	return series->totals != NULL ? 0 : -1;
}

void series_free(struct series *series)
{
	free(series->pieces);
	free(series->marks);
	free(series->totals);
	memset(series, 0, sizeof *series);
}

static bool on_a_cpu(const struct series *series, int cpu)
{
	return cpu >= 0 && cpu < series->cpus;
}

/* Room for one more piece, and for its mark if it starts a new stride. */
static int reserve(struct series *series)
{
	if (series->count == series->capacity) {
		size_t bigger = series->capacity ? series->capacity * 2 : 256;
		struct series_piece *grown = realloc(series->pieces, bigger * sizeof *grown);

		if (grown == NULL)
			return -1;
		series->pieces = grown;
		series->capacity = bigger;
	}
	if (series->count % SERIES_STRIDE == 0) {
		size_t mark = series->count / SERIES_STRIDE;

		if (mark == series->mark_capacity) {
			size_t bigger = series->mark_capacity ? series->mark_capacity * 2 : 16;
			uint64_t *grown = realloc(series->marks, bigger * (size_t)series->cpus * sizeof *grown);

			if (grown == NULL)
				return -1;
			series->marks = grown;
			series->mark_capacity = bigger;
		}
		memcpy(&series->marks[mark * (size_t)series->cpus], series->totals,
		    (size_t)series->cpus * sizeof *series->totals);
	}
	return 0;
}

int series_append(struct series *series, uint64_t start_ns, uint64_t end_ns, uint64_t busy_ns, int cpu)
{
	if (series->count > 0 && start_ns < series->end_ns) {
		uint64_t length = end_ns > start_ns ? end_ns - start_ns : 0;
		uint64_t cut = series->end_ns - start_ns;

		/* Keep the part after the previous piece, and its share of the busy time. */
		if (end_ns <= series->end_ns || length == 0)
			return 0;
		busy_ns -= (uint64_t)((unsigned __int128)busy_ns * cut / length);
		start_ns = series->end_ns;
	}
	if (end_ns <= start_ns)
		return 0;
	if (busy_ns > end_ns - start_ns)
		busy_ns = end_ns - start_ns;
	if (reserve(series) != 0)
		return -1;
	series->pieces[series->count++] = (struct series_piece){
		.start_ns = start_ns, .end_ns = end_ns, .busy_ns = busy_ns, .cpu = (int16_t)cpu,
	};
	if (on_a_cpu(series, cpu))
		series->totals[cpu] += busy_ns;
	series->end_ns = end_ns;
	return 0;
}

/* The index of the first piece that ends after t, searched from `hint` forward or back. */
static size_t first_ending_after(const struct series *series, uint64_t t, size_t hint)
{
	size_t low, high;

	if (hint > series->count)
		hint = series->count;
	if (hint < series->count && series->pieces[hint].end_ns <= t) {
		/* After the hint: gallop forward (each step twice the last), then bisect. */
		low = hint + 1;
		high = low;
		for (size_t step = 1; high < series->count && series->pieces[high].end_ns <= t; step *= 2) {
			low = high + 1;
			high = low + step;
		}
		if (high > series->count)
			high = series->count;
	} else {
		/* At or before the hint: gallop back until an element ends at or before t. */
		high = hint;
		low = 0;
		for (size_t step = 1; high > 0; step *= 2) {
			size_t probe = high > step ? high - step : 0;

			if (series->pieces[probe].end_ns <= t) {
				low = probe + 1;
				break;
			}
			high = probe;
		}
	}
	/* Ends are in time order too: nothing overlaps. */
	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (series->pieces[mid].end_ns <= t)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

/* What the first `into_ns` of a piece hold of its busy time: it is spread evenly. */
static uint64_t busy_part(const struct series_piece *p, uint64_t into_ns)
{
	uint64_t length = p->end_ns - p->start_ns;

	if (into_ns >= length)
		return p->busy_ns;
	if (p->busy_ns == length)
		return into_ns;
	return (uint64_t)((unsigned __int128)p->busy_ns * into_ns / length);
}

uint64_t series_busy_until(const struct series *series, uint64_t t, size_t *hint, uint64_t *per_cpu)
{
	size_t first = first_ending_after(series, t, *hint), mark;
	uint64_t sum = 0;

	*hint = first;
	if (series->count == 0) {
		memset(per_cpu, 0, (size_t)series->cpus * sizeof *per_cpu);
		return 0;
	}
	mark = (first < series->count ? first : series->count - 1) / SERIES_STRIDE; /* the last mark written */
	memcpy(per_cpu, &series->marks[mark * (size_t)series->cpus], (size_t)series->cpus * sizeof *per_cpu);
	for (size_t i = mark * SERIES_STRIDE; i <= first && i < series->count; i++) {
		const struct series_piece *p = &series->pieces[i];
		uint64_t busy;

		if (p->start_ns >= t)
			break;
		busy = i < first ? p->busy_ns : busy_part(p, t - p->start_ns);
		if (on_a_cpu(series, p->cpu))
			per_cpu[p->cpu] += busy;
	}
	for (int k = 0; k < series->cpus; k++)
		sum += per_cpu[k];
	return sum;
}

const struct series_piece *series_piece_at(const struct series *series, uint64_t t)
{
	size_t i = first_ending_after(series, t, 0);

	if (i < series->count && series->pieces[i].start_ns <= t)
		return &series->pieces[i];
	return NULL;
}
