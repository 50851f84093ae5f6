/*
 * wording.c: the words of a run, written once. The plain text, the
 * full-screen view and the lessons ask here for a duration, a run's title
 * or a sentence of the summary, then lay it out their own way: on a line of
 * their own, or side by side on a screen row with a colour.
 */
#include "render/wording.h"

#include <stdio.h>

#include "core/cpus.h"

void wording_duration(char *buf, size_t size, uint64_t ns)
{
	if (ns >= 1000000000ull)
		snprintf(buf, size, "%.2f s", (double)ns / 1e9);
	else if (ns >= 1000000ull)
		snprintf(buf, size, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, size, "%.3f ms", (double)ns / 1e6);
}

void wording_workers(char *buf, size_t size, int count, bool processes)
{
	const char *noun = processes ? (count == 1 ? "process" : "processes") : (count == 1 ? "thread" : "threads");

	snprintf(buf, size, "%d %s", count, noun);
}

void wording_tree_counts(char *buf, size_t size, const struct process_tree *tree)
{
	snprintf(buf, size, "%d process%s, %d thread%s", tree->process_count, tree->process_count == 1 ? "" : "es",
	    tree->thread_count, tree->thread_count == 1 ? "" : "s");
}

static const char *work_phrase(enum work_kind work)
{
	switch (work) {
	case WORK_CPU:
		return "CPU work";
	case WORK_IO:
		return "blocking I/O";
	case WORK_MIXED:
		return "CPU work and I/O in turn";
	}
	return "work";
}

void wording_title(char *buf, size_t size, const struct experiment_spec *spec)
{
	char cpus[64] = "all CPUs", workers[32];
	size_t used;

	wording_workers(workers, sizeof workers, spec->technique == TECHNIQUE_SEQUENTIAL ? 1 : spec->workers,
	    technique_uses_processes(spec->technique));
	if (spec->pinned) {
		char list[48];

		cpus_format(&spec->cpus, list, sizeof list);
		snprintf(cpus, sizeof cpus, "pinned to CPU%s %s", CPU_COUNT(&spec->cpus) > 1 ? "s" : "", list);
	}
	used = (size_t)snprintf(buf, size, "%s: %s, %u task%s of %u ms %s, %s", technique_name(spec->technique),
	    workers, spec->tasks, spec->tasks > 1 ? "s" : "", spec->task_ms, work_phrase(spec->work), cpus);
	if (spec->technique == TECHNIQUE_GIL && used < size)
		used += (size_t)snprintf(buf + used, size - used, ", GIL switch interval %u ms", spec->switch_ms);
	if (spec->technique == TECHNIQUE_RACE && used < size)
		used += (size_t)snprintf(buf + used, size - used, spec->lock ? ", each deposit holding a mutex" :
		    ", no lock");
	if (spec->blocking && used < size)
		used += (size_t)snprintf(buf + used, size - used, spec->offload ?
		    ", the first task's blocking call offloaded to a thread" : ", the first task makes a blocking call");
	if (spec->technique == TECHNIQUE_POOL && spec->batch > 1 && used < size)
		used += (size_t)snprintf(buf + used, size - used, ", taken %u at a time", spec->batch);
	if (spec->technique == TECHNIQUE_POOL && spec->arg_kb > 0 && used < size)
		used += (size_t)snprintf(buf + used, size - used, ", a %u KiB argument each", spec->arg_kb);
	if (spec->serial_ms > 0 && used < size)
		snprintf(buf + used, size - used, ", %u ms serial", spec->serial_ms);
}

const char *wording_baseline_heading(void)
{
	return "sequential baseline: the same tasks in one thread";
}

void wording_times(char *buf, size_t size, const struct run_stats *stats)
{
	char wall[24], cpu[24];

	wording_duration(wall, sizeof wall, stats->wall_ns);
	wording_duration(cpu, sizeof cpu, stats->cpu_ns);
	snprintf(buf, size, "wall %s, CPU time %s, on average %.2f CPUs busy", wall, cpu, stats_parallelism(stats));
}

