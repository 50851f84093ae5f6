/* ui_view.h: the full-screen timeline of a run (and the runs it is compared with), as a component. */
#ifndef METACONC_UI_VIEW_H
#define METACONC_UI_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/options.h"
#include "engine/runner.h"
#include "model/outcome.h"
#include "model/process_tree.h"
#include "model/recording.h"

#define UI_FRAME_MS 33 /* about thirty frames a second */

enum ui_reaction {
	UI_REACT_NONE = 0,   /* the key meant nothing here */
	UI_REACT_REDRAW = 1, /* something changed: draw again */
	UI_REACT_QUIT = 2,   /* the user wants to leave */
};

struct ui_view;

/*
 * What the view shows of a program metaconc observes (metaconc trace),
 * where a run would have its spec: the caller owns it and may change what
 * it points to between frames (lanes appear as threads start).
 */
struct ui_view_observed {
	const char *title;              /* the title bar */
	const char *subtitle;           /* the line under it */
	const char *heading;            /* the section's heading: "2 processes, 5 threads" */
	const struct process_tree *tree;
	const struct tree_row *rows;    /* the worker lanes in tree order, with a heading per process */
	int row_count;
	const char *precision;          /* how precise the CPU lanes are: the legend's last words */
	const char *const *summary;     /* lines under the legend once it ended, or NULL while live */
	int summary_count;
	int reserved_rows;              /* rows kept free above the status line (the command's output) */
	int summary_rows;               /* rows kept for the summary, or 0: as many as a run's (a view that
	                                   never shows a summary keeps 1, for the live line) */
};

/* A view for the runs of `options` (scaled to how long they should take). NULL if out of memory. */
struct ui_view *ui_view_new(const struct run_options *options);
/*
 * Points `shown` at the lanes of `tree` in tree order: fills *rows, grown to
 * fit (the caller keeps *rows and *capacity from frame to frame and frees
 * *rows), and writes its heading, "2 processes, 5 threads", into `heading`.
 * Out of memory, it changes nothing: the last frame's rows stay shown.
 */
void ui_view_observed_show_tree(struct ui_view_observed *shown, const struct process_tree *tree,
    struct tree_row **rows, int *capacity, char *heading, size_t heading_size);
/* A view of an observed program (see ui_view_observed); NULL if out of memory. */
struct ui_view *ui_view_new_observing(const struct ui_view_observed *observed);
void ui_view_free(struct ui_view *view);

/* Shows `recording` as it is now (a section of its own); finished once its run has ended. */
void ui_view_update(struct ui_view *view, const struct experiment_spec *spec,
    const struct recording *recording, enum runner_phase phase, bool finished);
/* Every run has ended: show the summary and let the user explore. */
void ui_view_finish(struct ui_view *view, const struct outcome_set *outcomes);
bool ui_view_has_runs(const struct ui_view *view);

/* Reacts to a key: cursor, zoom, Tab, replay, pause, steps, help; q and Esc ask to quit. */
enum ui_reaction ui_view_key(struct ui_view *view, int key);
/* Moves a replay on by the time passed since the last tick. */
enum ui_reaction ui_view_tick(struct ui_view *view);
bool ui_view_replaying(const struct ui_view *view);

/* A one-off message on the status line, until the next key. */
void ui_view_set_note(struct ui_view *view, const char *note);
/* A presenter's caption over the bottom of the view ("" or NULL: none). */
void ui_view_set_caption(struct ui_view *view, const char *caption);
/* Multiplies the replay speed (a demo's --speed). */
void ui_view_scale_speed(struct ui_view *view, double factor);

/* Draws the whole screen and refreshes it once. */
void ui_view_draw(struct ui_view *view);
/* Draws the whole screen without refreshing it (the caller adds to it, then refreshes). */
void ui_view_paint(struct ui_view *view);
/* The first row kept free by reserved_rows (an observed program's output pane goes there). */
int ui_view_reserved_top(const struct ui_view *view);
uint64_t ui_view_frames(const struct ui_view *view);

#endif
