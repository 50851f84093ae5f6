/*
 * page_layout.h: one page of a lesson laid out for a screen of a given
 * width: rows of text, each with a style, in one column (stacked) or two
 * (prose on the left, code on the right) when the screen is wide enough.
 *
 * It is pure: no curses, no I/O. The text of each piece comes from
 * render_lesson.c, so the screen says exactly what `learn --plain` prints.
 * ui_page.c draws a layout; the tutorial and the demo rebuild it when the
 * width changes or something was measured.
 */
#ifndef METACONC_PAGE_LAYOUT_H
#define METACONC_PAGE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "course/lesson.h"
#include "course/question.h"

#define PAGE_LAYOUT_SIDE_BY_SIDE 140 /* columns from which prose and code sit side by side */
#define PAGE_LAYOUT_GUTTER 3
#define PAGE_LAYOUT_CODE_WIDTH 84 /* columns the code column keeps, when it can */

enum page_style {
	PAGE_BLANK,
	PAGE_HEADING,     /* the page's heading */
	PAGE_PROSE,
	PAGE_CODE_HEADER, /* where a code block comes from */
	PAGE_CODE,
	PAGE_EXPERIMENT,  /* an experiment to run, and what it measured */
	PAGE_QUESTION,    /* a prediction to make */
	PAGE_ANSWER,      /* the measured answer to a prediction */
};

struct page_cell {
	char *text; /* NULL: nothing in this column */
	enum page_style style;
};

struct page_row {
	struct page_cell left;  /* the only column when stacked */
	struct page_cell right; /* code, when side by side */
};

/* What the tutorial knows so far, shown on the page (any array may be NULL: nothing known). */
struct page_status {
	const struct question_answer *answers; /* by question: the learner's predictions */
	const struct question_value *values;   /* by question: the measured answers ... */
	const bool *measured;                  /* ... where measured[i] */
	char *const *notes;                    /* by experiment: what it measured (lines), or NULL */
	const struct question_measurement *measurements; /* by experiment, or NULL: were they disturbed? */
	int focus;                             /* the experiment to highlight, or LESSON_NO_EXPERIMENT */
};

struct page_layout {
	struct page_row *rows;
	size_t count;
	size_t capacity;
	bool side_by_side;
	int width;          /* the columns it was laid out for */
	int left_width;     /* columns of the left (or only) column */
	int right_column;   /* where the right column starts */
	int *experiment_row; /* by experiment: the row it starts at on this page, or -1 */
	int *question_row;   /* by question - 1: the row it starts at on this page, or -1 */
	bool failed;         /* out of memory: the layout is incomplete */
};

/*
 * Lays out page `page_index` of `lesson` for `width` columns. `number` is
 * the lesson's number in the course (0 if none). Returns 0, or -1 if out
 * of memory (free it either way).
 */
int page_layout_build(struct page_layout *layout, const struct lesson *lesson, int number,
    size_t page_index, int width, const struct page_status *status);
void page_layout_free(struct page_layout *layout);

#endif
