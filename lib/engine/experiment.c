/*
 * experiment.c: runs a technique for real, in the background, and collects
 * what it recorded.
 *
 * experiment_start() maps the trace rings and the shared work plan, then
 * starts the "technique thread" that runs the technique (which creates the worker
 * threads or forks the worker processes, and joins or reaps them). The
 * caller's thread stays free: it calls experiment_poll() every few
 * milliseconds to drain the rings into the recording (and draws it, when a
 * view is open), and experiment_cancel() when interrupted. The technique thread and
 * the workers never touch the recording, so it needs no lock.
 */
#include "engine/experiment.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpus.h"
#include "engine/sched_probe.h"
#include "model/outcome.h"
#include "techniques/async.h"
#include "techniques/decorate.h"
#include "techniques/gil.h"
#include "techniques/pool.h"
#include "techniques/race.h"
#include "techniques/sequential.h"
#include "techniques/serial.h"
#include "techniques/spawn.h"

struct experiment {
	struct experiment_spec spec;
	struct trace *trace;
	struct work_plan *plan;
	struct technique_env env;
	struct technique_report report;
	struct recording recording;
	struct sched_probe *probe;   /* who held each CPU meanwhile, from the kernel */
	pthread_t technique_thread;
	bool joined;
	_Atomic int finished;
	uint64_t end_ns;         /* when the technique returned; written by the technique thread */
	uint64_t *progress;      /* per worker: events written when last checked */
	uint64_t *progress_ns;   /* per worker: when that changed */
	bool hang_declared;
	int serial_lane;         /* --serial-ms: the main thread's lane, else -1 */
};

uint64_t experiment_calibration(void)
{
	static uint64_t iterations_per_ms;

	if (iterations_per_ms == 0)
		iterations_per_ms = work_calibrate();
	return iterations_per_ms;
}

static int usable_cpus(const struct experiment_spec *spec)
{
	cpu_set_t usable;

	if (spec->pinned)
		return CPU_COUNT(&spec->cpus);
	return cpus_usable(&usable);
}

/* How many tasks can progress at once: CPUs bound CPU work, nothing bounds sleeping. */
static int tasks_at_once(const struct experiment_spec *spec)
{
	return outcome_tasks_at_once(spec, usable_cpus(spec));
}

uint32_t experiment_default_task_ms(const struct experiment_spec *spec)
{
	uint64_t ms = (uint64_t)EXPERIMENT_TARGET_MS * (uint64_t)tasks_at_once(spec) /
	    (spec->tasks ? spec->tasks : 1);

	if (ms < 1)
		ms = 1;
	if (ms > EXPERIMENT_MAX_TASK_MS)
		ms = EXPERIMENT_MAX_TASK_MS;
	return (uint32_t)ms;
}

uint64_t experiment_expected_ns(const struct experiment_spec *spec)
{
	uint32_t tasks = spec->tasks ? spec->tasks : 1;
	int at_once = tasks_at_once(spec);
	uint64_t rounds = (tasks + (uint32_t)at_once - 1) / (uint32_t)at_once;

	return (rounds * spec->task_ms + spec->serial_ms) * CLOCK_NS_PER_MS;
}

int experiment_lanes(const struct experiment_spec *spec)
{
	int lanes = spec->workers;

	if (spec->technique == TECHNIQUE_SEQUENTIAL)
		lanes = 1;
	else if (spec->technique == TECHNIQUE_ASYNC)
		lanes = (int)spec->tasks + (spec->offload ? 1 : 0);
	return lanes + (spec->serial_ms > 0 ? 1 : 0);
}

