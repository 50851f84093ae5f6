/*
 * region.c: finds a marked region in a source file and returns its code.
 *
 * The lessons show code by naming a region of a real source file (see
 * region.h for the markers), never by copying it. This module scans the
 * file once to check every marker and to learn where each region begins
 * and ends, then copies the lines of the region asked for.
 */
#include "course/region.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/suggest.h"
#include "core/text.h"

#define REGION_MAX_DEPTH 16
#define REGION_MAX_NAME 64

enum marker {
	MARKER_NONE,   /* an ordinary line of code */
	MARKER_BEGIN,  /* region: NAME */
	MARKER_END,    /* endregion */
	MARKER_BROKEN, /* looks like a marker, but its name is not usable */
};

/* Where one region begins and ends in the file. */
struct span {
	const char *name;
	size_t name_length;
	int begin_line; /* the line of its "region:" marker */
	int end_line;   /* the line of its "endregion" marker */
};

struct span_list {
	struct span *spans;
	size_t count;
};

int region_style_for(const char *path, enum region_style *style)
{
	const char *dot = strrchr(path, '.');

	if (dot != NULL && (strcmp(dot, ".c") == 0 || strcmp(dot, ".h") == 0)) {
		*style = REGION_C;
		return 0;
	}
	if (dot != NULL && strcmp(dot, ".py") == 0) {
		*style = REGION_PYTHON;
		return 0;
	}
	return -1;
}

/* The text of a comment that fills the whole (trimmed) line, or false if the line is not one. */
static bool whole_line_comment(const char *line, size_t length, enum region_style style,
    const char **body, size_t *body_length)
{
	text_trim(&line, &length);
	if (style == REGION_C) {
		if (length < 4 || memcmp(line, "/*", 2) != 0 || memcmp(line + length - 2, "*/", 2) != 0)
			return false;
		*body = line + 2;
		*body_length = length - 4;
	} else {
		if (length < 1 || line[0] != '#')
			return false;
		*body = line + 1;
		*body_length = length - 1;
	}
	text_trim(body, body_length);
	return true;
}

