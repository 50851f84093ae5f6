/*
 * ui_fit.c: drawing text fitted by core/text.c: wrapped lines, one cut
 * line, the key bar, and the message for a screen too small. Every screen
 * draws its free text through here, so none breaks a word or a number, and
 * every key bar keeps `q` and `?` however narrow the terminal.
 */
#include "ui/ui_fit.h"

#include <curses.h>
#include <stdio.h>

#include "ui/ui_term.h"

#define KEY_SEPARATOR "  "

static int line_length(const char *text, int width, bool phrases)
{
	return phrases ? text_phrase_length(text, width) : text_line_length(text, width);
}

int ui_fit_rows(const char *text, int width, bool phrases)
{
	int rows = 0;

	text = text_skip_spaces(text);
	while (*text != '\0' && width > 0) {
		text = text_skip_spaces(text + line_length(text, width, phrases));
		rows++;
	}
	return rows;
}

int ui_fit_wrap(int y, int x, int rows, int width, const char *text, bool phrases)
{
	int row = 0;

	text = text_skip_spaces(text);
	for (; row < rows && *text != '\0' && width > 0; row++) {
		int length = line_length(text, width, phrases);

		mvaddnstr(y + row, x, text, length);
		text = text_skip_spaces(text + length);
	}
	return row;
}

void ui_fit_line(int y, int x, int width, const char *text)
{
	if (width > 0)
		mvaddnstr(y, x, text, text_line_length(text, width));
}

void ui_fit_clauses(int y, int x, int width, const char *text)
{
	if (width > 0)
		mvaddnstr(y, x, text, text_clause_length(text, width));
}

void ui_fit_keys(struct text_piece *keys, int count)
{
	char line[512];

	text_fit(keys, count, KEY_SEPARATOR, COLS - 2);
	text_join(line, sizeof line, keys, count, KEY_SEPARATOR);
	move(LINES - 1, 0);
	clrtoeol();
	attron(ui_term_style(UI_STYLE_DIM));
	ui_fit_line(LINES - 1, 1, COLS - 2, line);
	attroff(ui_term_style(UI_STYLE_DIM));
}

void ui_fit_too_small(const char *what, int columns, int rows)
{
	char full[256], brief[128];
	const char *text = full;
	int width = COLS > 2 ? COLS - 2 : COLS, x = COLS > 2 ? 1 : 0;

	snprintf(full, sizeof full, "metaconc needs a terminal of at least %dx%d for %s; this one is %dx%d. "
	    "Enlarge it, or press q to leave.", columns, rows, what, COLS, LINES);
	snprintf(brief, sizeof brief, "Needs %dx%d. q leaves.", columns, rows);
	if (ui_fit_rows(full, width, false) > LINES)
		text = brief;
	ui_fit_wrap(0, x, LINES, width, text, false);
}
