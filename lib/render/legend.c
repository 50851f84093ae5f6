/*
 * legend.c: the words for a timeline's states in a traced program, beside
 * glyph.c's for metaconc's own runs, shared by the plain text, the SVG
 * picture and the full-screen view. A traced program's states come from the
 * kernel, so they are named for what the kernel saw: a futex is a lock (in
 * CPython, usually the GIL), any other sleep is "blocked".
 */
#include "render/legend.h"

#include <stdio.h>

#include "render/glyph.h"

const char *legend_meaning(enum cell_state state, enum legend_source source)
{
	if (source == LEGEND_TRACE) {
		switch (state) {
		case CELL_WAITING:
			return "waiting on a lock (futex: in CPython, usually the GIL)";
		case CELL_BLOCKED:
			return "blocked (I/O, sleep, any other call)";
		case CELL_CRASHED:
			return "killed by a signal";
		default:
			break;
		}
	}
	return glyph_of(state, TIMELINE_WORKERS)->meaning;
}

const char *legend_state_word(enum cell_state state, enum legend_source source)
{
	if (source == LEGEND_RUN)
		return timeline_state_name(state);
	switch (state) {
	case CELL_WAITING:
		return "waiting on a lock";
	case CELL_BLOCKED:
		return "blocked";
	case CELL_CRASHED:
		return "killed";
	case CELL_DONE:
		return "ended";
	case CELL_EMPTY:
		return "not started";
	default:
		return timeline_state_name(state);
	}
}

void legend_cpu_precision(const struct observed *observed, char *buf, size_t size)
{
	if (observed->exact_cpus) {
		snprintf(buf, size, "CPU lanes exact: the kernel's context switches say who held each CPU when; "
		    "the states sampled %u times a second", observed->final_rate_hz);
		return;
	}
	if (observed->final_rate_hz != observed->rate_hz)
		snprintf(buf, size, "CPU lanes sampled %u times a second (%u from %.1f s on, to save memory): "
		    "each thread on the CPU it last ran on in each interval", observed->rate_hz,
		    observed->final_rate_hz, (double)observed->rate_lowered_ns / 1e9);
	else
		snprintf(buf, size, "CPU lanes sampled %u times a second: each thread on the CPU it last ran on "
		    "in each %.3g ms", observed->rate_hz, 1000.0 / observed->rate_hz);
}
