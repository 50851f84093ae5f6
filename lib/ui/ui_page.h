/*
 * ui_page.h: a lesson page on the screen, scrolled like `less`. It draws
 * a page_layout (prose and code side by side when the terminal is wide,
 * stacked when it is not) in a band of rows, and rebuilds the layout when
 * the width changes or the page's status (predictions, measurements) does.
 * The tutorial and the demo both show pages with it.
 */
#ifndef METACONC_UI_PAGE_H
#define METACONC_UI_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "course/lesson.h"
#include "course/page_layout.h"
#include "ui/ui_view.h"

struct ui_page {
	const struct lesson *lesson;
	int number;               /* the lesson's number in the course, or 0 */
	size_t page_index;        /* the page shown, from 0 */
	struct page_status status;
	struct page_layout layout;
	int layout_width;         /* the width the layout was built for; 0: build it again */
	int scroll;               /* the first row shown */
	int rows;                 /* how many rows the last draw had */
	int reveal_experiment;    /* bring this experiment to the top at the next draw, or LESSON_NO_EXPERIMENT */
	int reveal_question;      /* bring this question (from 1) into view at the next draw, or 0 */
	bool reveal_focus;        /* bring the experiment with the focus into view at the next draw */
};

/* Shows `lesson` (number: its place in the course, or 0) from its first page. */
void ui_page_init(struct ui_page *page, const struct lesson *lesson, int number);
void ui_page_free(struct ui_page *page);

/* Turns to page `page_index` (from 0), scrolled to its top. */
void ui_page_open(struct ui_page *page, size_t page_index);
/* What is known so far (kept by pointer: call again, or ui_page_changed(), when it changes). */
void ui_page_set_status(struct ui_page *page, const struct page_status *status);
void ui_page_changed(struct ui_page *page);

/* Draws the page in `rows` rows from row `top`, the whole width of the screen. */
void ui_page_draw(struct ui_page *page, int top, int rows);
/*
 * At the next draw (when the layout exists: a terminal too small has none),
 * scrolls question `number` (from 1), or the experiment with the focus,
 * into view near the top if it is not in view.
 */
void ui_page_reveal_question(struct ui_page *page, int number);
void ui_page_reveal_focus(struct ui_page *page);
/* Brings experiment `e` and what follows it (its measurement, the answers) into view at the next draw. */
void ui_page_reveal_experiment(struct ui_page *page, int e);
/* True if the page's last row is in view. */
bool ui_page_at_end(const struct ui_page *page);

/* The scrolling keys: j/k and arrows, space/f/PgDn, b/PgUp, d/u, g/Home, G/End. */
enum ui_reaction ui_page_key(struct ui_page *page, int key);

#endif