void wording_tasks(char *buf, size_t size, const struct outcome *outcome)
{
	snprintf(buf, size, "%u of %u tasks done, %llu events recorded, %llu dropped", outcome->tasks_done,
	    outcome->spec->tasks, (unsigned long long)outcome->stats.events,
	    (unsigned long long)outcome->stats.dropped);
}

void wording_speedup(char *buf, size_t size, double speedup, const char *baseline, uint64_t baseline_wall_ns)
{
	char wall[24];

	wording_duration(wall, sizeof wall, baseline_wall_ns);
	snprintf(buf, size, "speedup %.2fx over %s (sequential: wall %s)", speedup, baseline, wall);
}

void wording_vs(char *buf, size_t size, const struct outcome_set *set)
{
	char title[256], wall[24];

	wording_title(title, sizeof title, set->vs.spec);
	wording_duration(wall, sizeof wall, set->vs.stats.wall_ns);
	snprintf(buf, size, "%.2fx as fast as the run it was compared with (%s: wall %s)", outcome_vs_ratio(set),
	    title, wall);
}

void wording_report(char *buf, size_t size, const struct outcome *outcome)
{
	const struct technique_report *report = outcome->report;

	if (report->callable[0] != '\0')
		snprintf(buf, size, "calls went through %s: %u futures joined, %u failure%s reached the caller",
		    report->callable, report->results, report->failures, report->failures == 1 ? "" : "s");
	else if (outcome->spec->technique == TECHNIQUE_POOL)
		snprintf(buf, size, "Worker() built %u instance%s in %d process%s and sent them back to the parent",
		    report->results, report->results == 1 ? "" : "s", report->processes, report->processes == 1 ? "" : "es");
	else if (size > 0)
		buf[0] = '\0';
}

void wording_race(char *buf, size_t size, const struct outcome *outcome)
{
	const struct technique_report *report = outcome->report;
	uint64_t lost = outcome_lost_updates(outcome);
	uint64_t waiting = 0;
	char waited[24];

	for (int i = 0; i < outcome->stats.lane_count; i++)
		waiting += outcome->stats.lanes[i].waiting_ns;
	wording_duration(waited, sizeof waited, waiting);
	if (outcome->spec->lock)
		snprintf(buf, size, "%llu deposits made, balance %llu: %llu lost updates; the threads waited %s in all "
		    "for the lock", (unsigned long long)report->deposits, (unsigned long long)report->balance,
		    (unsigned long long)lost, waited);
	else
		snprintf(buf, size, "%llu deposits made, balance %llu: %llu lost updates (%.1f%%), no lock",
		    (unsigned long long)report->deposits, (unsigned long long)report->balance,
		    (unsigned long long)lost, report->deposits ? 100.0 * (double)lost / (double)report->deposits : 0.0);
}

bool wording_amdahl(char *buf, size_t size, const struct outcome *run, const struct outcome *baseline)
{
	struct amdahl amdahl;

	if (!outcome_amdahl(run, baseline, &amdahl))
		return false;
	snprintf(buf, size, "Amdahl's law: the serial part is %.1f%% of the sequential run, so %d at once can be "
	    "at most %.2fx as fast", 100.0 * amdahl.serial_fraction, amdahl.at_once, amdahl.bound);
	return true;
}

bool wording_pickling(char *buf, size_t size, const struct outcome *outcome)
{
	const struct technique_report *report = outcome->report;
	uint32_t batch = outcome->spec->batch ? outcome->spec->batch : 1;
	uint32_t messages = (outcome->spec->tasks + batch - 1) / batch;
	char took[24];

	if (report->pickle_bytes == 0)
		return false;
	wording_duration(took, sizeof took, report->pickle_ns);
	snprintf(buf, size, "one task's arguments pickle to %llu bytes in %s; pickled once per message of %u task%s: "
	    "%u times", (unsigned long long)report->pickle_bytes, took, batch, batch == 1 ? "" : "s", messages);
	return true;
}