void experiment_spec_defaults(struct experiment_spec *spec)
{
	memset(spec, 0, sizeof *spec);
	spec->technique = TECHNIQUE_SPAWN;
	spec->workers = usable_cpus(spec);
	if (spec->workers > EXPERIMENT_MAX_WORKERS)
		spec->workers = EXPERIMENT_MAX_WORKERS;
	spec->tasks = 2u * (uint32_t)spec->workers;
	spec->work = WORK_CPU;
	spec->switch_ms = 5;
	spec->batch = 1;
	spec->fault.kind = FAULT_NONE;
	spec->ring_capacity = TRACE_DEFAULT_CAPACITY;
	spec->task_ms = experiment_default_task_ms(spec);
}

/* The function that runs each technique, by technique. */
static int (*const technique_functions[TECHNIQUE_COUNT])(const struct technique_env *env,
    struct technique_report *report) = {
	[TECHNIQUE_SPAWN] = spawn_run,
	[TECHNIQUE_DECORATOR] = decorate_run,
	[TECHNIQUE_POOL] = pool_run,
	[TECHNIQUE_GIL] = gil_run,
	[TECHNIQUE_SEQUENTIAL] = sequential_run,
	[TECHNIQUE_RACE] = race_run,
	[TECHNIQUE_ASYNC] = async_run,
};

/*
 * The serial part of --serial-ms, on the main thread's lane: half before the
 * technique starts its workers (before == true), half after they all ended.
 */
static void run_serial_part(struct experiment *experiment, struct work_meter *meter, bool before)
{
	uint32_t ms = experiment->spec.serial_ms;

	if (experiment->serial_lane < 0)
		return;
	if (before) {
		int err = experiment->spec.pinned ? cpus_pin_current_thread(&experiment->spec.cpus) : 0;

		if (err != 0)
			snprintf(experiment->report.error, sizeof experiment->report.error,
			    "could not pin the main thread to the chosen CPUs: %s", strerror(err));
		work_meter_start(meter, experiment->serial_lane, trace_ring(experiment->trace, experiment->serial_lane),
		    (uint64_t)gettid());
		serial_work(experiment->plan, meter, ms / 2);
		return;
	}
	work_meter_skip(meter); /* meanwhile it only waited for the workers */
	work_meter_finish(meter, serial_work(experiment->plan, meter, ms - ms / 2));
}

/* The experiment's own thread: runs the technique to its end, which starts and ends every worker. */
static void *technique_thread_main(void *arg)
{
	struct experiment *experiment = arg;
	struct work_meter serial_meter;

	memset(&experiment->report, 0, sizeof experiment->report);
	run_serial_part(experiment, &serial_meter, true);
	if (experiment->report.error[0] == '\0' &&
	    technique_functions[experiment->spec.technique](&experiment->env, &experiment->report) != 0 &&
	    experiment->report.error[0] == '\0')
		snprintf(experiment->report.error, sizeof experiment->report.error, "the run failed");
	run_serial_part(experiment, &serial_meter, false);
	experiment->end_ns = clock_now_ns();
	atomic_store(&experiment->finished, 1);
	return NULL;
}

/* Starts the technique thread with every signal blocked, so that signals reach the caller's thread only. */
static int start_technique_thread(struct experiment *experiment)
{
	sigset_t all, old;
	int err;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&experiment->technique_thread, NULL, technique_thread_main, experiment);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
}

