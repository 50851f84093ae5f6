/* ui_timeline.h: draws the timeline model (lanes, axis, legend) onto the curses screen. */
#ifndef METACONC_UI_TIMELINE_H
#define METACONC_UI_TIMELINE_H

#include <stdint.h>

#include "model/process_tree.h"
#include "model/recording.h"
#include "model/timeline.h"
#include "render/legend.h"

/*
 * Draws lanes first_lane .. first_lane + rows - 1 of `timeline` from screen
 * row y: a label of label_width columns, then one character per column.
 * The cells at `cursor` (a column, or -1) are underlined.
 */
void ui_timeline_draw_lanes(const struct timeline *timeline, const struct recording *recording,
    int y, int label_width, int first_lane, int rows, int cursor);

/* Draws one cell of `state` at the cursor, as the lanes draw it (worker A's colour, CPU 0). */
void ui_timeline_draw_state(enum cell_state state, enum timeline_view view);

/*
 * The same for an observed program's lanes in tree order (metaconc trace):
 * rows first_row .. first_row + count - 1 of `rows`; a process's row shows
 * its pid and command, and how it ended, across the whole width.
 */
void ui_timeline_draw_rows(const struct timeline *timeline, const struct process_tree *tree,
    const struct tree_row *rows, int y, int label_width, int first_row, int count, int cursor);

/* Draws the time axis of [from_ns, to_ns) on rows y and y + 1, with the cursor marked. */
void ui_timeline_draw_axis(int y, int label_width, int columns, uint64_t from_ns, uint64_t to_ns,
    int cursor);

/*
 * Draws the legend of both views from row y in `width` columns, and a line
 * saying whether the schedule is exact or estimated; returns the rows used.
 * `waiting` says what the technique's workers wait for ("waiting for the GIL").
 */
int ui_timeline_draw_legend(int y, int width, enum recording_schedule schedule, const char *waiting);
/* The rows the legend takes in `width` columns. */
int ui_timeline_legend_rows(int width, enum recording_schedule schedule, const char *waiting);
/*
 * A traced program's legend: the states in the kernel's words (legend.c),
 * and `note` (how precise the CPU lanes are) in place of the schedule's.
 */
int ui_timeline_draw_legend_for(int y, int width, enum legend_source source, const char *note);
int ui_timeline_legend_rows_for(int width, enum legend_source source, const char *note);

#endif
