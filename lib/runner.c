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

/*
 * What watch() needs of a run, C or Python: the four calls that differ,
 * behind function pointers, so that one loop watches both.
 */
struct watched {
	void *run;
	const struct experiment_spec *spec;
	const struct recording *recording;
	bool (*finished)(void *run);
	void (*poll)(void *run);
	void (*cancel)(void *run);
	void (*join)(void *run);
};

/* Runs one run to its end. Returns the signal that interrupted it, or 0; *stopped if the view quit. */
static int watch(const struct watched *watched, const struct runner_view *view,
    enum runner_phase phase, bool *stopped)
{
	int frame_ms = view != NULL && view->frame_ms > 0 ? view->frame_ms : RUNNER_POLL_MS;
	bool stop_asked = false;

	while (!watched->finished(watched->run)) {
		if (signals_caught() != 0 || stop_asked) {
			watched->cancel(watched->run);
			break;
		}
		watched->poll(watched->run);
		if (view != NULL && !view->frame(view->ctx, watched->spec, watched->recording, phase, false))
			stop_asked = true;
		wait_for_signal_or(frame_ms);
	}
	watched->join(watched->run);
	*stopped = stop_asked;
	if (view != NULL && !stop_asked)
		view->frame(view->ctx, watched->spec, watched->recording, phase, true);
	return signals_caught();
}

static bool experiment_finished_cb(void *run)
{
	return experiment_finished(run);
}

static void experiment_poll_cb(void *run)
{
	experiment_poll(run);
}

static void experiment_cancel_cb(void *run)
{
	experiment_cancel(run);
}

static void experiment_join_cb(void *run)
{
	experiment_join(run);
}

static int watch_experiment(struct experiment *experiment, const struct runner_view *view,
    enum runner_phase phase, bool *stopped)
{
	struct watched watched = {
		.run = experiment,
		.spec = experiment_spec(experiment),
		.recording = experiment_recording(experiment),
		.finished = experiment_finished_cb,
		.poll = experiment_poll_cb,
		.cancel = experiment_cancel_cb,
		.join = experiment_join_cb,
	};

	return watch(&watched, view, phase, stopped);
}

static bool python_finished_cb(void *run)
{
	return python_run_finished(run);
}

static void python_poll_cb(void *run)
{
	python_run_poll(run);
}

static void python_cancel_cb(void *run)
{
	python_run_cancel(run);
}

static void python_join_cb(void *run)
{
	python_run_join(run);
}

/* The same for a Python run: python3 and its process group are stopped and reaped. */
static int watch_python(struct python_run *run, const struct runner_view *view,
    enum runner_phase phase, bool *stopped)
{
	struct watched watched = {
		.run = run,
		.spec = python_run_spec(run),
		.recording = python_run_recording(run),
		.finished = python_finished_cb,
		.poll = python_poll_cb,
		.cancel = python_cancel_cb,
		.join = python_join_cb,
	};

	return watch(&watched, view, phase, stopped);
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
	if (outcome_from_experiment(&outcomes->run, set->run) != 0)
		return -1;
	set->has_outcomes = true;
	if (set->vs != NULL && outcome_from_experiment(&outcomes->vs, set->vs) == 0)
		outcomes->has_vs = true;
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
	experiment_free(set->vs);
	experiment_free(set->baseline);
	python_run_free(set->python);
	python_run_free(set->python_baseline);
	memset(set, 0, sizeof *set);
}
