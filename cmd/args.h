/*
 * args.h: what every command shares in reading its arguments: the exit
 * statuses, options given as "--name VALUE" or "--name=VALUE", the one-line
 * usage error, and the learner's progress that several commands read first.
 */
#ifndef METACONC_ARGS_H
#define METACONC_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses (DESIGN §1). */
#define EXIT_OK 0
#define EXIT_RUN_FAILED 1
#define EXIT_USAGE 2

/* True if argv[1] is --help or -h: the command (or the program) is asked to explain itself. */
bool args_asks_for_help(int argc, char *argv[]);

/* Prints "metaconc: MESSAGE" as one line on stderr, whatever the arguments quoted in it hold; returns EXIT_USAGE. */
int args_usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* True if `arg` is the option `name`, alone or as "name=value". */
bool args_is_option(const char *arg, const char *name);

/*
 * The value of the option at argv[*i] ("--name VALUE", moving *i on, or
 * "--name=VALUE"); NULL, with a usage error naming `command`, if there is none.
 */
const char *args_option_value(const char *command, int argc, char *argv[], int *i, const char *name);

/* Reports an unknown option of `command`, with the nearest of its `options` as a guess; returns EXIT_USAGE. */
int args_unknown_option(const char *command, const char *arg, const char *const options[], size_t count);

/* --width VALUE: a whole number of columns that a printed timeline accepts. Returns EXIT_OK or EXIT_USAGE. */
int args_parse_width(const char *value, int *width);

/* --NAME VALUE: a number from `min` to `max`. Returns EXIT_OK or EXIT_USAGE. */
int args_parse_number(const char *name, const char *value, double min, double max, double *number);

/* Both ends are a terminal that can show a full screen (and TERM is not dumb). */
bool args_interactive_terminal(void);

struct progress;
/* Loads the learner's progress; a problem is one line on stderr and -1 (the progress is then empty). */
int args_load_progress(struct progress *progress);

#endif
