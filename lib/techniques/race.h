/* race.h: threads depositing into one shared account, with or without a mutex: lost updates counted. */
#ifndef METACONC_RACE_H
#define METACONC_RACE_H

#include "techniques/technique.h"

/*
 * Starts env->workers threads that make deposits of 1 into one account until
 * no task is left (with env->lock, each deposit holds a mutex); joins them,
 * and reports the deposits made and the balance the account ended with.
 */
int race_run(const struct technique_env *env, struct technique_report *report);

/* How many deposits a task of `task_ms` makes: one per 2 ms (a slice to prepare it, one to check it). */
uint32_t race_deposits_per_task(uint32_t task_ms);

#endif
