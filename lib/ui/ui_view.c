/*
 * ui_view.c: the full-screen timeline of one or more runs, as a component.
 *
 * It draws what the runs recorded so far, a section per run (the technique,
 * the run it is compared with, the sequential baseline), on one time scale,
 * with the CPU strip, legend and summary. It owns no loop: the run command
 * (ui_run.c), the demo and the tutorial feed it frames and keys. The keys it
 * understands explore the recording: the time cursor, zoom, the CPU view and
 * a slow-motion replay. Going back in time only re-reads the recording.
 *
 * Key handlers return what they changed; the caller draws once per pass, and
 * curses sends the terminal only the cells that changed.
 */
#include "ui/ui_view.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "model/outcome.h"
#include "model/timeline.h"
#include "render/glyph.h"
#include "render/legend.h"
#include "render/render_plain.h"
#include "render/wording.h"
#include "ui/ui_caption.h"
#include "ui/ui_fit.h"
#include "ui/ui_help.h"
#include "ui/ui_term.h"
#include "ui/ui_timeline.h"

#define LABEL_WIDTH 16
#define MIN_COLUMNS 60
#define MIN_ROWS 16
#define MAX_SECTIONS 5 /* the run, --vs, the baseline, Python and sequential Python */
#define MIN_SPAN_NS (50 * 1000ull) /* zooming in stops at 50 us across the screen */
#define ESTIMATED_COLUMN_NS (1000 * 1000ull) /* an estimated schedule: no column narrower than a slice */
#define MIN_SPEED (1.0 / 32)
#define MAX_SPEED 8.0

enum playback {
	PLAYBACK_LIVE,   /* showing everything recorded, as it is recorded */
	PLAYBACK_REPLAY, /* the playhead moves through the recording at `speed` */
	PLAYBACK_PAUSED, /* the playhead stands still */
	PLAYBACK_END,    /* the run is over and all of it is shown */
};

/* One run on the screen: the technique, or its baseline below it. */
struct section {
	const struct experiment_spec *spec;
	const struct recording *recording;
	enum runner_phase phase;
	bool finished;
	struct timeline workers;
	struct timeline cpus;
};

struct ui_view {
	struct section sections[MAX_SECTIONS];
	int section_count;
	const struct outcome_set *outcomes; /* the summary, once every run has ended */
	enum timeline_view view;
	enum playback playback;
	bool live;                          /* a run is still in progress */
	uint64_t playhead_ns;               /* shown up to here, relative to each run's start */
	double speed;                       /* replay speed: 0.25 is four times slower than real */
	uint64_t last_tick_ns;              /* wall clock when the playhead last moved */
	bool fit;                           /* the window shows the whole run */
	uint64_t from_ns, to_ns;            /* the window when not fitting */
	int cursor;                         /* column of the time cursor, or -1 */
	int lane_scroll;                    /* first worker lane shown */
	bool help;
	uint64_t expected_ns;               /* how long the runs should take, to scale the live view */
	int columns;                        /* timeline columns in the last layout */
	char note[320];                     /* a one-off message for the status line */
	uint64_t frames;                    /* frames drawn */
	uint64_t crash_after_frames;        /* test hook: crash in the view at this frame (0: never) */
	char caption[512];                  /* a presenter's caption, or "" */
	const struct ui_view_observed *observed; /* metaconc trace: what it shows instead of a spec */
};

/* ---- time and window ---------------------------------------------------- */

static uint64_t section_length(const struct section *s)
{
	return s->recording->now_ns - s->recording->origin_ns;
}

/* The length of the longest run recorded so far. */
static uint64_t recorded_length(const struct ui_view *ui)
{
	uint64_t longest = 0;

	for (int i = 0; i < ui->section_count; i++) {
		if (section_length(&ui->sections[i]) > longest)
			longest = section_length(&ui->sections[i]);
	}
	return longest;
}

/* While live: the time since the first run began, whichever run is going now (Python's too). */
static uint64_t elapsed(const struct ui_view *ui)
{
	uint64_t now = clock_now_ns(), start;

	if (ui->section_count == 0)
		return 0;
	start = ui->sections[0].recording->origin_ns;
	return now > start ? now - start : 0;
}

/*
 * The narrowest window the recording can fill truthfully. An exact
 * schedule is known to the nanosecond; an estimated one only slice by
 * slice (about 1 ms), so a column may not be narrower than a slice.
 */
static uint64_t finest_span(const struct ui_view *ui)
{
	for (int i = 0; i < ui->section_count; i++) {
		if (ui->sections[i].recording->schedule != RECORDING_EXACT)
			return (uint64_t)(ui->columns > 0 ? ui->columns : 1) * ESTIMATED_COLUMN_NS;
	}
	return MIN_SPAN_NS;
}

/* Why a run's schedule is estimated, for the note that stops the zoom. */
static const char *estimated_why(const struct ui_view *ui)
{
	for (int i = 0; i < ui->section_count; i++) {
		const struct recording *recording = ui->sections[i].recording;

		if (recording->schedule != RECORDING_EXACT && recording->schedule_why[0] != '\0')
			return recording->schedule_why;
	}
	return "no perf events";
}

