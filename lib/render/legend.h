/* legend.h: what each state of a timeline is called, for metaconc's own runs and for traced programs. */
#ifndef METACONC_LEGEND_H
#define METACONC_LEGEND_H

#include <stddef.h>

#include "model/observed.h"
#include "model/timeline.h"

enum legend_source {
	LEGEND_RUN,   /* metaconc's own experiments: the GIL is a simulated one, blocking is I/O */
	LEGEND_TRACE, /* a traced program: the kernel's view (futex, any blocking call) */
};

/* The meaning of a state in the legend: "waiting on a lock (futex: in CPython, usually the GIL)". */
const char *legend_meaning(enum cell_state state, enum legend_source source);
/* A state in a few words, for a status line: "waiting on a lock", "blocked", "killed". */
const char *legend_state_word(enum cell_state state, enum legend_source source);
/* How precise a trace's CPU lanes are, in a sentence without a final stop. */
void legend_cpu_precision(const struct observed *observed, char *buf, size_t size);

#endif
