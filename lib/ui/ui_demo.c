/*
 * ui_demo.c: a demo script played full screen, for a room.
 *
 * The script is a cursor over its commands, and one function, advance(),
 * moves it on: it executes every command that can be done at once (a
 * caption, a key for the timeline, the start of a wait, a page) and stops
 * at the first one that must wait (a wait not yet over, a pause, a run not
 * yet ended). A `run` is handed back to the main loop, which calls
 * runner_execute() on the main thread, as `metaconc run` does; the runner
 * calls on_frame() every frame while the experiment goes on, and
 * on_frame() reads the keys and calls advance() too. So the script keeps
 * going while the experiment runs (its captions appear, its waits pass,
 * its keys reach the live view), on the one thread that touches curses,
 * with no second thread and no second timeline. Between runs the main loop
 * calls the same functions itself, once a frame. While a run is in
 * progress, a command that needs the screen or the run's end (another
 * run, lesson, page, clear, wait end) waits for that end.
 *
 * The presenter's keys are read first: space holds the script's time (the
 * experiment goes on), n ends what the script waits for (a wait, a pause,
 * or a run, which is stopped), [ and ] jump between chapters (a run in
 * progress is stopped first), ? shows the keys, q leaves. Every other key
 * goes to what is shown: the timeline or the page.
 */
#include "ui/ui_demo.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/signals.h"
#include "core/text.h"
#include "engine/runner.h"
#include "ui/ui_caption.h"
#include "ui/ui_fit.h"
#include "ui/ui_help.h"
#include "ui/ui_page.h"
#include "ui/ui_term.h"
#include "ui/ui_view.h"

#define NO_COMMAND SIZE_MAX

/* What the script is waiting for before its next command. */
enum block {
	BLOCK_NONE,
	BLOCK_TIME,      /* a wait: until deadline_ns */
	BLOCK_PRESENTER, /* a pause: until the presenter presses space or n */
	BLOCK_RUN,       /* the end of the run in progress */
};

struct player {
	const struct demo_script *script;
	const struct demo_lessons *lessons;
	const struct ui_demo_options *options;
	size_t next;              /* the next command to execute */
	size_t chapter;           /* the last marker executed, or NO_COMMAND */
	enum block block;
	uint64_t deadline_ns;     /* BLOCK_TIME: when the wait is over */
	bool held;                /* space: the script's time stands still */
	uint64_t held_since_ns;
	const char *title;
	char caption[512];
	char note[128];           /* a one-off message for the presenter */
	struct ui_view *view;     /* the timeline shown, or NULL */
	struct run_set set;       /* the view's runs */
	bool has_set;
	bool live;                /* a run is in progress */
	bool stop_run;            /* ask the runner to stop it */
	struct ui_page page;
	bool page_shown;
	bool help;
	bool quit;
	size_t jump;              /* the marker to jump to, or NO_COMMAND */
	bool failed;
};

/* ---- what is on the screen ------------------------------------------------- */

static void close_view(struct player *p)
{
	ui_view_free(p->view);
	p->view = NULL;
	if (p->has_set)
		runner_free(&p->set);
	p->has_set = false;
}

static void close_page(struct player *p)
{
	if (p->page_shown)
		ui_page_free(&p->page);
	p->page_shown = false;
}

/* Shows page `page_index` of the lesson open at command `index`. */
static void show_page(struct player *p, size_t index, size_t page_index)
{
	int number;
	const struct lesson *lesson = demo_lessons_at(p->lessons, index, &number);

	close_view(p);
	close_page(p);
	ui_page_init(&p->page, lesson, number);
	ui_page_open(&p->page, page_index);
	p->page_shown = true;
}

/* ---- the script's cursor --------------------------------------------------- */

static int curses_key(int key)
{
	switch (key) {
	case DEMO_KEY_LEFT:
		return KEY_LEFT;
	case DEMO_KEY_RIGHT:
		return KEY_RIGHT;
	case DEMO_KEY_UP:
		return KEY_UP;
	case DEMO_KEY_DOWN:
		return KEY_DOWN;
	case DEMO_KEY_HOME:
		return KEY_HOME;
	case DEMO_KEY_END:
		return KEY_END;
	default:
		return key;
	}
}

static void mark_chapter(struct player *p, size_t index)
{
	const char *name = p->script->commands[index].text;
	char line[DEMO_MAX_LINE + 1];
	int length = snprintf(line, sizeof line, "%s\n", name);

	p->chapter = index;
	if (p->options->marker_fd >= 0) {
		ssize_t ignored = write(p->options->marker_fd, line, (size_t)length); /* a lost marker: still play */

		(void)ignored;
	}
}

