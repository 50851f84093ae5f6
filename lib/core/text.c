/*
 * text.c: small string tools for the parsers of lessons, regions and the
 * progress file (they all read a whole file into memory and walk it line by
 * line, so each can report FILE:LINE for what it does not understand), and
 * for the screens, which fit text to a width: wrapped at spaces, never in a
 * word or a number, and lines of pieces where the least needed give way.
 */
#include "core/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void text_lines_init(struct text_lines *lines, const char *text, size_t size)
{
	lines->next = text;
	lines->end = text + size;
	lines->number = 0;
}

bool text_lines_next(struct text_lines *lines, const char **line, size_t *length)
{
	const char *newline;

	if (lines->next >= lines->end)
		return false;
	newline = memchr(lines->next, '\n', (size_t)(lines->end - lines->next));
	*line = lines->next;
	*length = (size_t)((newline != NULL ? newline : lines->end) - lines->next);
	lines->next = newline != NULL ? newline + 1 : lines->end;
	if (*length > 0 && (*line)[*length - 1] == '\r')
		(*length)--;
	lines->number++;
	return true;
}

void text_trim(const char **text, size_t *length)
{
	while (*length > 0 && (**text == ' ' || **text == '\t')) {
		(*text)++;
		(*length)--;
	}
	while (*length > 0 && ((*text)[*length - 1] == ' ' || (*text)[*length - 1] == '\t'))
		(*length)--;
}

bool text_equals(const char *text, size_t length, const char *word)
{
	return strlen(word) == length && memcmp(text, word, length) == 0;
}

char *text_copy(const char *text, size_t length)
{
	char *copy = malloc(length + 1);

	if (copy == NULL)
		return NULL;
	memcpy(copy, text, length);
	copy[length] = '\0';
	return copy;
}

bool text_is_number(const char *text, long *number)
{
	if (*text == '\0')
		return false;
	for (const char *digit = text; *digit != '\0'; digit++) {
		if (*digit < '0' || *digit > '9')
			return false;
	}
	*number = strlen(text) <= 4 ? strtol(text, NULL, 10) : -1;
	return true;
}

void text_one_line(char *text)
{
	for (; *text != '\0'; text++) {
		if ((unsigned char)*text < ' ' || *text == 0x7f)
			*text = '?';
	}
}

/* The length of the valid UTF-8 sequence at text (1 to 4 bytes), or 0 if it is not one. */
static size_t utf8_length(const unsigned char *text, size_t available)
{
	size_t length;
	unsigned int code;

	if (text[0] < 0x80)
		return 1;
	if (text[0] >= 0xc2 && text[0] <= 0xdf)
		length = 2, code = text[0] & 0x1f;
	else if (text[0] >= 0xe0 && text[0] <= 0xef)
		length = 3, code = text[0] & 0x0f;
	else if (text[0] >= 0xf0 && text[0] <= 0xf4)
		length = 4, code = text[0] & 0x07;
	else
		return 0;
	if (length > available)
		return 0;
	for (size_t i = 1; i < length; i++) {
		if ((text[i] & 0xc0) != 0x80)
			return 0;
		code = code << 6 | (text[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and beyond U+10FFFF are not text. */
	if ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10ffff)) ||
	    (code >= 0xd800 && code <= 0xdfff))
		return 0;
	return length;
}

size_t text_sanitize(char *text, size_t length)
{
	unsigned char *bytes = (unsigned char *)text;
	size_t in = 0, out = 0;

	while (in < length) {
		unsigned char c = bytes[in];
		size_t n = utf8_length(bytes + in, length - in);
		bool control = c < 0x20 || c == 0x7f ||
		    (n == 2 && c == 0xc2 && bytes[in + 1] < 0xa0); /* U+0080-U+009F: C1, CSI among them */

		if (c == '\n' || c == '\t' || c == '\0' || (c == '\r' && in + 1 < length && bytes[in + 1] == '\n'))
			control = false; /* line ends and tabs; a NUL never reaches a terminal */
		if (n == 0 || control) {
			bytes[out++] = '?';
			in += n == 0 ? 1 : n;
			continue;
		}
		memmove(bytes + out, bytes + in, n);
		out += n;
		in += n;
	}
	if (out < length)
		bytes[out] = '\0';
	return out;
}

