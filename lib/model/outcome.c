/*
 * outcome.c: a finished run as the renderers see it: what the engine
 * gathered of it, with the numbers computed from its recording, and the
 * judgements every renderer makes the same way (speedups, failure).
 */
#include "model/outcome.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/cpus.h"

int outcome_compute_stats(struct outcome *outcome)
{
	return stats_compute(outcome->recording, &outcome->stats);
}

void outcome_free(struct outcome *outcome)
{
	stats_free(&outcome->stats);
}

void outcome_set_free(struct outcome_set *set)
{
	outcome_free(&set->run);
	if (set->has_vs)
		outcome_free(&set->vs);
	if (set->has_baseline)
		outcome_free(&set->baseline);
	if (set->has_python)
		outcome_free(&set->python);
	if (set->has_python_baseline)
		outcome_free(&set->python_baseline);
}

double outcome_speedup(const struct outcome_set *set)
{
	if (!set->has_baseline || set->run.stats.wall_ns == 0)
		return 0.0;
	return (double)set->baseline.stats.wall_ns / (double)set->run.stats.wall_ns;
}

double outcome_vs_ratio(const struct outcome_set *set)
{
	if (!set->has_vs || set->run.stats.wall_ns == 0)
		return 0.0;
	return (double)set->vs.stats.wall_ns / (double)set->run.stats.wall_ns;
}

double outcome_python_speedup(const struct outcome_set *set)
{
	if (!set->has_python || !set->has_python_baseline || set->python.stats.wall_ns == 0)
		return 0.0;
	return (double)set->python_baseline.stats.wall_ns / (double)set->python.stats.wall_ns;
}

/*
 * Equal tasks are handed out one at a time, so with L of them in progress at
 * once (the workers; one for sequential; for async, every task if they
 * block, else the one thread) the busiest lane does ceil(T / L) of the T
 * tasks, and the run cannot end sooner than that many task lengths: it is at
 * most T / ceil(T / L) times as fast as one lane doing all T. CPU work is
 * also bound by the C CPUs it may use. Blocking I/O needs no CPU. A GIL is
 * not counted: the machine could reach more, and the screen should show that
 * the lock is what held the run back.
 */
double outcome_reachable_speedup(const struct experiment_spec *spec, int usable_cpus)
{
	uint32_t tasks = spec->tasks > 0 ? spec->tasks : 1;
	uint32_t lanes = spec->workers > 0 ? (uint32_t)spec->workers : 1;
	uint32_t rounds;
	double reachable;

	if (spec->technique == TECHNIQUE_SEQUENTIAL)
		lanes = 1;
	else if (spec->technique == TECHNIQUE_ASYNC)
		lanes = spec->work == WORK_IO ? tasks : 1;
	rounds = (tasks + lanes - 1) / lanes;
	reachable = (double)tasks / (double)rounds;
	if (spec->work != WORK_IO && usable_cpus >= 1 && reachable > usable_cpus)
		reachable = usable_cpus;
	return reachable;
}

/* The CPUs the run could use: the ones it was pinned to, or all this process may use. */
static int usable_cpus(const struct experiment_spec *spec)
{
	cpu_set_t usable;

	if (spec->pinned)
		return CPU_COUNT(&spec->cpus);
	return cpus_usable(&usable);
}

/*
 * Starting threads or processes, handing out tasks and the scheduler's own
 * work cost a little, so a run that reaches 80% of its bound has done as
 * well as it could: 2 workers on 2 CPUs at 1.6x or better, 1 CPU at 0.8x.
 */
bool outcome_speedup_reached(const struct outcome_set *set, bool python)
{
	const struct outcome *run = python ? &set->python : &set->run;
	const struct outcome *baseline = python ? &set->python_baseline : &set->baseline;
	bool has_baseline = python ? set->has_python && set->has_python_baseline : set->has_baseline;
	double reachable = outcome_reachable_speedup(run->spec, usable_cpus(run->spec));
	struct amdahl amdahl;

	if (!has_baseline)
		return false;
	/* A serial part bounds it too (Amdahl's law). */
	if (outcome_amdahl(run, baseline, &amdahl) && amdahl.bound < reachable)
		reachable = amdahl.bound;
	return (python ? outcome_python_speedup(set) : outcome_speedup(set)) >= OUTCOME_REACHED_SHARE * reachable;
}

bool outcome_failed(const struct outcome *outcome)
{
	return outcome->stats.crashed > 0 || outcome->stats.hung > 0 || outcome->tasks_lost > 0 ||
	    outcome->report->error[0] != '\0' || (outcome->is_python && outcome->python.rejected > 0);
}

bool outcome_set_failed(const struct outcome_set *set)
{
	return outcome_failed(&set->run) || (set->has_python && outcome_failed(&set->python)) ||
	    (set->has_python_baseline && outcome_failed(&set->python_baseline));
}

/* True if the run could use CPU k: every CPU, or the ones it was pinned to. */
static bool could_use(const struct outcome *outcome, int cpu)
{
	return !outcome->spec->pinned || CPU_ISSET((size_t)cpu, &outcome->spec->cpus);
}

int outcome_busiest_other(const struct outcome *outcome, double *share)
{
	int busiest = -1;

	*share = 0.0;
	for (int k = 0; k < outcome->stats.cpu_count; k++) {
		double load = stats_other_load(&outcome->stats, k);

		if (could_use(outcome, k) && (busiest < 0 || load > *share)) {
			busiest = k;
			*share = load;
		}
	}
	return busiest;
}