/* "CPU 0 for 38 %" and "CPU 0 for 38 % and CPU 1 for 12 %": the CPUs other programs held noticeably. */
static void held_cpus(char *buf, size_t size, const struct outcome *outcome)
{
	const struct run_stats *stats = &outcome->stats;
	size_t used = 0;
	int listed = 0;

	buf[0] = '\0';
	for (int k = 0; k < stats->cpu_count && used < size; k++) {
		double share = stats_other_load(stats, k);

		if (share < WORDING_NOTICED)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%sCPU %d for %.0f %%", listed++ ? " and " : "",
		    k, 100.0 * share);
	}
}

void wording_other_programs(char *buf, size_t size, const struct outcome_set *set)
{
	const struct outcome *disturbed = outcome_set_disturbed(set);
	const struct outcome *about = disturbed != NULL ? disturbed : &set->run;
	const struct recording *recording = about->recording;
	char cpus[160], busiest[96] = "", which[64] = "this run";
	double share;

	buf[0] = '\0';
	if (outcome_busiest_other(about, &share) < 0 || share < WORDING_NOTICED)
		return;
	held_cpus(cpus, sizeof cpus, about);
	if (recording->program_count > 0)
		snprintf(busiest, sizeof busiest, " (the busiest: %s%spid %u, %.2f s of CPU time)",
		    recording->programs[0].command, recording->programs[0].command[0] != '\0' ? ", " : "",
		    recording->programs[0].pid, (double)recording->programs[0].cpu_ns / 1e9);
	if (about == &set->baseline)
		snprintf(which, sizeof which, "the sequential baseline");
	else if (about == &set->python || about == &set->python_baseline)
		snprintf(which, sizeof which, "the Python run");
	else if (about == &set->vs)
		snprintf(which, sizeof which, "the run compared with");
	snprintf(buf, size, "other programs held %s of %s%s%s", cpus, which, disturbed == NULL ? "" :
	    set->has_baseline || set->has_vs ? ": the speedup is lower than this machine can do" :
	    ": this run was slower than this machine can do", busiest);
}

void wording_no_speedup(char *buf, size_t size, const struct outcome_set *set, bool python)
{
	const struct outcome *run = python ? &set->python : &set->run;
	const struct outcome *baseline = python ? &set->python_baseline : &set->baseline;
	const struct outcome *failed = outcome_failed(run) ? run : baseline;

	if (set->interrupted_by != 0)
		snprintf(buf, size, "no speedup: the runs were interrupted before all their work was done");
	else if (failed->tasks_lost > 0)
		snprintf(buf, size, "no speedup: %s lost %u of its %u tasks, and a speedup over work not all done "
		    "is not one", failed == run ? "the run" : "the sequential baseline", failed->tasks_lost,
		    failed->spec->tasks);
	else
		snprintf(buf, size, "no speedup: %s failed, so its time does not measure the work",
		    failed == run ? "the run" : "the sequential baseline");
}

void wording_set_speedup(char *buf, size_t size, const struct outcome_set *set, bool python)
{
	bool measured = python ? outcome_python_speedup_measured(set) : outcome_speedup_measured(set);
	const struct outcome *baseline = python ? &set->python_baseline : &set->baseline;

	if (!measured)
		wording_no_speedup(buf, size, set, python);
	else
		wording_speedup(buf, size, python ? outcome_python_speedup(set) : outcome_speedup(set),
		    python ? "sequential Python" : "sequential", baseline->stats.wall_ns);
}

void wording_failure_tally(char *buf, size_t size, const struct outcome *outcome)
{
	snprintf(buf, size, "%d crashed, %d hung, %u task%s never finished%s", outcome->stats.crashed,
	    outcome->stats.hung, outcome->tasks_lost, outcome->tasks_lost == 1 ? "" : "s",
	    outcome->report->error[0] != '\0' ? "; the run failed" : "");
}

void wording_progress(char *buf, size_t size, uint64_t elapsed_ns, uint64_t cpu_ns, uint64_t events,
    uint64_t dropped)
{
	char elapsed[24], cpu[24];

	wording_duration(elapsed, sizeof elapsed, elapsed_ns);
	wording_duration(cpu, sizeof cpu, cpu_ns);
	snprintf(buf, size, "running %s: %s of CPU time so far, %llu events recorded, %llu dropped", elapsed, cpu,
	    (unsigned long long)events, (unsigned long long)dropped);
}
