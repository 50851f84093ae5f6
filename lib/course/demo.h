/* demo.h: a presenter's demo script, one command a line, parsed and checked before anything runs. */
#ifndef METACONC_DEMO_H
#define METACONC_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/options.h"

#define DEMO_MAX_WAIT_NS (600ull * 1000000000ull) /* a wait of at most ten minutes */
#define DEMO_MAX_LINE 1024

enum demo_command_kind {
	DEMO_TITLE,    /* title TEXT: the demo's name, shown as it starts */
	DEMO_MARKER,   /* marker NAME: a chapter; the presenter jumps between them with [ and ] */
	DEMO_LESSON,   /* lesson LESSON: open a lesson (number or slug) at its first page */
	DEMO_PAGE,     /* page N: show page N of the open lesson */
	DEMO_CAPTION,  /* caption TEXT: a caption for the room */
	DEMO_RUN,      /* run TECHNIQUE [OPTIONS]: start an experiment, animated */
	DEMO_WAIT,     /* wait DURATION: let things be for a while (500ms, 2s, 1.5s) */
	DEMO_WAIT_END, /* wait end: until the running experiment has ended */
	DEMO_KEY,      /* key KEY: press a key in the experiment's view (r, Tab, +, space, ...) */
	DEMO_PAUSE,    /* pause: until the presenter presses a key (skipped with --no-pause) */
	DEMO_CLEAR,    /* clear: take the caption and the experiment off the screen */
};

/* Keys beyond single characters, as `key` names them. */
enum demo_key {
	DEMO_KEY_LEFT = 0x10000,
	DEMO_KEY_RIGHT,
	DEMO_KEY_UP,
	DEMO_KEY_DOWN,
	DEMO_KEY_HOME,
	DEMO_KEY_END,
};

struct demo_command {
	enum demo_command_kind kind;
	int line;                   /* where it is in the script */
	char *text;                 /* TITLE, MARKER, CAPTION: the text; LESSON: the lesson's name; RUN: its arguments */
	int number;                 /* PAGE: the page, from 1; KEY: the character or enum demo_key */
	uint64_t duration_ns;       /* WAIT */
	struct run_options options; /* RUN: checked exactly as `metaconc run` checks them */
};

struct demo_script {
	char *name;                    /* the file name its errors begin with */
	char *title;                   /* from `title`, or NULL */
	struct demo_command *commands;
	size_t count;
	size_t markers;
};

/*
 * Parses and checks a whole script before anything runs. Returns 0, or -1
 * with "FILE:LINE: why" in `why` (and nothing to free).
 */
int demo_parse_file(struct demo_script *script, const char *path, char *why, size_t why_size);
/* The same from `size` bytes in memory; `name` names it in messages. */
int demo_parse_buffer(struct demo_script *script, const char *name, const char *data, size_t size,
    char *why, size_t why_size);
void demo_free(struct demo_script *script);

/* The command's keyword ("run", "wait", ...). */
const char *demo_command_name(enum demo_command_kind kind);
/* Writes a key as the script names it ("Tab", "r"). */
void demo_key_name(int key, char *buf, size_t size);

#endif
