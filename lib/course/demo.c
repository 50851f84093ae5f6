/*
 * demo.c: the demo script language.
 *
 *     # The blog's story, for a room.
 *     title Concurrency and parallelism, live
 *     marker One core
 *     caption Four threads pinned to one CPU: they take turns.
 *     run spawn --workers 4 --cpus 0 --task-ms 200
 *     wait end
 *     key r
 *     wait 3s
 *     pause
 *
 * One command a line; blank lines and lines starting with '#' are ignored.
 * The whole script is checked before anything runs, so a typo on line 40
 * is reported at once as "FILE:LINE: why", not after five minutes on stage.
 * Run options are checked by the same code as `metaconc run`'s.
 */
#include "course/demo.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/suggest.h"
#include "core/text.h"

struct keyword {
	const char *name;
	enum demo_command_kind kind;
	bool takes_text; /* the rest of the line is an argument */
};

static const struct keyword keywords[] = {
	{ "title", DEMO_TITLE, true },
	{ "marker", DEMO_MARKER, true },
	{ "lesson", DEMO_LESSON, true },
	{ "page", DEMO_PAGE, true },
	{ "caption", DEMO_CAPTION, true },
	{ "run", DEMO_RUN, true },
	{ "wait", DEMO_WAIT, true },
	{ "key", DEMO_KEY, true },
	{ "pause", DEMO_PAUSE, false },
	{ "clear", DEMO_CLEAR, false },
};

#define KEYWORD_COUNT (sizeof keywords / sizeof keywords[0])

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Tab", '\t' },
	{ "Space", ' ' },
	{ "Enter", '\n' },
	{ "Left", DEMO_KEY_LEFT },
	{ "Right", DEMO_KEY_RIGHT },
	{ "Up", DEMO_KEY_UP },
	{ "Down", DEMO_KEY_DOWN },
	{ "Home", DEMO_KEY_HOME },
	{ "End", DEMO_KEY_END },
};

#define KEY_NAME_COUNT (sizeof key_names / sizeof key_names[0])

const char *demo_command_name(enum demo_command_kind kind)
{
	if (kind == DEMO_WAIT_END)
		return "wait end";
	for (size_t i = 0; i < KEYWORD_COUNT; i++) {
		if (keywords[i].kind == kind)
			return keywords[i].name;
	}
	return "?";
}

void demo_key_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < KEY_NAME_COUNT; i++) {
		if (key_names[i].key == key) {
			snprintf(buf, size, "%s", key_names[i].name);
			return;
		}
	}
	snprintf(buf, size, "%c", key);
}

/* Parses "500ms", "2s", "1.5s" or "1m". */
static int parse_duration(const char *text, uint64_t *ns)
{
	char *unit;
	double value;

	errno = 0;
	value = strtod(text, &unit);
	if (unit == text || errno != 0 || !(value > 0))
		return -1;
	if (strcmp(unit, "ms") == 0)
		value *= 1e6;
	else if (strcmp(unit, "s") == 0)
		value *= 1e9;
	else if (strcmp(unit, "m") == 0 || strcmp(unit, "min") == 0)
		value *= 60e9;
	else
		return -1;
	if (value < 1e6 || value > (double)DEMO_MAX_WAIT_NS)
		return -1;
	*ns = (uint64_t)value;
	return 0;
}

static int parse_key(const char *text, int *key)
{
	for (size_t i = 0; i < KEY_NAME_COUNT; i++) {
		if (strcmp(text, key_names[i].name) == 0) {
			*key = key_names[i].key;
			return 0;
		}
	}
	if (strlen(text) == 1 && isgraph((unsigned char)text[0])) {
		*key = text[0];
		return 0;
	}
	return -1;
}

/* Splits the arguments of `run` at spaces and checks them as `metaconc run` would. */
static int parse_run(struct demo_command *command, const char *text, char *why, size_t why_size)
{
	char copy[DEMO_MAX_LINE];
	char *argv[DEMO_MAX_LINE / 2];
	char *word, *rest;
	int argc = 0;

	snprintf(copy, sizeof copy, "%s", text);
	for (word = strtok_r(copy, " \t", &rest); word != NULL; word = strtok_r(NULL, " \t", &rest))
		argv[argc++] = word;
	if (options_parse_run(&command->options, argc, argv, why, why_size) != 0)
		return -1;
	if (command->options.plain || command->options.json || command->options.trace_path != NULL ||
	    command->options.events_path != NULL || command->options.width != 0) {
		snprintf(why, why_size, "run: output options (--plain, --json, --trace, --events, --width) "
		    "belong on the demo's command line, not in the script");
		return -1;
	}
	return 0;
}

