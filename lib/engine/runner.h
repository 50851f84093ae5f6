/* runner.h: runs an experiment (and its baseline) to the end from the calling thread, stopping cleanly on a signal. */
#ifndef METACONC_RUNNER_H
#define METACONC_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/experiment.h"
#include "engine/options.h"
#include "engine/python_run.h"
#include "model/outcome.h"

/* Which of the runs of one command is in progress. */
enum runner_phase {
	RUNNER_MAIN,            /* the technique asked for */
	RUNNER_VS,              /* the experiment to compare with (--vs) */
	RUNNER_BASELINE,        /* the sequential baseline (--compare) */
	RUNNER_PYTHON,          /* its Python version under python3 (--python) */
	RUNNER_PYTHON_BASELINE, /* sequential Python (--python --compare) */
};

/* A live view: called about every frame_ms while a run is in progress, and once at its end. */
struct runner_view {
	/* Draws the recording so far; returns false to ask for the run to stop. */
	bool (*frame)(void *ctx, const struct experiment_spec *spec, const struct recording *recording,
	    enum runner_phase phase, bool finished);
	void *ctx;
	int frame_ms;
};

struct run_set {
	struct experiment *run;
	struct experiment *vs;               /* with --vs */
	struct experiment *baseline;         /* with --compare */
	struct python_run *python;           /* with --python */
	struct python_run *python_baseline;  /* with --python --compare */
	struct outcome_set outcomes;
	bool has_outcomes;
	bool stopped;                /* the view asked to stop (the user quit) before the end */
};

/*
 * Runs options->spec, then with --compare the sequential baseline, then with
 * --python the same in Python (and sequential Python with --compare), calling
 * view->frame (if view is not NULL) as they go. A caught signal stops the run:
 * every worker is stopped and reaped before this returns. Returns 0, or -1
 * with why if a run could not start.
 */
int runner_execute(struct run_set *set, const struct run_options *options,
    const struct runner_view *view, char *why, size_t why_size);
void runner_free(struct run_set *set);

/* The spec of the sequential baseline for `spec`: the same tasks, one thread. */
struct experiment_spec runner_baseline_spec(const struct experiment_spec *spec);

#endif
