/* sequential.h: the baseline, every task one after another in one thread. */
#ifndef METACONC_SEQUENTIAL_H
#define METACONC_SEQUENTIAL_H

#include "techniques/technique.h"

/* Runs every task in the calling thread, as worker 0. */
int sequential_run(const struct technique_env *env, struct technique_report *report);

#endif
