/*
 * ui_trace.c: `metaconc trace` in the full-screen view.
 *
 * One thread does everything here, because ptrace answers only to the
 * thread that attached and curses only to one thread: it waits (poll) for
 * whichever comes first of a traced task's report, the command's output,
 * a key, an interrupt, or the time for the next look or frame, and deals
 * with it. The command runs on a pseudo-terminal of its own, so it behaves
 * as on a terminal and its output cannot scribble over the view: what it
 * writes scrolls in a pane under the timeline (output_tail.c). The timeline
 * itself is the same view `metaconc run` uses (ui_view.c), given the
 * process tree's rows instead of a run's lanes.
 */
#include "ui/ui_trace.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/signals.h"
#include "model/observed.h"
#include "observe/output_tail.h"
#include "render/legend.h"
#include "render/render_plain.h"
#include "ui/ui_term.h"
#include "ui/ui_view.h"

#define SUMMARY_LINES 3

struct trace_screen {
	struct observer *observer;
	struct ui_view *view;
	struct ui_view_observed shown;     /* what the view shows: titles, rows, summary */
	struct tree_row *rows;
	int row_capacity;
	char title[320];
	char subtitle[200];
	char heading[96];
	char precision[256];
	char *summary_text;                /* the summary once it ended, cut into lines */
	const char *summary[SUMMARY_LINES];
	int terminal;                      /* the pseudo-terminal's master, or -1 (attached) */
	struct output_tail *output;
	pid_t pid;
	bool attached;
	bool ended;                        /* the program ended, or metaconc let go of it */
	bool quit_asked;                   /* q (or an interrupt) while it ran: leave when it ends */
	bool leave;
};

/* ---- the pseudo-terminal ---------------------------------------------------- */

/* The rows of the output pane (its heading included): a quarter of the screen, 4 to 12. */
static int pane_rows(void)
{
	int rows = LINES / 4;

	return rows < 4 ? 4 : rows > 12 ? 12 : rows;
}

static void size_terminal(int fd)
{
	struct winsize size = { .ws_row = (unsigned short)(pane_rows() - 1), .ws_col = (unsigned short)COLS };

	ioctl(fd, TIOCSWINSZ, &size);
}

/* Opens a pseudo-terminal for the command: *master for us, *slave for it. Returns 0 or -1 with why. */
static int open_terminal(int *master, int *slave, char *why, size_t why_size)
{
	const char *name;

	*slave = -1;
	*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0 || grantpt(*master) != 0 || unlockpt(*master) != 0 || (name = ptsname(*master)) == NULL ||
	    (*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		snprintf(why, why_size, "cannot open a pseudo-terminal for the command: %s", strerror(errno));
		if (*master >= 0)
			close(*master);
		*master = -1;
		return -1;
	}
	fcntl(*master, F_SETFL, fcntl(*master, F_GETFL) | O_NONBLOCK);
	size_terminal(*slave);
	return 0;
}

/* Reads what the command wrote. */
static void read_output(struct trace_screen *ts)
{
	char buffer[4096];
	ssize_t n;

	if (ts->terminal < 0)
		return;
	while ((n = read(ts->terminal, buffer, sizeof buffer)) > 0)
		output_tail_feed(ts->output, buffer, (size_t)n);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		/* EIO: every process that had the terminal has closed it. */
		close(ts->terminal);
		ts->terminal = -1;
	}
}

/* ---- what the view shows ----------------------------------------------------- */

static void set_titles(struct trace_screen *ts, const struct ui_trace_request *request)
{
	char command[256] = "";
	size_t used = 0;

	if (request->command != NULL) {
		for (int i = 0; request->command[i] != NULL && used < sizeof command - 1; i++)
			used += (size_t)snprintf(command + used, sizeof command - used, "%s%s", i ? " " : "",
			    request->command[i]);
		snprintf(ts->title, sizeof ts->title, "trace  %s  (pid %d)", command, (int)ts->pid);
		snprintf(ts->subtitle, sizeof ts->subtitle, "every thread of every process it starts, live; "
		    "its output below.  q stops it (SIGINT), q again kills it");
	} else {
		snprintf(ts->title, sizeof ts->title, "trace  attached to pid %d", (int)ts->pid);
		snprintf(ts->subtitle, sizeof ts->subtitle, "every thread of it and of the processes under it, "
		    "from now on.  q lets go of it (it runs on, untouched)");
	}
}

