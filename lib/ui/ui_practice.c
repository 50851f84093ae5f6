/*
 * ui_practice.c: `metaconc practice`'s watch mode.
 *
 * The screen shows one exercise as a page scrolled like `less`: what to do
 * (its statement), the hints asked for so far, and the verdict of the last
 * check. The learner's folder of the exercise is watched (core/file_watch):
 * every save runs the check (course/practice_measure), and while it runs the
 * learner's program is drawn live by the same timeline view `metaconc run`
 * and `metaconc trace` use (ui_view.c), fed through practice_measure's live
 * hook. Then the verdict, item by item, in practice_text's words.
 *
 * One thread does everything. While a check runs, practice_measure() owns
 * the loop and calls back after each step of the observer: keys, signals
 * and frames are dealt with there, and q stops the runs (practice_measure
 * kills and reaps them) before the screen leaves.
 */
#include "ui/ui_practice.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/file_watch.h"
#include "core/signals.h"
#include "core/text.h"
#include "course/exercise.h"
#include "course/exercise_check.h"
#include "course/practice_measure.h"
#include "course/practice_text.h"
#include "model/observed.h"
#include "observe/sampler.h"
#include "render/legend.h"
#include "ui/ui_help.h"
#include "ui/ui_term.h"
#include "ui/ui_view.h"

#define BODY_TOP 2         /* the title bar, then the file's line */
#define MIN_SCREEN_COLS 40
#define MIN_SCREEN_ROWS 10
#define KEYS_RIGHT " ? help  q quit " /* always on the status line, whatever else it says */

/* Where the check of the exercise shown is. */
enum check_state {
	CHECK_WAITING,  /* no check yet: waiting for a save */
	CHECK_DONE,     /* the verdict is in `report` */
	CHECK_PROBLEM,  /* no verdict: the file is missing, or the runs could not be measured (`problem`) */
};

/* One row of the page: its text (owned) and how it looks. */
struct page_row {
	char *text;
	attr_t style;
};

struct watch_screen {
	const struct ui_practice_request *request;
	size_t index;                       /* the exercise shown */
	struct exercise exercise;
	bool loaded;                        /* `exercise` was read */
	char load_error[1024];
	char learner[4096];                 /* the learner's folder of the exercise */
	char program[4200];                 /* the learner's exercise.py in it */
	struct file_watch *watch;
	char watch_error[4600];

	enum check_state state;
	struct exercise_report report;
	char *failed_run;                   /* a run that failed by itself: Python's message (practice_text), or NULL */
	char problem[4600];
	char saved[FILE_WATCH_NAME_MAX];    /* the file whose save started the last check */
	int checks;                         /* checks made of this exercise, for "check 3" */

	struct page_row *rows;              /* the page, built for the width of the screen */
	int row_count, row_capacity;
	int check_row;                      /* the first row of the check's section */
	int hint_row;                       /* the first row of the latest hint */
	int scroll;
	bool reveal_check, reveal_hint;     /* bring it into view at the next draw */

	bool help, list;                    /* the help box, the list of exercises */
	size_t list_selected;
	char **titles;                      /* the exercises' titles, read when the list first opens */
	char note[1100];                    /* on the status line until the next key */
	bool quit;

	/* While a check runs: the live timeline of the run in progress. */
	struct ui_view *view;
	struct ui_view_observed shown;
	struct tree_row *tree_rows;
	int tree_row_capacity;
	char title[256], subtitle[512], heading[96], precision[256];
	uint64_t next_frame;
};

/* ---- progress ------------------------------------------------------------------ */

static const struct progress_lesson *record_of(const struct watch_screen *ws, size_t index)
{
	return progress_find(ws->request->progress, ws->request->catalog->entries[index].slug);
}

static bool passed(const struct watch_screen *ws, size_t index)
{
	const struct progress_lesson *record = record_of(ws, index);

	return record != NULL && record->finished;
}

