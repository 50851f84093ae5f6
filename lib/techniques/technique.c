/*
 * technique.c: the techniques by name: what each is called, what it shows,
 * and whether its workers are threads or processes. Which function runs
 * each is the engine's business (engine/experiment.c), so this table
 * depends on none of them.
 */
#include "techniques/technique.h"

#include <string.h>

struct technique_info {
	const char *name;
	const char *summary;
	bool processes;
};

static const struct technique_info techniques[TECHNIQUE_COUNT] = {
	[TECHNIQUE_SPAWN] = { "spawn",
	    "threads created in a loop, their number decided at run time", false },
	[TECHNIQUE_DECORATOR] = { "decorator",
	    "calls through a `concurrent` wrapper that returns a joinable future", false },
	[TECHNIQUE_POOL] = { "pool",
	    "instances built by a metaclass hook on a pool of forked processes", true },
	[TECHNIQUE_GIL] = { "gil",
	    "threads that must hold a global interpreter lock (CPython's rules)", false },
	[TECHNIQUE_SEQUENTIAL] = { "sequential",
	    "the same tasks one after another in one thread: the baseline", false },
};

const char *technique_name(enum technique technique)
{
	return techniques[technique].name;
}

const char *technique_summary(enum technique technique)
{
	return techniques[technique].summary;
}

int technique_parse(const char *name, enum technique *technique)
{
	for (int i = 0; i < TECHNIQUE_COUNT; i++) {
		if (strcmp(name, techniques[i].name) == 0) {
			*technique = (enum technique)i;
			return 0;
		}
	}
	return -1;
}

bool technique_uses_processes(enum technique technique)
{
	return techniques[technique].processes;
}
