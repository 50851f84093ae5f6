/* text.h: the string chores the parsers and the screens share: reading a file, walking its lines, trimming, growing a string, fitting text to a width. */
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
 * Columns on a terminal: one per character (a UTF-8 sequence is one
 * character; what metaconc shows has no wide characters, nor tabs).
 */
int text_columns(const char *text);
int text_columns_of(const char *text, size_t length);
/* The bytes of the first `columns` characters of `text` (all of it if shorter). */
size_t text_bytes_of_columns(const char *text, int columns);

/*
 * Wrapping at spaces, so that no word or number is ever cut in two: the
 * bytes of the first line of `text` at most `width` columns long, cut at
 * its last space that fits (at `width` only when a single word is longer
 * than the line). The next line starts after the spaces that follow:
 * text_skip_spaces().
 */
int text_line_length(const char *text, int width);
const char *text_skip_spaces(const char *text);
/*
 * The same, for a hint of a few lines: it prefers to end the line where a
 * phrase ends (after ". ", ": ", "; ", ", " or before " (") if that fills at
 * least half of it, so a phrase is not split when it need not be.
 */
int text_phrase_length(const char *text, int width);
/*
 * For a line of clauses that has one row ("wall 2.37 s, CPU time 9.12 s;
 * 8 of 8 tasks done, 4024 events recorded"): all of `text` if it fits
 * `width`, else the longest run of whole clauses that does (ending before
 * a ", ", a "; " or a " (", never inside parentheses), so the last clauses
 * give way; a cut at a word only if not even the first clause fits.
 */
int text_clause_length(const char *text, int width);

/*
 * One line made of pieces (the keys of a key bar, the clauses of a title or
 * a summary) that must fit a width: text_fit() first puts the shorter
 * forms in, then leaves pieces out, the highest rank first each time (the
 * last of equal rank first), until the line fits. Pieces of rank 0 always stay: `q quit` and `? help` are
 * rank 0 on every key bar. A piece is joined to the one shown before it by
 * its `glue`, or by the separator given to text_fit().
 */
struct text_piece {
	const char *text;    /* NULL: not on the line at all */
	const char *shorter; /* a shorter form, tried before leaving the piece out; or NULL */
	int rank;            /* 0: always shown; higher: given up sooner */
	const char *glue;    /* what joins it to the piece before; NULL: the separator */
	const char *shown;   /* set by text_fit(): text, shorter, or NULL (left out) */
};

/* Chooses what each piece shows; returns the columns of the joined line (it may exceed `width` if rank 0 alone does). */
int text_fit(struct text_piece *pieces, int count, const char *separator, int width);
/* The glue a shown piece is drawn after: "" for the first one shown. */
const char *text_piece_glue(const struct text_piece *pieces, int index, const char *separator);
/* Writes the line text_fit() chose into out (NUL-terminated, cut at `size`). */
void text_join(char *out, size_t size, const struct text_piece *pieces, int count, const char *separator);
/*
 * Whether an error message is about a line of a file, "FILE:LINE: why"
 * (printed as it is, as compilers do), rather than "FILE: why" about the
 * whole file (printed after "metaconc: ", as every other error).
 */
bool text_names_a_line(const char *message);
/* Replaces control characters (a newline typed into an argument) with '?', so a message stays one line. */
void text_one_line(char *text);
/*
 * Whether a name on the command line is a number, as "5" or "05" for lesson
 * or exercise 5: if so, its value in *number, or -1 when it has too many
 * digits to be one.
 */
bool text_is_number(const char *text, long *number);
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