/* The window that shows every run whole (while live: as long as they are expected to take). */
static void fit_window(const struct ui_view *ui, uint64_t *from, uint64_t *to)
{
	uint64_t length = recorded_length(ui);

	if (ui->live) {
		/*
		 * As long as the runs are expected to take; running longer, grown
		 * by half at a time, so that the window stays put between steps
		 * and a frame only reads what was recorded since the last one.
		 */
		uint64_t window = ui->expected_ns > 0 ? ui->expected_ns : CLOCK_NS_PER_MS * 1000;

		while (window < length + length / 10)
			window += window / 2;
		length = window;
	}
	*from = 0;
	*to = length > 0 ? length : 1;
}

static void window(const struct ui_view *ui, uint64_t *from, uint64_t *to)
{
	if (ui->fit)
		fit_window(ui, from, to);
	else {
		*from = ui->from_ns;
		*to = ui->to_ns;
	}
}

static uint64_t cursor_time(const struct ui_view *ui)
{
	uint64_t from, to;
	int column = ui->cursor >= 0 ? ui->cursor : ui->columns / 2;

	window(ui, &from, &to);
	if (ui->columns <= 0)
		return from + (to - from) / 2; /* a terminal too small for the timeline: no columns yet */
	return from + (uint64_t)(((double)column + 0.5) * (double)(to - from) / ui->columns);
}

/* What the view shows up to: everything while live or at the end, else the playhead. */
static uint64_t shown_until(const struct ui_view *ui)
{
	if (ui->playback == PLAYBACK_LIVE || ui->playback == PLAYBACK_END)
		return TIMELINE_NO_LIMIT;
	return ui->playhead_ns;
}

/* Sets the window to [from, from + span), kept within the run. */
static void set_window(struct ui_view *ui, int64_t from, uint64_t span)
{
	uint64_t fit_from, fit_to;

	fit_window(ui, &fit_from, &fit_to);
	if (span < finest_span(ui)) {
		span = finest_span(ui);
		if (span > MIN_SPAN_NS)
			snprintf(ui->note, sizeof ui->note, "Zoomed in as far as this run was recorded: about 1 ms a column "
			    "(an estimated schedule: %s)", estimated_why(ui));
	}
	if (span >= fit_to) {
		ui->fit = true;
		return;
	}
	if (from < 0)
		from = 0;
	if ((uint64_t)from + span > fit_to)
		from = (int64_t)(fit_to - span);
	ui->fit = false;
	ui->from_ns = (uint64_t)from;
	ui->to_ns = (uint64_t)from + span;
}

static void zoom_window(struct ui_view *ui, double factor)
{
	uint64_t from, to, at = cursor_time(ui);
	double column_share;

	window(ui, &from, &to);
	if (to <= from)
		return; /* nothing recorded yet: nothing to zoom */
	column_share = (double)(at - from) / (double)(to - from);
	set_window(ui, (int64_t)at - (int64_t)(column_share * (double)(to - from) * factor),
	    (uint64_t)((double)(to - from) * factor));
}

static void scroll_window(struct ui_view *ui, double screens)
{
	uint64_t from, to;

	window(ui, &from, &to);
	set_window(ui, (int64_t)from + (int64_t)(screens * (double)(to - from)), to - from);
}

static void move_cursor(struct ui_view *ui, int columns)
{
	if (ui->cursor < 0) {
		ui->cursor = ui->columns / 2;
		return;
	}
	ui->cursor += columns;
	if (ui->cursor < 0) {
		ui->cursor = 0;
		scroll_window(ui, -0.125);
	} else if (ui->cursor >= ui->columns) {
		ui->cursor = ui->columns - 1;
		scroll_window(ui, 0.125);
	}
}

/* ---- playback ------------------------------------------------------------ */

static void start_replay(struct ui_view *ui)
{
	ui->playback = PLAYBACK_REPLAY;
	ui->playhead_ns = 0;
	ui->last_tick_ns = clock_now_ns();
}

/* Moves the playhead by the real time since the last frame, times the speed. */
enum ui_reaction ui_view_tick(struct ui_view *ui)
{
	uint64_t now = clock_now_ns();

	if (ui->playback != PLAYBACK_REPLAY)
		return UI_REACT_NONE;
	ui->playhead_ns += (uint64_t)((double)(now - ui->last_tick_ns) * ui->speed);
	ui->last_tick_ns = now;
	if (ui->playhead_ns >= recorded_length(ui))
		ui->playback = PLAYBACK_END;
	return UI_REACT_REDRAW;
}

