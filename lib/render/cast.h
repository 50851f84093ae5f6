/* cast.h: writes a terminal session as an asciicast v2 file, which asciinema plays back. */
#ifndef METACONC_CAST_H
#define METACONC_CAST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct cast {
	FILE *out;
	uint64_t start_ns;     /* events are timed from here */
	unsigned char pending[4]; /* the start of a UTF-8 character cut off at the end of a write */
	size_t pending_length;
	double last_time;      /* event times never go backwards */
};

/* Writes the header line: {"version": 2, "width": W, "height": H, ...}. */
void cast_begin(struct cast *cast, FILE *out, int width, int height, const char *title);
/* An output event: what the terminal was sent. Split UTF-8 characters are joined. */
void cast_output(struct cast *cast, const void *data, size_t length);
/* A marker event, for a chapter of the demo ([time, "m", label]). */
void cast_marker(struct cast *cast, const char *label);
/* Writes out any pending bytes. */
void cast_end(struct cast *cast);

/* A stream whose text goes both to `copy` and, as output events, to `cast` (a transcript recorded). */
struct cast_tee {
	struct cast *cast;
	FILE *copy;
};

/* Opens the stream (line buffered, so each line is an event at its time); NULL if out of memory. */
FILE *cast_tee_open(struct cast_tee *tee, struct cast *cast, FILE *copy);

#endif