void text_elide(char *out, size_t size, const char *text, size_t max)
{
	size_t length = strlen(text), head;

	if (size == 0)
		return;
	if (max > size - 1)
		max = size - 1;
	if (length <= max || max < 8) {
		snprintf(out, size, "%.*s", (int)max, text);
		return;
	}
	head = (max - 3) / 3; /* the end of a path says more than its beginning */
	snprintf(out, size, "%.*s...%s", (int)head, text, text + length - (max - 3 - head));
}

/* Makes room for `more` bytes and the NUL; false (and `failed`) if out of memory. */
static bool reserve(struct text_buffer *buffer, size_t more)
{
	size_t wanted = buffer->length + more + 1;
	size_t capacity = buffer->capacity ? buffer->capacity : 64;
	char *data;

	if (buffer->failed)
		return false;
	if (wanted <= buffer->capacity)
		return true;
	while (capacity < wanted)
		capacity *= 2;
	data = realloc(buffer->data, capacity);
	if (data == NULL) {
		buffer->failed = true;
		return false;
	}
	buffer->data = data;
	buffer->capacity = capacity;
	return true;
}

void text_buffer_append(struct text_buffer *buffer, const char *text, size_t length)
{
	if (!reserve(buffer, length))
		return;
	memcpy(buffer->data + buffer->length, text, length);
	buffer->length += length;
	buffer->data[buffer->length] = '\0';
}

void text_buffer_append_char(struct text_buffer *buffer, char c)
{
	text_buffer_append(buffer, &c, 1);
}

char *text_buffer_take(struct text_buffer *buffer)
{
	char *data;

	if (buffer->failed) {
		text_buffer_free(buffer);
		return NULL;
	}
	data = buffer->data != NULL ? buffer->data : text_copy("", 0);
	buffer->data = NULL;
	buffer->length = buffer->capacity = 0;
	return data;
}

void text_buffer_free(struct text_buffer *buffer)
{
	free(buffer->data);
	buffer->data = NULL;
	buffer->length = buffer->capacity = 0;
	buffer->failed = false;
}

int text_read_file(const char *path, char **data, size_t *size, char *why, size_t why_size)
{
	struct text_buffer buffer = { 0 };
	struct stat info;
	char chunk[8192];
	ssize_t n;
	/* Without blocking: opening a FIFO for reading would wait for a writer, forever. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	*data = NULL;
	*size = 0;
	if (fd < 0) {
		snprintf(why, why_size, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &info) == 0 && !S_ISREG(info.st_mode)) {
		snprintf(why, why_size, S_ISDIR(info.st_mode) ? "it is a directory, not a file" :
		    "it is not a regular file (a pipe or a device?)");
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(why, why_size, "%s", strerror(errno));
			break;
		}
		if (buffer.length + (size_t)n > TEXT_MAX_FILE_SIZE) {
			snprintf(why, why_size, "it is larger than %u MiB", TEXT_MAX_FILE_SIZE >> 20);
			n = -1;
			break;
		}
		text_buffer_append(&buffer, chunk, (size_t)n);
	}
	close(fd);
	if (n < 0) {
		text_buffer_free(&buffer);
		return -1;
	}
	*size = buffer.length;
	*data = text_buffer_take(&buffer);
	if (*data == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	return 0;
}

int text_columns_of(const char *text, size_t length)
{
	int n = 0;

	for (size_t i = 0; i < length && text[i] != '\0'; i++)
		n += ((unsigned char)text[i] & 0xc0) != 0x80; /* not a continuation byte: a new character */
	return n;
}

int text_columns(const char *text)
{
	return text_columns_of(text, strlen(text));
}

size_t text_bytes_of_columns(const char *text, int columns)
{
	size_t i = 0;

	for (int seen = 0; text[i] != '\0'; i++) {
		if (((unsigned char)text[i] & 0xc0) != 0x80 && seen++ == columns)
			break;
	}
	return i;
}

int text_line_length(const char *text, int width)
{
	size_t fits, length;

	if (width < 1)
		return 0;
	fits = text_bytes_of_columns(text, width);
	if (text[fits] == '\0')
		return (int)fits;
	length = fits;
	while (length > 0 && text[length] != ' ')
		length--;
	return length > 0 ? (int)length : (int)fits;
}

/* A space at `i` that ends a sentence (strong) or a phrase (weak), in a line of text. */
static bool ends_phrase(const char *text, int i, bool strong)
{
	char before = i > 0 ? text[i - 1] : ' ';
	bool word_before = i > 1 && text[i - 2] != ' ' && text[i - 2] != '(';

	if (text[i] != ' ')
		return false;
	if (strong)
		return word_before && strchr(".;!?", before) != NULL;
	return (word_before && strchr(":,", before) != NULL) || text[i + 1] == '(';
}

