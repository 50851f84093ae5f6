/*
 * ui_timeline.c: the timeline's cells as characters on the screen.
 *
 * The cells come from the timeline model (timeline.c), the same as in the
 * plain output, and so do their glyphs (glyph.c). Each worker keeps one
 * colour. A running cell is drawn in reverse video and shows the digit of
 * the CPU it ran on; in a CPU lane, it shows the letter of the worker.
 * Every other state has its own glyph, so the picture reads the same
 * without colour.
 */
#include "ui/ui_timeline.h"

#include <stdio.h>
#include <string.h>

#include "model/axis.h"
#include "model/outcome.h"
#include "render/glyph.h"
#include "render/legend.h"
#include "ui/ui_term.h"

#define ROW_MAX 1024

/* The colour of a state (the glyph and its meaning are glyph.c's, the same as the plain output's). */
static attr_t state_style(enum cell_state state, int worker)
{
	switch (state) {
	case CELL_RUNNING:
		return A_REVERSE | ui_term_worker_style(worker);
	case CELL_PARTIAL:
	case CELL_PREEMPTED:
		return ui_term_worker_style(worker);
	case CELL_WAITING:
		return ui_term_style(UI_STYLE_WAIT);
	case CELL_BLOCKED:
		return ui_term_style(UI_STYLE_BLOCK);
	case CELL_IDLE:
		return ui_term_style(UI_STYLE_DIM);
	case CELL_CRASHED:
		return ui_term_style(UI_STYLE_CRASH);
	case CELL_OTHER:
		return ui_term_style(UI_STYLE_OTHER);
	case CELL_SHARED:
	case CELL_DONE:
	case CELL_EMPTY:
	case CELL_STATE_COUNT:
		break;
	}
	return A_NORMAL;
}

/* A cell's glyph: UTF-8 where the terminal shows it, else the ASCII one that means the same. */
static void draw_glyph(const struct timeline_cell *cell, enum timeline_view view, int worker, attr_t extra)
{
	const struct glyph *glyph = glyph_of((enum cell_state)cell->state, view);
	attr_t attr = state_style((enum cell_state)cell->state, worker) | extra;
	char ascii[2] = { glyph_ascii(cell, view), '\0' };

	attron(attr);
	addstr(ui_term_utf8() && glyph->utf8[0] != '\0' ? glyph->utf8 : ascii);
	attroff(attr);
}

void ui_timeline_draw_state(enum cell_state state, enum timeline_view view)
{
	struct timeline_cell cell = { .state = (uint8_t)state, .cpu = 0, .worker = 0 };

	draw_glyph(&cell, view, 0, 0);
}

static void draw_cell(const struct timeline_cell *cell, enum timeline_view view, int lane, bool cursor)
{
	draw_glyph(cell, view, view == TIMELINE_CPUS ? cell->worker : lane, cursor ? A_UNDERLINE : 0);
}

void ui_timeline_draw_lanes(const struct timeline *timeline, const struct recording *recording,
    int y, int label_width, int first_lane, int rows, int cursor)
{
	for (int row = 0; row < rows && first_lane + row < timeline->lanes; row++) {
		int lane = first_lane + row;
		char label[64];

		if (timeline->view == TIMELINE_WORKERS)
			outcome_lane_label(recording, lane, label, sizeof label);
		else
			snprintf(label, sizeof label, "CPU %d", lane);
		move(y + row, 0);
		if (timeline->view == TIMELINE_WORKERS)
			attron(ui_term_worker_style(lane) | A_BOLD);
		printw("%-*.*s", label_width, label_width - 1, label);
		if (timeline->view == TIMELINE_WORKERS)
			attroff(ui_term_worker_style(lane) | A_BOLD);
		for (int column = 0; column < timeline->columns; column++)
			draw_cell(timeline_cell(timeline, lane, column), timeline->view, lane, column == cursor);
	}
}

/* A process's row: its pid and command, indented under its parent, and its fate at the right. */
static void draw_process_row(const struct process_tree *tree, const struct tree_row *row, int y, int width)
{
	char label[TREE_COMMAND_SIZE + 32], fate[64];
	int indent = 2 * row->depth, room;
	attr_t fate_style = ui_term_style(tree->processes[row->process].fate == TREE_KILLED ? UI_STYLE_CRASH : UI_STYLE_DIM);

	process_tree_process_label(tree, row->process, label, sizeof label);
	process_tree_fate_text(tree, row->process, fate, sizeof fate);
	room = width - indent - (int)strlen(fate) - 3;
	move(y, 0);
	attron(ui_term_style(UI_STYLE_HEADING));
	printw("%*s%.*s", indent, "", room > 0 ? room : 0, label);
	attroff(ui_term_style(UI_STYLE_HEADING));
	attron(fate_style);
	mvaddstr(y, width - 1 - (int)strlen(fate), fate);
	attroff(fate_style);
}

