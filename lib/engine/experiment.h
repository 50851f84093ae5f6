/* experiment.h: one live run of a technique, from its spec to its recording. */
#ifndef METACONC_EXPERIMENT_H
#define METACONC_EXPERIMENT_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/run_operations.h"
#include "model/experiment_spec.h"
#include "model/recording.h"
#include "techniques/technique.h"
#include "techniques/work.h"

struct experiment;

/* A spec with the defaults of DESIGN §1: workers = usable CPUs, tasks = 2 x workers, ~2 s long. */
void experiment_spec_defaults(struct experiment_spec *spec);
/* Work per task so that the run lasts about EXPERIMENT_TARGET_MS on this machine. */
uint32_t experiment_default_task_ms(const struct experiment_spec *spec);
/* About how long the run will take on this machine (to scale a live view before it ends). */
uint64_t experiment_expected_ns(const struct experiment_spec *spec);
/* The lanes a run of the spec has: its workers (async: its tasks and --offload's helper), and the main thread's with --serial-ms. */
int experiment_lanes(const struct experiment_spec *spec);
/* Burn-loop iterations per millisecond, measured once per process. */
uint64_t experiment_calibration(void);

/* Starts the run in the background. Returns 0, or -1 with the reason in `why`. */
int experiment_start(struct experiment **out, const struct experiment_spec *spec, char *why,
    size_t why_size);
/* Moves what the workers recorded into the recording; spots hung threads. Call often. */
void experiment_poll(struct experiment *experiment);
bool experiment_finished(struct experiment *experiment);
/* Asks every worker to stop; they stop within a slice and are reaped by experiment_join(). */
void experiment_cancel(struct experiment *experiment);
/* Waits for the run to end (after it finished or was cancelled) and collects the last events. */
void experiment_join(struct experiment *experiment);
void experiment_free(struct experiment *experiment);

const struct experiment_spec *experiment_spec(const struct experiment *experiment);
const struct recording *experiment_recording(const struct experiment *experiment);
const struct technique_report *experiment_report(const struct experiment *experiment);
/* How many tasks the workers finished (counted by them, so it is exact even if events were dropped). */
uint32_t experiment_tasks_done(const struct experiment *experiment);
/* How many of the run's tasks never finished although the run was not cancelled. */
uint32_t experiment_tasks_lost(const struct experiment *experiment);
bool experiment_was_cancelled(const struct experiment *experiment);

/* The runner's handle on an experiment (a struct experiment *): poll, cancel, join, its outcome. */
extern const struct run_operations experiment_operations;

#endif
