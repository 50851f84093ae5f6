/*
 * output_tail.h: the last lines a traced command wrote to its terminal, as
 * plain text for the output pane under the timeline (metaconc trace).
 */
#ifndef METACONC_OUTPUT_TAIL_H
#define METACONC_OUTPUT_TAIL_H

#include <stddef.h>
#include <stdint.h>

#define OUTPUT_TAIL_LINES 256 /* lines kept */
#define OUTPUT_TAIL_WIDTH 512 /* bytes kept of each line */

enum output_tail_state {
	OUTPUT_TEXT,
	OUTPUT_CARRIAGE, /* after \r: \n ends the line, anything else writes over it */
	OUTPUT_ESCAPE,   /* after ESC */
	OUTPUT_CSI,      /* in ESC [ ... */
	OUTPUT_STRING,   /* in ESC ] ... (a title), until BEL or ESC \ */
};

struct output_tail {
	char lines[OUTPUT_TAIL_LINES][OUTPUT_TAIL_WIDTH];
	int lengths[OUTPUT_TAIL_LINES];
	int first;  /* the oldest line kept */
	int count;  /* lines kept, the one being written included (at least 1) */
	enum output_tail_state state;
	uint64_t bytes; /* bytes fed in all */
};

void output_tail_init(struct output_tail *tail);
/* Takes more of the command's output: text is kept, terminal control sequences are dropped. */
void output_tail_feed(struct output_tail *tail, const char *bytes, size_t count);
/* Lines kept, the one being written included. */
int output_tail_count(const struct output_tail *tail);
/* A line, NUL-terminated: back 0 is the latest (maybe still being written), 1 the one before... */
const char *output_tail_line(const struct output_tail *tail, int back);

#endif
