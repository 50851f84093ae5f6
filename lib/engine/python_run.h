/* python_run.h: a technique's Python script, run under python3, recorded through a pipe. */
#ifndef METACONC_PYTHON_RUN_H
#define METACONC_PYTHON_RUN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "engine/experiment.h"
#include "engine/pytrace.h"
#include "engine/run_operations.h"
#include "model/recording.h"
#include "techniques/technique.h"

#define PYTHON_RUN_EVENTS_FD 3         /* the descriptor the script writes its lines to */
#define PYTHON_RUN_MAX_REJECTED 1000   /* a script that writes more bad lines is stopped */
#define PYTHON_RUN_STARTUP_NS (10 * CLOCK_NS_PER_SEC) /* for the interpreter to say hello */

/* Where python3 and the scripts are. */
struct python_setup {
	char interpreter[PATH_MAX]; /* python3 from PATH, or METACONC_PYTHON */
	char scripts[PATH_MAX];     /* the directory of spawn.py, pool.py, ...: METACONC_PYTHON_DIR,
	                               else python/ beside a build-tree binary, else share/metaconc/python */
};

struct python_run;

/* Finds the interpreter and the scripts. Returns 0, or -1 with a one-line reason in why. */
int python_setup_find(struct python_setup *setup, char *why, size_t why_size);
/* The script of a technique, e.g. "spawn.py". */
const char *python_script_name(enum technique technique);

/*
 * Starts the script of spec->technique with the same workers, tasks and work,
 * in a process group of its own. Returns 0, or -1 with why.
 */
int python_run_start(struct python_run **out, const struct python_setup *setup,
    const struct experiment_spec *spec, char *why, size_t why_size);
/* Reads what the script wrote, checks it is alive and not hung. Never blocks; call often. */
void python_run_poll(struct python_run *run);
bool python_run_finished(const struct python_run *run);
/* Asks the script and everything it started to stop; python_run_join() makes sure. */
void python_run_cancel(struct python_run *run);
/* Stops what is left of the process group, reaps all of it, reads the last lines. */
void python_run_join(struct python_run *run);
void python_run_free(struct python_run *run);

const struct recording *python_run_recording(const struct python_run *run);
const struct technique_report *python_run_report(const struct python_run *run);

/* The runner's handle on a Python run (a struct python_run *): poll, cancel, join, its outcome. */
extern const struct run_operations python_run_operations;

#endif
