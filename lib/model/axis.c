/*
 * axis.c: ticks at round times (1, 2, 2.5 or 5 times a power of ten), far
 * enough apart to be read, labelled in seconds or milliseconds. Shared by
 * the plain and the full-screen timelines so both read alike.
 */
#include "model/axis.h"

#include <stdio.h>
#include <string.h>

#define MIN_TICK_GAP 12 /* columns between ticks */

/* A round tick step (in ns) that puts ticks at least MIN_TICK_GAP columns apart. */
static uint64_t tick_step(uint64_t span_ns, int columns)
{
	static const uint64_t steps_us[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000,
		20000, 50000, 100000, 200000, 250000, 500000, 1000000, 2000000, 5000000, 10000000,
		20000000, 30000000, 60000000 };
	double ns_per_column = (double)span_ns / columns;

	for (size_t i = 0; i < sizeof steps_us / sizeof steps_us[0]; i++) {
		if ((double)(steps_us[i] * 1000ull) / ns_per_column >= MIN_TICK_GAP)
			return steps_us[i] * 1000ull;
	}
	return 60000000ull * 1000ull;
}

static void tick_label(char *buf, size_t size, uint64_t t_ns, uint64_t step_ns)
{
	if (step_ns >= 100000000ull)
		snprintf(buf, size, "%g s", (double)t_ns / 1e9);
	else if (step_ns >= 100000ull)
		snprintf(buf, size, "%g ms", (double)t_ns / 1e6);
	else
		snprintf(buf, size, "%g us", (double)t_ns / 1e3);
}

void axis_lines(char *labels, char *ruler, int columns, uint64_t from_ns, uint64_t to_ns)
{
	uint64_t span = to_ns > from_ns ? to_ns - from_ns : 1;
	uint64_t step = tick_step(span, columns);
	int next_free = 0;

	memset(labels, ' ', (size_t)columns);
	memset(ruler, ' ', (size_t)columns);
	labels[columns] = ruler[columns] = '\0';
	for (uint64_t t = (from_ns + step - 1) / step * step; t < to_ns; t += step) {
		int column = (int)((double)(t - from_ns) * columns / (double)span);
		char label[24];
		int length;

		if (column >= columns)
			break;
		ruler[column] = '|';
		tick_label(label, sizeof label, t, step);
		length = (int)strlen(label);
		if (column >= next_free && column + length <= columns) {
			memcpy(labels + column, label, (size_t)length);
			next_free = column + length + 1;
		}
	}
}
