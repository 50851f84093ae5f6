/*
 * render_svg.c: a timeline as a standalone SVG picture, for slides, READMEs
 * and blog posts, where a picture beats a screenshot.
 *
 * It draws what the full-screen view draws, from the same timeline model,
 * in the view's colours (palette.c): the lanes (a traced program's in tree
 * order, under a heading per process), the CPU lanes, the time axis, the
 * legend and the summary. A state is a shape as well as a colour, so the
 * picture reads in grey too: running is a full cell of the lane's colour
 * with the CPU's digit, preempted the same colour faded, waiting a yellow
 * bar, blocked a cyan one, killed a red cell. The file needs nothing else:
 * no script, no external font (a generic monospace family) and no image.
 */
#include "render/render_svg.h"

#include <stdlib.h>
#include <string.h>

#include "model/axis.h"
#include "model/timeline.h"
#include "render/glyph.h"
#include "render/legend.h"
#include "render/palette.h"
#include "render/render_plain.h"
#include "render/wording.h"

#define CELL_WIDTH 7
#define ROW_HEIGHT 18
#define LABEL_WIDTH 210
#define MARGIN 16
#define COLUMNS 140
#define ROW_MAX 1024
#define FONT "font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\""
#define BACKGROUND "#1c1c1c"
#define FOREGROUND "#d0d0d0"
#define DIM "#8a8a8a"

struct svg {
	FILE *out;     /* the body, written before the header knows the height */
	int y;         /* the top of the next row */
	int columns;
	int width;
};

/* One block of lanes: a run of metaconc's (its lanes in order) or a traced program (its tree's rows). */
struct svg_section {
	const char *heading;
	const struct recording *recording;
	const struct process_tree *tree; /* NULL: a run's lanes */
	const struct tree_row *rows;
	int row_count;
};

/* Writes text as XML character data: escaped, and only valid UTF-8 (anything else becomes '?'). */
static void write_text(FILE *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	while (*p != '\0') {
		int length = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
		bool valid = length > 0;

		for (int i = 1; i < length && valid; i++)
			valid = (p[i] & 0xc0) == 0x80;
		if (!valid || (length == 1 && *p < 0x20)) {
			fputc('?', out);
			p++;
			continue;
		}
		if (*p == '&')
			fputs("&amp;", out);
		else if (*p == '<')
			fputs("&lt;", out);
		else if (*p == '>')
			fputs("&gt;", out);
		else
			fwrite(p, 1, (size_t)length, out);
		p += length;
	}
}

static void text_at(struct svg *s, int x, int y, const char *fill, const char *extra, const char *text)
{
	fprintf(s->out, "<text x=\"%d\" y=\"%d\" fill=\"%s\"%s%s>", x, y, fill, extra ? " " : "", extra ? extra : "");
	write_text(s->out, text);
	fputs("</text>\n", s->out);
}

static void lane_colour(int lane, char *buf, size_t size)
{
	palette_rgb(palette_worker_256[(lane < 0 ? 0 : lane) % PALETTE_WORKER_COLOURS], buf, size);
}

/*
 * A run of `count` equal cells from column `column` of the row at s->y:
 * its shape, and in running cells the CPU digit (or the lane's letter).
 */
