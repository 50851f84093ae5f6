/* async.h: one thread, an event loop, cooperative tasks: concurrency without parallelism. */
#ifndef METACONC_ASYNC_H
#define METACONC_ASYNC_H

#include "techniques/technique.h"

/*
 * Runs env->plan->tasks cooperative tasks on an event loop in the calling
 * thread, task N on lane N (a helper thread for --offload on the lane after
 * them); returns when all have ended or the run was cancelled.
 */
int async_run(const struct technique_env *env, struct technique_report *report);

#endif