static int hints_seen(const struct watch_screen *ws)
{
	const struct progress_lesson *record = record_of(ws, ws->index);

	return record != NULL ? record->hints : 0;
}

static size_t passed_count(const struct watch_screen *ws)
{
	size_t done = 0;

	for (size_t i = 0; i < ws->request->catalog->count; i++)
		done += passed(ws, i);
	return done;
}

/* Saves the progress; a failure is said on the status line (the screen carries on). */
static void save_progress(struct watch_screen *ws)
{
	char why[1024];

	if (progress_save(ws->request->progress, why, sizeof why) != 0)
		snprintf(ws->note, sizeof ws->note, "progress not saved: %s", why);
}

/* ---- the exercise shown -------------------------------------------------------- */

/* Forgets the verdict of the last check. */
static void forget_verdict(struct watch_screen *ws)
{
	if (ws->state == CHECK_DONE)
		exercise_report_free(&ws->report);
	free(ws->failed_run);
	ws->failed_run = NULL;
	ws->state = CHECK_WAITING;
}

static void close_exercise(struct watch_screen *ws)
{
	forget_verdict(ws);
	if (ws->loaded)
		exercise_free(&ws->exercise);
	file_watch_close(ws->watch);
	ws->watch = NULL;
	ws->loaded = false;
}

/* Shows exercise `index`: reads it and watches the learner's folder of it. */
static void open_exercise(struct watch_screen *ws, size_t index)
{
	const struct exercise_catalog_entry *entry = &ws->request->catalog->entries[index];

	close_exercise(ws);
	ws->index = index;
	ws->checks = 0;
	ws->scroll = 0;
	ws->load_error[0] = ws->watch_error[0] = '\0';
	snprintf(ws->learner, sizeof ws->learner, "%s/%s", ws->request->folder, entry->name);
	snprintf(ws->program, sizeof ws->program, "%s/%s", ws->learner, EXERCISE_PROGRAM);
	ws->loaded = exercise_load(&ws->exercise, entry->path, ws->load_error, sizeof ws->load_error) == 0;
	ws->watch = file_watch_open(ws->learner, ".py", ws->watch_error, sizeof ws->watch_error);
	if (ws->watch == NULL)
		snprintf(ws->watch_error + strlen(ws->watch_error), sizeof ws->watch_error - strlen(ws->watch_error),
		    "; 'metaconc practice' brings the folder back, then c checks");
}

/* ---- the live timeline, through practice_measure's hook ------------------------ */

/* The rows, the heading and the legend's note, up to date with the tree. */
static void update_shown(struct watch_screen *ws, const struct recording *recording, const struct process_tree *tree)
{
	struct observed facts = { .exact_cpus = recording->schedule == RECORDING_EXACT, .rate_hz = SAMPLER_DEFAULT_HZ,
		.final_rate_hz = SAMPLER_DEFAULT_HZ };

	ui_view_observed_show_tree(&ws->shown, tree, &ws->tree_rows, &ws->tree_row_capacity, ws->heading,
	    sizeof ws->heading);
	legend_cpu_precision(&facts, ws->precision, sizeof ws->precision);
}

/* A run of the check starts: a fresh view for it, titled with what runs. */
static void on_run_started(void *context, const struct practice_run_plan *run, size_t index, size_t count)
{
	struct watch_screen *ws = context;
	size_t used;

	ui_view_free(ws->view);
	snprintf(ws->title, sizeof ws->title, "practice  exercise %d: checking, run %zu of %zu", ws->exercise.number,
	    index + 1, count);
	used = (size_t)snprintf(ws->subtitle, sizeof ws->subtitle, "%s:", run->reference ?
	    "the reference it compares with" : "your program");
	for (size_t i = 0; run->argv[i] != NULL && used < sizeof ws->subtitle; i++) {
		const char *word = run->argv[i], *slash = strrchr(word, '/');

		/* python3 by its name: the check may have resolved it to its full path */
		used += (size_t)snprintf(ws->subtitle + used, sizeof ws->subtitle - used, " %s", i == 0 && slash != NULL ?
		    slash + 1 : word);
	}
	if (used < sizeof ws->subtitle)
		snprintf(ws->subtitle + used, sizeof ws->subtitle - used, "    ? keys  q quit");
	ws->shown = (struct ui_view_observed){
		.title = ws->title,
		.subtitle = ws->subtitle,
		.heading = ws->heading,
		.precision = ws->precision,
		.summary_rows = 1, /* the live line: the view never finishes here, the verdict follows it */
	};
	ws->heading[0] = ws->precision[0] = '\0';
	ws->view = ui_view_new_observing(&ws->shown);
	ws->next_frame = 0;
}