/* Brings the rows, the heading and the legend's note up to date with the tree. */
static void update_shown(struct trace_screen *ts)
{
	const struct process_tree *tree = observer_tree(ts->observer);
	struct observed observed;

	ui_view_observed_show_tree(&ts->shown, tree, &ts->rows, &ts->row_capacity, ts->heading, sizeof ts->heading);
	observer_facts(ts->observer, &observed);
	legend_cpu_precision(&observed, ts->precision, sizeof ts->precision);
	ts->shown.reserved_rows = ts->attached ? 0 : pane_rows();
}

/* The summary lines, written as the plain summary writes them. */
static void make_summary(struct trace_screen *ts)
{
	struct observed observed;
	size_t size = 0;
	FILE *text = open_memstream(&ts->summary_text, &size);
	char *line;
	int count = 0;

	if (text == NULL)
		return;
	if (observer_result(ts->observer, &observed) == 0)
		render_plain_observed_summary(text, &observed);
	observed_free(&observed);
	fclose(text);
	if (ts->summary_text == NULL)
		return;
	/* The first lines: the times, the CPUs, the first process. */
	line = ts->summary_text;
	while (line != NULL && *line != '\0' && count < SUMMARY_LINES) {
		char *end = strchr(line, '\n');

		if (end != NULL)
			*end = '\0';
		ts->summary[count++] = line;
		line = end != NULL ? end + 1 : NULL;
	}
	ts->shown.summary = ts->summary;
	ts->shown.summary_count = count;
}

static void draw_output(const struct trace_screen *ts)
{
	int top = ui_view_reserved_top(ts->view), rows = pane_rows() - 1;
	int count = output_tail_count(ts->output);
	/* The latest lines at the bottom; an empty line being written is not shown. */
	int skip = count > 0 && output_tail_line(ts->output, 0)[0] == '\0' ? 1 : 0;
	char heading[160];

	if (ts->attached || LINES < 16 + pane_rows())
		return;
	snprintf(heading, sizeof heading, " output of pid %d (on a terminal of its own)%s ", (int)ts->pid,
	    ts->terminal < 0 ? ", closed" : "");
	ui_term_fill_row(top, ui_term_style(UI_STYLE_DIM) | A_REVERSE);
	attron(ui_term_style(UI_STYLE_DIM) | A_REVERSE);
	mvaddnstr(top, 0, heading, COLS);
	attroff(ui_term_style(UI_STYLE_DIM) | A_REVERSE);
	for (int i = 0; i < rows; i++) {
		int back = skip + rows - 1 - i;

		if (back < count)
			mvaddnstr(top + 1 + i, 0, output_tail_line(ts->output, back), COLS);
	}
}

static void draw(struct trace_screen *ts)
{
	ui_view_update(ts->view, NULL, observer_recording(ts->observer), RUNNER_MAIN, ts->ended);
	ui_view_paint(ts->view);
	draw_output(ts);
	refresh();
}

/* ---- the loop ------------------------------------------------------------------ */

/* The program has ended (or was let go): the summary, then exploring. */
static void program_ended(struct trace_screen *ts)
{
	const char *exit_now = getenv("METACONC_VIEW_EXIT");

	ts->ended = true;
	read_output(ts);
	update_shown(ts);
	make_summary(ts);
	ui_view_finish(ts->view, NULL);
	if (ts->quit_asked || (exit_now != NULL && strcmp(exit_now, "1") == 0))
		ts->leave = true;
}

/* q or an interrupt: while it runs, the first stops the command (or lets go), the next kills it. */
static void stop(struct trace_screen *ts, int sig)
{
	if (ts->ended) {
		ts->leave = true;
		return;
	}
	ts->quit_asked = true;
	observer_interrupt(ts->observer, sig);
	if (!ts->attached)
		ui_view_set_note(ts->view, "SIGINT sent to the command; q again kills it");
}

static bool read_keys(struct trace_screen *ts)
{
	bool changed = false;
	int key;

	while ((key = ui_term_key()) != ERR) {
		if (key == 'q' || key == 27) {
			stop(ts, SIGINT);
			changed = true;
			continue;
		}
		if (key == KEY_RESIZE && ts->terminal >= 0)
			size_terminal(ts->terminal);
		if (ui_view_key(ts->view, key) != UI_REACT_NONE)
			changed = true;
	}
	return changed;
}