static void paint_cells(struct svg *s, const struct timeline_cell *cell, enum timeline_view view, int lane,
    int column, int count)
{
	int x = MARGIN + LABEL_WIDTH + column * CELL_WIDTH, width = count * CELL_WIDTH;
	int top = s->y + 2, height = ROW_HEIGHT - 4;
	char colour[16], basic[16], glyphs[ROW_MAX];
	int owner = view == TIMELINE_CPUS ? cell->worker : lane;

	lane_colour(owner, colour, sizeof colour);
	switch ((enum cell_state)cell->state) {
	case CELL_RUNNING:
		fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x, top, width,
		    height, colour);
		memset(glyphs, view == TIMELINE_CPUS ? outcome_worker_letter(owner) : outcome_cpu_digit(cell->cpu),
		    (size_t)count);
		glyphs[count] = '\0';
		fprintf(s->out, "<text x=\"%d\" y=\"%d\" fill=\"#000000\" textLength=\"%d\" lengthAdjust=\"spacing\" "
		    "font-size=\"11\">%s</text>\n", x + 1, s->y + ROW_HEIGHT - 5, width - 2, glyphs);
		return;
	case CELL_PARTIAL:
		fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.6\"/>\n",
		    x, top, width, height, colour);
		return;
	case CELL_PREEMPTED:
		fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.3\"/>\n",
		    x, top, width, height, colour);
		return;
	case CELL_SHARED:
		fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"" FOREGROUND "\" "
		    "fill-opacity=\"0.45\"/>\n", x, top + height / 4, width, height / 2);
		return;
	case CELL_OTHER:
		fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#626262\"/>\n", x, top, width,
		    height);
		return;
	case CELL_WAITING:
		palette_rgb(PALETTE_YELLOW, basic, sizeof basic);
		fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x, top + height / 4,
		    width, height / 2, basic);
		return;
	case CELL_BLOCKED:
		palette_rgb(PALETTE_CYAN, basic, sizeof basic);
		fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x, top + height / 3,
		    width, height / 3, basic);
		return;
	case CELL_IDLE:
		fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"1\" fill=\"%s\"/>\n", x,
		    top + height / 2, width, DIM);
		return;
	case CELL_CRASHED:
		palette_rgb(PALETTE_RED, basic, sizeof basic);
		fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x, top, width, height,
		    basic);
		return;
	case CELL_DONE:
	case CELL_EMPTY:
	case CELL_STATE_COUNT:
		return;
	}
}

static bool same_cell(const struct timeline_cell *a, const struct timeline_cell *b)
{
	return a->state == b->state && (a->state != CELL_RUNNING || (a->cpu == b->cpu && a->worker == b->worker));
}

/* One lane of a timeline as a row: its label, then its cells, equal neighbours drawn as one. */
static void paint_lane(struct svg *s, const struct timeline *timeline, int lane, const char *label,
    const char *label_colour)
{
	int column = 0;

	text_at(s, MARGIN, s->y + ROW_HEIGHT - 5, label_colour, "font-size=\"12\" font-weight=\"bold\"", label);
	while (column < timeline->columns) {
		const struct timeline_cell *cell = timeline_cell(timeline, lane, column);
		int count = 1;

		while (column + count < timeline->columns &&
		    same_cell(cell, timeline_cell(timeline, lane, column + count)))
			count++;
		paint_cells(s, cell, timeline->view, lane, column, count);
		column += count;
	}
	s->y += ROW_HEIGHT;
}

/* A process's heading row: its pid and command under its parent, and how it ended at the right. */
static void paint_process_row(struct svg *s, const struct process_tree *tree, const struct tree_row *row)
{
	char label[TREE_COMMAND_SIZE + 32], fate[64], shown[TREE_COMMAND_SIZE + 32];
	int room = (LABEL_WIDTH + s->columns * CELL_WIDTH) / CELL_WIDTH - 2 * row->depth - 24;
	const char *fate_colour = tree->processes[row->process].fate == TREE_KILLED ? "#ff5f5f" : DIM;

	process_tree_process_label(tree, row->process, label, sizeof label);
	process_tree_fate_text(tree, row->process, fate, sizeof fate);
	snprintf(shown, sizeof shown, "%.*s", room > 10 ? room : 10, label);
	text_at(s, MARGIN + 14 * row->depth, s->y + ROW_HEIGHT - 5, FOREGROUND, "font-size=\"12\" font-weight=\"bold\"",
	    shown);
	text_at(s, s->width - MARGIN, s->y + ROW_HEIGHT - 5, fate_colour, "font-size=\"12\" text-anchor=\"end\"", fate);
	s->y += ROW_HEIGHT;
}

