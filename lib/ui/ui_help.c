/*
 * ui_help.c: the help box. Every screen (the timeline, a lesson page, the
 * menu, the demo) opens one with `?` and closes it with any key; drawing
 * it in one place keeps them looking alike. The box is as wide as its
 * longest line, or the screen; a line too long for it wraps at a word, its
 * next rows indented under the description (after the keys), so nothing is
 * ever clipped.
 */
#include "ui/ui_help.h"

#include <curses.h>

#include "core/text.h"

#define MARGIN 2 /* columns inside the box on each side */

/* The column a line's description starts at: after its keys and the three or more spaces that follow; 0 if none. */
static int hanging_indent(const char *line)
{
	int i = 0;

	while (line[i] == ' ')
		i++;
	for (; line[i] != '\0'; i++) {
		if (line[i] != ' ' && line[i + 1] == ' ' && line[i + 2] == ' ' && line[i + 3] == ' ') {
			i++;
			while (line[i] == ' ')
				i++;
			return text_columns_of(line, (size_t)i);
		}
	}
	return 0;
}

/* Draws one line of help wrapped to `width` from (y, x) if `draw`; returns the rows it takes. */
static int help_line(int y, int x, int width, const char *line, bool draw)
{
	int indent = hanging_indent(line), rows = 0;

	if (indent > width / 2)
		indent = 2;
	while (*line != '\0' || rows == 0) {
		int left = rows == 0 ? 0 : indent, length = text_line_length(line, width - left);

		if (draw)
			mvaddnstr(y + rows, x + left, line, length);
		rows++;
		line = text_skip_spaces(line + length);
		if (length == 0)
			break;
	}
	return rows;
}

void ui_help_draw(const char *const *lines, size_t count)
{
	int width = 0, rows = 0, top, left, inner;

	for (size_t i = 0; i < count; i++) {
		if (text_columns(lines[i]) > width)
			width = text_columns(lines[i]);
	}
	width += 2 * MARGIN;
	if (width > COLS)
		width = COLS;
	inner = width - 2 * MARGIN;
	if (inner < 1)
		return;
	for (size_t i = 0; i < count; i++)
		rows += help_line(0, 0, inner, lines[i], false);
	top = (LINES - rows - 2) / 2;
	left = (COLS - width) / 2;
	if (top < 0)
		top = 0;
	attron(A_REVERSE);
	for (int y = top; y < top + rows + 2 && y < LINES; y++)
		mvhline(y, left, ' ', width);
	for (size_t i = 0, y = (size_t)top + 1; i < count && (int)y < LINES; i++)
		y += (size_t)help_line((int)y, left + MARGIN, inner, lines[i], true);
	attroff(A_REVERSE);
}
