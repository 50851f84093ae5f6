/*
 * ui_help.c: the help box. Every screen (the timeline, a lesson page, the
 * menu, the demo) opens one with `?` and closes it with any key; drawing
 * it in one place keeps them looking alike.
 */
#include "ui/ui_help.h"

#include <curses.h>

void ui_help_draw(const char *const *lines, size_t count, int width)
{
	int top = (LINES - (int)count - 2) / 2, left = (COLS - width) / 2;

	if (width > COLS)
		width = COLS;
	if (top < 0)
		top = 0;
	if (left < 0)
		left = 0;
	attron(A_REVERSE);
	for (int i = -1; i <= (int)count; i++) {
		mvhline(top + 1 + i, left, ' ', width);
		if (i >= 0 && i < (int)count)
			mvaddnstr(top + 1 + i, left + 2, lines[i], width - 4);
	}
	attroff(A_REVERSE);
}