static void toggle_pause(struct ui_view *ui)
{
	switch (ui->playback) {
	case PLAYBACK_LIVE:
		ui->playback = PLAYBACK_PAUSED;
		ui->playhead_ns = recorded_length(ui);
		break;
	case PLAYBACK_REPLAY:
		ui->playback = PLAYBACK_PAUSED;
		break;
	case PLAYBACK_PAUSED:
		if (ui->live)
			ui->playback = PLAYBACK_LIVE;
		else {
			ui->playback = PLAYBACK_REPLAY;
			ui->last_tick_ns = clock_now_ns();
		}
		break;
	case PLAYBACK_END:
		start_replay(ui);
		break;
	}
}

/* One frame of replay time forward or back: stepping back only re-reads the recording. */
static void step(struct ui_view *ui, int direction)
{
	uint64_t frame = (uint64_t)((double)UI_FRAME_MS * CLOCK_NS_PER_MS * ui->speed);

	if (ui->playback != PLAYBACK_PAUSED) {
		toggle_pause(ui);
		if (ui->playback != PLAYBACK_PAUSED)
			return;
	}
	if (direction < 0)
		ui->playhead_ns = ui->playhead_ns > frame ? ui->playhead_ns - frame : 0;
	else if (ui->playhead_ns + frame < recorded_length(ui))
		ui->playhead_ns += frame;
	else
		ui->playhead_ns = recorded_length(ui);
}

/* ---- keys ---------------------------------------------------------------- */

enum ui_reaction ui_view_key(struct ui_view *ui, int key)
{
	if (ui->help && key != KEY_RESIZE) {
		ui->help = false; /* any key closes the help */
		return key == 'q' ? UI_REACT_QUIT : UI_REACT_REDRAW;
	}
	ui->note[0] = '\0';
	switch (key) {
	case 'q':
	case 27: /* Esc */
		return UI_REACT_QUIT;
	case KEY_LEFT:
	case 'h':
		move_cursor(ui, -1);
		break;
	case KEY_RIGHT:
	case 'l':
		move_cursor(ui, 1);
		break;
	case KEY_SLEFT:
	case 'H':
		scroll_window(ui, -0.5);
		break;
	case KEY_SRIGHT:
	case 'L':
		scroll_window(ui, 0.5);
		break;
	case '+':
	case '=':
		zoom_window(ui, 0.5);
		break;
	case '-':
	case '_':
		zoom_window(ui, 2.0);
		break;
	case '0':
	case 'f':
		ui->fit = true;
		break;
	case 'g':
	case KEY_HOME:
		ui->cursor = 0;
		scroll_window(ui, -1e9);
		break;
	case 'G':
	case KEY_END:
		ui->cursor = ui->columns - 1;
		scroll_window(ui, 1e9);
		break;
	case '\t':
		ui->view = ui->view == TIMELINE_WORKERS ? TIMELINE_CPUS : TIMELINE_WORKERS;
		break;
	case KEY_UP:
	case 'k':
		if (ui->lane_scroll > 0)
			ui->lane_scroll--;
		break;
	case KEY_DOWN:
	case 'j':
		ui->lane_scroll++;
		break;
	case 'r':
		if (ui->live)
			snprintf(ui->note, sizeof ui->note, "replay opens when the run has finished");
		else
			start_replay(ui);
		break;
	case '<':
		ui->speed = ui->speed / 2 < MIN_SPEED ? MIN_SPEED : ui->speed / 2;
		break;
	case '>':
		ui->speed = ui->speed * 2 > MAX_SPEED ? MAX_SPEED : ui->speed * 2;
		break;
	case ' ':
		toggle_pause(ui);
		break;
	case '.':
		step(ui, 1);
		break;
	case ',':
		step(ui, -1);
		break;
	case '?':
		ui->help = true;
		break;
	case KEY_RESIZE:
		break;
	default:
		return UI_REACT_NONE;
	}
	return UI_REACT_REDRAW;
}

/* ---- drawing ------------------------------------------------------------- */

static const char *playback_text(const struct ui_view *ui, char *buf, size_t size)
{
	char at[24];

	wording_duration(at, sizeof at, ui->playback == PLAYBACK_LIVE ? elapsed(ui) :
	    ui->playback == PLAYBACK_END ? recorded_length(ui) : ui->playhead_ns);
	switch (ui->playback) {
	case PLAYBACK_LIVE:
		snprintf(buf, size, "%s live %s ", ui_term_utf8() ? "\u25cf" : "*", at);
		break;
	case PLAYBACK_REPLAY:
		snprintf(buf, size, "%s replay %gx %s ", ui_term_utf8() ? "\u25b6" : ">", ui->speed, at);
		break;
	case PLAYBACK_PAUSED:
		snprintf(buf, size, "%s paused %s ", ui_term_utf8() ? "\u2016" : "||", at);
		break;
	case PLAYBACK_END:
		snprintf(buf, size, "%s done %s ", ui_term_utf8() ? "\u25a0" : "#", at);
		break;
	}
	return buf;
}