static bool valid_name(const char *name, size_t length)
{
	if (length == 0 || length > REGION_MAX_NAME)
		return false;
	for (size_t i = 0; i < length; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* What a line is; for MARKER_BEGIN and MARKER_BROKEN, *name is what follows "region:". */
static enum marker classify(const char *line, size_t length, enum region_style style,
    const char **name, size_t *name_length)
{
	const char *body;
	size_t body_length;

	if (!whole_line_comment(line, length, style, &body, &body_length))
		return MARKER_NONE;
	if (text_equals(body, body_length, "endregion"))
		return MARKER_END;
	if (body_length < 7 || memcmp(body, "region:", 7) != 0)
		return MARKER_NONE;
	*name = body + 7;
	*name_length = body_length - 7;
	text_trim(name, name_length);
	return valid_name(*name, *name_length) ? MARKER_BEGIN : MARKER_BROKEN;
}

/* Checks every marker of the file and lists its regions. Returns 0, or -1 with why. */
static int scan(const char *text, size_t size, enum region_style style, struct span_list *list,
    char *why, size_t why_size)
{
	size_t open[REGION_MAX_DEPTH]; /* the regions begun and not yet ended, innermost last */
	size_t depth = 0;
	struct text_lines lines;
	const char *line;
	size_t length;

	list->spans = NULL;
	list->count = 0;
	text_lines_init(&lines, text, size);
	while (text_lines_next(&lines, &line, &length)) {
		const char *name = NULL;
		size_t name_length = 0;
		struct span *grown;

		switch (classify(line, length, style, &name, &name_length)) {
		case MARKER_NONE:
			break;
		case MARKER_BROKEN:
			snprintf(why, why_size, "line %d: a region name is 1 to %d letters, digits, '-', '_' or '.', not \"%.*s\"",
			    lines.number, REGION_MAX_NAME, (int)(name_length > 80 ? 80 : name_length), name);
			return -1;
		case MARKER_BEGIN:
			for (size_t i = 0; i < list->count; i++) {
				if (list->spans[i].name_length == name_length &&
				    memcmp(list->spans[i].name, name, name_length) == 0) {
					snprintf(why, why_size, "line %d: a second region \"%.*s\" (the first begins on line %d)",
					    lines.number, (int)name_length, name, list->spans[i].begin_line);
					return -1;
				}
			}
			if (depth == REGION_MAX_DEPTH) {
				snprintf(why, why_size, "line %d: regions nested more than %d deep", lines.number, REGION_MAX_DEPTH);
				return -1;
			}
			grown = realloc(list->spans, (list->count + 1) * sizeof *grown);
			if (grown == NULL) {
				snprintf(why, why_size, "out of memory");
				return -1;
			}
			list->spans = grown;
			list->spans[list->count] = (struct span){ name, name_length, lines.number, 0 };
			open[depth++] = list->count++;
			break;
		case MARKER_END:
			if (depth == 0) {
				snprintf(why, why_size, "line %d: an endregion marker without a region", lines.number);
				return -1;
			}
			list->spans[open[--depth]].end_line = lines.number;
			break;
		}
	}
	if (depth > 0) {
		const struct span *unclosed = &list->spans[open[depth - 1]];

		snprintf(why, why_size, "line %d: region \"%.*s\" is never closed (no endregion marker after it)",
		    unclosed->begin_line, (int)unclosed->name_length, unclosed->name);
		return -1;
	}
	return 0;
}

/* Explains that `name` is not a region of the file, with the closest name if one is close. */
static void explain_missing(const struct span_list *list, const char *name, char *why, size_t why_size)
{
	char **names = calloc(list->count + 1, sizeof *names);
	struct text_buffer all = { 0 };
	const char *guess = NULL;

	for (size_t i = 0; names != NULL && i < list->count; i++) {
		names[i] = text_copy(list->spans[i].name, list->spans[i].name_length);
		if (i > 0)
			text_buffer_append(&all, ", ", 2);
		text_buffer_append(&all, list->spans[i].name, list->spans[i].name_length);
	}
	if (names != NULL)
		guess = suggest_closest(name, (const char *const *)names, list->count);
	if (list->count == 0)
		snprintf(why, why_size, "no region \"%s\": the file has no region markers", name);
	else if (guess != NULL)
		snprintf(why, why_size, "no region \"%s\" (did you mean \"%s\"?)", name, guess);
	else
		snprintf(why, why_size, "no region \"%s\" (its regions: %s)", name, all.data ? all.data : "");
	for (size_t i = 0; names != NULL && i < list->count; i++)
		free(names[i]);
	free(names);
	text_buffer_free(&all);
}

/* Copies the lines strictly between the span's markers, leaving out nested markers. */
static char *copy_code(const char *text, size_t size, enum region_style style, const struct span *span)
{
	struct text_buffer code = { 0 };
	struct text_lines lines;
	const char *line;
	size_t length;

	text_lines_init(&lines, text, size);
	while (text_lines_next(&lines, &line, &length)) {
		const char *name;
		size_t name_length;

		if (lines.number <= span->begin_line)
			continue;
		if (lines.number >= span->end_line)
			break;
		if (classify(line, length, style, &name, &name_length) != MARKER_NONE)
			continue;
		text_buffer_append(&code, line, length);
		text_buffer_append_char(&code, '\n');
	}
	return text_buffer_take(&code);
}

int region_extract(const char *text, size_t size, enum region_style style, const char *name,
    struct region *region, char *why, size_t why_size)
{
	struct span_list list;
	const struct span *found = NULL;
	int rc = -1;

	memset(region, 0, sizeof *region);
	if (scan(text, size, style, &list, why, why_size) != 0) {
		free(list.spans);
		return -1;
	}
	for (size_t i = 0; i < list.count && found == NULL; i++) {
		if (text_equals(list.spans[i].name, list.spans[i].name_length, name))
			found = &list.spans[i];
	}
	if (found == NULL) {
		explain_missing(&list, name, why, why_size);
	} else if ((region->text = copy_code(text, size, style, found)) == NULL) {
		snprintf(why, why_size, "out of memory");
	} else if (region->text[0] == '\0') {
		snprintf(why, why_size, "line %d: region \"%s\" is empty", found->begin_line, name);
		region_free(region);
	} else {
		region->first_line = found->begin_line + 1;
		region->last_line = found->end_line - 1;
		rc = 0;
	}
	free(list.spans);
	return rc;
}

int region_read(const char *path, const char *name, struct region *region, char *why,
    size_t why_size)
{
	enum region_style style;
	char *text;
	size_t size;
	int rc;

	memset(region, 0, sizeof *region);
	if (region_style_for(path, &style) != 0) {
		snprintf(why, why_size, "regions are marked only in .c, .h and .py files");
		return -1;
	}
	if (text_read_file(path, &text, &size, why, why_size) != 0)
		return -1;
	size = text_sanitize(text, size); /* shown on the terminal, like the lesson that quotes it */
	rc = region_extract(text, size, style, name, region, why, why_size);
	free(text);
	return rc;
}

void region_free(struct region *region)
{
	free(region->text);
	memset(region, 0, sizeof *region);
}
