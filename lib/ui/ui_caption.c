/*
 * ui_caption.c: the caption band a presenter's demo puts over the screen,
 * over a timeline (ui_view.c) or a lesson page (ui_demo.c) alike: up to
 * four lines wrapped where phrases end (a hint is read aloud: "tasks /
 * running at once" would split a phrase), in the title bar's style, just
 * above the status line.
 */
#include "ui/ui_caption.h"

#include <curses.h>
#include <stdbool.h>
#include <string.h>

#include "core/text.h"
#include "ui/ui_term.h"

/*
 * Splits `text` into lines of at most `width` columns (at phrase ends if
 * `phrases`); false if it needs more lines than there are.
 */
static bool split(const char *text, int width, bool phrases, const char **lines, int *lengths, int *rows)
{
	*rows = 0;
	while (text != NULL && *text != '\0' && *rows < UI_CAPTION_MAX_LINES) {
		int length = phrases ? text_phrase_length(text, width) : text_line_length(text, width);

		lines[*rows] = text;
		lengths[(*rows)++] = length;
		text = text_skip_spaces(text + length);
	}
	return text == NULL || *text == '\0';
}

/* The caption's lines: wrapped where phrases end, or at any space if that is what fits. Returns how many. */
static int wrap(const char *text, int width, const char **lines, int *lengths)
{
	int rows;

	if (!split(text, width, true, lines, lengths, &rows))
		split(text, width, false, lines, lengths, &rows);
	return rows;
}

int ui_caption_rows(const char *text)
{
	const char *lines[UI_CAPTION_MAX_LINES];
	int lengths[UI_CAPTION_MAX_LINES];
	int rows = COLS > 6 ? wrap(text, COLS - 6, lines, lengths) : 0;

	return rows > 0 ? rows + 2 : 0;
}

int ui_caption_draw(const char *text)
{
	const char *lines[UI_CAPTION_MAX_LINES];
	int lengths[UI_CAPTION_MAX_LINES];
	int rows, y;

	if (COLS <= 6 || (rows = wrap(text, COLS - 6, lines, lengths)) == 0)
		return 0;
	y = LINES - 2 - rows - 1;
	for (int i = -1; i <= rows; i++) {
		attron(ui_term_style(UI_STYLE_TITLE));
		mvhline(y + 1 + i, 1, ' ', COLS - 2);
		if (i >= 0 && i < rows)
			mvaddnstr(y + 1 + i, 3, lines[i], lengths[i]);
		attroff(ui_term_style(UI_STYLE_TITLE));
	}
	return rows + 2;
}