/* The time axis: tick labels, and a tick line at each. */
static void paint_axis(struct svg *s, uint64_t span)
{
	char labels[ROW_MAX], ruler[ROW_MAX];
	int top = s->y;

	axis_lines(labels, ruler, s->columns, 0, span);
	for (int c = 0; c < s->columns; c++) {
		if (labels[c] != ' ' && (c == 0 || labels[c - 1] == ' ')) {
			char word[32];
			int length = (int)strcspn(labels + c, " ");

			snprintf(word, sizeof word, "%.*s", length < 31 ? length : 31, labels + c);
			text_at(s, MARGIN + LABEL_WIDTH + c * CELL_WIDTH, top + 12, DIM, "font-size=\"11\"", word);
		}
		if (ruler[c] == '|')
			fprintf(s->out, "<rect x=\"%d\" y=\"%d\" width=\"1\" height=\"6\" fill=\"%s\"/>\n",
			    MARGIN + LABEL_WIDTH + c * CELL_WIDTH, top + 16, DIM);
	}
	text_at(s, MARGIN, top + 22, DIM, "font-size=\"11\"", "time");
	s->y += 26;
}

static void paint_section(struct svg *s, const struct svg_section *section, uint64_t span)
{
	struct timeline timeline = { 0 };
	char label[64], colour[16];

	text_at(s, MARGIN, s->y + 14, FOREGROUND, "font-size=\"13\" font-weight=\"bold\"", section->heading);
	s->y += ROW_HEIGHT + 2;
	if (timeline_build(&timeline, section->recording, TIMELINE_WORKERS, 0, span, s->columns) == 0) {
		if (section->tree != NULL) {
			for (int i = 0; i < section->row_count; i++) {
				const struct tree_row *row = &section->rows[i];

				if (row->lane < 0) {
					paint_process_row(s, section->tree, row);
					continue;
				}
				if (row->lane >= timeline.lanes)
					continue;
				process_tree_thread_label(section->tree, row->lane, LABEL_WIDTH / CELL_WIDTH, label,
				    sizeof label);
				lane_colour(row->lane, colour, sizeof colour);
				paint_lane(s, &timeline, row->lane, label, colour);
			}
		} else {
			for (int lane = 0; lane < timeline.lanes; lane++) {
				outcome_lane_label(section->recording, lane, label, sizeof label);
				lane_colour(lane, colour, sizeof colour);
				paint_lane(s, &timeline, lane, label, colour);
			}
		}
	}
	text_at(s, MARGIN, s->y + 13, DIM, "font-size=\"11\"", "CPUs (who ran)");
	s->y += ROW_HEIGHT;
	if (timeline_build(&timeline, section->recording, TIMELINE_CPUS, 0, span, s->columns) == 0) {
		for (int cpu = 0; cpu < timeline.lanes; cpu++) {
			snprintf(label, sizeof label, "CPU %d", cpu);
			paint_lane(s, &timeline, cpu, label, FOREGROUND);
		}
	}
	timeline_free(&timeline);
	s->y += 8;
}

/* One legend entry: a sample cell and its meaning; wraps to a new row when the row is full. */
static void legend_entry(struct svg *s, int *x, enum cell_state state, const char *meaning)
{
	struct timeline_cell cell = { .state = (uint8_t)state, .cpu = 0, .worker = 1 };
	int width = 3 * CELL_WIDTH + 8 + 7 * (int)strlen(meaning) + 24;
	struct svg sample = *s;

	if (*x + width > s->width - MARGIN && *x > MARGIN) {
		s->y += ROW_HEIGHT;
		*x = MARGIN;
	}
	sample.y = s->y;
	/* paint_cells places cells after the label column: move the sample back to x. */
	fprintf(s->out, "<g transform=\"translate(%d,0)\">\n", *x - MARGIN - LABEL_WIDTH);
	paint_cells(&sample, &cell, TIMELINE_WORKERS, 0, 0, 3);
	fputs("</g>\n", s->out);
	text_at(s, *x + 3 * CELL_WIDTH + 8, s->y + ROW_HEIGHT - 5, FOREGROUND, "font-size=\"12\"", meaning);
	*x += width;
}

