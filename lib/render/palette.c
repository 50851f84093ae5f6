/*
 * palette.c: the view's colours (ui_term.c sets them up in curses) and what
 * xterm shows for them: the 16 system colours, the 6x6x6 colour cube and
 * the grey ramp of the 256-colour palette.
 */
#include "render/palette.h"

#include <stdio.h>

/* None near the yellow of waiting, the cyan of I/O or the red of a crash (ui_term.c). */
const short palette_worker_256[PALETTE_WORKER_COLOURS] = { 39, 214, 78, 170, 141, 149, 110, 175, 69, 108 };

void palette_rgb(int index, char *buf, size_t size)
{
	static const unsigned char system[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
		{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
		{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const unsigned char cube[6] = { 0, 95, 135, 175, 215, 255 };
	int r, g, b;

	if (index < 0 || index > 255)
		index = 7;
	if (index < 16) {
		r = system[index][0];
		g = system[index][1];
		b = system[index][2];
	} else if (index < 232) {
		r = cube[(index - 16) / 36];
		g = cube[(index - 16) / 6 % 6];
		b = cube[(index - 16) % 6];
	} else {
		r = g = b = 8 + 10 * (index - 232);
	}
	snprintf(buf, size, "#%02x%02x%02x", r, g, b);
}
