/*
 * technique.c: the techniques by name: what each is called, what it shows,
 * and whether its workers are threads or processes. Which function runs
 * each is the engine's business (engine/experiment.c), so this table
 * depends on none of them.
 */
#include "techniques/technique.h"

#include <stdio.h>
#include <string.h>

struct technique_info {
	const char *name;
	const char *summary;
	bool processes;
	const char *waiting; /* what its waiting lanes wait for */
};

static const struct technique_info techniques[TECHNIQUE_COUNT] = {
	[TECHNIQUE_SPAWN] = { "spawn",
	    "threads created in a loop, their number decided at run time", false, "waiting for the GIL" },
	[TECHNIQUE_DECORATOR] = { "decorator",
	    "calls through a `concurrent` wrapper that returns a joinable future", false, "waiting for the GIL" },
	[TECHNIQUE_POOL] = { "pool",
	    "instances built by a metaclass hook on a pool of forked processes", true,
	    "waiting for a lock (never a GIL: each process has its own)" },
	[TECHNIQUE_GIL] = { "gil",
	    "threads that must hold a simulated global interpreter lock (CPython's rules, in C)", false,
	    "waiting for the GIL" },
	[TECHNIQUE_SEQUENTIAL] = { "sequential",
	    "the same tasks one after another in one thread: the baseline", false, "waiting for the GIL" },
	[TECHNIQUE_RACE] = { "race",
	    "threads updating one shared balance without (or with --lock, with) a mutex", false,
	    "waiting for the lock (or the GIL)" },
	[TECHNIQUE_ASYNC] = { "async",
	    "one thread, an event loop and cooperative tasks: one lane per task", false,
	    "ready, waiting for the event loop" },
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

const char *technique_waiting_meaning(enum technique technique)
{
	return techniques[technique].waiting;
}

void technique_list(char *buf, size_t size)
{
	size_t used = 0;

	if (size > 0)
		buf[0] = '\0';
	for (int i = 0; i < TECHNIQUE_COUNT && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", techniques[i].name);
}