int text_phrase_length(const char *text, int width)
{
	int length = text_line_length(text, width);

	if (text[length] == '\0')
		return length;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = length; i > 0 && text_columns_of(text, (size_t)i) >= width / 2; i--) {
			if (ends_phrase(text, i, pass == 0))
				return i;
		}
	}
	return length;
}

int text_clause_length(const char *text, int width)
{
	int length = text_line_length(text, width), end = (int)text_bytes_of_columns(text, width);
	int depth = 0, clause = 0;

	if (text[length] == '\0')
		return length;
	/* A clause may end right at the width: its ',' or ';' is the first character left out. */
	for (int i = 1; i <= end && text[i] != '\0'; i++) {
		depth += text[i - 1] == '(' ? 1 : text[i - 1] == ')' ? -1 : 0;
		if (depth > 0 || text[i - 1] == ' ')
			continue;
		if (((text[i] == ',' || text[i] == ';') && text[i + 1] == ' ') || (text[i] == ' ' && text[i + 1] == '('))
			clause = i;
	}
	return clause > 0 ? clause : length;
}

const char *text_piece_glue(const struct text_piece *pieces, int index, const char *separator)
{
	for (int i = 0; i < index; i++) {
		if (pieces[i].shown != NULL)
			return pieces[index].glue != NULL ? pieces[index].glue : separator;
	}
	return "";
}

static int joined_columns(const struct text_piece *pieces, int count, const char *separator)
{
	int columns = 0;

	for (int i = 0; i < count; i++) {
		if (pieces[i].shown != NULL)
			columns += text_columns(text_piece_glue(pieces, i, separator)) + text_columns(pieces[i].shown);
	}
	return columns;
}

/* It shows its full text and has a shorter one (the same string as the text would change nothing). */
static bool can_shorten(const struct text_piece *p)
{
	return p->text != NULL && p->shown == p->text && p->shorter != NULL && p->shorter != p->text;
}

/*
 * The piece to give up something next, the highest rank first (the last of
 * equal ones): while any can be shortened, the one to shorten; then the one
 * to leave out. -1 if none can give anything.
 */
static int next_to_give(const struct text_piece *pieces, int count)
{
	int chosen = -1;

	for (int i = 0; i < count; i++) {
		const struct text_piece *p = &pieces[i];

		if (can_shorten(p) && (chosen < 0 || p->rank >= pieces[chosen].rank))
			chosen = i;
	}
	if (chosen >= 0)
		return chosen;
	for (int i = 0; i < count; i++) {
		if (pieces[i].shown != NULL && pieces[i].rank > 0 && (chosen < 0 || pieces[i].rank >= pieces[chosen].rank))
			chosen = i;
	}
	return chosen;
}

int text_fit(struct text_piece *pieces, int count, const char *separator, int width)
{
	int used, victim;

	for (int i = 0; i < count; i++)
		pieces[i].shown = pieces[i].text;
	used = joined_columns(pieces, count, separator);
	while (used > width && (victim = next_to_give(pieces, count)) >= 0) {
		struct text_piece *p = &pieces[victim];

		p->shown = can_shorten(p) ? p->shorter : NULL;
		used = joined_columns(pieces, count, separator);
	}
	return used;
}

void text_join(char *out, size_t size, const struct text_piece *pieces, int count, const char *separator)
{
	size_t used = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	for (int i = 0; i < count && used < size; i++) {
		if (pieces[i].shown != NULL)
			used += (size_t)snprintf(out + used, size - used, "%s%s", text_piece_glue(pieces, i, separator),
			    pieces[i].shown);
	}
}

bool text_names_a_line(const char *message)
{
	/* The path ends at the first ':' followed by a space (the whole file) or by a line number. */
	for (const char *colon = strchr(message, ':'); colon != NULL; colon = strchr(colon + 1, ':')) {
		const char *digits = colon + 1;

		if (*digits == ' ')
			return false;
		while (*digits >= '0' && *digits <= '9')
			digits++;
		if (digits > colon + 1 && *digits == ':')
			return true;
	}
	return false;
}

const char *text_skip_spaces(const char *text)
{
	while (*text == ' ')
		text++;
	return text;
}
