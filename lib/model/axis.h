/* axis.h: the time axis above a timeline: where the ticks go and what they say. */
#ifndef METACONC_AXIS_H
#define METACONC_AXIS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes the axis of the window [from_ns, to_ns) over `columns` columns:
 * tick labels ("0 s", "0.5 s", "20 ms") into `labels` and a ruler with '|' at
 * each tick into `ruler`. Both need columns + 1 bytes.
 */
void axis_lines(char *labels, char *ruler, int columns, uint64_t from_ns, uint64_t to_ns);

#endif
