/*
 * runner.c: the loop that watches a run.
 *
 * The technique runs on its own threads (see experiment.c); this loop, on
 * the caller's thread, drains what they record every few milliseconds,
 * lets a view draw it, and waits on the signal pipe in between, so that an
 * interrupt is acted on at once: the run is cancelled, then joined, which
 * stops and reaps every worker.
 */
#include "runner.h"

#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "signals.h"

#define RUNNER_POLL_MS 10

struct experiment_spec runner_baseline_spec(const struct experiment_spec *spec)
{
	struct experiment_spec baseline = *spec;

	baseline.technique = TECHNIQUE_SEQUENTIAL;
	baseline.workers = 1;
	baseline.fault.kind = FAULT_NONE;
	return baseline;
}

/* Waits up to ms milliseconds, waking early if a signal arrives. */
static void wait_for_signal_or(int ms)
{
	struct pollfd fd = { .fd = signals_fd(), .events = POLLIN };

	if (fd.fd < 0) {
		usleep((useconds_t)ms * 1000);
		return;
	}
	if (poll(&fd, 1, ms) > 0) {
		char drained[64];

		while (read(fd.fd, drained, sizeof drained) > 0)
			;
	}
}

/* Runs one experiment to its end; returns the signal that interrupted it, or 0. */
static int watch(struct experiment *experiment, const struct runner_view *view,
    enum runner_phase phase)
{
	const struct experiment_spec *spec = experiment_spec(experiment);
	const struct recording *recording = experiment_recording(experiment);
	int frame_ms = view != NULL && view->frame_ms > 0 ? view->frame_ms : RUNNER_POLL_MS;
	bool stop_asked = false;

	while (!experiment_finished(experiment)) {
		if (signals_caught() != 0 || stop_asked) {
			experiment_cancel(experiment);
			break;
		}
		experiment_poll(experiment);
		if (view != NULL && !view->frame(view->ctx, spec, recording, phase, false))
			stop_asked = true;
		wait_for_signal_or(frame_ms);
	}
	experiment_join(experiment);
	if (view != NULL)
		view->frame(view->ctx, spec, recording, phase, true);
	return signals_caught();
}

/* The same for a Python run: python3 and its process group are stopped and reaped. */
static int watch_python(struct python_run *run, const struct runner_view *view,
    enum runner_phase phase)
{
	const struct experiment_spec *spec = python_run_spec(run);
	const struct recording *recording = python_run_recording(run);
	int frame_ms = view != NULL && view->frame_ms > 0 ? view->frame_ms : RUNNER_POLL_MS;
	bool stop_asked = false;

	while (!python_run_finished(run)) {
		if (signals_caught() != 0 || stop_asked) {
			python_run_cancel(run);
			break;
		}
		python_run_poll(run);
		if (view != NULL && !view->frame(view->ctx, spec, recording, phase, false))
			stop_asked = true;
		wait_for_signal_or(frame_ms);
	}
	python_run_join(run);
	if (view != NULL)
		view->frame(view->ctx, spec, recording, phase, true);
	return signals_caught();
}

/* The Python runs of --python: the technique, then with --compare sequential Python. */
static int run_python(struct run_set *set, const struct run_options *options,
    const struct runner_view *view, int *interrupted, char *why, size_t why_size)
{
	struct python_setup setup;

	if (python_setup_find(&setup, why, why_size) != 0 ||
	    python_run_start(&set->python, &setup, &options->spec, why, why_size) != 0)
		return -1;
	*interrupted = watch_python(set->python, view, RUNNER_PYTHON);
	if (options->compare && *interrupted == 0) {
		struct experiment_spec baseline = runner_baseline_spec(&options->spec);

		if (python_run_start(&set->python_baseline, &setup, &baseline, why, why_size) != 0)
			return -1;
		*interrupted = watch_python(set->python_baseline, view, RUNNER_PYTHON_BASELINE);
	}
	return 0;
}

int runner_execute(struct run_set *set, const struct run_options *options,
    const struct runner_view *view, char *why, size_t why_size)
{
	struct outcome_set *outcomes = &set->outcomes;
	int interrupted;

	memset(set, 0, sizeof *set);
	if (experiment_start(&set->run, &options->spec, why, why_size) != 0)
		return -1;
	interrupted = watch(set->run, view, RUNNER_MAIN);
	if (options->compare && interrupted == 0) {
		struct experiment_spec baseline = runner_baseline_spec(&options->spec);

		if (experiment_start(&set->baseline, &baseline, why, why_size) != 0)
			return -1;
		interrupted = watch(set->baseline, view, RUNNER_BASELINE);
	}
	if (options->python && interrupted == 0 &&
	    run_python(set, options, view, &interrupted, why, why_size) != 0)
		return -1;
	outcomes->interrupted_by = interrupted;
	if (outcome_from_experiment(&outcomes->run, set->run) != 0)
		return -1;
	set->has_outcomes = true;
	if (set->baseline != NULL && outcome_from_experiment(&outcomes->baseline, set->baseline) == 0)
		outcomes->has_baseline = true;
	if (set->python != NULL && outcome_from_python(&outcomes->python, set->python) == 0)
		outcomes->has_python = true;
	if (set->python_baseline != NULL &&
	    outcome_from_python(&outcomes->python_baseline, set->python_baseline) == 0)
		outcomes->has_python_baseline = true;
	return 0;
}

void runner_free(struct run_set *set)
{
	if (set->has_outcomes)
		outcome_set_free(&set->outcomes);
	experiment_free(set->run);
	experiment_free(set->baseline);
	python_run_free(set->python);
	python_run_free(set->python_baseline);
	memset(set, 0, sizeof *set);
}