/*
 * The legend of both views, as the full-screen view lists it (glyph.c):
 * `waiting` names what waiting is for a run's technique (NULL: the source's
 * words), `note` closes it (the schedule's note, or a trace's precision).
 */
static void paint_legend(struct svg *s, enum legend_source source, const char *waiting, const char *note)
{
	static const enum timeline_view views[] = { TIMELINE_WORKERS, TIMELINE_CPUS };
	int x = MARGIN;

	for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
		const enum cell_state *states = glyph_legend(views[v]);

		for (int i = 0; states[i] != CELL_STATE_COUNT; i++) {
			char meaning[128];

			if (states[i] == CELL_IDLE || (views[v] == TIMELINE_CPUS && states[i] == CELL_RUNNING))
				continue;
			snprintf(meaning, sizeof meaning, "%s%s", views[v] == TIMELINE_CPUS ? "CPU lane: " : "",
			    states[i] == CELL_WAITING && waiting != NULL ? waiting :
			    views[v] == TIMELINE_WORKERS ? legend_meaning(states[i], source) :
			    glyph_of(states[i], views[v])->meaning);
			legend_entry(s, &x, states[i], meaning);
		}
	}
	s->y += ROW_HEIGHT;
	text_at(s, MARGIN, s->y + ROW_HEIGHT - 5, DIM, "font-size=\"12\"",
	    "CPU lanes: each CPU in the colour and letter of the lane that held it");
	s->y += ROW_HEIGHT;
	if (note != NULL) {
		text_at(s, MARGIN, s->y + ROW_HEIGHT - 5, DIM, "font-size=\"12\"", note);
		s->y += ROW_HEIGHT;
	}
	s->y += 8;
}

/* The summary's lines (as the plain summary words them), wrapped to the picture's width. */
static void paint_summary(struct svg *s, const char *summary)
{
	int room = (s->width - 2 * MARGIN) / 7;
	const char *line = summary;

	while (line != NULL && *line != '\0') {
		const char *end = strchr(line, '\n');
		int length = end != NULL ? (int)(end - line) : (int)strlen(line);

		while (length > 0) {
			int part = length > room ? room : length;
			char piece[ROW_MAX];

			if (part < length) {
				while (part > room / 2 && line[part] != ' ')
					part--;
			}
			snprintf(piece, sizeof piece, "%.*s", part, line);
			text_at(s, MARGIN, s->y + ROW_HEIGHT - 5, FOREGROUND, "font-size=\"12\"", piece);
			s->y += ROW_HEIGHT;
			line += part;
			length -= part;
			while (length > 0 && *line == ' ') {
				line++;
				length--;
			}
		}
		line = end != NULL ? end + 1 : NULL;
	}
}

/* The title bar and the line under it. */
static void paint_title(struct svg *s, const char *title, const char *subtitle)
{
	char cyan[16];

	palette_rgb(PALETTE_CYAN, cyan, sizeof cyan);
	fprintf(s->out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"26\" fill=\"%s\"/>\n", s->width, cyan);
	text_at(s, MARGIN, 18, "#000000", "font-size=\"14\" font-weight=\"bold\"", title);
	text_at(s, MARGIN, 44, DIM, "font-size=\"12\"", subtitle);
	s->y = 56;
}

/* Starts a picture: its body goes to a memory stream until the height is known. */
static int begin_picture(struct svg *s, char **body, size_t *size)
{
	memset(s, 0, sizeof *s);
	s->columns = COLUMNS;
	s->width = 2 * MARGIN + LABEL_WIDTH + COLUMNS * CELL_WIDTH;
	s->out = open_memstream(body, size);
	return s->out != NULL ? 0 : -1;
}

/* Writes the header, sized to what was drawn, then the body. */
static void end_picture(struct svg *s, FILE *out, char **body, size_t *size, const char *title)
{
	int height = s->y + MARGIN;

	fclose(s->out); /* sets *body and *size */
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" " FONT ">\n<title>", s->width, height, s->width, height);
	write_text(out, title);
	fprintf(out, "</title>\n<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"" BACKGROUND "\"/>\n",
	    s->width, height);
	if (*body != NULL)
		fwrite(*body, 1, *size, out);
	fputs("</svg>\n", out);
	free(*body);
}

