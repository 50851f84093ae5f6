/* ui_view.h: the full-screen timeline of a run (and the runs it is compared with), as a component. */
#ifndef METACONC_UI_VIEW_H
#define METACONC_UI_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/options.h"
#include "engine/runner.h"
#include "model/outcome.h"
#include "model/recording.h"

#define UI_FRAME_MS 33 /* about thirty frames a second */

enum ui_reaction {
	UI_REACT_NONE = 0,   /* the key meant nothing here */
	UI_REACT_REDRAW = 1, /* something changed: draw again */
	UI_REACT_QUIT = 2,   /* the user wants to leave */
};

struct ui_view;

/* A view for the runs of `options` (scaled to how long they should take). NULL if out of memory. */
struct ui_view *ui_view_new(const struct run_options *options);
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

/* A presenter's caption over the bottom of the view ("" or NULL: none). */
void ui_view_set_caption(struct ui_view *view, const char *caption);
/* Multiplies the replay speed (a demo's --speed). */
void ui_view_scale_speed(struct ui_view *view, double factor);

/* Draws the whole screen and refreshes it once. */
void ui_view_draw(struct ui_view *view);
uint64_t ui_view_frames(const struct ui_view *view);

#endif