static void draw_title(const struct ui_view *ui)
{
	char title[256], state[96];
	int right;

	snprintf(title, sizeof title, "metaconc  ");
	if (ui->observed != NULL)
		snprintf(title + strlen(title), sizeof title - strlen(title), "%s", ui->observed->title);
	else
		wording_title(title + strlen(title), sizeof title - strlen(title), ui->sections[0].spec);
	playback_text(ui, state, sizeof state);
	right = COLS - text_columns(state);
	ui_term_fill_row(0, ui_term_style(UI_STYLE_TITLE));
	attron(ui_term_style(UI_STYLE_TITLE));
	ui_fit_line(0, 1, right - 3, title); /* cut at a word, two columns before the state */
	mvaddstr(0, right > 0 ? right : 0, state);
	attroff(ui_term_style(UI_STYLE_TITLE));
	attron(ui_term_style(UI_STYLE_DIM));
	ui_fit_line(1, 1, COLS - 2, ui->observed != NULL ? ui->observed->subtitle :
	    technique_summary(ui->sections[0].spec->technique));
	attroff(ui_term_style(UI_STYLE_DIM));
}

static void draw_section_heading(const struct ui_view *ui, int y, const struct section *s, int hidden_lanes)
{
	char heading[300], right[48], length[24];
	int workers = s->recording->lane_count;
	/* async's lanes are tasks on one thread (and a helper): count lanes, not threads. */
	const char *noun = s->spec != NULL && s->spec->technique == TECHNIQUE_ASYNC ? "lane" :
	    s->recording->processes ? "process" : "thread";
	const char *plural = workers == 1 ? "" : s->recording->processes ? "es" : "s";

	if (ui->observed != NULL)
		snprintf(heading, sizeof heading, "%s", ui->observed->heading);
	else if (s->phase == RUNNER_BASELINE)
		snprintf(heading, sizeof heading, "%s", wording_baseline_heading());
	else if (s->phase == RUNNER_PYTHON)
		snprintf(heading, sizeof heading, "Python, python/%s under python3: %d %s%s",
		    python_script_name(s->spec->technique), workers, noun, plural);
	else if (s->phase == RUNNER_PYTHON_BASELINE)
		snprintf(heading, sizeof heading, "sequential Python: the same tasks in one thread");
	else if (s->phase == RUNNER_VS) {
		char title[256];

		wording_title(title, sizeof title, s->spec);
		snprintf(heading, sizeof heading, "vs %s", title);
	} else
		snprintf(heading, sizeof heading, "%s: %d %s%s", technique_name(s->spec->technique), workers, noun,
		    plural);
	wording_duration(length, sizeof length, section_length(s));
	snprintf(right, sizeof right, s->finished ? "wall %s" : "running %s", length);
	attron(ui_term_style(UI_STYLE_HEADING));
	mvaddnstr(y, 0, heading, COLS - 24);
	attroff(ui_term_style(UI_STYLE_HEADING));
	attron(ui_term_style(UI_STYLE_DIM));
	if (hidden_lanes > 0)
		printw("  (%d more lanes: j/k scroll)", hidden_lanes);
	mvaddstr(y, COLS - 1 - (int)strlen(right), right);
	attroff(ui_term_style(UI_STYLE_DIM));
}

/* Draws one section in `rows` rows from y; returns the rows used. */
static int draw_section(struct ui_view *ui, struct section *s, int y, int rows, uint64_t from,
    uint64_t to)
{
	int cpu_rows = s->recording->cpu_count;
	int worker_rows, hidden, lanes;

	if (timeline_build_views(&s->workers, &s->cpus, s->recording, from, to, shown_until(ui),
	    ui->columns) != 0)
		return 0;
	if (ui->view == TIMELINE_CPUS) {
		cpu_rows = cpu_rows < rows - 1 ? cpu_rows : rows - 1;
		draw_section_heading(ui, y, s, s->recording->cpu_count - cpu_rows);
		ui_timeline_draw_lanes(&s->cpus, s->recording, y + 1, LABEL_WIDTH, 0, cpu_rows, ui->cursor);
		return 1 + cpu_rows;
	}
	if (cpu_rows > (rows - 1) / 2)
		cpu_rows = (rows - 1) / 2;
	lanes = ui->observed != NULL ? ui->observed->row_count : s->recording->lane_count;
	worker_rows = rows - 1 - cpu_rows;
	if (worker_rows > lanes)
		worker_rows = lanes;
	if (ui->lane_scroll > lanes - worker_rows)
		ui->lane_scroll = lanes - worker_rows;
	if (ui->lane_scroll < 0)
		ui->lane_scroll = 0;
	hidden = lanes - worker_rows;
	draw_section_heading(ui, y, s, hidden);
	if (ui->observed != NULL)
		ui_timeline_draw_rows(&s->workers, ui->observed->tree, ui->observed->rows, y + 1, LABEL_WIDTH,
		    hidden > 0 ? ui->lane_scroll : 0, worker_rows, ui->cursor);
	else
		ui_timeline_draw_lanes(&s->workers, s->recording, y + 1, LABEL_WIDTH,
		    hidden > 0 ? ui->lane_scroll : 0, worker_rows, ui->cursor);
	ui_timeline_draw_lanes(&s->cpus, s->recording, y + 1 + worker_rows, LABEL_WIDTH, 0, cpu_rows,
	    ui->cursor);
	return 1 + worker_rows + cpu_rows;
}

