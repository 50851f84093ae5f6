/* spawn.h: the blog's dynamic thread spawning, and the thread machinery the GIL technique reuses. */
#ifndef METACONC_SPAWN_H
#define METACONC_SPAWN_H

#include "techniques/technique.h"
#include "techniques/work.h"

/* Starts env->workers threads in a loop, each taking tasks until none are left; joins them all. */
int spawn_run(const struct technique_env *env, struct technique_report *report);

/* The same, with per-thread hooks into the work loop (hooks[i] for thread i), or NULL. */
int spawn_threads(const struct technique_env *env, const struct work_hooks *hooks,
    struct technique_report *report);

#endif
