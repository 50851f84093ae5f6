/*
 * text.c: small string tools for the parsers of lessons, regions and the
 * progress file. They all read a whole file into memory and walk it line by
 * line, so each can report FILE:LINE for what it does not understand.
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

int text_line_length(const char *text, int width)
{
	int length = (int)strlen(text);

	if (length <= width)
		return length;
	length = width;
	while (length > 0 && text[length] != ' ')
		length--;
	return length > 0 ? length : width;
}

const char *text_skip_spaces(const char *text)
{
	while (*text == ' ')
		text++;
	return text;
}