double outcome_disturbance(const struct outcome *outcome)
{
	const struct run_stats *stats = &outcome->stats;
	uint64_t waited = 0, taken = 0;
	int usable = 0, busy;

	for (int i = 0; i < stats->lane_count; i++)
		waited += stats->lanes[i].preempted_ns;
	for (int k = 0; k < stats->cpu_count; k++) {
		if (could_use(outcome, k)) {
			usable++;
			taken += stats->cpu_other_ns[k];
		}
	}
	busy = stats->lane_count < usable ? stats->lane_count : usable;
	if (busy < 1 || stats->wall_ns == 0)
		return 0.0;
	return (double)(waited < taken ? waited : taken) / ((double)stats->wall_ns * busy);
}

/* The share from which a run counts as disturbed: OUTCOME_DISTURBED, or METACONC_DISTURBED's. */
static double disturbed_share(void)
{
	const char *text = getenv("METACONC_DISTURBED");
	char *end;
	double share;

	if (text == NULL)
		return OUTCOME_DISTURBED;
	share = strtod(text, &end);
	return end != text && *end == '\0' && share > 0 ? share : OUTCOME_DISTURBED;
}

bool outcome_disturbed(const struct outcome *outcome)
{
	return outcome_disturbance(outcome) >= disturbed_share();
}

const struct outcome *outcome_set_disturbed(const struct outcome_set *set)
{
	const struct outcome *runs[] = {
		&set->run,
		set->has_vs ? &set->vs : NULL,
		set->has_baseline ? &set->baseline : NULL,
		set->has_python ? &set->python : NULL,
		set->has_python_baseline ? &set->python_baseline : NULL,
	};

	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		if (runs[i] != NULL && outcome_disturbed(runs[i]))
			return runs[i];
	}
	return NULL;
}

bool outcome_speedup_measured(const struct outcome_set *set)
{
	return set->has_baseline && !outcome_failed(&set->run) && !outcome_failed(&set->baseline) &&
	    set->interrupted_by == 0;
}

bool outcome_python_speedup_measured(const struct outcome_set *set)
{
	return set->has_python && set->has_python_baseline && !outcome_failed(&set->python) &&
	    !outcome_failed(&set->python_baseline) && set->interrupted_by == 0;
}

int outcome_tasks_at_once(const struct experiment_spec *spec, int usable_cpus)
{
	int at_once = spec->workers < usable_cpus ? spec->workers : usable_cpus;

	if (spec->technique == TECHNIQUE_SEQUENTIAL)
		at_once = 1;
	else if (spec->technique == TECHNIQUE_ASYNC)
		at_once = spec->work == WORK_IO ? (int)spec->tasks : 1;
	else if (spec->work == WORK_IO)
		at_once = spec->workers;
	else if (spec->technique == TECHNIQUE_GIL && spec->work == WORK_CPU)
		at_once = 1;
	return at_once > 0 ? at_once : 1;
}

uint64_t outcome_serial_ns(const struct outcome *outcome)
{
	const struct recording *recording = outcome->recording;
	uint64_t serial = 0;

	for (int i = 0; i < recording->lane_count; i++) {
		const struct lane *lane = &recording->lanes[i];

		for (size_t k = 0; k < lane->count; k++) {
			if (lane->events[k].kind == TRACE_RUN && lane->events[k].task == TRACE_NO_TASK)
				serial += lane->events[k].duration_ns;
		}
	}
	return serial;
}

bool outcome_amdahl(const struct outcome *run, const struct outcome *baseline, struct amdahl *out)
{
	cpu_set_t usable;
	int cpus = run->spec->pinned ? CPU_COUNT(&run->spec->cpus) : cpus_usable(&usable);
	double s;

	if (run->spec->serial_ms == 0 || baseline->stats.wall_ns == 0)
		return false;
	s = (double)outcome_serial_ns(baseline) / (double)baseline->stats.wall_ns;
	if (s > 1.0)
		s = 1.0;
	out->serial_fraction = s;
	out->at_once = outcome_tasks_at_once(run->spec, cpus);
	if ((uint32_t)out->at_once > run->spec->tasks)
		out->at_once = (int)run->spec->tasks;
	out->bound = 1.0 / (s + (1.0 - s) / out->at_once);
	return true;
}

uint64_t outcome_lost_updates(const struct outcome *outcome)
{
	const struct technique_report *report = outcome->report;

	return report->deposits > report->balance ? report->deposits - report->balance : 0;
}

char outcome_cpu_digit(int cpu)
{
	if (cpu >= 0 && cpu < 10)
		return (char)('0' + cpu);
	if (cpu >= 10 && cpu < 36)
		return (char)('a' + cpu - 10);
	return '*';
}

char outcome_worker_letter(int worker)
{
	if (worker < 26)
		return (char)('A' + worker);
	if (worker < 52)
		return (char)('a' + worker - 26);
	return '+';
}

void outcome_lane_label(const struct recording *recording, int lane, char *buf, size_t size)
{
	const struct lane *l = &recording->lanes[lane];
	char letter = outcome_worker_letter(lane);

	if (l->life_count == 0)
		snprintf(buf, size, "%c (no %s yet)", letter, recording->processes ? "process" : "thread");
	else if (l->life_count == 1)
		snprintf(buf, size, "%c %s %llu", letter, recording->processes ? "pid" : "thread",
		    (unsigned long long)l->lives[0].os_id);
	else
		snprintf(buf, size, "%c %zu threads", letter, l->life_count);
}

const char *outcome_worker_noun(const struct outcome *outcome)
{
	return outcome->recording->processes ? "process" : "thread";
}