/* Executes command `index`, which does not have to wait for anything (not a run). */
static void execute(struct player *p, size_t index)
{
	const struct demo_command *command = &p->script->commands[index];

	switch (command->kind) {
	case DEMO_TITLE:
		p->title = command->text;
		break;
	case DEMO_MARKER:
		mark_chapter(p, index);
		break;
	case DEMO_LESSON:
		show_page(p, index, 0);
		break;
	case DEMO_PAGE:
		show_page(p, index, (size_t)command->number - 1);
		break;
	case DEMO_CAPTION:
		snprintf(p->caption, sizeof p->caption, "%s", command->text);
		break;
	case DEMO_WAIT:
		p->block = BLOCK_TIME;
		p->deadline_ns = clock_now_ns() + (uint64_t)((double)command->duration_ns / p->options->speed);
		break;
	case DEMO_KEY:
		if (p->view != NULL)
			ui_view_key(p->view, curses_key(command->number));
		else if (p->page_shown)
			ui_page_key(&p->page, curses_key(command->number));
		break;
	case DEMO_PAUSE:
		if (!p->options->no_pause)
			p->block = BLOCK_PRESENTER;
		break;
	case DEMO_CLEAR:
		close_view(p);
		close_page(p);
		p->caption[0] = '\0';
		break;
	case DEMO_RUN:
	case DEMO_WAIT_END: /* the run has ended: nothing left to wait for */
		break;
	}
}

/* True once what the script waits for is over. */
static bool waited(struct player *p)
{
	switch (p->block) {
	case BLOCK_TIME:
		if (clock_now_ns() < p->deadline_ns)
			return false;
		break;
	case BLOCK_PRESENTER:
		return false;
	case BLOCK_RUN:
		if (p->live)
			return false;
		break;
	case BLOCK_NONE:
		break;
	}
	p->block = BLOCK_NONE;
	return true;
}

/* Commands that need the run in progress to be over. */
static bool needs_run_ended(const struct demo_command *command)
{
	return command->kind == DEMO_RUN || command->kind == DEMO_WAIT_END || command->kind == DEMO_LESSON ||
	    command->kind == DEMO_PAGE || command->kind == DEMO_CLEAR;
}

/* Executes commands until one must wait. Returns a `run` to start (never while one is live), or NULL. */
static const struct demo_command *advance(struct player *p)
{
	while (!p->held && !p->quit && p->jump == NO_COMMAND && waited(p) && p->next < p->script->count) {
		const struct demo_command *command = &p->script->commands[p->next];

		if (p->live && needs_run_ended(command)) {
			p->block = BLOCK_RUN;
			return NULL;
		}
		p->next++;
		if (command->kind == DEMO_RUN)
			return command;
		execute(p, p->next - 1);
	}
	return NULL;
}

static bool at_end(const struct player *p)
{
	return p->next >= p->script->count && p->block == BLOCK_NONE && !p->live;
}

/* ---- the presenter's keys -------------------------------------------------- */

static void hold(struct player *p, bool held)
{
	uint64_t now = clock_now_ns();

	if (held == p->held)
		return;
	if (held)
		p->held_since_ns = now;
	else if (p->block == BLOCK_TIME)
		p->deadline_ns += now - p->held_since_ns; /* the script's time stood still */
	p->held = held;
}

/* n: whatever the script waits for is over now; a run in progress is stopped. */
static void skip(struct player *p)
{
	hold(p, false);
	if (p->block == BLOCK_TIME || p->block == BLOCK_PRESENTER)
		p->block = BLOCK_NONE;
	else if (p->block == BLOCK_RUN)
		p->stop_run = true;
}

/* ]: the next chapter's marker, or NO_COMMAND after the last one. */
static size_t next_chapter(const struct player *p)
{
	for (size_t i = p->next; i < p->script->count; i++) {
		if (p->script->commands[i].kind == DEMO_MARKER)
			return i;
	}
	return NO_COMMAND;
}

/* [: the chapter before the current one; in the first chapter, its start; before any, the top. */
static size_t previous_chapter(const struct player *p)
{
	if (p->chapter == NO_COMMAND)
		return 0;
	for (size_t i = p->chapter; i-- > 0;) {
		if (p->script->commands[i].kind == DEMO_MARKER)
			return i;
	}
	return p->chapter;
}

/* Asks for a jump; the main loop makes it once a run in progress has been stopped. */
static void jump(struct player *p, size_t target)
{
	if (target == NO_COMMAND)
		snprintf(p->note, sizeof p->note, "no next chapter");
	else
		p->jump = target;
}

/* After a jump (the run, if any, has been stopped): the screen is cleared and the script goes on from there. */
static void do_jump(struct player *p)
{
	close_view(p);
	close_page(p);
	p->caption[0] = '\0';
	p->block = BLOCK_NONE;
	p->held = false;
	p->next = p->jump;
	p->jump = NO_COMMAND;
}

