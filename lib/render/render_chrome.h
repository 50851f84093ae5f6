/* render_chrome.h: a run as Chrome Trace Event JSON (--trace), for Perfetto and chrome://tracing. */
#ifndef METACONC_RENDER_CHROME_H
#define METACONC_RENDER_CHROME_H

#include <stdio.h>

#include "model/observed.h"
#include "model/outcome.h"

/*
 * Writes every run of the set (the technique, its baseline, their Python
 * versions) as one trace: a trace process per run and a thread per lane,
 * plus a process with a thread per CPU.
 */
void render_chrome(FILE *out, const struct outcome_set *set);

/*
 * A traced program: a trace process per real process and a thread per real
 * thread (their own ids), and a process 0 with a thread per CPU.
 */
void render_chrome_observed(FILE *out, const struct observed *observed);

#endif