/* A bar of `width` cells: our workers' share of a CPU, then other programs', then idle (glyph.c's). */
static void draw_bar(double ours, double other, int width)
{
	int mine = (int)(ours * width + 0.5), theirs = (int)((ours + other) * width + 0.5) - mine;

	for (int i = 0; i < width; i++) {
		if (i < mine)
			addstr(ui_term_utf8() ? "\u2588" : "*");
		else
			ui_timeline_draw_state(i < mine + theirs ? CELL_OTHER : CELL_IDLE, TIMELINE_CPUS);
	}
}

static void draw_live_summary(const struct ui_view *ui, int y)
{
	const struct section *s = &ui->sections[ui->section_count - 1];
	uint64_t cpu = 0, events = 0;
	char line[256];

	for (int i = 0; i < s->recording->lane_count; i++) {
		const struct lane *lane = &s->recording->lanes[i];

		cpu += recording_lane_totals(lane).running_ns;
		events += lane->count;
	}
	wording_progress(line, sizeof line, section_length(s), cpu, events, s->recording->dropped);
	ui_fit_clauses(y, 1, COLS - 2, line);
}

/* Where the sentences of the summary go: rows from `y` to `last`, filled left to right. */
struct sentence_rows {
	int y;
	int last;
};

/* Whether text_clause_length() cut `sentence` after `length` bytes between clauses, not inside one. */
static bool whole_clauses(const char *sentence, int length)
{
	const char *rest = sentence + length;

	return *rest == '\0' || *rest == ',' || *rest == ';' || (rest[0] == ' ' && rest[1] == '(');
}

/*
 * Adds one sentence of the summary in `style`: after three spaces on the
 * current row if it fits there, else at the start of the next row. On the
 * last row what does not fit gives way by whole clauses; after another
 * sentence, one whose first clause does not fit is left out.
 */
static void add_sentence(struct sentence_rows *rows, const char *sentence, attr_t style)
{
	int x = getcurx(stdscr), length = text_columns(sentence), shown;

	if (sentence[0] == '\0' || rows->y > rows->last || x >= COLS - 4)
		return;
	if (x > 1 && x + 3 + length > COLS - 1 && rows->y < rows->last) {
		move(++rows->y, 1);
		x = 1;
	}
	shown = text_clause_length(sentence, COLS - 1 - x - (x > 1 ? 3 : 0));
	if (x > 1 && !whole_clauses(sentence, shown))
		return;
	if (x > 1)
		addstr("   ");
	attron(style);
	addnstr(sentence, shown);
	attroff(style);
}

/* A speedup sentence (or why there is none), coloured by whether it came near what the run could reach. */
static void add_speedup(struct sentence_rows *rows, const struct outcome_set *set, bool python)
{
	bool measured = python ? outcome_python_speedup_measured(set) : outcome_speedup_measured(set);
	char line[320];

	wording_set_speedup(line, sizeof line, set, python);
	add_sentence(rows, line, ui_term_style(measured && outcome_speedup_reached(set, python) ? UI_STYLE_GOOD :
	    UI_STYLE_BAD));
}

/* Rows of findings of the run's own below the summary: a race's lost updates, Amdahl's bound. */
/* Rows for the Python run's findings: its speedup with --compare, its lost updates in a race. */
static int python_findings_rows(const struct ui_view *ui)
{
	bool python = false, python_baseline = false;

	for (int i = 0; i < ui->section_count; i++) {
		python = python || ui->sections[i].phase == RUNNER_PYTHON;
		python_baseline = python_baseline || ui->sections[i].phase == RUNNER_PYTHON_BASELINE;
	}
	return python_baseline + (python && ui->sections[0].spec->technique == TECHNIQUE_RACE);
}

static int findings_rows(const struct ui_view *ui)
{
	const struct experiment_spec *spec = ui->section_count > 0 ? ui->sections[0].spec : NULL;

	if (spec == NULL)
		return 0;
	return (spec->technique == TECHNIQUE_RACE) + (spec->serial_ms > 0) + python_findings_rows(ui);
}

/* What the Python run measured, beside the C run's: its speedup, its lost updates. */
static void draw_python_findings(const struct outcome_set *set, int y, int rows)
{
	char line[256], race[200];

	if (rows > 0 && set->has_python && set->has_python_baseline) {
		struct sentence_rows row = { .y = y, .last = y };

		move(y++, 1);
		snprintf(line, sizeof line, "python %s:", set->python.python.version);
		addstr(line);
		add_speedup(&row, set, true);
		rows--;
	}
	if (rows > 0 && set->has_python && set->python.spec->technique == TECHNIQUE_RACE) {
		wording_race(race, sizeof race, &set->python);
		snprintf(line, sizeof line, "python: %s", race);
		mvaddnstr(y, 1, line, COLS - 2);
	}
}

