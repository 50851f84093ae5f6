/* test_techniques.c: the pure parts of race, async, the serial part and pool batches: counts, Amdahl's bound, the tables. */
#include <math.h>
#include <sched.h>
#include <string.h>

#include "check.h"
#include "engine/experiment.h"
#include "model/outcome.h"
#include "model/recording.h"
#include "techniques/race.h"
#include "techniques/technique.h"
#include "techniques/work.h"

static void test_the_technique_table(void)
{
	enum technique technique;
	char list[128];

	technique_list(list, sizeof list);
	CHECK(strcmp(list, "spawn, decorator, pool, gil, sequential, race, async") == 0);
	CHECK(technique_parse("race", &technique) == 0 && technique == TECHNIQUE_RACE);
	CHECK(technique_parse("async", &technique) == 0 && technique == TECHNIQUE_ASYNC);
	CHECK(!technique_uses_processes(TECHNIQUE_RACE) && !technique_uses_processes(TECHNIQUE_ASYNC));
	CHECK(strcmp(technique_waiting_meaning(TECHNIQUE_GIL), "waiting for the GIL") == 0);
	CHECK(strcmp(technique_waiting_meaning(TECHNIQUE_ASYNC), "ready, waiting for the event loop") == 0);
	technique_list(list, 12);
	CHECK(strcmp(list, "spawn, deco") == 0); /* cut, never overrun */
}

static void test_deposits_per_task(void)
{
	CHECK(race_deposits_per_task(1) == 1);
	CHECK(race_deposits_per_task(2) == 1);
	CHECK(race_deposits_per_task(3) == 1);
	CHECK(race_deposits_per_task(100) == 50);
}

static struct experiment_spec spec_of(enum technique technique, int workers, uint32_t tasks, enum work_kind work)
{
	struct experiment_spec spec;

	memset(&spec, 0, sizeof spec);
	spec.technique = technique;
	spec.workers = workers;
	spec.tasks = tasks;
	spec.work = work;
	spec.task_ms = 10;
	return spec;
}

static void test_tasks_at_once(void)
{
	struct experiment_spec spawn = spec_of(TECHNIQUE_SPAWN, 4, 8, WORK_CPU);
	struct experiment_spec spawn_io = spec_of(TECHNIQUE_SPAWN, 4, 8, WORK_IO);
	struct experiment_spec gil = spec_of(TECHNIQUE_GIL, 4, 8, WORK_CPU);
	struct experiment_spec async = spec_of(TECHNIQUE_ASYNC, 1, 6, WORK_CPU);
	struct experiment_spec async_io = spec_of(TECHNIQUE_ASYNC, 1, 6, WORK_IO);
	struct experiment_spec race = spec_of(TECHNIQUE_RACE, 3, 8, WORK_MIXED);

	CHECK(outcome_tasks_at_once(&spawn, 2) == 2);    /* CPUs bound CPU work */
	CHECK(outcome_tasks_at_once(&spawn_io, 2) == 4); /* nothing bounds sleeping */
	CHECK(outcome_tasks_at_once(&gil, 2) == 1);      /* the GIL: one at a time */
	CHECK(outcome_tasks_at_once(&async, 2) == 1);    /* the event loop: one step at a time */
	CHECK(outcome_tasks_at_once(&async_io, 2) == 6); /* ... but every task awaits at once */
	CHECK(outcome_tasks_at_once(&race, 8) == 3);
}

/* A recording of one lane: `serial` ns of run intervals of no task, then `task` ns of a task's. */
static void record_lane(struct recording *recording, uint64_t serial, uint64_t task)
{
	struct trace_event start = { .time_ns = 0, .os_id = 7, .task = TRACE_NO_TASK, .kind = TRACE_WORKER_START };
	struct trace_event a = { .time_ns = 0, .duration_ns = serial, .cpu_time_ns = serial, .task = TRACE_NO_TASK,
		.kind = TRACE_RUN };
	struct trace_event b = { .time_ns = serial, .duration_ns = task, .cpu_time_ns = task, .task = 0,
		.kind = TRACE_RUN };

	recording_init(recording, 1, 2, false, 0);
	recording_append(recording, &start);
	recording_append(recording, &a);
	recording_append(recording, &b);
	recording->now_ns = serial + task;
}

