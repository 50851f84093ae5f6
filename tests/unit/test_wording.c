/* test_wording.c: the shared words of a run, and how a speedup is judged against what the run could reach. */
#include <string.h>

#include "check.h"
#include "core/clock.h"
#include "model/outcome.h"
#include "render/wording.h"

#define MS CLOCK_NS_PER_MS

static struct experiment_spec spec_of(enum technique technique, int workers, uint32_t tasks, enum work_kind work,
    int pinned_cpus)
{
	struct experiment_spec spec = { .technique = technique, .workers = workers, .tasks = tasks, .work = work,
	    .task_ms = 100, .switch_ms = 5 };

	CPU_ZERO(&spec.cpus);
	for (int cpu = 0; cpu < pinned_cpus; cpu++)
		CPU_SET(cpu, &spec.cpus);
	spec.pinned = pinned_cpus > 0;
	return spec;
}

static void test_durations_and_titles(void)
{
	struct experiment_spec spec = spec_of(TECHNIQUE_SPAWN, 4, 8, WORK_CPU, 2);
	char buf[256];

	wording_duration(buf, sizeof buf, 2030 * MS);
	CHECK(strcmp(buf, "2.03 s") == 0);
	wording_duration(buf, sizeof buf, 15200 * 1000ull);
	CHECK(strcmp(buf, "15.2 ms") == 0);
	wording_duration(buf, sizeof buf, 250 * 1000ull);
	CHECK(strcmp(buf, "0.250 ms") == 0);
	wording_workers(buf, sizeof buf, 1, true);
	CHECK(strcmp(buf, "1 process") == 0);
	wording_title(buf, sizeof buf, &spec);
	CHECK(strcmp(buf, "spawn: 4 threads, 8 tasks of 100 ms CPU work, pinned to CPUs 0-1") == 0);
	spec = spec_of(TECHNIQUE_GIL, 2, 1, WORK_IO, 0);
	wording_title(buf, sizeof buf, &spec);
	CHECK(strcmp(buf, "gil: 2 threads, 1 task of 100 ms blocking I/O, all CPUs, GIL switch interval 5 ms") == 0);
	wording_speedup(buf, sizeof buf, 1.954, "sequential", 3980 * MS);
	CHECK(strcmp(buf, "speedup 1.95x over sequential (sequential: wall 3.98 s)") == 0);
}

/* The bound: min(what the workers can share out, the CPUs), the CPUs not counting for blocking I/O. */
static void test_reachable_speedup(void)
{
	struct experiment_spec spec = spec_of(TECHNIQUE_SPAWN, 4, 8, WORK_CPU, 2);

	CHECK(outcome_reachable_speedup(&spec, 2) == 2.0);  /* four workers share two CPUs */
	CHECK(outcome_reachable_speedup(&spec, 8) == 4.0);  /* eight CPUs, but four workers */
	spec = spec_of(TECHNIQUE_SPAWN, 4, 5, WORK_CPU, 0);
	CHECK(outcome_reachable_speedup(&spec, 8) == 2.5);  /* one worker does two of the five tasks */
	spec = spec_of(TECHNIQUE_SPAWN, 4, 2, WORK_CPU, 0);
	CHECK(outcome_reachable_speedup(&spec, 8) == 2.0);  /* two tasks: two workers idle */
	spec = spec_of(TECHNIQUE_SPAWN, 4, 8, WORK_IO, 0);
	CHECK(outcome_reachable_speedup(&spec, 1) == 4.0);  /* sleeping needs no CPU */
	spec = spec_of(TECHNIQUE_SEQUENTIAL, 4, 8, WORK_CPU, 0);
	CHECK(outcome_reachable_speedup(&spec, 8) == 1.0);
	spec = spec_of(TECHNIQUE_GIL, 4, 8, WORK_CPU, 0);
	CHECK(outcome_reachable_speedup(&spec, 2) == 2.0);  /* the machine could: the GIL is what holds it back */
	spec = spec_of(TECHNIQUE_ASYNC, 1, 6, WORK_IO, 0);
	CHECK(outcome_reachable_speedup(&spec, 2) == 6.0);  /* every task waits at once */
	spec = spec_of(TECHNIQUE_ASYNC, 4, 6, WORK_CPU, 0);
	CHECK(outcome_reachable_speedup(&spec, 8) == 1.0);  /* one thread computes */
}

static struct outcome_set set_of(const struct experiment_spec *spec, uint64_t run_ms, uint64_t baseline_ms)
{
	struct outcome_set set = { .has_baseline = true };

	set.run.spec = spec;
	set.run.stats.wall_ns = run_ms * MS;
	set.baseline.stats.wall_ns = baseline_ms * MS;
	return set;
}

/* Pinned specs, so the judgement does not depend on this machine's CPUs. */
static void test_speedup_judged_against_reach(void)
{
	struct experiment_spec two_cpus = spec_of(TECHNIQUE_SPAWN, 4, 8, WORK_CPU, 2);
	struct experiment_spec one_cpu = spec_of(TECHNIQUE_SPAWN, 4, 8, WORK_CPU, 1);
	struct experiment_spec eight_cpus = spec_of(TECHNIQUE_SPAWN, 8, 8, WORK_CPU, 8);
	struct outcome_set set;

	set = set_of(&two_cpus, 1000, 1900);
	CHECK(outcome_speedup_reached(&set, false));   /* 1.9x of 2 */
	set = set_of(&two_cpus, 1000, 1500);
	CHECK(!outcome_speedup_reached(&set, false));  /* 1.5x of 2: a fixed 1.5 would have called it good */
	set = set_of(&one_cpu, 1000, 1000);
	CHECK(outcome_speedup_reached(&set, false));   /* one CPU: 1x is all there is */
	set = set_of(&eight_cpus, 1000, 3000);
	CHECK(!outcome_speedup_reached(&set, false));  /* 3x where 8x was there to take */
	set = set_of(&eight_cpus, 1000, 6400);
	CHECK(outcome_speedup_reached(&set, false));
	set.has_baseline = false;
	CHECK(!outcome_speedup_reached(&set, false));  /* no baseline, nothing to judge */
}

int main(void)
{
	test_durations_and_titles();
	test_reachable_speedup();
	test_speedup_judged_against_reach();
	return check_report("wording");
}
