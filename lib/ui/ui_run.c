/*
 * ui_run.c: `metaconc run` in the full-screen view.
 *
 * While the run lasts, the runner (runner.c) calls on_frame() about thirty
 * times a second from the main thread, the only thread that touches curses:
 * it reads the keys and draws the view (ui_view.c) of what has been recorded
 * so far. The workers meanwhile only write their rings. When every run has
 * ended, the view stays open for exploring until the user quits (or, with
 * METACONC_VIEW_EXIT=1, for benchmarks and scripts, closes at once).
 */
#include "ui/ui_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/signals.h"
#include "ui/ui_term.h"
#include "ui/ui_view.h"

struct session {
	struct ui_view *view;
	bool quit;
};

/* Feeds every waiting key to the view; true if one asked to quit. */
static enum ui_reaction read_keys(struct ui_view *view)
{
	int reaction = UI_REACT_NONE;
	int key;

	while ((key = ui_term_key()) != ERR) {
		reaction |= ui_view_key(view, key);
		if (reaction & UI_REACT_QUIT)
			break;
	}
	return (enum ui_reaction)reaction;
}

static bool on_frame(void *ctx, const struct experiment_spec *spec, const struct recording *recording,
    enum runner_phase phase, bool finished)
{
	struct session *session = ctx;

	ui_view_update(session->view, spec, recording, phase, finished);
	if (read_keys(session->view) & UI_REACT_QUIT) {
		session->quit = true;
		return false;
	}
	ui_view_draw(session->view);
	return true;
}

static void explore(struct session *session)
{
	bool dirty = true;

	while (signals_caught() == 0) {
		int reaction = read_keys(session->view) | ui_view_tick(session->view);

		if (reaction & UI_REACT_QUIT)
			break;
		if (reaction & UI_REACT_REDRAW)
			dirty = true;
		if (dirty)
			ui_view_draw(session->view);
		dirty = false;
		ui_term_wait(ui_view_replaying(session->view) ? UI_FRAME_MS : 1000);
	}
}

/* METACONC_VIEW_EXIT=1 (for benchmarks and scripts): leave when the run ends, skipping the exploring. */
static bool exit_at_end(void)
{
	const char *value = getenv("METACONC_VIEW_EXIT");

	return value != NULL && strcmp(value, "1") == 0;
}

/* METACONC_VIEW_STATS: what watching cost the main thread (draining the rings, building, drawing). */
static void report_cost(uint64_t frames, uint64_t cpu_ns)
{
	fprintf(stderr, "metaconc: view: %llu frames, %.1f ms of CPU time on the main thread, %.3f ms a frame\n",
	    (unsigned long long)frames, (double)cpu_ns / 1e6, frames ? (double)cpu_ns / 1e6 / (double)frames : 0.0);
}

int ui_run_in_view(struct run_set *set, const struct run_options *options, const char *caption,
    char *why, size_t why_size)
{
	struct session session = { .view = ui_view_new(options) };
	struct runner_view frames = { .frame = on_frame, .ctx = &session, .frame_ms = UI_FRAME_MS };
	uint64_t cpu_at_start = clock_thread_cpu_ns();
	int rc;

	if (session.view == NULL) {
		snprintf(why, why_size, "out of memory");
		memset(set, 0, sizeof *set);
		return -1;
	}
	ui_view_set_caption(session.view, caption);
	rc = runner_execute(set, options, &frames, why, why_size);
	if (rc == 0 && !session.quit && !set->stopped && set->outcomes.interrupted_by == 0 &&
	    ui_view_has_runs(session.view)) {
		ui_view_finish(session.view, &set->outcomes);
		if (!exit_at_end())
			explore(&session);
		/* A signal while exploring stops metaconc as one during the run does. */
		set->outcomes.interrupted_by = signals_caught();
	}
	if (getenv("METACONC_VIEW_STATS") != NULL)
		report_cost(ui_view_frames(session.view), clock_thread_cpu_ns() - cpu_at_start);
	ui_view_free(session.view);
	return rc;
}

enum ui_run_result ui_run_show(struct run_set *set, const struct run_options *options, char *why,
    size_t why_size)
{
	int rc;

	if (ui_term_start(why, why_size) != 0)
		return UI_RUN_NO_TERMINAL;
	rc = ui_run_in_view(set, options, NULL, why, why_size);
	ui_term_stop();
	return rc == 0 ? UI_RUN_SHOWN : UI_RUN_FAILED;
}