static void presenter_key(struct player *p, int key)
{
	if (p->help && key != KEY_RESIZE) {
		p->help = false; /* any key closes the help; q still quits */
		if (key != 'q')
			return;
	}
	if (key != KEY_RESIZE)
		p->note[0] = '\0';
	switch (key) {
	case 'q':
		p->quit = true;
		break;
	case '?':
		p->help = true;
		break;
	case ' ':
		if (p->block == BLOCK_PRESENTER)
			p->block = BLOCK_NONE;
		else
			hold(p, !p->held);
		break;
	case 'n':
		skip(p);
		break;
	case '[':
		jump(p, previous_chapter(p));
		break;
	case ']':
		jump(p, next_chapter(p));
		break;
	default:
		if (p->view != NULL)
			ui_view_key(p->view, key);
		else if (p->page_shown)
			ui_page_key(&p->page, key);
		break;
	}
}

static void read_keys(struct player *p)
{
	int key;

	while ((key = ui_term_key()) != ERR)
		presenter_key(p, key);
}

/* ---- drawing --------------------------------------------------------------- */

/* What the presenter should know now, in a few words ("" if nothing). */
static const char *state_text(const struct player *p)
{
	if (p->note[0] != '\0')
		return p->note;
	if (p->held)
		return "paused: space goes on";
	if (p->block == BLOCK_PRESENTER)
		return "space or n: go on";
	if (at_end(p))
		return "the end: q leaves, [ goes back";
	return "";
}

/* The caption, with the presenter's state after it when there is one. */
static void compose_caption(const struct player *p, char *buf, size_t size)
{
	const char *state = state_text(p);

	if (state[0] == '\0')
		snprintf(buf, size, "%s", p->caption);
	else if (p->caption[0] == '\0')
		snprintf(buf, size, "[%s]", state);
	else
		snprintf(buf, size, "%s   [%s]", p->caption, state);
}

/* The presenter's keys, fitted to the screen: `? keys` and `q quit` are always there. */
static struct text_piece demo_keys[] = {
	{ .text = "space pause", .rank = 2 },
	{ .text = "n next", .rank = 1 },
	{ .text = "[ ] chapters", .shorter = "[ ]", .rank = 3 },
	{ .text = "? keys", .rank = 0 },
	{ .text = "q quit", .rank = 0 },
};

/* "metaconc demo  TITLE  -  CHAPTER": the chapter stays longest, then the title. */
static void draw_bar(const struct player *p)
{
	const char *chapter = p->chapter != NO_COMMAND ? p->script->commands[p->chapter].text : NULL;
	struct text_piece pieces[] = {
		{ .text = "metaconc demo", .rank = 2 },
		{ .text = p->title, .rank = 1 },
		{ .text = chapter != NULL && chapter[0] != '\0' ? chapter : NULL, .rank = 0, .glue = "  -  " },
	};
	char title[512];

	text_fit(pieces, 3, "  ", COLS - 2);
	text_join(title, sizeof title, pieces, 3, "  ");
	ui_term_fill_row(0, ui_term_style(UI_STYLE_TITLE));
	attron(ui_term_style(UI_STYLE_TITLE));
	ui_fit_line(0, 1, COLS - 2, title);
	attroff(ui_term_style(UI_STYLE_TITLE));
	ui_fit_keys(demo_keys, (int)(sizeof demo_keys / sizeof demo_keys[0]));
}

/* A line centred at row y; wider than the screen, it wraps at words, each row centred. Returns the rows used. */
static int centre(int y, const char *text, attr_t style)
{
	int rows = 0, width = COLS > 2 ? COLS - 2 : COLS;

	attron(style);
	for (text = text_skip_spaces(text); *text != '\0' && y + rows < LINES; rows++) {
		int length = text_line_length(text, width), x = (COLS - text_columns_of(text, (size_t)length)) / 2;

		mvaddnstr(y + rows, x > 0 ? x : 0, text, length);
		text = text_skip_spaces(text + length);
		if (length == 0)
			break;
	}
	attroff(style);
	return rows;
}

/* The screen between pages and runs: the title and the chapter. */
static void draw_cover(const struct player *p)
{
	int rows = centre(LINES / 3, p->title != NULL ? p->title : p->script->name,
	    ui_term_style(UI_STYLE_HEADING) | A_BOLD);

	if (p->chapter != NO_COMMAND)
		centre(LINES / 3 + rows + 1, p->script->commands[p->chapter].text, ui_term_style(UI_STYLE_NORMAL));
}

