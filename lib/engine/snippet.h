/*
 * snippet.h: a few lines of Python from a lesson, run for real under
 * python3, for what they print. A lesson asks "what does `workers` hold
 * after the post's loop?" and a snippet answers it: the interpreter, not
 * the lesson, says `[None]`.
 */
#ifndef METACONC_SNIPPET_H
#define METACONC_SNIPPET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/clock.h"

#define SNIPPET_SECONDS 20      /* a snippet still running then is killed ... */
#define SNIPPET_MAX_SECONDS 600 /* ... unless METACONC_SNIPPET_SECONDS says otherwise, up to this */
#define SNIPPET_OUTPUT_MAX 4096                    /* bytes of stdout, and of stderr, kept */

/* What a snippet did. Its output is made safe to show on a terminal. */
struct snippet_result {
	char out[SNIPPET_OUTPUT_MAX]; /* what it printed on stdout (NUL-terminated) */
	char err[SNIPPET_OUTPUT_MAX]; /* on stderr: warnings, a traceback */
	size_t out_cut, err_cut;      /* bytes printed beyond those kept */
	char version[24];             /* the interpreter's version, "3.11.7", or "" if unknown */
	int seconds;                  /* the time it was given */
	bool timed_out;               /* killed after `seconds` */
	int interrupted_by;           /* a signal (signals.h) stopped it, or 0 */
	int exit_status;              /* if it exited: its status */
	int killed_by;                /* if a signal ended it: that signal, else 0 */
};

/*
 * How long a snippet may run: METACONC_SNIPPET_SECONDS (1 to
 * SNIPPET_MAX_SECONDS), else SNIPPET_SECONDS. Returns it, or -1 with why if
 * the variable is set to something else.
 */
int snippet_seconds(char *why, size_t why_size);

/*
 * Runs `code` under python3 (python_setup_find(): PATH or METACONC_PYTHON)
 * as a file in a fresh temporary directory, its working directory, in a
 * process group of its own that is killed and reaped when it ends, times
 * out (snippet_seconds()), or a signal arrives. Returns 0 once it ran,
 * whatever its exit status, or -1 with why if it could not run.
 */
int snippet_run(const char *code, struct snippet_result *result, char *why, size_t why_size);

/* True if it ran to its end by itself (not timed out, stopped or killed), whatever its exit status. */
bool snippet_finished(const struct snippet_result *result);

#endif
