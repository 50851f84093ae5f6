/*
 * output_tail.c: what a traced command wrote, as the lines a small pane can
 * show. The command runs on a terminal of its own, so it writes what it
 * would write to a terminal: lines end in \r\n, a progress bar redraws its
 * line after \r, and colours and cursor moves come as escape sequences.
 * This keeps the text, lets \r write over a line and \b take back a
 * character, and drops the sequences (a pane is not a terminal emulator).
 */
#include "observe/output_tail.h"

#include <string.h>

void output_tail_init(struct output_tail *tail)
{
	memset(tail, 0, sizeof *tail);
	tail->count = 1;
}

static int current(const struct output_tail *tail)
{
	return (tail->first + tail->count - 1) % OUTPUT_TAIL_LINES;
}

static void new_line(struct output_tail *tail)
{
	if (tail->count == OUTPUT_TAIL_LINES)
		tail->first = (tail->first + 1) % OUTPUT_TAIL_LINES;
	else
		tail->count++;
	tail->lengths[current(tail)] = 0;
	tail->lines[current(tail)][0] = '\0';
}

static void put(struct output_tail *tail, char c)
{
	int line = current(tail);
	int *length = &tail->lengths[line];

	if (*length < OUTPUT_TAIL_WIDTH - 1) {
		tail->lines[line][(*length)++] = c;
		tail->lines[line][*length] = '\0';
	}
}

/* Takes back the last character (all the bytes of a UTF-8 one). */
static void back_space(struct output_tail *tail)
{
	int line = current(tail);
	int *length = &tail->lengths[line];

	while (*length > 0 && ((unsigned char)tail->lines[line][*length - 1] & 0xc0) == 0x80)
		(*length)--;
	if (*length > 0)
		(*length)--;
	tail->lines[line][*length] = '\0';
}

static void text(struct output_tail *tail, unsigned char c)
{
	switch (c) {
	case '\n':
		new_line(tail);
		return;
	case '\r':
		tail->state = OUTPUT_CARRIAGE;
		return;
	case '\b':
		back_space(tail);
		return;
	case '\t':
		do
			put(tail, ' ');
		while (tail->lengths[current(tail)] % 8 != 0 && tail->lengths[current(tail)] < OUTPUT_TAIL_WIDTH - 1);
		return;
	case 0x1b:
		tail->state = OUTPUT_ESCAPE;
		return;
	default:
		if (c >= 0x20 && c != 0x7f)
			put(tail, (char)c);
		return;
	}
}

static void feed_one(struct output_tail *tail, unsigned char c)
{
	switch (tail->state) {
	case OUTPUT_TEXT:
		text(tail, c);
		return;
	case OUTPUT_CARRIAGE:
		tail->state = OUTPUT_TEXT;
		if (c != '\n' && c != '\r') {
			/* A line redrawn in place: the new text replaces the old. */
			tail->lengths[current(tail)] = 0;
			tail->lines[current(tail)][0] = '\0';
		}
		if (c == '\r')
			tail->state = OUTPUT_CARRIAGE;
		else
			text(tail, c);
		return;
	case OUTPUT_ESCAPE:
		tail->state = c == '[' ? OUTPUT_CSI : c == ']' ? OUTPUT_STRING : OUTPUT_TEXT;
		return;
	case OUTPUT_CSI:
		if (c >= 0x40 && c <= 0x7e)
			tail->state = OUTPUT_TEXT; /* its final byte */
		return;
	case OUTPUT_STRING:
		if (c == 0x07 || c == '\\')
			tail->state = OUTPUT_TEXT;
		return;
	}
}

void output_tail_feed(struct output_tail *tail, const char *bytes, size_t count)
{
	for (size_t i = 0; i < count; i++)
		feed_one(tail, (unsigned char)bytes[i]);
	tail->bytes += count;
}

int output_tail_count(const struct output_tail *tail)
{
	return tail->count;
}

const char *output_tail_line(const struct output_tail *tail, int back)
{
	if (back < 0 || back >= tail->count)
		return "";
	return tail->lines[(tail->first + tail->count - 1 - back) % OUTPUT_TAIL_LINES];
}