static int wait_time(const struct trace_screen *ts, uint64_t next_frame)
{
	uint64_t now = clock_now_ns();
	int frame = next_frame > now ? (int)((next_frame - now) / CLOCK_NS_PER_MS) + 1 : 0;

	if (ts->ended)
		return ui_view_replaying(ts->view) ? UI_FRAME_MS : 1000;
	return observer_timeout_ms(ts->observer) < frame ? observer_timeout_ms(ts->observer) : frame;
}

static void run(struct trace_screen *ts)
{
	uint64_t next_frame = 0;

	while (!ts->leave) {
		struct pollfd fds[4] = {
			{ .fd = observer_fd(ts->observer), .events = POLLIN },
			{ .fd = signals_fd(), .events = POLLIN },
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = ts->terminal, .events = POLLIN },
		};
		bool dirty = false;
		int sig;

		poll(fds, 4, wait_time(ts, next_frame));
		while ((sig = signals_take()) != 0)
			stop(ts, sig);
		if (!ts->ended) {
			observer_step(ts->observer);
			read_output(ts);
			if (observer_done(ts->observer)) {
				program_ended(ts);
				dirty = true;
			}
		}
		if (read_keys(ts))
			dirty = true;
		if (ts->ended && ui_view_tick(ts->view) != UI_REACT_NONE)
			dirty = true;
		if (ts->leave)
			break;
		if (!ts->ended && clock_now_ns() >= next_frame) {
			update_shown(ts);
			dirty = true;
		}
		if (dirty) {
			draw(ts);
			next_frame = clock_now_ns() + UI_FRAME_MS * CLOCK_NS_PER_MS;
		}
	}
}

/* ---- start and end ------------------------------------------------------------- */

static struct observer *begin(struct trace_screen *ts, const struct ui_trace_request *request, int *status,
    char *why, size_t why_size)
{
	struct observer_options options;
	struct observer *observer;
	int slave;

	observer_options_init(&options);
	options.rate_hz = request->rate_hz;
	if (request->command == NULL) {
		*status = 2;
		ts->attached = true;
		return observer_attach(request->pid, &options, why, why_size);
	}
	if (open_terminal(&ts->terminal, &slave, why, why_size) != 0) {
		*status = 1;
		return NULL;
	}
	options.terminal_fd = slave;
	observer = observer_start(request->command, &options, status, why, why_size);
	close(slave);
	return observer;
}

enum ui_trace_result ui_trace_show(const struct ui_trace_request *request, struct observer **observer,
    int *status, char *why, size_t why_size)
{
	struct trace_screen ts;

	memset(&ts, 0, sizeof ts);
	ts.terminal = -1;
	*observer = NULL;
	if (ui_term_start(why, why_size) != 0)
		return UI_TRACE_NO_TERMINAL;
	ts.output = malloc(sizeof *ts.output);
	if (ts.output == NULL) {
		ui_term_stop();
		snprintf(why, why_size, "out of memory");
		*status = 1;
		return UI_TRACE_NOT_STARTED;
	}
	output_tail_init(ts.output);
	ts.observer = begin(&ts, request, status, why, why_size);
	if (ts.observer == NULL) {
		ui_term_stop();
		if (ts.terminal >= 0)
			close(ts.terminal);
		free(ts.output);
		return UI_TRACE_NOT_STARTED;
	}
	ts.pid = observer_pid(ts.observer);
	set_titles(&ts, request);
	ts.shown = (struct ui_view_observed){
		.title = ts.title,
		.subtitle = ts.subtitle,
		.heading = ts.heading,
		.precision = ts.precision,
		.reserved_rows = ts.attached ? 0 : pane_rows(),
	};
	update_shown(&ts);
	ts.view = ui_view_new_observing(&ts.shown);
	if (ts.view != NULL)
		run(&ts);
	else
		observer_kill(ts.observer);
	ui_term_stop();
	ui_view_free(ts.view);
	if (ts.terminal >= 0)
		close(ts.terminal);
	free(ts.output);
	free(ts.rows);
	free(ts.summary_text);
	*observer = ts.observer;
	*status = 0;
	return UI_TRACE_SHOWN;
}