/* After each step of a run: keys, signals, and a frame when it is time. False stops the check. */
static bool on_stepped(void *context, const struct recording *recording, const struct process_tree *tree)
{
	struct watch_screen *ws = context;
	bool dirty = false;
	int key;

	if (signals_caught() != 0)
		ws->quit = true;
	while (!ws->quit && (key = ui_term_key()) != ERR) {
		if (key == 'q' || key == KEY_F(10))
			ws->quit = true;
		else if (key != 27 && ws->view != NULL && ui_view_key(ws->view, key) != UI_REACT_NONE)
			dirty = true; /* the timeline's own keys: cursor, zoom, Tab, ? */
	}
	if (ws->quit)
		return false;
	if (ws->view == NULL || (!dirty && clock_now_ns() < ws->next_frame))
		return true;
	update_shown(ws, recording, tree);
	ui_view_update(ws->view, NULL, recording, RUNNER_MAIN, false);
	ui_view_paint(ws->view);
	refresh();
	ws->next_frame = clock_now_ns() + UI_FRAME_MS * CLOCK_NS_PER_MS;
	return true;
}

/* ---- the check ----------------------------------------------------------------- */

/* What a run that failed by itself printed last (Python's own message), as `practice check` shows it; NULL if none. */
static char *failed_run_text(const struct exercise_measurements *measurements)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (out == NULL)
		return NULL;
	practice_text_failed_run(out, measurements);
	fclose(out);
	if (text != NULL && text[0] == '\0') {
		free(text);
		return NULL;
	}
	if (text != NULL)
		text_sanitize(text, size); /* the learner's program printed it: no escape sequence reaches the screen */
	return text;
}

/* Runs the check of the exercise shown, drawing each run live, and records a pass. */
static void check(struct watch_screen *ws)
{
	const struct practice_live live = { .run_started = on_run_started, .stepped = on_stepped, .context = ws };
	struct exercise_measurements measurements;
	char startup[4200];
	int checked;

	if (!ws->loaded)
		return;
	forget_verdict(ws);
	ws->state = CHECK_PROBLEM;
	ws->checks++;
	ws->reveal_check = true;
	if (access(ws->program, R_OK) != 0) {
		snprintf(ws->problem, sizeof ws->problem, "%s is missing (renamed, moved or deleted?): put it back, or "
		    "get a fresh copy with 'metaconc practice reset %d'", ws->program, ws->exercise.number);
		return;
	}
	snprintf(startup, sizeof startup, "%s/%s", ws->request->catalog->directory, EXERCISE_CATALOG_STARTUP);
	checked = practice_check_exercise(&ws->exercise, ws->learner, startup, &live, &measurements, &ws->report,
	    ws->problem, sizeof ws->problem);
	ui_view_free(ws->view);
	ws->view = NULL;
	if (checked != 0)
		return; /* why is in ws->problem (or the learner quit) */
	ws->state = CHECK_DONE;
	ws->failed_run = failed_run_text(&measurements);
	if (ws->report.passed && !passed(ws, ws->index)) {
		if (progress_mark_finished(ws->request->progress, ws->exercise.slug) != 0)
			snprintf(ws->note, sizeof ws->note, "progress not saved: out of memory");
		else
			save_progress(ws);
	}
	practice_measurements_free(&measurements);
}