/* Context that commands depend on, checked line by line. */
struct script_state {
	bool lesson_open;
	bool run_started;
};

static const struct keyword *find_keyword(const char *word)
{
	for (size_t i = 0; i < KEYWORD_COUNT; i++) {
		if (strcmp(word, keywords[i].name) == 0)
			return &keywords[i];
	}
	return NULL;
}

static void explain_unknown(const char *word, char *why, size_t why_size)
{
	const char *names[KEYWORD_COUNT];
	const char *guess;

	for (size_t i = 0; i < KEYWORD_COUNT; i++)
		names[i] = keywords[i].name;
	guess = suggest_closest(word, names, KEYWORD_COUNT);
	if (guess != NULL)
		snprintf(why, why_size, "unknown command \"%.40s\" (did you mean \"%s\"?)", word, guess);
	else
		snprintf(why, why_size, "unknown command \"%.40s\"; commands: title, marker, lesson, page, caption, "
		    "run, wait, key, pause, clear", word);
}

/* Parses one command line (trimmed, not blank, not a comment). */
static int parse_command(struct demo_command *command, char *line, struct script_state *state,
    char *why, size_t why_size)
{
	char *argument = line + strcspn(line, " \t");
	const struct keyword *keyword;

	if (*argument != '\0') {
		*argument++ = '\0';
		argument += strspn(argument, " \t");
	}
	keyword = find_keyword(line);
	if (keyword == NULL) {
		explain_unknown(line, why, why_size);
		return -1;
	}
	command->kind = keyword->kind;
	if (keyword->takes_text && *argument == '\0') {
		snprintf(why, why_size, "%s: needs an argument", keyword->name);
		return -1;
	}
	if (!keyword->takes_text && *argument != '\0') {
		snprintf(why, why_size, "%s: takes no argument", keyword->name);
		return -1;
	}
	switch (keyword->kind) {
	case DEMO_TITLE:
	case DEMO_MARKER:
	case DEMO_CAPTION:
	case DEMO_LESSON:
		command->text = strdup(argument);
		if (command->text == NULL) {
			snprintf(why, why_size, "out of memory");
			return -1;
		}
		if (keyword->kind == DEMO_LESSON)
			state->lesson_open = true;
		return 0;
	case DEMO_PAGE: {
		char *end;
		long page = strtol(argument, &end, 10);

		if (*end != '\0' || page < 1 || page > 1000) {
			snprintf(why, why_size, "page: expected a page number from 1, not \"%.40s\"", argument);
			return -1;
		}
		if (!state->lesson_open) {
			snprintf(why, why_size, "page: no lesson is open; open one first with `lesson`");
			return -1;
		}
		command->number = (int)page;
		return 0;
	}
	case DEMO_RUN:
		state->run_started = true;
		command->text = strdup(argument); /* as written, for the transcript */
		if (command->text == NULL) {
			snprintf(why, why_size, "out of memory");
			return -1;
		}
		return parse_run(command, argument, why, why_size);
	case DEMO_WAIT:
		if (strcmp(argument, "end") == 0) {
			command->kind = DEMO_WAIT_END;
			if (!state->run_started) {
				snprintf(why, why_size, "wait end: no experiment has been started yet");
				return -1;
			}
			return 0;
		}
		if (parse_duration(argument, &command->duration_ns) != 0) {
			snprintf(why, why_size, "wait: expected a duration such as 500ms, 2s or 1.5s (at most 10 min), "
			    "or \"end\", not \"%.40s\"", argument);
			return -1;
		}
		return 0;
	case DEMO_KEY:
		if (parse_key(argument, &command->number) != 0) {
			snprintf(why, why_size, "key: expected one character or Tab, Space, Enter, Left, Right, Up, "
			    "Down, Home, End, not \"%.40s\"", argument);
			return -1;
		}
		if (!state->run_started) {
			snprintf(why, why_size, "key: no experiment view is open yet; `run` one first");
			return -1;
		}
		return 0;
	case DEMO_PAUSE:
	case DEMO_CLEAR:
	case DEMO_WAIT_END:
		return 0;
	}
	return 0;
}

