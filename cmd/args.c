/*
 * args.c: the parts of argument handling every command shares, so each
 * cmd_*.c reads its own options with the same words and the same rules,
 * and none of them calls into another command or back into main.
 */
#include "args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/suggest.h"
#include "core/term_width.h"
#include "core/text.h"
#include "course/progress.h"

bool args_asks_for_help(int argc, char *argv[])
{
	return argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
}

int args_usage_error(const char *format, ...)
{
	char line[1024];
	va_list list;

	va_start(list, format);
	vsnprintf(line, sizeof line, format, list);
	va_end(list);
	text_one_line(line);
	fprintf(stderr, "metaconc: %s\n", line);
	return EXIT_USAGE;
}

bool args_is_option(const char *arg, const char *name)
{
	size_t length = strlen(name);

	return strncmp(arg, name, length) == 0 && (arg[length] == '\0' || arg[length] == '=');
}

const char *args_option_value(const char *command, int argc, char *argv[], int *i, const char *name)
{
	size_t length = strlen(name);

	if (argv[*i][length] == '=')
		return argv[*i] + length + 1;
	if (*i + 1 < argc)
		return argv[++*i];
	args_usage_error("%s: %s needs a value; see 'metaconc help %s'", command, name, command);
	return NULL;
}

int args_unknown_option(const char *command, const char *arg, const char *const options[], size_t count)
{
	char name[64];
	const char *guess;

	snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
	guess = suggest_closest(name, options, count);
	if (guess != NULL)
		return args_usage_error("%s: unknown option \"%s\" (did you mean %s?); see 'metaconc help %s'", command,
		    name, guess, command);
	return args_usage_error("%s: unknown option \"%s\"; see 'metaconc help %s'", command, name, command);
}

int args_parse_width(const char *value, int *width)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno != 0 || n < TERM_WIDTH_MIN || n > TERM_WIDTH_MAX)
		return args_usage_error("--width: expected a whole number from %d to %d, not \"%s\"", TERM_WIDTH_MIN,
		    TERM_WIDTH_MAX, value);
	*width = (int)n;
	return EXIT_OK;
}

int args_parse_number(const char *name, const char *value, double min, double max, double *number)
{
	char *end;

	errno = 0;
	*number = strtod(value, &end);
	if (*value == '\0' || *end != '\0' || errno != 0 || !(*number >= min && *number <= max))
		return args_usage_error("%s: expected a number from %g to %g, not \"%s\"", name, min, max, value);
	return EXIT_OK;
}

int args_load_progress(struct progress *progress)
{
	char why[512];
	char *directory = progress_directory(why, sizeof why);
	int rc;

	memset(progress, 0, sizeof *progress);
	if (directory == NULL) {
		fprintf(stderr, "metaconc: %s\n", why);
		return -1;
	}
	rc = progress_load(progress, directory, why, sizeof why);
	free(directory);
	if (rc != 0)
		fprintf(stderr, "metaconc: %s\n", why);
	return rc;
}

bool args_interactive_terminal(void)
{
	const char *term = getenv("TERM");

	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term != NULL && term[0] != '\0' &&
	    strcmp(term, "dumb") != 0;
}