void ui_timeline_draw_rows(const struct timeline *timeline, const struct process_tree *tree,
    const struct tree_row *rows, int y, int label_width, int first_row, int count, int cursor)
{
	for (int i = 0; i < count; i++) {
		const struct tree_row *row = &rows[first_row + i];
		char label[64];

		if (row->lane < 0) {
			draw_process_row(tree, row, y + i, label_width + timeline->columns);
			continue;
		}
		if (row->lane >= timeline->lanes)
			continue;
		process_tree_thread_label(tree, row->lane, label_width, label, sizeof label);
		move(y + i, 0);
		attron(ui_term_worker_style(row->lane) | A_BOLD);
		printw("%-*.*s", label_width, label_width - 1, label);
		attroff(ui_term_worker_style(row->lane) | A_BOLD);
		for (int column = 0; column < timeline->columns; column++)
			draw_cell(timeline_cell(timeline, row->lane, column), timeline->view, row->lane, column == cursor);
	}
}

void ui_timeline_draw_axis(int y, int label_width, int columns, uint64_t from_ns, uint64_t to_ns,
    int cursor)
{
	char labels[ROW_MAX], ruler[ROW_MAX];

	if (columns >= ROW_MAX)
		columns = ROW_MAX - 1;
	axis_lines(labels, ruler, columns, from_ns, to_ns);
	attron(ui_term_style(UI_STYLE_DIM));
	mvprintw(y, 0, "%-*s%s", label_width, "", labels);
	mvprintw(y + 1, 0, "%-*s%s", label_width, "time", ruler);
	attroff(ui_term_style(UI_STYLE_DIM));
	if (cursor >= 0 && cursor < columns) {
		attron(ui_term_style(UI_STYLE_CURSOR));
		mvaddstr(y + 1, label_width + cursor, ui_term_utf8() ? "\u25bc" : "v");
		attroff(ui_term_style(UI_STYLE_CURSOR));
	}
}

/* One legend entry: a sample cell and its meaning; *x == 0 only measures. Wraps to the next row when full. */
static void legend_entry(int *y, int *x, int width, bool draw, const struct timeline_cell *sample,
    enum timeline_view view, const char *meaning)
{
	int length = (int)strlen(meaning) + 4;

	if (*x + length > width && *x > 2) {
		(*y)++;
		*x = 2;
	}
	if (draw) {
		move(*y, *x);
		draw_glyph(sample, view, view == TIMELINE_CPUS ? sample->worker : 0, 0);
		attron(ui_term_style(UI_STYLE_DIM));
		printw(" %s", meaning);
		attroff(ui_term_style(UI_STYLE_DIM));
	}
	*x += length;
}

/*
 * Lays out (and, if draw, draws) the legend of both views and a closing
 * note (the schedule's); a traced program's (LEGEND_TRACE) names its states
 * in the kernel's words. Returns its rows.
 */
static int legend(int y, int width, enum legend_source source, const char *waiting, const char *note, bool draw)
{
	static const enum timeline_view views[] = { TIMELINE_WORKERS, TIMELINE_CPUS };
	int row = y, x = 2;

	for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
		const enum cell_state *states = glyph_legend(views[v]);

		for (int i = 0; states[i] != CELL_STATE_COUNT; i++) {
			struct timeline_cell sample = { .state = (uint8_t)states[i], .cpu = 0, .worker = 1 };
			char meaning[96];

			if (views[v] == TIMELINE_CPUS && states[i] == CELL_IDLE)
				continue; /* the worker lanes' idle means the same */
			snprintf(meaning, sizeof meaning, "%s%s", views[v] == TIMELINE_CPUS && i == 0 ? "CPU lane: " : "",
			    states[i] == CELL_WAITING && waiting != NULL ? waiting :
			    source == LEGEND_TRACE && views[v] == TIMELINE_WORKERS ? legend_meaning(states[i], source) :
			    glyph_of(states[i], views[v])->meaning);
			legend_entry(&row, &x, width, draw, &sample, views[v], meaning);
		}
	}
	row++;
	if (draw) {
		attron(ui_term_style(UI_STYLE_DIM));
		mvaddnstr(row, 2, note, width - 3);
		attroff(ui_term_style(UI_STYLE_DIM));
	}
	return row - y + 1;
}

int ui_timeline_legend_rows(int width, enum recording_schedule schedule, const char *waiting)
{
	return legend(0, width, LEGEND_RUN, waiting, glyph_schedule_note(schedule), false);
}

int ui_timeline_draw_legend(int y, int width, enum recording_schedule schedule, const char *waiting)
{
	return legend(y, width, LEGEND_RUN, waiting, glyph_schedule_note(schedule), true);
}

int ui_timeline_legend_rows_for(int width, enum legend_source source, const char *note)
{
	return legend(0, width, source, NULL, note, false);
}

int ui_timeline_draw_legend_for(int y, int width, enum legend_source source, const char *note)
{
	return legend(y, width, source, NULL, note, true);
}
