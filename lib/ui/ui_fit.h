/*
 * ui_fit.h: text fitted to the screen, the same way on every screen. Lines
 * wrap at spaces (never inside a word or a number), a hint wraps where its
 * phrases end, and a key bar gives up its least needed keys first: `q`
 * and `?` are always on it. The fitting itself is core/text.h's.
 */
#ifndef METACONC_UI_FIT_H
#define METACONC_UI_FIT_H

#include <stdbool.h>

#include "core/text.h"

/* How many rows `text` takes wrapped to `width` columns (at phrase ends if `phrases`). */
int ui_fit_rows(const char *text, int width, bool phrases);
/*
 * Draws `text` wrapped to `width` columns from (y, x), in at most `rows`
 * rows, with the attributes already on. Returns the rows used.
 */
int ui_fit_wrap(int y, int x, int rows, int width, const char *text, bool phrases);
/* Draws the one row of `text` that fits `width` columns at (y, x): cut at a space, never in a word. */
void ui_fit_line(int y, int x, int width, const char *text);
/* The same for a line of clauses: the last ones give way whole (text_clause_length()). */
void ui_fit_clauses(int y, int x, int width, const char *text);
/* The key bar on the last row: pieces fitted to the screen, dim, from column 1. */
void ui_fit_keys(struct text_piece *keys, int count);
/*
 * A screen too small for `what` ("the view", "the lesson"): says so in
 * whole words, with the sizes whole, and that q leaves (the screen: a
 * lesson goes back to the menu), in the rows there are.
 */
void ui_fit_too_small(const char *what, int columns, int rows);

#endif
