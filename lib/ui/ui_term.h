/* ui_term.h: the terminal while the full-screen view owns it: start, stop, colours, glyphs. */
#ifndef METACONC_UI_TERM_H
#define METACONC_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

/* Semantic styles; workers have their own colours (ui_term_worker_style). */
enum ui_style {
	UI_STYLE_NORMAL,
	UI_STYLE_TITLE,    /* the title bar */
	UI_STYLE_HEADING,  /* section headings */
	UI_STYLE_DIM,      /* axis, idle cells, hints */
	UI_STYLE_CRASH,    /* crashed or hung */
	UI_STYLE_WAIT,     /* waiting for the GIL */
	UI_STYLE_BLOCK,    /* blocked in I/O */
	UI_STYLE_GOOD,     /* a good result: a real speedup */
	UI_STYLE_BAD,      /* a disappointing one */
	UI_STYLE_CURSOR,   /* the time cursor */
	UI_STYLE_CODE,     /* code on a lesson page */
	UI_STYLE_QUESTION, /* a prediction to make */
	UI_STYLE_SELECTED, /* the chosen line of a menu */
	UI_STYLE_OTHER,    /* a CPU other programs held */
	UI_STYLE_COUNT
};

/*
 * Takes over the terminal: curses on stdout, stderr sent to a temporary
 * file (replayed by ui_term_stop), a crash handler that restores the
 * terminal. Returns 0, or -1 with the reason (an unknown TERM) in `why`.
 */
int ui_term_start(char *why, size_t why_size);
/* Gives the terminal back exactly as it was, and replays what went to stderr. Idempotent. */
void ui_term_stop(void);
bool ui_term_active(void);

/* UTF-8 block glyphs are allowed (else ASCII). */
bool ui_term_utf8(void);
/* Colours are on (the terminal has them, and NO_COLOR is not set). */
bool ui_term_colour(void);

attr_t ui_term_style(enum ui_style style);
/* Paints row y across the screen with `attributes` (a bar: the title, a selection). */
void ui_term_fill_row(int y, attr_t attributes);
/* A worker's stable colour (the same worker keeps it in every view). */
attr_t ui_term_worker_style(int worker);

/* Reads one key without waiting; ERR if none. KEY_RESIZE after a resize. */
int ui_term_key(void);
/* Waits until a key or an interrupting signal arrives, or timeout_ms passes (-1: no limit). */
void ui_term_wait(int timeout_ms);

#endif