/* ---- the page ------------------------------------------------------------------ */

static void page_clear(struct watch_screen *ws)
{
	for (int i = 0; i < ws->row_count; i++)
		free(ws->rows[i].text);
	ws->row_count = 0;
}

static void page_row(struct watch_screen *ws, const char *text, size_t length, attr_t style)
{
	if (ws->row_count == ws->row_capacity) {
		int capacity = ws->row_capacity > 0 ? ws->row_capacity * 2 : 64;
		struct page_row *grown = realloc(ws->rows, (size_t)capacity * sizeof *grown);

		if (grown == NULL)
			return;
		ws->rows = grown;
		ws->row_capacity = capacity;
	}
	ws->rows[ws->row_count].text = text_copy(text, length);
	if (ws->rows[ws->row_count].text != NULL)
		ws->rows[ws->row_count++].style = style;
}

/*
 * Adds `text` to the page, each of its lines wrapped at spaces to the
 * screen's width less `indent` columns; `hang` more columns for the rows a
 * line wraps onto.
 */
static void page_text(struct watch_screen *ws, const char *text, int indent, int hang, attr_t style)
{
	int width = COLS - 2;
	char margin[64];

	for (const char *line = text; *line != '\0';) {
		const char *end = strchr(line, '\n');
		size_t length = end != NULL ? (size_t)(end - line) : strlen(line);
		char *copy = text_copy(line, length);
		const char *rest = copy;
		int first = 1;

		if (copy == NULL)
			return;
		if (*rest == '\0')
			page_row(ws, "", 0, style);
		while (*rest != '\0') {
			int margin_width = indent + (first ? 0 : hang), room = width - margin_width;
			int taken = text_line_length(rest, room > 10 ? room : 10);
			char row[1024];

			snprintf(margin, sizeof margin, "%*s", margin_width < 60 ? margin_width : 60, "");
			snprintf(row, sizeof row, "%s%.*s", margin, taken, rest);
			page_row(ws, row, strlen(row), style);
			rest = text_skip_spaces(rest + taken);
			first = 0;
		}
		free(copy);
		line = end != NULL ? end + 1 : line + length;
	}
}

static void page_blank(struct watch_screen *ws)
{
	page_row(ws, "", 0, A_NORMAL);
}

static void page_hints(struct watch_screen *ws)
{
	int seen = hints_seen(ws);
	char heading[64];

	for (int i = 0; i < seen && (size_t)i < ws->exercise.hint_count; i++) {
		snprintf(heading, sizeof heading, "Hint %d of %zu", i + 1, ws->exercise.hint_count);
		page_blank(ws);
		ws->hint_row = ws->row_count;
		page_text(ws, heading, 0, 0, ui_term_style(UI_STYLE_HEADING));
		page_text(ws, ws->exercise.hints[i], 2, 0, A_NORMAL);
	}
}

static attr_t verdict_style(enum exercise_verdict verdict)
{
	return ui_term_style(verdict == EXERCISE_PASSED ? UI_STYLE_GOOD : verdict == EXERCISE_FAILED ?
	    UI_STYLE_BAD : UI_STYLE_DIM);
}

