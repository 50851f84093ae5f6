/* glyph.h: the one glyph of each cell state, as the view, the plain text and the docs draw it. */
#ifndef METACONC_GLYPH_H
#define METACONC_GLYPH_H

#include "model/recording.h"
#include "model/timeline.h"

/*
 * How a state looks: the glyph on a terminal that shows UTF-8, the ASCII
 * glyph that means the same (the plain output, and any other terminal),
 * and the words of the legend. A running cell shows a CPU digit (worker
 * lanes) or a worker letter (CPU lanes) instead of a fixed glyph.
 */
struct glyph {
	const char *utf8;
	char ascii;
	const char *meaning;
};

/* The glyph of a state in a view; for CELL_RUNNING, utf8 and ascii are "" and '\0'. */
const struct glyph *glyph_of(enum cell_state state, enum timeline_view view);
/* The ASCII character of a cell: its CPU digit or worker letter when running. */
char glyph_ascii(const struct timeline_cell *cell, enum timeline_view view);
/* The states a legend lists for a view, in order, ending with CELL_STATE_COUNT. */
const enum cell_state *glyph_legend(enum timeline_view view);
/* One line saying where the lanes' CPU time came from, for legends and summaries. */
const char *glyph_schedule_note(enum recording_schedule schedule);
/* The schedule's name in JSON: "exact" or "estimated". */
const char *glyph_schedule_name(enum recording_schedule schedule);

#endif