/* The findings, one a row from y, each cut to the screen's width. */
static void draw_findings(const struct outcome_set *set, int y, int rows)
{
	char line[256];

	if (rows > 0 && set->run.spec->technique == TECHNIQUE_RACE) {
		attr_t style = ui_term_style(outcome_lost_updates(&set->run) > 0 ? UI_STYLE_BAD : UI_STYLE_GOOD);

		wording_race(line, sizeof line, &set->run);
		attron(style);
		mvaddnstr(y++, 1, line, COLS - 2);
		attroff(style);
		rows--;
	}
	if (rows > 0 && set->has_baseline && wording_amdahl(line, sizeof line, &set->run, &set->baseline)) {
		mvaddnstr(y++, 1, line, COLS - 2);
		rows--;
	}
	draw_python_findings(set, y, rows);
}

/* One run's CPUs: "CPU 0 ███##───── 62% +38% other". */
static void draw_cpu_bars(const struct run_stats *stats)
{
	int x;

	for (int k = 0; k < stats->cpu_count && (x = getcurx(stdscr)) < COLS - 30; k++) {
		double ours = stats_cpu_utilisation(stats, k), other = stats_other_load(stats, k);

		printw("CPU %d ", k);
		draw_bar(ours, other, 10);
		printw(" %3.0f%%", 100.0 * ours);
		if (other >= WORDING_NOTICED)
			printw(" +%.0f%% other", 100.0 * other);
		printw("   ");
	}
}

/* Rows for the summary's sentences (the failures, the speedup, the comparison, the report): two if there is room. */
static int sentence_rows(void)
{
	return LINES >= 30 ? 2 : 1;
}

/* The rows the summary takes: the run, its CPUs, its verdict, other programs; Python's; the findings. */
static int summary_rows(const struct ui_view *ui)
{
	if (ui->observed != NULL && ui->observed->summary_rows > 0)
		return ui->observed->summary_rows;
	return 3 + sentence_rows() + (ui->outcomes != NULL && ui->outcomes->has_python ? 1 : 0) + findings_rows(ui);
}

/* The finished runs' summary: the sentences of the plain summary, side by side, in colour. */
static void draw_summary(const struct ui_view *ui, int y, int rows)
{
	const struct outcome_set *set = ui->outcomes;
	const struct run_stats *stats;
	char times[160], tasks[160], line[512];
	struct sentence_rows sentences = { .y = y + 2, .last = y + 1 + sentence_rows() };
	int next = sentences.last + 1;

	if (ui->observed != NULL && ui->observed->summary != NULL) {
		for (int i = 0; i < ui->observed->summary_count && i < rows; i++)
			ui_fit_line(y + i, 1, COLS - 2, ui->observed->summary[i]);
		return;
	}
	if (set == NULL) {
		draw_live_summary(ui, y);
		return;
	}
	stats = &set->run.stats;
	wording_times(times, sizeof times, stats);
	wording_tasks(tasks, sizeof tasks, &set->run);
	snprintf(line, sizeof line, "%s; %s", times, tasks);
	ui_fit_clauses(y, 1, COLS - 2, line); /* its last clauses give way whole: it never runs onto the next row */
	if (rows < 2)
		return;
	move(y + 1, 1);
	draw_cpu_bars(stats);
	if (rows < 3)
		return;
	move(sentences.y, 1);
	if (outcome_failed(&set->run)) {
		char tally[160];

		wording_failure_tally(tally, sizeof tally, &set->run);
		snprintf(line, sizeof line, "%s %s", ui_term_utf8() ? "\u2716" : "X", tally);
		add_sentence(&sentences, line, ui_term_style(UI_STYLE_CRASH));
	}
	if (set->has_baseline)
		add_speedup(&sentences, set, false);
	if (set->has_vs) {
		wording_vs(line, sizeof line, set);
		add_sentence(&sentences, line, A_BOLD);
	}
	wording_report(line, sizeof line, &set->run);
	add_sentence(&sentences, line, A_NORMAL);
	if (rows <= next - y)
		return;
	wording_other_programs(line, sizeof line, set);
	if ((int)strlen(line) > COLS - 2 && strstr(line, " (the busiest: ") != NULL)
		*strstr(line, " (the busiest: ") = '\0'; /* the detail goes first when the line is too long */
	if (line[0] != '\0') {
		attr_t style = ui_term_style(outcome_set_disturbed(set) != NULL ? UI_STYLE_BAD : UI_STYLE_DIM);

		attron(style);
		ui_fit_line(next, 1, COLS - 2, line);
		attroff(style);
	}
	next++;
	if (rows > next - y && set->has_python) {
		wording_times(times, sizeof times, &set->python.stats);
		wording_tasks(tasks, sizeof tasks, &set->python);
		snprintf(line, sizeof line, "python: %s; %s", times, tasks);
		ui_fit_clauses(next++, 1, COLS - 2, line);
	}
	if (rows > next - y)
		draw_findings(set, next, rows - (next - y));
}

