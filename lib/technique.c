/*
 * technique.c: the table of techniques, by name, and the one place that
 * dispatches a run to the module that implements it.
 */
#include "technique.h"

#include <string.h>

#include "decorate.h"
#include "gil.h"
#include "pool.h"
#include "sequential.h"
#include "spawn.h"

struct technique_info {
	const char *name;
	const char *summary;
	bool processes;
	int (*run)(const struct technique_env *env, struct technique_report *report);
};

static const struct technique_info techniques[TECHNIQUE_COUNT] = {
	[TECHNIQUE_SPAWN] = { "spawn",
	    "threads created in a loop, their number decided at run time", false, spawn_run },
	[TECHNIQUE_DECORATOR] = { "decorator",
	    "calls through a `concurrent` wrapper that returns a joinable future", false, decorate_run },
	[TECHNIQUE_POOL] = { "pool",
	    "instances built by a metaclass hook on a pool of forked processes", true, pool_run },
	[TECHNIQUE_GIL] = { "gil",
	    "threads that must hold a global interpreter lock (CPython's rules)", false, gil_run },
	[TECHNIQUE_SEQUENTIAL] = { "sequential",
	    "the same tasks one after another in one thread: the baseline", false, sequential_run },
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

int technique_run(enum technique technique, const struct technique_env *env,
    struct technique_report *report)
{
	memset(report, 0, sizeof *report);
	return techniques[technique].run(env, report);
}
