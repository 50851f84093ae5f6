/*
 * json.c: writes JSON as it goes, remembering only whether a comma is due.
 * Strings are escaped per RFC 8259, so any thread name or path is safe.
 */
#include "core/json.h"

#include <math.h>

void json_begin(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = true;
}

void json_write_escaped(FILE *out, const char *text)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Writes the comma and the key that come before a value. */
static void member(struct json_writer *w, const char *key)
{
	if (!w->first[w->depth])
		fputc(',', w->out);
	w->first[w->depth] = false;
	if (key != NULL) {
		json_write_escaped(w->out, key);
		fputc(':', w->out);
	}
}

static void open_container(struct json_writer *w, const char *key, char bracket)
{
	member(w, key);
	fputc(bracket, w->out);
	if (w->depth + 1 < JSON_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void close_container(struct json_writer *w, char bracket)
{
	fputc(bracket, w->out);
	if (w->depth > 0)
		w->depth--;
}

void json_object_begin(struct json_writer *w, const char *key)
{
	open_container(w, key, '{');
}

void json_object_end(struct json_writer *w)
{
	close_container(w, '}');
}

void json_array_begin(struct json_writer *w, const char *key)
{
	open_container(w, key, '[');
}

void json_array_end(struct json_writer *w)
{
	close_container(w, ']');
}

void json_string(struct json_writer *w, const char *key, const char *value)
{
	member(w, key);
	if (value == NULL)
		fputs("null", w->out);
	else
		json_write_escaped(w->out, value);
}

void json_int(struct json_writer *w, const char *key, int64_t value)
{
	member(w, key);
	fprintf(w->out, "%lld", (long long)value);
}

void json_uint(struct json_writer *w, const char *key, uint64_t value)
{
	member(w, key);
	fprintf(w->out, "%llu", (unsigned long long)value);
}

void json_double(struct json_writer *w, const char *key, double value, int decimals)
{
	member(w, key);
	if (isfinite(value))
		fprintf(w->out, "%.*f", decimals, value);
	else
		fputs("null", w->out);
}

void json_bool(struct json_writer *w, const char *key, bool value)
{
	member(w, key);
	fputs(value ? "true" : "false", w->out);
}

void json_null(struct json_writer *w, const char *key)
{
	member(w, key);
	fputs("null", w->out);
}