static void page_check(struct watch_screen *ws)
{
	char line[4600];

	page_blank(ws);
	ws->check_row = ws->row_count;
	if (ws->state == CHECK_WAITING) {
		page_text(ws, "Check", 0, 0, ui_term_style(UI_STYLE_HEADING));
		snprintf(line, sizeof line, "Edit %s in your own editor: each time you save it, its check runs here. "
		    "(c checks it now.)", ws->program);
		page_text(ws, line, 2, 0, ui_term_style(UI_STYLE_DIM));
		return;
	}
	if (ws->saved[0] != '\0')
		snprintf(line, sizeof line, "Check %d, after your save of %s", ws->checks, ws->saved);
	else
		snprintf(line, sizeof line, "Check %d", ws->checks);
	page_text(ws, line, 0, 0, ui_term_style(UI_STYLE_HEADING));
	if (ws->state == CHECK_PROBLEM) {
		page_text(ws, ws->problem, 2, 0, ui_term_style(UI_STYLE_BAD));
		return;
	}
	if (ws->failed_run != NULL)
		page_text(ws, ws->failed_run, 2, 4, A_NORMAL);
	for (size_t i = 0; i < ws->report.count; i++) {
		const struct exercise_result *result = &ws->report.results[i];

		snprintf(line, sizeof line, "%s  %s", practice_text_verdict_word(result->verdict), result->text);
		page_text(ws, line, 2, 6, verdict_style(result->verdict));
		if (result->verdict == EXERCISE_FAILED && result->item != NULL && result->item->explain != NULL)
			page_text(ws, result->item->explain, 8, 0, ui_term_style(UI_STYLE_DIM));
	}
	page_blank(ws);
	practice_text_tally(line, sizeof line, &ws->report);
	if (ws->report.passed)
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s", ws->index + 1 < ws->request->catalog->count ?
		    " n: the next exercise." : " That was the last exercise: l lists them all.");
	else if ((size_t)hints_seen(ws) < ws->exercise.hint_count)
		snprintf(line + strlen(line), sizeof line - strlen(line), " h: a hint (%d of %zu seen).", hints_seen(ws),
		    ws->exercise.hint_count);
	page_text(ws, line, 2, 0, ui_term_style(ws->report.passed ? UI_STYLE_GOOD : UI_STYLE_BAD) | A_BOLD);
}

/* Builds the page for the screen's width: the statement, the hints seen, the check. */
static void page_build(struct watch_screen *ws)
{
	page_clear(ws);
	ws->hint_row = ws->check_row = 0;
	if (!ws->loaded) {
		page_text(ws, ws->load_error, 0, 0, ui_term_style(UI_STYLE_BAD));
		return;
	}
	page_text(ws, ws->exercise.statement, 0, 0, A_NORMAL);
	page_hints(ws);
	if (ws->watch_error[0] != '\0') {
		page_blank(ws);
		page_text(ws, ws->watch_error, 0, 0, ui_term_style(UI_STYLE_BAD));
	}
	page_check(ws);
}

/* ---- drawing ------------------------------------------------------------------- */

static int body_rows(void)
{
	return LINES - BODY_TOP - 1;
}

static int max_scroll(const struct watch_screen *ws)
{
	return ws->row_count > body_rows() ? ws->row_count - body_rows() : 0;
}

static void draw_title(const struct watch_screen *ws)
{
	const struct exercise_catalog *catalog = ws->request->catalog;
	char title[512], right[64];

	snprintf(title, sizeof title, " metaconc practice  %d of %zu: %s", catalog->entries[ws->index].number,
	    catalog->count, ws->loaded ? ws->exercise.title : catalog->entries[ws->index].slug);
	snprintf(right, sizeof right, " %s%zu of %zu passed ", passed(ws, ws->index) ? "passed  " : "", passed_count(ws),
	    catalog->count);
	ui_term_fill_row(0, ui_term_style(UI_STYLE_TITLE));
	attron(ui_term_style(UI_STYLE_TITLE));
	mvaddnstr(0, 0, title, COLS - (int)strlen(right) - 1);
	mvaddstr(0, COLS - (int)strlen(right), right);
	attroff(ui_term_style(UI_STYLE_TITLE));
	attron(ui_term_style(UI_STYLE_DIM));
	mvprintw(1, 1, "your file: %.*s", COLS - 13 > 0 ? COLS - 13 : 0, ws->program);
	attroff(ui_term_style(UI_STYLE_DIM));
}

