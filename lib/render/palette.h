/*
 * palette.h: the colours of the full-screen view, by xterm colour number,
 * so a picture of a timeline (render_svg) has the view's own colours.
 */
#ifndef METACONC_PALETTE_H
#define METACONC_PALETTE_H

#include <stddef.h>

#define PALETTE_WORKER_COLOURS 10

/* Each lane's colour in a 256-colour terminal, by lane number modulo the count. */
extern const short palette_worker_256[PALETTE_WORKER_COLOURS];

/* The view's colours for states, as the 8 basic terminal colours. */
enum palette_basic {
	PALETTE_BLACK = 0,
	PALETTE_RED = 1,    /* crashed, killed */
	PALETTE_GREEN = 2,
	PALETTE_YELLOW = 3, /* waiting on a lock */
	PALETTE_BLUE = 4,
	PALETTE_MAGENTA = 5,
	PALETTE_CYAN = 6,   /* blocked; the title bar */
	PALETTE_WHITE = 7,
};

/* The RGB colour xterm shows for colour `index` (0-255), as "#rrggbb". */
void palette_rgb(int index, char *buf, size_t size);

#endif
