/* text.h: the string chores the file parsers share: reading a file, walking its lines, trimming, growing a string. */
#ifndef METACONC_TEXT_H
#define METACONC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#define TEXT_MAX_FILE_SIZE (4u << 20) /* lessons, sources and state files are far smaller */

/* Walks a buffer line by line. */
struct text_lines {
	const char *next; /* where the next line starts */
	const char *end;
	int number;       /* the line just returned, from 1 */
};

/* A string that grows as it is appended to; a failed allocation is remembered, not fatal. */
struct text_buffer {
	char *data;      /* NUL-terminated once anything was appended */
	size_t length;
	size_t capacity;
	bool failed;     /* out of memory at some point: the content is incomplete */
};

void text_lines_init(struct text_lines *lines, const char *text, size_t size);
/* The next line without its "\n" (nor a "\r" before it); false after the last line. */
bool text_lines_next(struct text_lines *lines, const char **line, size_t *length);

/* Narrows [*text, *text + *length) to leave out spaces and tabs at both ends. */
void text_trim(const char **text, size_t *length);
/* True if the `length` bytes at `text` are exactly the string `word`. */
bool text_equals(const char *text, size_t length, const char *word);
/* A NUL-terminated copy of `length` bytes, or NULL if out of memory. */
char *text_copy(const char *text, size_t length);
/*
 * Wrapping at spaces: the bytes of the first line of `text` at most `width`
 * bytes long, cut at its last space that fits (or at `width` if none does).
 * The next line starts after the spaces that follow: text_skip_spaces().
 */
int text_line_length(const char *text, int width);
const char *text_skip_spaces(const char *text);
/* Replaces control characters (a newline typed into an argument) with '?', so a message stays one line. */
void text_one_line(char *text);
/*
 * Makes text from a file safe to show on a terminal: every control
 * character that could move the cursor, set a title or switch screens (ESC
 * and the other C0 controls, DEL, the C1 controls U+0080-U+009F such as
 * CSI) and every byte that is not valid UTF-8 becomes one '?'. Newlines,
 * tabs, CRLF line ends and NUL bytes stay. Works in place on `length`
 * bytes; returns the new length (never longer), NUL-terminated if shorter.
 */
size_t text_sanitize(char *text, size_t length);
/* Copies text into out, cut in the middle with "..." to at most `max` bytes (a long path keeps its end). */
void text_elide(char *out, size_t size, const char *text, size_t max);

void text_buffer_append(struct text_buffer *buffer, const char *text, size_t length);
void text_buffer_append_char(struct text_buffer *buffer, char c);
/* Hands over the string (never NULL unless out of memory: "" if nothing was appended) and empties the buffer. */
char *text_buffer_take(struct text_buffer *buffer);
void text_buffer_free(struct text_buffer *buffer);

/*
 * Reads a whole file into a NUL-terminated buffer (*data, *size bytes
 * without the NUL). Only a regular file: a pipe or a device is refused
 * without waiting on it. Returns 0, or -1 with why ("No such file or
 * directory", "it is a directory", "it is larger than 4 MiB").
 */
int text_read_file(const char *path, char **data, size_t *size, char *why, size_t why_size);

#endif
