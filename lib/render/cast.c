/*
 * cast.c: the asciicast v2 format (docs.asciinema.org): a JSON header line,
 * then one JSON array per event, [seconds, "o", text] for output and
 * [seconds, "m", label] for markers, in order of time. The text must be valid
 * UTF-8, but a terminal's output may cut a character between two writes, so
 * an unfinished character is held back until its other bytes arrive.
 */
#include "render/cast.h"

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "core/clock.h"
#include "core/json.h"

void cast_begin(struct cast *cast, FILE *out, int width, int height, const char *title)
{
	cast->out = out;
	cast->start_ns = clock_now_ns();
	cast->pending_length = 0;
	cast->last_time = 0.0;
	fprintf(out, "{\"version\": 2, \"width\": %d, \"height\": %d, \"timestamp\": %lld", width, height,
	    (long long)time(NULL));
	if (title != NULL) {
		fputs(", \"title\": ", out);
		json_write_escaped(out, title);
	}
	fputs(", \"env\": {\"TERM\": \"xterm-256color\"}}\n", out);
}

static double now(struct cast *cast)
{
	double t = (double)(clock_now_ns() - cast->start_ns) / 1e9;

	if (t < cast->last_time)
		t = cast->last_time;
	cast->last_time = t;
	return t;
}

/* How many bytes a UTF-8 sequence starting with `lead` has (1 for anything unexpected). */
static size_t sequence_length(unsigned char lead)
{
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	if (lead >= 0xe0)
		return lead <= 0xef ? 3 : 1;
	if (lead >= 0xc2)
		return 2;
	return 1;
}

/* Writes bytes as a JSON string, keeping UTF-8 sequences whole; bad bytes become U+FFFD. */
static void write_text(FILE *out, const unsigned char *text, size_t length)
{
	fputc('"', out);
	for (size_t i = 0; i < length;) {
		unsigned char c = text[i];
		size_t n = sequence_length(c);
		bool whole = n > 1 && i + n <= length;

		for (size_t k = 1; whole && k < n; k++)
			whole = (text[i + k] & 0xc0) == 0x80;
		if (c >= 0x80 && !whole) {
			fputs("\\ufffd", out);
			i++;
		} else if (c >= 0x80) {
			fwrite(text + i, 1, n, out);
			i += n;
		} else if (c == '"' || c == '\\') {
			fprintf(out, "\\%c", c);
			i++;
		} else if (c == '\n' || c == '\r' || c == '\t') {
			fputs(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t", out);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(out, "\\u%04x", c);
			i++;
		} else {
			fputc(c, out);
			i++;
		}
	}
	fputc('"', out);
}

void cast_output(struct cast *cast, const void *data, size_t length)
{
	unsigned char buffer[8192];
	const unsigned char *bytes = data;
	size_t used = 0, keep = 0;

	while (length > 0) {
		size_t chunk = length < sizeof buffer - cast->pending_length - 4 ?
		    length : sizeof buffer - cast->pending_length - 4;

		used = cast->pending_length;
		for (size_t i = 0; i < used; i++)
			buffer[i] = cast->pending[i];
		for (size_t i = 0; i < chunk; i++)
			buffer[used + i] = bytes[i];
		used += chunk;
		bytes += chunk;
		length -= chunk;
		/* Hold back a character whose last bytes have not come yet. */
		keep = 0;
		for (size_t back = 1; back <= 3 && back <= used; back++) {
			unsigned char c = buffer[used - back];

			if ((c & 0xc0) == 0x80)
				continue;
			if (c >= 0xc2 && sequence_length(c) > back)
				keep = back;
			break;
		}
		cast->pending_length = keep;
		for (size_t i = 0; i < keep; i++)
			cast->pending[i] = buffer[used - keep + i];
		if (used - keep == 0)
			continue;
		fprintf(cast->out, "[%.6f, \"o\", ", now(cast));
		write_text(cast->out, buffer, used - keep);
		fputs("]\n", cast->out);
	}
}

void cast_marker(struct cast *cast, const char *label)
{
	fprintf(cast->out, "[%.6f, \"m\", ", now(cast));
	json_write_escaped(cast->out, label);
	fputs("]\n", cast->out);
}

void cast_end(struct cast *cast)
{
	if (cast->pending_length > 0) {
		fprintf(cast->out, "[%.6f, \"o\", ", now(cast));
		write_text(cast->out, cast->pending, cast->pending_length);
		fputs("]\n", cast->out);
		cast->pending_length = 0;
	}
	fflush(cast->out);
}

/* The tee's write: the bytes as they are to `copy`, and as a terminal shows them (\n as \r\n) to the cast. */
static ssize_t tee_write(void *cookie, const char *data, size_t length)
{
	struct cast_tee *tee = cookie;
	char shown[4096];
	size_t used = 0;

	if (fwrite(data, 1, length, tee->copy) != length)
		return -1;
	fflush(tee->copy);
	for (size_t i = 0; i < length; i++) {
		if (used + 2 > sizeof shown) {
			cast_output(tee->cast, shown, used);
			used = 0;
		}
		if (data[i] == '\n')
			shown[used++] = '\r';
		shown[used++] = data[i];
	}
	cast_output(tee->cast, shown, used);
	return (ssize_t)length;
}

FILE *cast_tee_open(struct cast_tee *tee, struct cast *cast, FILE *copy)
{
	cookie_io_functions_t functions = { .write = tee_write };
	FILE *stream;

	tee->cast = cast;
	tee->copy = copy;
	stream = fopencookie(tee, "w", functions);
	if (stream != NULL)
		setvbuf(stream, NULL, _IOLBF, 0);
	return stream;
}