/* The key bar: Tab says which lanes are shown; `? keys` and `q quit` are always on it. */
static void draw_keys(const struct ui_view *ui)
{
	bool cpus = ui->view == TIMELINE_CPUS;
	struct text_piece keys[] = {
		{ .text = "left/right cursor", .rank = 4 },
		{ .text = "+/- zoom", .rank = 2 },
		{ .text = cpus ? "Tab lanes: CPUs only" : "Tab lanes: workers and CPUs",
		  .shorter = cpus ? "Tab: CPUs only" : "Tab: workers+CPUs", .rank = 1 },
		{ .text = "r replay", .rank = 3 },
		{ .text = "space pause", .rank = 3 },
		{ .text = "? keys", .rank = 0 },
		{ .text = "q quit", .rank = 0 },
	};

	ui_fit_keys(keys, (int)(sizeof keys / sizeof keys[0]));
}

static void draw_status(const struct ui_view *ui)
{
	const struct section *s = &ui->sections[0];
	char line[512], at[24];
	size_t used;

	ui_term_fill_row(LINES - 1, A_NORMAL);
	if (ui->note[0] != '\0') {
		ui_fit_line(LINES - 1, 1, COLS - 2, ui->note);
		return;
	}
	if (ui->cursor < 0) {
		draw_keys(ui);
		return;
	}
	wording_duration(at, sizeof at, cursor_time(ui));
	used = (size_t)snprintf(line, sizeof line, "at %s:", at);
	for (int lane = 0; lane < s->recording->lane_count && used < sizeof line; lane++) {
		int cpu;
		enum cell_state state = timeline_state_at(s->recording, lane, cursor_time(ui), &cpu);

		if (cursor_time(ui) > shown_until(ui))
			state = CELL_EMPTY;
		if (state == CELL_RUNNING)
			used += (size_t)snprintf(line + used, sizeof line - used, "  %c running on CPU %d",
			    outcome_worker_letter(lane), cpu);
		else
			used += (size_t)snprintf(line + used, sizeof line - used, "  %c %s",
			    outcome_worker_letter(lane), ui->observed != NULL ? legend_state_word(state, LEGEND_TRACE) :
			    timeline_state_name(state));
	}
	ui_fit_line(LINES - 1, 1, COLS - 2, line);
}

static void draw_help(void)
{
	static const char *const lines[] = {
		"Keys",
		"",
		"left/right  h/l    move the time cursor (scrolls at the edges)",
		"H/L  shift+arrows  scroll half a screen",
		"+ / -              zoom in / out around the cursor",
		"0  f               fit the whole run",
		"g/G  Home/End      go to the start / the end",
		"Tab                worker and CPU lanes / CPU lanes only",
		"up/down  j/k       scroll the lanes",
		"r                  replay the run in slow motion",
		"< / >              replay slower / faster",
		"space              pause / resume",
		", / .              one frame back / forward (paused)",
		"?                  this help",
		"q  Esc             quit",
		"",
		"press any key",
	};
	ui_help_draw(lines, sizeof lines / sizeof lines[0]);
}

static int reserved_rows(const struct ui_view *ui)
{
	return ui->observed != NULL ? ui->observed->reserved_rows : 0;
}

int ui_view_reserved_top(const struct ui_view *ui)
{
	return LINES - 1 - reserved_rows(ui);
}

void ui_view_draw(struct ui_view *ui)
{
	ui_view_paint(ui);
	refresh();
}

void ui_view_paint(struct ui_view *ui)
{
	uint64_t from, to;
	enum recording_schedule schedule = ui->section_count > 0 ? ui->sections[0].recording->schedule :
	    RECORDING_ESTIMATED;
	const char *waiting = technique_waiting_meaning(ui->section_count > 0 && ui->sections[0].spec != NULL ?
	    ui->sections[0].spec->technique : TECHNIQUE_SPAWN);
	int legend_rows = ui->observed != NULL ? ui_timeline_legend_rows_for(COLS, LEGEND_TRACE, ui->observed->precision) :
	    ui_timeline_legend_rows(COLS, schedule, waiting);
	int summary = summary_rows(ui);
	int y = 4, rows_for_sections = LINES - y - legend_rows - summary - 3 - reserved_rows(ui);

	erase();
	if (COLS < MIN_COLUMNS || LINES < MIN_ROWS + reserved_rows(ui)) {
		ui_fit_too_small("the timeline", MIN_COLUMNS, MIN_ROWS + reserved_rows(ui));
		return;
	}
	ui->columns = COLS - LABEL_WIDTH - 1;
	if (ui->cursor >= ui->columns)
		ui->cursor = ui->columns - 1;
	window(ui, &from, &to);
	draw_title(ui);
	ui_timeline_draw_axis(2, LABEL_WIDTH, ui->columns, from, to, ui->cursor);
	for (int i = 0; i < ui->section_count; i++)
		y += draw_section(ui, &ui->sections[i], y, rows_for_sections / ui->section_count - 1, from, to) + 1;
	if (ui->observed != NULL)
		y += ui_timeline_draw_legend_for(y, COLS, LEGEND_TRACE, ui->observed->precision) + 1;
	else
		y += ui_timeline_draw_legend(y, COLS, schedule, waiting) + 1;
	draw_summary(ui, y, summary);
	draw_status(ui);
	ui_caption_draw(ui->caption);
	if (ui->help)
		draw_help();
	if (++ui->frames == ui->crash_after_frames)
		raise(SIGSEGV); /* METACONC_TEST_CRASH_VIEW, for tests only (tests/README.md): the terminal must still come back */
}