/* Removes leading and trailing white space, in place. */
static char *trim(char *line)
{
	size_t length;

	line += strspn(line, " \t");
	length = strlen(line);
	while (length > 0 && (line[length - 1] == ' ' || line[length - 1] == '\t' || line[length - 1] == '\r'))
		line[--length] = '\0';
	return line;
}

int demo_parse_buffer(struct demo_script *script, const char *name, const char *data, size_t size,
    char *why, size_t why_size)
{
	struct script_state state = { 0 };
	size_t offset = 0, capacity = 0;
	int line_number = 0;

	memset(script, 0, sizeof *script);
	script->name = strdup(name);
	if (script->name == NULL) {
		snprintf(why, why_size, "%s: out of memory", name);
		return -1;
	}
	while (offset < size) {
		const char *end = memchr(data + offset, '\n', size - offset);
		size_t length = end ? (size_t)(end - (data + offset)) : size - offset;
		char buffer[DEMO_MAX_LINE], reason[300];
		char *line;
		struct demo_command command = { 0 };

		line_number++;
		if (length >= sizeof buffer) {
			snprintf(why, why_size, "%s:%d: line too long (at most %d characters)", name, line_number,
			    DEMO_MAX_LINE - 1);
			demo_free(script);
			return -1;
		}
		if (memchr(data + offset, '\0', length) != NULL) {
			snprintf(why, why_size, "%s:%d: not text (a NUL byte)", name, line_number);
			demo_free(script);
			return -1;
		}
		memcpy(buffer, data + offset, length);
		buffer[length] = '\0';
		offset += length + 1;
		line = trim(buffer);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		command.line = line_number;
		if (parse_command(&command, line, &state, reason, sizeof reason) != 0) {
			snprintf(why, why_size, "%s:%d: %s", name, line_number, reason);
			free(command.text);
			demo_free(script);
			return -1;
		}
		if (script->count == capacity) {
			size_t bigger = capacity ? capacity * 2 : 32;
			struct demo_command *grown = realloc(script->commands, bigger * sizeof *grown);

			if (grown == NULL) {
				snprintf(why, why_size, "%s: out of memory", name);
				free(command.text);
				demo_free(script);
				return -1;
			}
			script->commands = grown;
			capacity = bigger;
		}
		if (command.kind == DEMO_TITLE && script->title == NULL)
			script->title = command.text;
		if (command.kind == DEMO_MARKER)
			script->markers++;
		script->commands[script->count++] = command;
	}
	if (script->count == 0) {
		snprintf(why, why_size, "%s: the script has no commands", name);
		demo_free(script);
		return -1;
	}
	return 0;
}

int demo_parse_file(struct demo_script *script, const char *path, char *why, size_t why_size)
{
	FILE *file = fopen(path, "rb");
	char *data = NULL;
	size_t size = 0, capacity = 0;
	int rc;

	if (file == NULL) {
		snprintf(why, why_size, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;

		if (size == capacity) {
			char *grown;

			capacity = capacity ? capacity * 2 : 4096;
			if (capacity > 4u << 20) {
				snprintf(why, why_size, "%s: too large for a demo script (over 4 MiB)", path);
				free(data);
				fclose(file);
				return -1;
			}
			grown = realloc(data, capacity);
			if (grown == NULL) {
				snprintf(why, why_size, "%s: out of memory", path);
				free(data);
				fclose(file);
				return -1;
			}
			data = grown;
		}
		n = fread(data + size, 1, capacity - size, file);
		size += n;
		if (n == 0)
			break;
	}
	if (ferror(file)) {
		snprintf(why, why_size, "%s: cannot read: %s", path, strerror(errno));
		free(data);
		fclose(file);
		return -1;
	}
	fclose(file);
	if (data != NULL)
		size = text_sanitize(data, size); /* its captions and markers reach the audience's terminal */
	rc = demo_parse_buffer(script, path, data ? data : "", size, why, why_size);
	free(data);
	return rc;
}

void demo_free(struct demo_script *script)
{
	for (size_t i = 0; i < script->count; i++)
		free(script->commands[i].text);
	free(script->commands);
	free(script->name);
	memset(script, 0, sizeof *script);
}