int experiment_start(struct experiment **out, const struct experiment_spec *spec, char *why,
    size_t why_size)
{
	struct experiment *experiment = calloc(1, sizeof *experiment);
	int workers = spec->technique == TECHNIQUE_SEQUENTIAL || spec->technique == TECHNIQUE_ASYNC ? 1 : spec->workers;
	int lanes = experiment_lanes(spec);
	uint64_t iterations = experiment_calibration();
	int err;

	*out = NULL;
	if (experiment == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	experiment->spec = *spec;
	experiment->spec.workers = workers;
	experiment->serial_lane = spec->serial_ms > 0 ? lanes - 1 : -1;
	/* One step after another, so that errno still tells why the one that failed did. */
	errno = ENOMEM;
	if ((experiment->trace = trace_create(lanes,
	    spec->ring_capacity ? spec->ring_capacity : TRACE_DEFAULT_CAPACITY)) == NULL ||
	    (experiment->plan = work_plan_create(spec->work, spec->tasks, spec->task_ms, iterations)) == NULL ||
	    (experiment->progress = calloc((size_t)lanes, sizeof *experiment->progress)) == NULL ||
	    (experiment->progress_ns = calloc((size_t)lanes, sizeof *experiment->progress_ns)) == NULL ||
	    recording_init(&experiment->recording, lanes, cpus_configured(),
	    technique_uses_processes(spec->technique), clock_now_ns()) != 0) {
		snprintf(why, why_size, "could not set up the run: %s", strerror(errno));
		experiment->joined = true;
		experiment_free(experiment);
		return -1;
	}
	experiment->plan->fault = spec->fault;
	experiment->plan->fault.in_process = technique_uses_processes(spec->technique);
	experiment->env = (struct technique_env){
		.plan = experiment->plan,
		.trace = experiment->trace,
		.workers = workers,
		.pin = spec->pinned ? &experiment->spec.cpus : NULL,
		.switch_ms = spec->switch_ms,
		.lock = spec->lock,
		.blocking = spec->blocking,
		.offload = spec->offload,
		.batch = spec->batch ? spec->batch : 1,
		.arg_kb = spec->arg_kb,
	};
	experiment->probe = sched_probe_start(&experiment->recording);
	if (experiment->probe == NULL) {
		snprintf(why, why_size, "could not set up the run: out of memory");
		experiment->joined = true;
		experiment_free(experiment);
		return -1;
	}
	/* Time zero: the probe watches the CPUs from here on, and no worker has started yet. */
	experiment->recording.origin_ns = experiment->recording.now_ns = clock_now_ns();
	for (int i = 0; i < lanes; i++)
		experiment->progress_ns[i] = experiment->recording.origin_ns;
	err = start_technique_thread(experiment);
	if (err != 0) {
		snprintf(why, why_size, "could not start the run: %s", strerror(err));
		experiment->joined = true;
		experiment_free(experiment);
		return -1;
	}
	*out = experiment;
	return 0;
}

static void drain(struct experiment *experiment)
{
	struct trace_event batch[512];
	uint64_t dropped = 0;

	for (int i = 0; i < experiment->trace->workers; i++) {
		struct trace_ring *ring = trace_ring(experiment->trace, i);
		size_t n;

		while ((n = trace_drain(ring, batch, sizeof batch / sizeof batch[0])) > 0) {
			for (size_t k = 0; k < n; k++)
				recording_append(&experiment->recording, &batch[k]);
		}
		dropped += trace_dropped(ring);
	}
	experiment->recording.dropped = dropped;
}

/*
 * A thread cannot be killed, only asked to stop. A worker thread that has
 * recorded nothing for too long, and is not waiting for a lock, is declared
 * hung; then the whole run is cancelled. (Pools watch their own processes.)
 */
static void watch_threads(struct experiment *experiment, uint64_t now)
{
	uint64_t limit = work_silence_limit_ns(experiment->plan);

	if (experiment->hang_declared || experiment->recording.processes)
		return;
	for (int i = 0; i < experiment->trace->workers; i++) {
		const struct lane *lane = &experiment->recording.lanes[i];
		uint64_t written = trace_written(trace_ring(experiment->trace, i));

		if (i == experiment->serial_lane)
			continue; /* the main thread waits for the workers in between */
		if (written != experiment->progress[i]) {
			experiment->progress[i] = written;
			experiment->progress_ns[i] = now;
			continue;
		}
		if (!recording_lane_alive(lane) || now - experiment->progress_ns[i] <= limit)
			continue;
		if (lane->count > 0 && lane->events[lane->count - 1].kind == TRACE_WAIT_BEGIN)
			continue;
		recording_mark_hung(&experiment->recording, i, now);
		experiment->hang_declared = true;
		work_plan_cancel(experiment->plan);
		return;
	}
}

void experiment_poll(struct experiment *experiment)
{
	uint64_t now = clock_now_ns();

	drain(experiment);
	if (now > experiment->recording.now_ns)
		experiment->recording.now_ns = now;
	sched_probe_poll(experiment->probe, now);
	watch_threads(experiment, now);
}

bool experiment_finished(struct experiment *experiment)
{
	return atomic_load(&experiment->finished) != 0;
}

void experiment_cancel(struct experiment *experiment)
{
	work_plan_cancel(experiment->plan);
}

void experiment_join(struct experiment *experiment)
{
	if (experiment->joined)
		return;
	pthread_join(experiment->technique_thread, NULL);
	experiment->joined = true;
	drain(experiment);
	experiment->recording.now_ns = experiment->end_ns;
	for (int i = 0; i < experiment->recording.lane_count; i++) {
		if (experiment->recording.lanes[i].last_end_ns > experiment->recording.now_ns)
			experiment->recording.now_ns = experiment->recording.lanes[i].last_end_ns;
	}
	sched_probe_finish(experiment->probe, experiment->recording.now_ns);
}

void experiment_free(struct experiment *experiment)
{
	if (experiment == NULL)
		return;
	if (!experiment->joined) {
		experiment_cancel(experiment);
		experiment_join(experiment);
	}
	sched_probe_free(experiment->probe);
	recording_free(&experiment->recording);
	work_plan_destroy(experiment->plan);
	trace_destroy(experiment->trace);
	free(experiment->progress);
	free(experiment->progress_ns);
	free(experiment);
}

const struct experiment_spec *experiment_spec(const struct experiment *experiment)
{
	return &experiment->spec;
}

const struct recording *experiment_recording(const struct experiment *experiment)
{
	return &experiment->recording;
}

const struct technique_report *experiment_report(const struct experiment *experiment)
{
	return &experiment->report;
}

uint32_t experiment_tasks_done(const struct experiment *experiment)
{
	return atomic_load(&experiment->plan->tasks_done);
}

uint32_t experiment_tasks_lost(const struct experiment *experiment)
{
	uint32_t done = atomic_load(&experiment->plan->tasks_done);

	if (work_plan_cancelled(experiment->plan) && !experiment->hang_declared)
		return 0;
	return experiment->spec.tasks > done ? experiment->spec.tasks - done : 0;
}

bool experiment_was_cancelled(const struct experiment *experiment)
{
	return work_plan_cancelled(experiment->plan);
}

static int gather_outcome(const struct experiment *experiment, struct outcome *outcome)
{
	memset(outcome, 0, sizeof *outcome);
	outcome->spec = &experiment->spec;
	outcome->recording = &experiment->recording;
	outcome->report = &experiment->report;
	outcome->tasks_done = experiment_tasks_done(experiment);
	outcome->tasks_lost = experiment_tasks_lost(experiment);
	return outcome_compute_stats(outcome);
}

/* The experiment as the runner sees any run: each operation is the function above of the same name. */
static void poll_operation(void *run)
{
	experiment_poll(run);
}

static bool finished_operation(void *run)
{
	return experiment_finished(run);
}

static void cancel_operation(void *run)
{
	experiment_cancel(run);
}

static void join_operation(void *run)
{
	experiment_join(run);
}

static const struct experiment_spec *spec_operation(const void *run)
{
	return experiment_spec(run);
}

static const struct recording *recording_operation(const void *run)
{
	return experiment_recording(run);
}

static int outcome_operation(const void *run, struct outcome *outcome)
{
	return gather_outcome(run, outcome);
}

const struct run_operations experiment_operations = {
	.poll = poll_operation,
	.finished = finished_operation,
	.cancel = cancel_operation,
	.join = join_operation,
	.spec = spec_operation,
	.recording = recording_operation,
	.outcome = outcome_operation,
};
