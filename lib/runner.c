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

/* Runs one experiment to its end. Returns the signal that interrupted it, or 0; *stopped if the view quit. */
static int watch(struct experiment *experiment, const struct runner_view *view,
    enum runner_phase phase, bool *stopped)
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
	*stopped = stop_asked;
	if (view != NULL && !stop_asked)
		view->frame(view->ctx, spec, recording, phase, true);
	return signals_caught();
}

int runner_execute(struct run_set *set, const struct run_options *options,
    const struct runner_view *view, char *why, size_t why_size)
{
	int interrupted;

	memset(set, 0, sizeof *set);
	if (experiment_start(&set->run, &options->spec, why, why_size) != 0)
		return -1;
	interrupted = watch(set->run, view, RUNNER_MAIN, &set->stopped);
	if (options->has_vs && interrupted == 0 && !set->stopped) {
		if (experiment_start(&set->vs, &options->vs, why, why_size) != 0)
			return -1;
		interrupted = watch(set->vs, view, RUNNER_VS, &set->stopped);
	}
	if (options->compare && interrupted == 0 && !set->stopped) {
		struct experiment_spec baseline = runner_baseline_spec(&options->spec);

		if (experiment_start(&set->baseline, &baseline, why, why_size) != 0)
			return -1;
		interrupted = watch(set->baseline, view, RUNNER_BASELINE, &set->stopped);
	}
	set->outcomes.interrupted_by = interrupted;
	if (outcome_from_experiment(&set->outcomes.run, set->run) != 0)
		return -1;
	set->has_outcomes = true;
	if (set->vs != NULL && outcome_from_experiment(&set->outcomes.vs, set->vs) == 0)
		set->outcomes.has_vs = true;
	if (set->baseline != NULL && outcome_from_experiment(&set->outcomes.baseline, set->baseline) == 0)
		set->outcomes.has_baseline = true;
	return 0;
}

void runner_free(struct run_set *set)
{
	if (set->has_outcomes)
		outcome_set_free(&set->outcomes);
	experiment_free(set->run);
	experiment_free(set->vs);
	experiment_free(set->baseline);
	memset(set, 0, sizeof *set);
}
