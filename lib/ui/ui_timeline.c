/*
 * ui_timeline.c: the timeline's cells as characters on the screen.
 *
 * The cells come from the timeline model (timeline.c), the same as in the
 * plain output. Each worker keeps one colour. A running cell is drawn in
 * reverse video and shows the digit of the CPU it ran on; in a CPU lane, it
 * shows the letter of the worker. Every other state has its own glyph, so
 * the picture reads the same without colour.
 */
#include "ui/ui_timeline.h"

#include <stdio.h>
#include <string.h>

#include "model/axis.h"
#include "model/outcome.h"
#include "ui/ui_term.h"

#define ROW_MAX 1024

struct glyph {
	const char *utf8;
	const char *ascii;
	enum ui_style style;
	const char *meaning; /* for the legend */
};

static const struct glyph preempted = { "\u2591", ".", UI_STYLE_NORMAL, "preempted (ready, no CPU)" };
static const struct glyph waiting = { "~", "~", UI_STYLE_WAIT, "waiting" }; /* what for: the technique says */
static const struct glyph blocked = { "\u2550", "=", UI_STYLE_BLOCK, "blocked in I/O" };
static const struct glyph idle = { "\u00b7", "-", UI_STYLE_DIM, "idle" };
static const struct glyph crashed = { "\u2716", "X", UI_STYLE_CRASH, "crashed or hung" };

static void put(const struct glyph *glyph, attr_t extra)
{
	attr_t attr = ui_term_style(glyph->style) | extra;

	attron(attr);
	addstr(ui_term_utf8() ? glyph->utf8 : glyph->ascii);
	attroff(attr);
}

static void draw_cell(const struct timeline_cell *cell, enum timeline_view view, int lane, bool cursor)
{
	attr_t extra = cursor ? A_UNDERLINE : 0;
	int worker = view == TIMELINE_CPUS ? cell->worker : lane;

	switch ((enum cell_state)cell->state) {
	case CELL_RUNNING: {
		char text[2] = { view == TIMELINE_CPUS ? outcome_worker_letter(worker) : outcome_cpu_digit(cell->cpu), '\0' };
		attr_t attr = A_REVERSE | ui_term_worker_style(worker) | extra;

		attron(attr);
		addstr(text);
		attroff(attr);
		return;
	}
	case CELL_PREEMPTED:
		attron(ui_term_worker_style(worker));
		put(&preempted, extra);
		attroff(ui_term_worker_style(worker));
		return;
	case CELL_WAITING:
		put(&waiting, extra);
		return;
	case CELL_BLOCKED:
		put(&blocked, extra);
		return;
	case CELL_IDLE:
		put(&idle, extra);
		return;
	case CELL_CRASHED:
		put(&crashed, extra);
		return;
	case CELL_DONE:
	case CELL_EMPTY:
	case CELL_STATE_COUNT:
		break;
	}
	attron(extra);
	addch(' ');
	attroff(extra);
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
	const struct tree_process *process = &tree->processes[row->process];

	process_tree_process_label(tree, row->process, label, sizeof label);
	process_tree_fate_text(tree, row->process, fate, sizeof fate);
	room = width - indent - (int)strlen(fate) - 3;
	move(y, 0);
	attron(ui_term_style(UI_STYLE_HEADING));
	printw("%*s%.*s", indent, "", room > 0 ? room : 0, label);
	attroff(ui_term_style(UI_STYLE_HEADING));
	attron(ui_term_style(process->fate == TREE_KILLED ? UI_STYLE_CRASH : UI_STYLE_DIM));
	mvaddstr(y, width - 1 - (int)strlen(fate), fate);
	attroff(ui_term_style(process->fate == TREE_KILLED ? UI_STYLE_CRASH : UI_STYLE_DIM));
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

/* One legend entry: its sample glyph and meaning; wraps to the next row when full. */
static void legend_entry(int *y, int *x, int width, void (*sample)(void), const char *meaning)
{
	int length = (int)strlen(meaning) + 4;

	if (*x + length > width && *x > 2) {
		(*y)++;
		*x = 2;
	}
	move(*y, *x);
	sample();
	attron(ui_term_style(UI_STYLE_DIM));
	printw(" %s", meaning);
	attroff(ui_term_style(UI_STYLE_DIM));
	*x += length;
}

static void sample_running(void)
{
	attron(A_REVERSE | ui_term_worker_style(0));
	addstr("0");
	attroff(A_REVERSE | ui_term_worker_style(0));
}

static void sample_preempted(void)
{
	attron(ui_term_worker_style(0));
	put(&preempted, 0);
	attroff(ui_term_worker_style(0));
}

static void sample_waiting(void)
{
	put(&waiting, 0);
}

static void sample_blocked(void)
{
	put(&blocked, 0);
}

static void sample_idle(void)
{
	put(&idle, 0);
}

static void sample_crashed(void)
{
	put(&crashed, 0);
}

static void sample_cpu_lane(void)
{
	attron(A_REVERSE | ui_term_worker_style(1));
	addstr("B");
	attroff(A_REVERSE | ui_term_worker_style(1));
}

int ui_timeline_draw_legend_for(int y, int width, enum legend_source source, const char *note)
{
	int row = y, x = 2;

	legend_entry(&row, &x, width, sample_running, "running on CPU 0");
	legend_entry(&row, &x, width, sample_preempted, legend_meaning(CELL_PREEMPTED, source));
	legend_entry(&row, &x, width, sample_waiting, legend_meaning(CELL_WAITING, source));
	legend_entry(&row, &x, width, sample_blocked, legend_meaning(CELL_BLOCKED, source));
	legend_entry(&row, &x, width, sample_crashed, legend_meaning(CELL_CRASHED, source));
	legend_entry(&row, &x, width, sample_cpu_lane, "a CPU lane: thread B held it");
	if (note != NULL) {
		attron(ui_term_style(UI_STYLE_DIM));
		mvaddnstr(++row, 2, note, width - 3);
		attroff(ui_term_style(UI_STYLE_DIM));
	}
	return row - y + 1;
}

int ui_timeline_draw_legend(int y, int width, const char *waiting_meaning)
{
	int row = y, x = 2;

	legend_entry(&row, &x, width, sample_running, "running on CPU 0");
	legend_entry(&row, &x, width, sample_preempted, preempted.meaning);
	legend_entry(&row, &x, width, sample_waiting, waiting_meaning);
	legend_entry(&row, &x, width, sample_blocked, blocked.meaning);
	legend_entry(&row, &x, width, sample_idle, idle.meaning);
	legend_entry(&row, &x, width, sample_crashed, crashed.meaning);
	legend_entry(&row, &x, width, sample_cpu_lane, "a CPU lane: worker B held it");
	return row - y + 1;
}