static void draw_page(struct watch_screen *ws)
{
	if (ws->reveal_check && ws->check_row > 0)
		ws->scroll = ws->check_row;
	if (ws->reveal_hint && ws->hint_row > 0)
		ws->scroll = ws->hint_row;
	ws->reveal_check = ws->reveal_hint = false;
	if (ws->scroll > max_scroll(ws))
		ws->scroll = max_scroll(ws);
	if (ws->scroll < 0)
		ws->scroll = 0;
	for (int i = 0; i < body_rows() && ws->scroll + i < ws->row_count; i++) {
		const struct page_row *row = &ws->rows[ws->scroll + i];

		attron(row->style);
		mvaddnstr(BODY_TOP + i, 1, row->text, COLS - 2);
		attroff(row->style);
	}
}

static void draw_list(struct watch_screen *ws)
{
	const struct exercise_catalog *catalog = ws->request->catalog;
	int rows = body_rows() - 2, first = 0;

	attron(ui_term_style(UI_STYLE_HEADING));
	mvaddnstr(BODY_TOP, 1, "Exercises: Enter opens one, Esc or l goes back", COLS - 2);
	attroff(ui_term_style(UI_STYLE_HEADING));
	if ((int)ws->list_selected >= rows)
		first = (int)ws->list_selected - rows + 1;
	for (int i = 0; i < rows && (size_t)(first + i) < catalog->count; i++) {
		size_t k = (size_t)(first + i);
		bool selected = k == ws->list_selected;
		char line[256];

		snprintf(line, sizeof line, "%c [%c] %2d  %s", k == ws->index ? '>' : ' ', passed(ws, k) ? 'x' : ' ',
		    catalog->entries[k].number, ws->titles != NULL && ws->titles[k] != NULL ? ws->titles[k] :
		    catalog->entries[k].slug);
		if (selected)
			ui_term_fill_row(BODY_TOP + 2 + i, ui_term_style(UI_STYLE_SELECTED));
		attron(selected ? ui_term_style(UI_STYLE_SELECTED) : A_NORMAL);
		mvaddnstr(BODY_TOP + 2 + i, 1, line, COLS - 2);
		attroff(selected ? ui_term_style(UI_STYLE_SELECTED) : A_NORMAL);
	}
}

static void draw_status(const struct watch_screen *ws)
{
	int right = (int)strlen(KEYS_RIGHT), room = COLS - right - 1;
	const char *keys = ws->list ? "j/k choose  Enter open  Esc back" :
	    "h hint  n next  l list  c check now  j/k scroll";

	ui_term_fill_row(LINES - 1, A_NORMAL);
	if (ws->note[0] != '\0') {
		mvaddnstr(LINES - 1, 1, ws->note, room);
	} else {
		attron(ui_term_style(UI_STYLE_DIM));
		mvaddnstr(LINES - 1, 1, keys, room);
		attroff(ui_term_style(UI_STYLE_DIM));
	}
	attron(A_REVERSE);
	mvaddstr(LINES - 1, COLS - right, KEYS_RIGHT);
	attroff(A_REVERSE);
}

static void draw_help(void)
{
	static const char *const lines[] = {
		"Watch mode: save your file, and its check runs",
		"",
		"h                  the next hint",
		"n                  the next exercise (once this one passed)",
		"l                  the list of exercises (Enter opens one)",
		"c                  check now, without saving",
		"j/k  up/down       scroll a line",
		"space f  PgDn      a page down;  b  PgUp  a page up",
		"d / u              half a page down / up",
		"g/G  Home/End      the top / the end",
		"?  F1              this help",
		"q  F10             quit (a check running is stopped)",
		"",
		"While a check runs, its timeline takes these keys:",
		"left/right, +/-, Tab, ? (q still quits)",
		"",
		"press any key",
	};
	ui_help_draw(lines, sizeof lines / sizeof lines[0]);
}

