/*
 * runner.c: the loop that watches a run.
 *
 * The technique runs on its own threads (see experiment.c); this loop, on
 * the caller's thread, drains what they record every few milliseconds,
 * lets a view draw it, and waits on the signal pipe in between, so that an
 * interrupt is acted on at once: the run is cancelled, then joined, which
 * stops and reaps every worker.
 */
#include "engine/runner.h"

#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "core/signals.h"

#define RUNNER_POLL_MS 10

struct experiment_spec runner_baseline_spec(const struct experiment_spec *spec)
{
	struct experiment_spec baseline = *spec;

	baseline.technique = TECHNIQUE_SEQUENTIAL;
	baseline.workers = 1;
	baseline.fault.kind = FAULT_NONE;
	/* Only the serial part stays: a lock, a blocking call or batches belong to the technique. */
	baseline.lock = false;
	baseline.blocking = false;
	baseline.offload = false;
	baseline.batch = 1;
	baseline.arg_kb = 0;
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

/*
 * Runs one run (a struct experiment or struct python_run, through its
 * operations) to its end. Returns the signal that interrupted it, or 0;
 * *stopped if the view asked to stop.
 */
static int watch(const struct run_operations *operations, void *run, const struct runner_view *view,
    enum runner_phase phase, bool *stopped)
{
	const struct experiment_spec *spec = operations->spec(run);
	const struct recording *recording = operations->recording(run);
	int frame_ms = view != NULL && view->frame_ms > 0 ? view->frame_ms : RUNNER_POLL_MS;
	bool stop_asked = false;

	while (!operations->finished(run)) {
		if (signals_caught() != 0 || stop_asked) {
			operations->cancel(run);
			break;
		}
		operations->poll(run);
		if (view != NULL && !view->frame(view->ctx, spec, recording, phase, false))
			stop_asked = true;
		wait_for_signal_or(frame_ms);
	}
	operations->join(run);
	*stopped = stop_asked;
	if (view != NULL && !stop_asked)
		view->frame(view->ctx, spec, recording, phase, true);
	return signals_caught();
}

static int watch_experiment(struct experiment *experiment, const struct runner_view *view,
    enum runner_phase phase, bool *stopped)
{
	return watch(&experiment_operations, experiment, view, phase, stopped);
}

/* The same for a Python run: python3 and its process group are stopped and reaped. */
static int watch_python(struct python_run *run, const struct runner_view *view,
    enum runner_phase phase, bool *stopped)
{
	return watch(&python_run_operations, run, view, phase, stopped);
}

/* The Python runs of --python: the technique, then with --compare sequential Python. */
static int run_python(struct run_set *set, const struct run_options *options,
    const struct runner_view *view, int *interrupted, char *why, size_t why_size)
{
	struct python_setup setup;

	if (python_setup_find(&setup, why, why_size) != 0 ||
	    python_run_start(&set->python, &setup, &options->spec, why, why_size) != 0)
		return -1;
	*interrupted = watch_python(set->python, view, RUNNER_PYTHON, &set->stopped);
	if (options->compare && *interrupted == 0 && !set->stopped) {
		struct experiment_spec baseline = runner_baseline_spec(&options->spec);

		if (python_run_start(&set->python_baseline, &setup, &baseline, why, why_size) != 0)
			return -1;
		*interrupted = watch_python(set->python_baseline, view, RUNNER_PYTHON_BASELINE, &set->stopped);
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
	interrupted = watch_experiment(set->run, view, RUNNER_MAIN, &set->stopped);
	if (options->has_vs && interrupted == 0 && !set->stopped) {
		if (experiment_start(&set->vs, &options->vs, why, why_size) != 0)
			return -1;
		interrupted = watch_experiment(set->vs, view, RUNNER_VS, &set->stopped);
	}
	if (options->compare && interrupted == 0 && !set->stopped) {
		struct experiment_spec baseline = runner_baseline_spec(&options->spec);

		if (experiment_start(&set->baseline, &baseline, why, why_size) != 0)
			return -1;
		interrupted = watch_experiment(set->baseline, view, RUNNER_BASELINE, &set->stopped);
	}
	if (options->python && interrupted == 0 && !set->stopped &&
	    run_python(set, options, view, &interrupted, why, why_size) != 0)
		return -1;
	outcomes->interrupted_by = interrupted;
	if (experiment_operations.outcome(set->run, &outcomes->run) != 0)
		return -1;
	set->has_outcomes = true;
	if (set->vs != NULL && experiment_operations.outcome(set->vs, &outcomes->vs) == 0)
		outcomes->has_vs = true;
	if (set->baseline != NULL && experiment_operations.outcome(set->baseline, &outcomes->baseline) == 0)
		outcomes->has_baseline = true;
	if (set->python != NULL && python_run_operations.outcome(set->python, &outcomes->python) == 0)
		outcomes->has_python = true;
	if (set->python_baseline != NULL &&
	    python_run_operations.outcome(set->python_baseline, &outcomes->python_baseline) == 0)
		outcomes->has_python_baseline = true;
	return 0;
}

void runner_free(struct run_set *set)
{
	if (set->has_outcomes)
		outcome_set_free(&set->outcomes);
	experiment_free(set->run);
	experiment_free(set->vs);
	experiment_free(set->baseline);
	python_run_free(set->python);
	python_run_free(set->python_baseline);
	memset(set, 0, sizeof *set);
}