/* The summary text a renderer writes, captured. NULL if out of memory. */
static char *run_summary(const struct outcome_set *set)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (out == NULL)
		return NULL;
	render_plain_summary(out, set);
	fclose(out);
	return text;
}

void render_svg(FILE *out, const struct outcome_set *set)
{
	const struct outcome *runs[] = {
		&set->run,
		set->has_vs ? &set->vs : NULL,
		set->has_baseline ? &set->baseline : NULL,
		set->has_python ? &set->python : NULL,
		set->has_python_baseline ? &set->python_baseline : NULL,
	};
	static const char *const headings[] = {
		NULL, "compared with (--vs)", "sequential baseline: the same tasks in one thread",
		"the same in Python, under python3", "sequential Python",
	};
	uint64_t span = 1;
	char title[256], heading[320], *body = NULL, *summary;
	size_t size = 0;
	struct svg s;

	if (begin_picture(&s, &body, &size) != 0)
		return;
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		if (runs[i] != NULL && runs[i]->stats.wall_ns > span)
			span = runs[i]->stats.wall_ns;
	}
	wording_title(title, sizeof title, set->run.spec);
	paint_title(&s, title, technique_summary(set->run.spec->technique));
	paint_axis(&s, span);
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		struct svg_section section;

		if (runs[i] == NULL)
			continue;
		snprintf(heading, sizeof heading, "%s", headings[i] != NULL ? headings[i] : title);
		section = (struct svg_section){ .heading = heading, .recording = runs[i]->recording };
		paint_section(&s, &section, span);
	}
	paint_legend(&s, LEGEND_RUN, technique_waiting_meaning(set->run.spec->technique),
	    glyph_schedule_note(set->run.recording->schedule));
	summary = run_summary(set);
	paint_summary(&s, summary != NULL ? summary : "");
	free(summary);
	end_picture(&s, out, &body, &size, title);
}

void render_svg_observed(FILE *out, const struct observed *observed)
{
	const struct process_tree *tree = observed->tree;
	int count = process_tree_row_count(tree);
	struct tree_row *rows = malloc((size_t)(count > 0 ? count : 1) * sizeof *rows);
	char title[TREE_COMMAND_SIZE + 64], heading[96], precision[256], *body = NULL, *summary = NULL;
	size_t size = 0, summary_size = 0;
	struct svg_section section;
	FILE *text;
	struct svg s;

	if (rows == NULL || begin_picture(&s, &body, &size) != 0) {
		free(rows);
		return;
	}
	if (tree->process_count > 0)
		process_tree_process_label(tree, 0, heading, sizeof heading);
	else
		snprintf(heading, sizeof heading, "nothing");
	snprintf(title, sizeof title, "metaconc trace: %s", heading);
	wording_tree_counts(heading, sizeof heading, tree);
	paint_title(&s, title, "every thread of every process: running on which CPU, preempted, waiting on a lock, blocked");
	paint_axis(&s, observed->stats.wall_ns > 0 ? observed->stats.wall_ns : 1);
	section = (struct svg_section){
		.heading = heading,
		.recording = observed->recording,
		.tree = tree,
		.rows = rows,
		.row_count = process_tree_rows(tree, rows),
	};
	paint_section(&s, &section, observed->stats.wall_ns > 0 ? observed->stats.wall_ns : 1);
	legend_cpu_precision(observed, precision, sizeof precision);
	paint_legend(&s, LEGEND_TRACE, NULL, precision);
	text = open_memstream(&summary, &summary_size);
	if (text != NULL) {
		render_plain_observed_summary(text, observed);
		fclose(text);
	}
	paint_summary(&s, summary != NULL ? summary : "");
	free(summary);
	free(rows);
	end_picture(&s, out, &body, &size, title);
}