/* What to do about a terminal too small, wrapped at spaces to its width. */
static void draw_too_small(void)
{
	char message[160];
	const char *rest = message;
	int width = COLS > 3 ? COLS - 2 : 1;

	snprintf(message, sizeof message, "metaconc practice needs a terminal of at least %dx%d; this one is %dx%d. "
	    "Enlarge it, or press q to quit.", MIN_SCREEN_COLS, MIN_SCREEN_ROWS, COLS, LINES);
	for (int y = 0; y < LINES && *rest != '\0'; y++) {
		int length = text_line_length(rest, width);

		mvaddnstr(y, 1, rest, length);
		rest = text_skip_spaces(rest + length);
	}
}

static void draw(struct watch_screen *ws)
{
	erase();
	if (COLS < MIN_SCREEN_COLS || LINES < MIN_SCREEN_ROWS) {
		draw_too_small();
		refresh();
		return;
	}
	page_build(ws);
	draw_title(ws);
	if (ws->list)
		draw_list(ws);
	else
		draw_page(ws);
	draw_status(ws);
	if (ws->help)
		draw_help();
	refresh();
}

/* ---- keys ---------------------------------------------------------------------- */

static void next_hint(struct watch_screen *ws)
{
	int seen = hints_seen(ws);

	if (!ws->loaded)
		return;
	if ((size_t)seen >= ws->exercise.hint_count) {
		snprintf(ws->note, sizeof ws->note, "No more hints: all %zu are above. Stuck? metaconc practice solution %d",
		    ws->exercise.hint_count, ws->exercise.number);
		ws->reveal_hint = true;
		return;
	}
	if (progress_record_hints(ws->request->progress, ws->exercise.slug, seen + 1) != 0) {
		snprintf(ws->note, sizeof ws->note, "out of memory");
		return;
	}
	save_progress(ws);
	ws->reveal_hint = true;
}

static void next_exercise(struct watch_screen *ws)
{
	if (!passed(ws, ws->index)) {
		snprintf(ws->note, sizeof ws->note, "n moves on once this exercise passes (l lists them all)");
		return;
	}
	if (ws->index + 1 >= ws->request->catalog->count) {
		snprintf(ws->note, sizeof ws->note, "That was the last exercise: l lists them all");
		return;
	}
	open_exercise(ws, ws->index + 1);
}

/* Opens the list at the exercise shown, with every exercise's title (its slug if it cannot be read). */
static void open_list(struct watch_screen *ws)
{
	const struct exercise_catalog *catalog = ws->request->catalog;

	ws->list = true;
	ws->list_selected = ws->index;
	if (ws->titles != NULL || (ws->titles = calloc(catalog->count, sizeof *ws->titles)) == NULL)
		return;
	for (size_t i = 0; i < catalog->count; i++) {
		struct exercise exercise;
		char why[1024];

		if (exercise_load(&exercise, catalog->entries[i].path, why, sizeof why) == 0) {
			ws->titles[i] = strdup(exercise.title);
			exercise_free(&exercise);
		}
	}
}

static void free_titles(struct watch_screen *ws)
{
	for (size_t i = 0; ws->titles != NULL && i < ws->request->catalog->count; i++)
		free(ws->titles[i]);
	free(ws->titles);
	ws->titles = NULL;
}

static void list_key(struct watch_screen *ws, int key)
{
	size_t count = ws->request->catalog->count;

	if (key == 27 || key == 'l' || key == KEY_LEFT) {
		ws->list = false;
	} else if ((key == 'j' || key == KEY_DOWN) && ws->list_selected + 1 < count) {
		ws->list_selected++;
	} else if ((key == 'k' || key == KEY_UP) && ws->list_selected > 0) {
		ws->list_selected--;
	} else if (key == 'g' || key == KEY_HOME) {
		ws->list_selected = 0;
	} else if (key == 'G' || key == KEY_END) {
		ws->list_selected = count - 1;
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER || key == KEY_RIGHT) {
		ws->list = false;
		if (ws->list_selected != ws->index)
			open_exercise(ws, ws->list_selected);
	}
}

