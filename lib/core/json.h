/* json.h: a small streaming JSON writer with correct string escaping. */
#ifndef METACONC_JSON_H
#define METACONC_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json_writer {
	FILE *out;
	int depth;
	bool first[JSON_MAX_DEPTH]; /* no member written yet at this depth */
};

void json_begin(struct json_writer *w, FILE *out);
void json_object_begin(struct json_writer *w, const char *key);  /* key NULL inside arrays or at top */
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w, const char *key);
void json_array_end(struct json_writer *w);
void json_string(struct json_writer *w, const char *key, const char *value); /* NULL value: null */
void json_int(struct json_writer *w, const char *key, int64_t value);
void json_uint(struct json_writer *w, const char *key, uint64_t value);
void json_double(struct json_writer *w, const char *key, double value, int decimals);
void json_bool(struct json_writer *w, const char *key, bool value);
void json_null(struct json_writer *w, const char *key);
/* Writes a JSON string literal, escaped, with its quotes. */
void json_write_escaped(FILE *out, const char *text);

#endif