static void test_amdahl(void)
{
	struct experiment_spec run_spec = spec_of(TECHNIQUE_SPAWN, 4, 8, WORK_CPU);
	struct experiment_spec base_spec = spec_of(TECHNIQUE_SEQUENTIAL, 1, 8, WORK_CPU);
	struct technique_report report = { 0 };
	struct recording run_recording, base_recording;
	struct outcome run = { .spec = &run_spec, .recording = &run_recording, .report = &report };
	struct outcome base = { .spec = &base_spec, .recording = &base_recording, .report = &report };
	struct amdahl amdahl;

	run_spec.pinned = true; /* p comes from the spec, not from this machine */
	CPU_ZERO(&run_spec.cpus);
	CPU_SET(0, &run_spec.cpus);
	CPU_SET(1, &run_spec.cpus);
	record_lane(&run_recording, 100, 400);
	record_lane(&base_recording, 250, 750);
	outcome_compute_stats(&run);
	outcome_compute_stats(&base);
	CHECK(outcome_serial_ns(&base) == 250);
	CHECK(!outcome_amdahl(&run, &base, &amdahl)); /* no serial part asked for */
	run_spec.serial_ms = 100;
	CHECK(outcome_amdahl(&run, &base, &amdahl));
	/* s = 250 / 1000, p = 2 pinned CPUs: 1 / (0.25 + 0.75 / 2) = 1.6 */
	CHECK(fabs(amdahl.serial_fraction - 0.25) < 1e-9 && amdahl.at_once == 2 && fabs(amdahl.bound - 1.6) < 1e-9);
	run_spec.tasks = 1; /* one task cannot be shared: p = 1, and the bound is 1 */
	CHECK(outcome_amdahl(&run, &base, &amdahl) && amdahl.at_once == 1 && fabs(amdahl.bound - 1.0) < 1e-9);
	report.deposits = 10;
	report.balance = 7;
	CHECK(outcome_lost_updates(&run) == 3);
	report.balance = 12; /* never negative */
	CHECK(outcome_lost_updates(&run) == 0);
	outcome_free(&run);
	outcome_free(&base);
	recording_free(&run_recording);
	recording_free(&base_recording);
}

static void test_lanes_and_batches(void)
{
	struct experiment_spec async = spec_of(TECHNIQUE_ASYNC, 1, 5, WORK_CPU);
	struct experiment_spec sequential = spec_of(TECHNIQUE_SEQUENTIAL, 4, 5, WORK_CPU);
	struct experiment_spec spawn = spec_of(TECHNIQUE_SPAWN, 3, 5, WORK_CPU);
	struct work_plan *plan = work_plan_create(WORK_CPU, 10, 1, 1);
	uint32_t first = 0, count = 0;

	CHECK(experiment_lanes(&async) == 5);
	async.offload = true;
	CHECK(experiment_lanes(&async) == 6);  /* and the helper thread's */
	async.serial_ms = 10;
	CHECK(experiment_lanes(&async) == 7);  /* and the main thread's */
	CHECK(experiment_lanes(&sequential) == 1);
	CHECK(experiment_lanes(&spawn) == 3);
	CHECK(plan != NULL);
	CHECK(work_take_tasks(plan, 4, &first, &count) && first == 0 && count == 4);
	CHECK(work_take_tasks(plan, 4, &first, &count) && first == 4 && count == 4);
	CHECK(work_take_tasks(plan, 4, &first, &count) && first == 8 && count == 2); /* the rest */
	CHECK(!work_take_tasks(plan, 4, &first, &count));
	work_plan_destroy(plan);
}

int main(void)
{
	test_the_technique_table();
	test_deposits_per_task();
	test_tasks_at_once();
	test_amdahl();
	test_lanes_and_batches();
	return check_report("techniques");
}