/* The scrolling keys, as less has them. */
static void scroll_key(struct watch_screen *ws, int key)
{
	int page = body_rows() > 1 ? body_rows() - 1 : 1;

	if (key == 'j' || key == KEY_DOWN || key == '\n' || key == '\r')
		ws->scroll++;
	else if (key == 'k' || key == KEY_UP)
		ws->scroll--;
	else if (key == ' ' || key == 'f' || key == KEY_NPAGE)
		ws->scroll += page;
	else if (key == 'b' || key == KEY_PPAGE)
		ws->scroll -= page;
	else if (key == 'd')
		ws->scroll += page / 2;
	else if (key == 'u')
		ws->scroll -= page / 2;
	else if (key == 'g' || key == KEY_HOME)
		ws->scroll = 0;
	else if (key == 'G' || key == KEY_END)
		ws->scroll = ws->row_count;
}

static void handle_key(struct watch_screen *ws, int key)
{
	if (key == KEY_RESIZE || key == ERR)
		return;
	ws->note[0] = '\0';
	if (key == 'q' || key == KEY_F(10)) {
		ws->quit = true;
	} else if (ws->help) {
		ws->help = false; /* any other key closes the help */
	} else if (key == '?' || key == KEY_F(1)) {
		ws->help = true;
	} else if (ws->list) {
		list_key(ws, key);
	} else if (key == 'h') {
		next_hint(ws);
	} else if (key == 'n') {
		next_exercise(ws);
	} else if (key == 'l') {
		open_list(ws);
	} else if (key == 'c') {
		ws->saved[0] = '\0';
		check(ws);
	} else {
		scroll_key(ws, key);
	}
}

/* ---- the loop ------------------------------------------------------------------ */

/* A save (or the folder's end) seen by the watch. */
static void take_save(struct watch_screen *ws)
{
	char name[FILE_WATCH_NAME_MAX];
	bool gone;

	if (ws->watch == NULL || !file_watch_take(ws->watch, clock_now_ns(), name, sizeof name, &gone))
		return;
	if (gone) {
		file_watch_close(ws->watch);
		ws->watch = NULL;
		snprintf(ws->watch_error, sizeof ws->watch_error, "%s was deleted or moved, so it is not watched any more; "
		    "'metaconc practice' brings it back", ws->learner);
		return;
	}
	snprintf(ws->saved, sizeof ws->saved, "%s", name);
	check(ws);
}

static void run(struct watch_screen *ws)
{
	while (!ws->quit && signals_caught() == 0) {
		struct pollfd fds[3] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = signals_fd(), .events = POLLIN },
			{ .fd = ws->watch != NULL ? file_watch_fd(ws->watch) : -1, .events = POLLIN },
		};
		int key;

		draw(ws);
		if (poll(fds, 3, ws->watch != NULL ? file_watch_timeout_ms(ws->watch, clock_now_ns()) : -1) < 0 &&
		    errno != EINTR)
			break;
		while (!ws->quit && signals_caught() == 0 && (key = ui_term_key()) != ERR)
			handle_key(ws, key);
		if (!ws->quit && signals_caught() == 0)
			take_save(ws);
	}
}

enum ui_practice_result ui_practice_run(const struct ui_practice_request *request, int *interrupted_by, char *why,
    size_t why_size)
{
	struct watch_screen ws;

	*interrupted_by = 0;
	memset(&ws, 0, sizeof ws);
	ws.request = request;
	if (ui_term_start(why, why_size) != 0)
		return UI_PRACTICE_NO_TERMINAL;
	open_exercise(&ws, request->start < request->catalog->count ? request->start : 0);
	run(&ws);
	*interrupted_by = signals_caught();
	ui_term_stop();
	close_exercise(&ws);
	page_clear(&ws);
	free_titles(&ws);
	free(ws.rows);
	free(ws.tree_rows);
	ui_view_free(ws.view);
	return UI_PRACTICE_DONE;
}
