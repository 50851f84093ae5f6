/*
 * exercise.c: reads an exercise folder (lessons/exercises/README.md
 * describes it): the statement's title and text, the hints, and the check.
 *
 * The check is read line by line, strictly, like a lesson: a comment (#),
 * a blank line, or "word: value". Anything else is an error at its line,
 * "FILE:LINE: why". What is only known once the whole file is read (an
 * item that names an argument that some args: line lacks, a speedup with
 * no reference) is reported at the item's line.
 */
#include "course/exercise.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/suggest.h"
#include "core/text.h"

#define EXERCISE_MAX_NUMBER 999
#define EXERCISE_MAX_LINE 1024

/* The quantities in the check's words; longer names first where one begins another. */
static const struct {
	enum exercise_quantity quantity;
	const char *name;
	bool measured; /* a property of the run itself, not of what it printed */
} quantities[] = {
	{ EXERCISE_EXIT_STATUS, "exit status", false },
	{ EXERCISE_WALL_TIME, "wall time", true },
	{ EXERCISE_CPU_TIME, "cpu time", true },
	{ EXERCISE_CPUS_BUSY, "cpus busy", true },
	{ EXERCISE_MOST_THREADS_IN_A_PROCESS, "most threads in a process", true },
	{ EXERCISE_MOST_THREADS, "most threads", true },
	{ EXERCISE_MOST_PROCESSES, "most processes", true },
	{ EXERCISE_THREADS_AT_EXIT, "threads at exit", true },
	{ EXERCISE_THREADS_AT_LINE, "threads at", true },
	{ EXERCISE_PROCESSES_LEFT, "processes left", true },
	{ EXERCISE_RUNNING_TIME, "running time", true },
	{ EXERCISE_PREEMPTED_TIME, "preempted time", true },
	{ EXERCISE_WAITING_TIME, "waiting time", true },
	{ EXERCISE_BLOCKED_TIME, "blocked time", true },
	{ EXERCISE_WAITING_SHARE, "waiting share", true },
	{ EXERCISE_BLOCKED_OVERLAP, "blocked overlap", true },
	{ EXERCISE_CHILD_CPU_SHARE, "child cpu share", true },
	{ EXERCISE_PRINTED, "printed", false },
	{ EXERCISE_OUTPUT_HAS, "output has", false },
	{ EXERCISE_OUTPUT_LACKS, "output lacks", false },
	{ EXERCISE_PARALLEL_SPEEDUP, "parallel speedup", true },
	{ EXERCISE_PARALLEL_FRACTION, "parallel fraction", true },
	{ EXERCISE_CPU_RATIO, "cpu ratio", true },
	{ EXERCISE_SPEEDUP, "speedup", true },
};
#define QUANTITY_COUNT (sizeof quantities / sizeof quantities[0])

static const char *const operator_names[] = { "=", "!=", ">=", "<=", ">", "<" };

/* The check's keywords, for suggestions. */
static const char *const keywords[] = {
	"timeout", "runs", "args", "reference", "start-method", "switch-interval", "expect", "explain",
};
#define KEYWORD_COUNT (sizeof keywords / sizeof keywords[0])

const char *exercise_quantity_name(enum exercise_quantity quantity)
{
	for (size_t i = 0; i < QUANTITY_COUNT; i++) {
		if (quantities[i].quantity == quantity)
			return quantities[i].name;
	}
	return "?";
}

const char *exercise_operator_name(enum exercise_operator operator)
{
	return operator_names[operator];
}

static bool quantity_is_measured(enum exercise_quantity quantity)
{
	for (size_t i = 0; i < QUANTITY_COUNT; i++) {
		if (quantities[i].quantity == quantity)
			return quantities[i].measured;
	}
	return false;
}

static bool quantity_needs_reference(enum exercise_quantity quantity)
{
	return quantity == EXERCISE_SPEEDUP || quantity == EXERCISE_PARALLEL_SPEEDUP ||
	    quantity == EXERCISE_PARALLEL_FRACTION || quantity == EXERCISE_CPU_RATIO;
}

/* ---- the check ---- */