static void draw_help(void)
{
	static const char *const lines[] = {
		"Presenter keys",
		"",
		"space    pause / resume the script (a running experiment goes on)",
		"n        next step now: end a wait or a pause, or stop the run",
		"[  ]     previous / next chapter (a running experiment is stopped)",
		"?        this help",
		"q        quit",
		"",
		"Other keys go to the timeline (Tab, arrows, +/-, r replay ...)",
		"or scroll the page (j/k, PgUp/PgDn).",
		"",
		"press any key",
	};
	erase();
	ui_help_draw(lines, sizeof lines / sizeof lines[0]);
	refresh();
}

static void draw(struct player *p)
{
	char caption[sizeof p->caption + sizeof p->note + 8];
	int band;

	if (p->help) {
		draw_help();
		return;
	}
	compose_caption(p, caption, sizeof caption);
	if (p->view != NULL) {
		ui_view_set_caption(p->view, caption);
		ui_view_draw(p->view);
		return;
	}
	erase();
	draw_bar(p);
	band = ui_caption_rows(caption);
	if (p->page_shown && LINES - 2 - band > 0)
		ui_page_draw(&p->page, 1, LINES - 2 - band);
	else if (!p->page_shown)
		draw_cover(p);
	ui_caption_draw(caption);
	refresh();
}

/* ---- the loops ------------------------------------------------------------- */

static bool on_frame(void *ctx, const struct experiment_spec *spec, const struct recording *recording,
    enum runner_phase phase, bool finished)
{
	struct player *p = ctx;

	ui_view_update(p->view, spec, recording, phase, finished);
	read_keys(p);
	advance(p); /* while a run is live it never starts another */
	draw(p);
	return !(p->quit || p->stop_run || p->jump != NO_COMMAND);
}

/* Runs `command` in a new view, the script going on meanwhile. Returns 0, or -1 if it could not start. */
static int run(struct player *p, const struct demo_command *command, char *why, size_t why_size)
{
	struct runner_view frames = { .frame = on_frame, .ctx = p, .frame_ms = UI_FRAME_MS };
	char reason[256];
	int rc;

	close_view(p);
	close_page(p);
	if ((p->view = ui_view_new(&command->options)) == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	ui_view_scale_speed(p->view, p->options->speed);
	p->live = true;
	rc = runner_execute(&p->set, &command->options, &frames, reason, sizeof reason);
	p->has_set = true;
	p->live = false;
	p->stop_run = false;
	if (rc != 0) {
		snprintf(why, why_size, "run %s: %s", command->text, reason);
		return -1;
	}
	if (p->set.outcomes.interrupted_by != 0)
		return 0;
	ui_view_finish(p->view, &p->set.outcomes);
	if (!p->set.stopped && outcome_set_failed(&p->set.outcomes) && command->options.spec.fault.kind == FAULT_NONE)
		p->failed = true;
	return 0;
}

/* How long the idle loop may sleep: until the wait's end, a frame while a replay moves, else a second. */
static int idle_timeout(const struct player *p)
{
	uint64_t now = clock_now_ns();

	if (p->view != NULL && ui_view_replaying(p->view))
		return UI_FRAME_MS;
	if (p->block == BLOCK_TIME && !p->held) {
		uint64_t left_ms = p->deadline_ns > now ? (p->deadline_ns - now) / 1000000 + 1 : 0;

		return left_ms < 1000 ? (int)left_ms : 1000;
	}
	return 1000;
}

/* Plays until the presenter quits or a signal arrives. Returns 0, or -1 if a run could not start. */
static int play(struct player *p, char *why, size_t why_size)
{
	while (!p->quit && signals_caught() == 0) {
		const struct demo_command *command;

		if (p->jump != NO_COMMAND)
			do_jump(p);
		read_keys(p);
		if ((command = advance(p)) != NULL) {
			if (run(p, command, why, why_size) != 0)
				return -1;
			continue;
		}
		if (p->view != NULL)
			ui_view_tick(p->view);
		draw(p);
		ui_term_wait(idle_timeout(p));
	}
	return 0;
}

enum ui_demo_status ui_demo_play(const struct demo_script *script, const struct demo_lessons *lessons,
    const struct ui_demo_options *options, struct ui_demo_result *result, char *why, size_t why_size)
{
	struct player p = {
		.script = script,
		.lessons = lessons,
		.options = options,
		.chapter = NO_COMMAND,
		.jump = NO_COMMAND,
		.title = script->title,
	};
	int rc;

	memset(result, 0, sizeof *result);
	if (ui_term_start(why, why_size) != 0)
		return UI_DEMO_NO_TERMINAL;
	rc = play(&p, why, why_size);
	close_view(&p);
	close_page(&p);
	ui_term_stop();
	result->failed = p.failed;
	result->interrupted_by = signals_caught();
	return rc == 0 ? UI_DEMO_PLAYED : UI_DEMO_FAILED;
}
