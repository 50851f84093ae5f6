/*
 * glyph.c: one glyph per cell state, used everywhere.
 *
 * The full-screen view draws the UTF-8 glyph where the terminal can, the
 * plain output and other terminals the ASCII one, and the two always mean
 * the same. The README, the manual page and the lessons show these glyphs:
 * change one here and there together. Only the meanings live here, not the
 * colours: those are the view's (ui_timeline.c).
 */
#include "render/glyph.h"

#include "model/outcome.h"

static const struct glyph running = { "", '\0', "running on that CPU" };
static const struct glyph cpu_running = { "", '\0', "that worker held it (over half the time)" };
static const struct glyph partial = { "\u2592", ':', "ran part of the time, ready the rest" };
static const struct glyph preempted = { "\u2591", '.', "ready, waiting for a CPU" };
static const struct glyph waiting = { "~", '~', "waiting for the GIL" };
static const struct glyph blocked = { "\u2550", '=', "blocked in I/O" };
static const struct glyph idle = { "\u2500", '-', "idle" };
static const struct glyph crashed = { "\u2716", 'X', "crashed or hung" };
static const struct glyph shared = { "+", '+', "our workers took turns" };
static const struct glyph other = { "#", '#', "other programs" };
static const struct glyph blank = { " ", ' ', "not started, exited, or not recorded yet" };

const struct glyph *glyph_of(enum cell_state state, enum timeline_view view)
{
	switch (state) {
	case CELL_RUNNING:
		return view == TIMELINE_CPUS ? &cpu_running : &running;
	case CELL_PARTIAL:
		return &partial;
	case CELL_PREEMPTED:
		return &preempted;
	case CELL_WAITING:
		return &waiting;
	case CELL_BLOCKED:
		return &blocked;
	case CELL_IDLE:
		return &idle;
	case CELL_CRASHED:
		return &crashed;
	case CELL_SHARED:
		return &shared;
	case CELL_OTHER:
		return &other;
	case CELL_DONE:
	case CELL_EMPTY:
	case CELL_STATE_COUNT:
		break;
	}
	return &blank;
}

char glyph_ascii(const struct timeline_cell *cell, enum timeline_view view)
{
	if (cell->state == CELL_RUNNING)
		return view == TIMELINE_CPUS ? outcome_worker_letter(cell->worker) : outcome_cpu_digit(cell->cpu);
	return glyph_of((enum cell_state)cell->state, view)->ascii;
}

const enum cell_state *glyph_legend(enum timeline_view view)
{
	static const enum cell_state workers[] = {
		CELL_RUNNING, CELL_PARTIAL, CELL_PREEMPTED, CELL_WAITING, CELL_BLOCKED, CELL_IDLE, CELL_CRASHED,
		CELL_STATE_COUNT,
	};
	static const enum cell_state cpus[] = { CELL_RUNNING, CELL_SHARED, CELL_OTHER, CELL_IDLE, CELL_STATE_COUNT };

	return view == TIMELINE_CPUS ? cpus : workers;
}

const char *glyph_schedule_note(enum recording_schedule schedule)
{
	if (schedule == RECORDING_EXACT)
		return "exact schedule: the kernel's context switches say who held each CPU when";
	return "estimated schedule: each ~1 ms slice's CPU time, on the CPU it ended on";
}

const char *glyph_schedule_name(enum recording_schedule schedule)
{
	return schedule == RECORDING_EXACT ? "exact" : "estimated";
}