struct check_parser {
	struct exercise_check *check;
	const char *file_name;
	int line;
	char *why;
	size_t why_size;
	bool timeout_seen, runs_seen, switch_seen;
	int last_expect_line; /* the line of the item an explain: may follow, or 0 */
};

/* Writes "FILE:LINE: why" and returns -1. */
static int error_at(struct check_parser *p, int line, const char *reason)
{
	snprintf(p->why, p->why_size, "%s:%d: %s", p->file_name, line, reason);
	text_one_line(p->why);
	return -1;
}

/* A number in [low, high] that is all of `text`. */
static bool read_number(const char *text, double low, double high, double *value)
{
	char *end;

	errno = 0;
	*value = strtod(text, &end);
	return end != text && *end == '\0' && errno == 0 && isfinite(*value) && *value >= low && *value <= high;
}

/* Splits `text` at spaces into a new array of words; -1 if out of memory or too many. */
static int split_words(const char *text, char ***words, size_t *count)
{
	*words = NULL;
	*count = 0;
	while (*text != '\0') {
		const char *start = text = text_skip_spaces(text);
		char **grown;

		while (*text != '\0' && *text != ' ' && *text != '\t')
			text++;
		if (text == start)
			break;
		if (*count == EXERCISE_MAX_ARGUMENTS)
			return -1;
		grown = realloc(*words, (*count + 1) * sizeof *grown);
		if (grown == NULL)
			return -1;
		*words = grown;
		(*words)[*count] = text_copy(start, (size_t)(text - start));
		if ((*words)[*count] == NULL)
			return -1;
		(*count)++;
	}
	return 0;
}

static void free_words(char **words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(words[i]);
	free(words);
}

/* A term of a bound at *text: a number or {N}; advances *text. */
static bool read_term(const char **text, struct exercise_term *term)
{
	const char *p = *text;
	char *end;

	memset(term, 0, sizeof *term);
	if (*p == '{') {
		long n = strtol(p + 1, &end, 10);

		if (end == p + 1 || *end != '}' || n < 1 || n > EXERCISE_MAX_ARGUMENTS)
			return false;
		term->argument = (int)n;
		*text = end + 1;
		return true;
	}
	if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
		return false;
	errno = 0;
	term->number = strtod(p, &end);
	if (end == p || errno != 0 || !isfinite(term->number))
		return false;
	*text = end;
	return true;
}

/* "N", "{1}", "{1} + 1", "{1} * {2}": the whole of `text`. */
static bool read_bound(const char *text, struct exercise_bound *bound)
{
	memset(bound, 0, sizeof *bound);
	if (!read_term(&text, &bound->left))
		return false;
	text = text_skip_spaces(text);
	if (*text == '\0')
		return true;
	if (strchr("+-*/", *text) == NULL)
		return false;
	bound->operation = *text;
	text = text_skip_spaces(text + 1);
	if (!read_term(&text, &bound->right))
		return false;
	return *text_skip_spaces(text) == '\0';
}

/* The operator at *text ("=", ">=", ...); advances *text. */
static bool read_operator(const char **text, enum exercise_operator *operator)
{
	static const enum exercise_operator order[] = { /* two-character ones first */
		EXERCISE_NE, EXERCISE_GE, EXERCISE_LE, EXERCISE_EQ, EXERCISE_GT, EXERCISE_LT,
	};

	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const char *name = operator_names[order[i]];

		if (strncmp(*text, name, strlen(name)) == 0) {
			*operator = order[i];
			*text += strlen(name);
			return true;
		}
	}
	return false;
}

/* "TEXT" at *text: a copy of what is between the quotes; advances past the closing one. */
static bool read_quoted(const char **text, char **quoted)
{
	const char *close;

	if (**text != '"')
		return false;
	close = strchr(*text + 1, '"');
	if (close == NULL || close == *text + 1)
		return false;
	*quoted = text_copy(*text + 1, (size_t)(close - *text - 1));
	*text = close + 1;
	return *quoted != NULL;
}