/* ---- the component's life ------------------------------------------------ */

static struct section *section_for(struct ui_view *ui, const struct experiment_spec *spec,
    const struct recording *recording, enum runner_phase phase)
{
	for (int i = 0; i < ui->section_count; i++) {
		if (ui->sections[i].recording == recording)
			return &ui->sections[i];
	}
	if (ui->section_count == MAX_SECTIONS)
		return &ui->sections[MAX_SECTIONS - 1];
	ui->sections[ui->section_count] = (struct section){ .spec = spec, .recording = recording, .phase = phase };
	return &ui->sections[ui->section_count++];
}

/* How long the runs of `options` should take together on one time scale. */
static uint64_t expected_length(const struct run_options *options)
{
	uint64_t length = experiment_expected_ns(&options->spec);

	if (options->has_vs && experiment_expected_ns(&options->vs) > length)
		length = experiment_expected_ns(&options->vs);
	if (options->compare) {
		struct experiment_spec baseline = runner_baseline_spec(&options->spec);

		if (experiment_expected_ns(&baseline) > length)
			length = experiment_expected_ns(&baseline);
	}
	if (options->python && length < 2 * experiment_expected_ns(&options->spec))
		length = 2 * experiment_expected_ns(&options->spec); /* python3 starts slower than a thread */
	return length + length / 20;
}

struct ui_view *ui_view_new(const struct run_options *options)
{
	struct ui_view *ui = calloc(1, sizeof *ui);
	const char *crash = getenv("METACONC_TEST_CRASH_VIEW");

	if (ui == NULL)
		return NULL;
	ui->view = TIMELINE_WORKERS;
	ui->playback = PLAYBACK_LIVE;
	ui->live = true;
	ui->speed = 0.25;
	ui->fit = true;
	ui->cursor = -1;
	ui->expected_ns = expected_length(options);
	if (crash != NULL)
		ui->crash_after_frames = strtoull(crash, NULL, 10);
	return ui;
}

void ui_view_observed_show_tree(struct ui_view_observed *shown, const struct process_tree *tree,
    struct tree_row **rows, int *capacity, char *heading, size_t heading_size)
{
	int needed = process_tree_row_count(tree);

	if (needed > *capacity) {
		struct tree_row *grown = realloc(*rows, (size_t)needed * 2 * sizeof *grown);

		if (grown == NULL)
			return;
		*rows = grown;
		*capacity = needed * 2;
	}
	shown->tree = tree;
	shown->rows = *rows;
	shown->row_count = process_tree_rows(tree, *rows);
	wording_tree_counts(heading, heading_size, tree);
}

struct ui_view *ui_view_new_observing(const struct ui_view_observed *observed)
{
	struct ui_view *ui = calloc(1, sizeof *ui);

	if (ui == NULL)
		return NULL;
	ui->view = TIMELINE_WORKERS;
	ui->playback = PLAYBACK_LIVE;
	ui->live = true;
	ui->speed = 0.25;
	ui->fit = true;
	ui->cursor = -1;
	ui->observed = observed;
	return ui;
}

void ui_view_free(struct ui_view *ui)
{
	if (ui == NULL)
		return;
	for (int i = 0; i < ui->section_count; i++) {
		timeline_free(&ui->sections[i].workers);
		timeline_free(&ui->sections[i].cpus);
	}
	free(ui);
}

void ui_view_update(struct ui_view *ui, const struct experiment_spec *spec,
    const struct recording *recording, enum runner_phase phase, bool finished)
{
	section_for(ui, spec, recording, phase)->finished = finished;
}

void ui_view_finish(struct ui_view *ui, const struct outcome_set *outcomes)
{
	ui->live = false;
	ui->outcomes = outcomes;
	if (ui->playback == PLAYBACK_LIVE)
		ui->playback = PLAYBACK_END;
}

bool ui_view_has_runs(const struct ui_view *ui)
{
	return ui->section_count > 0;
}

bool ui_view_replaying(const struct ui_view *ui)
{
	return ui->playback == PLAYBACK_REPLAY;
}

void ui_view_set_caption(struct ui_view *ui, const char *caption)
{
	snprintf(ui->caption, sizeof ui->caption, "%s", caption != NULL ? caption : "");
}

void ui_view_set_note(struct ui_view *ui, const char *note)
{
	snprintf(ui->note, sizeof ui->note, "%s", note);
}

void ui_view_scale_speed(struct ui_view *ui, double factor)
{
	ui->speed *= factor;
}

uint64_t ui_view_frames(const struct ui_view *ui)
{
	return ui->frames;
}