/* The quantity that `text` begins with, followed by a space or the end; advances *text. */
static bool read_quantity(const char **text, enum exercise_quantity *quantity)
{
	for (size_t i = 0; i < QUANTITY_COUNT; i++) {
		size_t length = strlen(quantities[i].name);

		if (strncmp(*text, quantities[i].name, length) == 0 && ((*text)[length] == ' ' || (*text)[length] == '\0')) {
			*quantity = quantities[i].quantity;
			*text += length;
			return true;
		}
	}
	return false;
}

static bool valid_printed_name(const char *name)
{
	if (*name == '\0')
		return false;
	for (; *name != '\0'; name++) {
		if (!((*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z') || (*name >= '0' && *name <= '9') ||
		    *name == '_' || *name == '-'))
			return false;
	}
	return true;
}

/* An unknown quantity: the message, with the closest name if there is one. */
static int unknown_quantity(struct check_parser *p, const char *text)
{
	const char *names[QUANTITY_COUNT];
	char word[64], reason[256];
	const char *guess;
	size_t length = 0;

	for (size_t i = 0; i < QUANTITY_COUNT; i++) /* reversed: a prefix suggests the shorter name first */
		names[i] = quantities[QUANTITY_COUNT - 1 - i].name;
	/* Compare as many words as the closest name has: "most thread >= 3" -> "most thread". */
	while (text[length] != '\0' && strchr("=<>!{\"", text[length]) == NULL && length < sizeof word - 1)
		length++;
	while (length > 0 && text[length - 1] == ' ')
		length--;
	snprintf(word, sizeof word, "%.*s", (int)length, text);
	guess = suggest_closest(word, names, QUANTITY_COUNT);
	if (guess != NULL)
		snprintf(reason, sizeof reason, "unknown quantity \"%s\" (did you mean \"%s\"?); "
		    "lessons/exercises/README.md lists them", word, guess);
	else
		snprintf(reason, sizeof reason, "unknown quantity \"%s\"; lessons/exercises/README.md lists them", word);
	return error_at(p, p->line, reason);
}

/* An expect: line. */
static int add_item(struct check_parser *p, const char *text)
{
	struct exercise_check *check = p->check;
	struct exercise_item item = { .line = p->line };
	struct exercise_item *grown;
	const char *rest = text;

	if (!read_quantity(&rest, &item.quantity))
		return unknown_quantity(p, text);
	rest = text_skip_spaces(rest);
	if (item.quantity == EXERCISE_OUTPUT_HAS || item.quantity == EXERCISE_OUTPUT_LACKS) {
		if (!read_quoted(&rest, &item.text) || *text_skip_spaces(rest) != '\0') {
			free(item.text);
			return error_at(p, p->line, "write the text in double quotes, and nothing after it: "
			    "output has \"all done\"");
		}
	} else {
		if (item.quantity == EXERCISE_THREADS_AT_LINE) {
			if (!read_quoted(&rest, &item.text))
				return error_at(p, p->line, "threads at: name the line by some of its text, in double quotes: "
				    "threads at \"all done\" = 1");
		} else if (item.quantity == EXERCISE_PRINTED) {
			const char *start = rest;

			while (*rest != '\0' && *rest != ' ')
				rest++;
			item.text = text_copy(start, (size_t)(rest - start));
			if (item.text == NULL || !valid_printed_name(item.text)) {
				free(item.text);
				return error_at(p, p->line, "printed: name the value as the program prints it before a colon "
				    "(letters, digits, _ and -): printed balance = 800");
			}
		}
		rest = text_skip_spaces(rest);
		if (!read_operator(&rest, &item.operator)) {
			free(item.text);
			return error_at(p, p->line, "expected an operator (=, !=, >=, <=, >, <) after the quantity");
		}
		if (!read_bound(text_skip_spaces(rest), &item.bound)) {
			free(item.text);
			return error_at(p, p->line, "the bound is a number, {N} (the run's Nth argument), "
			    "or two of them joined by + - * /: {1} + 1");
		}
	}
	item.source = strdup(text);
	grown = item.source != NULL ? realloc(check->items, (check->item_count + 1) * sizeof *grown) : NULL;
	if (grown == NULL) {
		free(item.text);
		free(item.source);
		return error_at(p, p->line, "out of memory");
	}
	check->items = grown;
	check->items[check->item_count++] = item;
	p->last_expect_line = p->line;
	return 0;
}

static int set_once(struct check_parser *p, bool *seen, const char *keyword)
{
	char reason[128];

	if (*seen) {
		snprintf(reason, sizeof reason, "%.40s: given twice", keyword);
		return error_at(p, p->line, reason);
	}
	*seen = true;
	return 0;
}

static int add_arguments(struct check_parser *p, const char *value)
{
	struct exercise_check *check = p->check;
	struct exercise_arguments *grown = realloc(check->arguments, (check->argument_count + 1) * sizeof *grown);

	if (grown == NULL)
		return error_at(p, p->line, "out of memory");
	check->arguments = grown;
	grown = &check->arguments[check->argument_count++];
	if (split_words(value, &grown->words, &grown->count) != 0)
		return error_at(p, p->line, "args: at most 16 words");
	return 0;
}

/* A file of the exercise's folder: a plain name, no path. */
static bool plain_file_name(const char *name)
{
	return name[0] != '\0' && name[0] != '.' && strchr(name, '/') == NULL;
}

/* One "word: value" line. */
static int apply_directive(struct check_parser *p, const char *keyword, const char *value)
{
	struct exercise_check *check = p->check;
	double number;

	if (strcmp(keyword, "explain") != 0)
		p->last_expect_line = 0;
	if (strcmp(keyword, "timeout") == 0) {
		if (set_once(p, &p->timeout_seen, keyword) != 0)
			return -1;
		if (!read_number(value, 0.1, EXERCISE_MAX_TIMEOUT_S, &check->timeout_s))
			return error_at(p, p->line, "timeout: a number of seconds from 0.1 to 60");
	} else if (strcmp(keyword, "runs") == 0) {
		if (set_once(p, &p->runs_seen, keyword) != 0)
			return -1;
		if (!read_number(value, 1, EXERCISE_MAX_RUNS, &number) || number != floor(number))
			return error_at(p, p->line, "runs: a whole number from 1 to 50");
		check->runs = (int)number;
	} else if (strcmp(keyword, "args") == 0) {
		return add_arguments(p, value);
	} else if (strcmp(keyword, "reference") == 0) {
		if (check->reference != NULL)
			return error_at(p, p->line, "reference: given twice");
		if (split_words(value, &check->reference, &check->reference_count) != 0)
			return error_at(p, p->line, "reference: at most 16 words");
		if (check->reference_count == 0 || !plain_file_name(check->reference[0]))
			return error_at(p, p->line, "reference: name a program of the exercise's folder, "
			    "then its arguments: reference: sequential.py");
	} else if (strcmp(keyword, "start-method") == 0) {
		if (check->start_method != NULL)
			return error_at(p, p->line, "start-method: given twice");
		if (strcmp(value, "fork") != 0 && strcmp(value, "spawn") != 0 && strcmp(value, "forkserver") != 0)
			return error_at(p, p->line, "start-method: one of fork, spawn, forkserver");
		check->start_method = strdup(value);
		if (check->start_method == NULL)
			return error_at(p, p->line, "out of memory");
	} else if (strcmp(keyword, "switch-interval") == 0) {
		if (set_once(p, &p->switch_seen, keyword) != 0)
			return -1;
		if (!read_number(value, 1e-6, 1.0, &check->switch_interval_s))
			return error_at(p, p->line, "switch-interval: seconds, from 0.000001 to 1");
	} else if (strcmp(keyword, "expect") == 0) {
		return add_item(p, value);
	} else if (strcmp(keyword, "explain") == 0) {
		struct exercise_item *item = check->item_count > 0 ? &check->items[check->item_count - 1] : NULL;

		if (p->last_expect_line == 0 || item == NULL || item->explain != NULL)
			return error_at(p, p->line, "explain: belongs right after the expect: line it explains");
		if (value[0] == '\0')
			return error_at(p, p->line, "explain: is empty");
		item->explain = strdup(value);
		if (item->explain == NULL)
			return error_at(p, p->line, "out of memory");
	} else {
		const char *guess = suggest_closest(keyword, keywords, KEYWORD_COUNT);
		char reason[256];

		if (guess != NULL)
			snprintf(reason, sizeof reason, "unknown line \"%.40s:\" (did you mean \"%s:\"?)", keyword, guess);
		else
			snprintf(reason, sizeof reason, "unknown line \"%.40s:\"; a check has timeout:, runs:, args:, "
			    "reference:, start-method:, switch-interval:, expect: and explain:", keyword);
		return error_at(p, p->line, reason);
	}
	return 0;
}

/* What can only be checked once the whole file is read. */
static int check_whole(struct check_parser *p)
{
	struct exercise_check *check = p->check;
	bool measured = false;

	if (check->item_count == 0)
		return error_at(p, p->line, "the check has no expect: line");
	for (size_t i = 0; i < check->item_count; i++) {
		const struct exercise_item *item = &check->items[i];
		int arguments[2] = { item->bound.left.argument, item->bound.operation ? item->bound.right.argument : 0 };

		measured = measured || quantity_is_measured(item->quantity);
		if (quantity_needs_reference(item->quantity) && check->reference == NULL)
			return error_at(p, item->line, "a speedup or a cpu ratio needs a reference: line (the program to compare "
			    "with)");
		for (size_t k = 0; k < check->argument_count; k++) {
			for (int a = 0; a < 2; a++) {
				char reason[128];

				if (arguments[a] <= (int)check->arguments[k].count)
					continue;
				snprintf(reason, sizeof reason, "{%d}: the args: line %zu has only %zu word%s", arguments[a],
				    k + 1, check->arguments[k].count, check->arguments[k].count == 1 ? "" : "s");
				return error_at(p, item->line, reason);
			}
		}
	}
	if (!measured)
		return error_at(p, check->items[0].line, "the check only compares output: add an item that measures "
		    "the run (most threads, processes left, blocked time, speedup, ...)");
	return 0;
}

int exercise_check_parse(struct exercise_check *check, const char *text, size_t size, const char *file_name,
    char *why, size_t why_size)
{
	struct check_parser p = { .check = check, .file_name = file_name, .why = why, .why_size = why_size };
	struct text_lines lines;
	const char *line;
	size_t length;
	int rc = 0;

	memset(check, 0, sizeof *check);
	check->timeout_s = 5.0;
	check->runs = 1;
	text_lines_init(&lines, text, size);
	while (rc == 0 && text_lines_next(&lines, &line, &length)) {
		char copy[EXERCISE_MAX_LINE];
		const char *colon, *value;

		p.line = lines.number;
		if (length > 0 && line[0] == '#')
			continue;
		text_trim(&line, &length);
		if (length == 0)
			continue;
		if (length >= sizeof copy || memchr(line, '\0', length) != NULL) {
			rc = error_at(&p, p.line, length >= sizeof copy ? "the line is too long" : "the line holds a NUL byte");
			break;
		}
		memcpy(copy, line, length);
		copy[length] = '\0';
		colon = strchr(copy, ':');
		if (colon == NULL || colon == copy || memchr(copy, ' ', (size_t)(colon - copy)) != NULL) {
			rc = error_at(&p, p.line, "expected \"word: value\" (a check line), a comment (#) or a blank line");
			break;
		}
		copy[colon - copy] = '\0';
		value = text_skip_spaces(colon + 1);
		rc = apply_directive(&p, copy, value);
	}
	if (rc == 0) {
		p.line = lines.number > 0 ? lines.number : 1;
		rc = check_whole(&p);
	}
	if (rc == 0 && check->argument_count == 0) {
		check->arguments = calloc(1, sizeof *check->arguments); /* one run configuration, no arguments */
		if (check->arguments == NULL)
			rc = error_at(&p, 1, "out of memory");
		check->argument_count = 1;
	}
	if (rc != 0)
		exercise_check_free(check);
	return rc;
}

void exercise_check_free(struct exercise_check *check)
{
	for (size_t i = 0; i < check->argument_count; i++)
		free_words(check->arguments[i].words, check->arguments[i].count);
	free(check->arguments);
	free_words(check->reference, check->reference_count);
	free(check->start_method);
	for (size_t i = 0; i < check->item_count; i++) {
		free(check->items[i].source);
		free(check->items[i].text);
		free(check->items[i].explain);
	}
	free(check->items);
	memset(check, 0, sizeof *check);
}

bool exercise_bound_value(const struct exercise_bound *bound, const struct exercise_arguments *arguments,
    double *value, char *why, size_t why_size)
{
	const struct exercise_term *terms[2] = { &bound->left, &bound->right };
	double values[2] = { 0, 0 };

	for (int t = 0; t < (bound->operation ? 2 : 1); t++) {
		const struct exercise_term *term = terms[t];
		char *end;

		if (term->argument == 0) {
			values[t] = term->number;
			continue;
		}
		if (arguments == NULL || (size_t)term->argument > arguments->count) {
			snprintf(why, why_size, "{%d}: the run has no argument %d", term->argument, term->argument);
			return false;
		}
		values[t] = strtod(arguments->words[term->argument - 1], &end);
		if (*end != '\0' || end == arguments->words[term->argument - 1] || !isfinite(values[t])) {
			snprintf(why, why_size, "{%d}: the argument \"%s\" is not a number", term->argument,
			    arguments->words[term->argument - 1]);
			text_one_line(why);
			return false;
		}
	}
	switch (bound->operation) {
	case '+': *value = values[0] + values[1]; break;
	case '-': *value = values[0] - values[1]; break;
	case '*': *value = values[0] * values[1]; break;
	case '/': *value = values[1] != 0 ? values[0] / values[1] : INFINITY; break;
	default: *value = values[0]; break;
	}
	return true;
}

/* ---- the folder ---- */

bool exercise_parse_name(const char *name, int *number, char **slug)
{
	const char *p = name;
	const char *slug_start;
	int n = 0, digits = 0;

	while (*p >= '0' && *p <= '9' && digits < 4) {
		n = n * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || n > EXERCISE_MAX_NUMBER || *p != '-')
		return false;
	slug_start = ++p;
	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
		p++;
	if (p == slug_start || *p != '\0')
		return false;
	*number = n;
	*slug = strdup(slug_start);
	return *slug != NULL;
}

/* Reads FILE of the folder whole; -1 with "FILE: why". */
static int read_part(const char *directory, const char *file, char **text, size_t *size, char *why, size_t why_size)
{
	char path[4096], reason[256];

	snprintf(path, sizeof path, "%s/%s", directory, file);
	if (text_read_file(path, text, size, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "%s: cannot read it: %s", path, reason);
		return -1;
	}
	return 0;
}

/* statement.md: its first line "# Title", and the rest. */
static int read_statement(struct exercise *exercise, char *why, size_t why_size)
{
	char *text, *newline;
	size_t size;

	if (read_part(exercise->directory, EXERCISE_STATEMENT, &text, &size, why, why_size) != 0)
		return -1;
	newline = strchr(text, '\n');
	if (strncmp(text, "# ", 2) != 0 || (newline != NULL && newline == text + 2)) {
		snprintf(why, why_size, "%s/%s:1: the statement starts with its title: \"# Title\"", exercise->directory,
		    EXERCISE_STATEMENT);
		free(text);
		return -1;
	}
	exercise->title = text_copy(text + 2, newline != NULL ? (size_t)(newline - text - 2) : strlen(text + 2));
	while (newline != NULL && newline[1] == '\n') /* the blank lines under the title */
		newline++;
	exercise->statement = strdup(newline != NULL ? newline + 1 : "");
	free(text);
	if (exercise->title == NULL || exercise->statement == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	return 0;
}

/* Adds the hint gathered in `buffer` (if it holds more than blank lines). */
static int add_hint(struct exercise *exercise, struct text_buffer *buffer, int line, char *why, size_t why_size)
{
	char *hint = text_buffer_take(buffer);
	size_t length = hint != NULL ? strlen(hint) : 0;

	while (length > 0 && (hint[length - 1] == '\n' || hint[length - 1] == ' '))
		hint[--length] = '\0';
	if (hint == NULL || length == 0) {
		free(hint);
		if (hint != NULL) {
			snprintf(why, why_size, "%s/%s:%d: an empty hint (two --- lines in a row?)", exercise->directory,
			    EXERCISE_HINTS, line);
			return -1;
		}
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	if (exercise->hint_count == EXERCISE_MAX_HINTS) {
		free(hint);
		snprintf(why, why_size, "%s/%s:%d: more than %d hints", exercise->directory, EXERCISE_HINTS, line,
		    EXERCISE_MAX_HINTS);
		return -1;
	}
	exercise->hints[exercise->hint_count++] = hint;
	return 0;
}

/* hints.md: hints separated by lines that are only "---". */
static int read_hints(struct exercise *exercise, char *why, size_t why_size)
{
	struct text_buffer buffer = { 0 };
	struct text_lines lines;
	const char *line;
	size_t length;
	char *text;
	size_t size;
	int rc = 0;

	if (read_part(exercise->directory, EXERCISE_HINTS, &text, &size, why, why_size) != 0)
		return -1;
	exercise->hints = calloc(EXERCISE_MAX_HINTS, sizeof *exercise->hints);
	if (exercise->hints == NULL) {
		free(text);
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	text_lines_init(&lines, text, size);
	while (rc == 0 && text_lines_next(&lines, &line, &length)) {
		if (text_equals(line, length, "---")) {
			rc = add_hint(exercise, &buffer, lines.number, why, why_size);
			continue;
		}
		if (buffer.length == 0 && length == 0)
			continue; /* blank lines before a hint */
		text_buffer_append(&buffer, line, length);
		text_buffer_append_char(&buffer, '\n');
	}
	if (rc == 0)
		rc = add_hint(exercise, &buffer, lines.number, why, why_size);
	text_buffer_free(&buffer);
	free(text);
	return rc;
}

static bool is_file(const char *directory, const char *name)
{
	char path[4096];
	struct stat info;

	snprintf(path, sizeof path, "%s/%s", directory, name);
	return stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

int exercise_load(struct exercise *exercise, const char *directory, char *why, size_t why_size)
{
	const char *name = strrchr(directory, '/') != NULL ? strrchr(directory, '/') + 1 : directory;
	const char *needed[] = { EXERCISE_PROGRAM, EXERCISE_SOLUTION };
	char check_path[4096];
	char *text;
	size_t size;
	int rc;

	memset(exercise, 0, sizeof *exercise);
	if (!exercise_parse_name(name, &exercise->number, &exercise->slug)) {
		snprintf(why, why_size, "%s: an exercise's folder is named NN-name (like 07-lost-updates)", directory);
		text_one_line(why);
		return -1;
	}
	exercise->name = strdup(name);
	exercise->directory = strdup(directory);
	if (exercise->name == NULL || exercise->directory == NULL) {
		exercise_free(exercise);
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
		if (!is_file(directory, needed[i])) {
			snprintf(why, why_size, "%s/%s: missing: every exercise has %s and %s", directory, needed[i],
			    EXERCISE_PROGRAM, EXERCISE_SOLUTION);
			exercise_free(exercise);
			return -1;
		}
	}
	if (read_statement(exercise, why, why_size) != 0 || read_hints(exercise, why, why_size) != 0 ||
	    read_part(directory, EXERCISE_CHECK, &text, &size, why, why_size) != 0) {
		exercise_free(exercise);
		return -1;
	}
	snprintf(check_path, sizeof check_path, "%s/%s", directory, EXERCISE_CHECK);
	rc = exercise_check_parse(&exercise->check, text, size, check_path, why, why_size);
	free(text);
	if (rc == 0 && exercise->check.reference != NULL && !is_file(directory, exercise->check.reference[0])) {
		snprintf(why, why_size, "%s: reference: %s is not a file of the exercise's folder", check_path,
		    exercise->check.reference[0]);
		rc = -1;
	}
	if (rc != 0)
		exercise_free(exercise);
	return rc;
}

void exercise_free(struct exercise *exercise)
{
	for (size_t i = 0; i < exercise->hint_count; i++)
		free(exercise->hints[i]);
	free(exercise->hints);
	free(exercise->slug);
	free(exercise->name);
	free(exercise->directory);
	free(exercise->title);
	free(exercise->statement);
	exercise_check_free(&exercise->check);
	memset(exercise, 0, sizeof *exercise);
}
