/*
 * render_json.c: the summary of a run as one JSON object on one line, for
 * scripts and tests: the spec, the measured times, each CPU's utilisation
 * and other programs' share of it, each lane's breakdown and fate, and the
 * speedup when there is a baseline;
 * with --python, the same for the Python run in a "python" object.
 */
#include "render/render_json.h"

#include <string.h>

#include "core/cpus.h"
#include "core/json.h"
#include "render/glyph.h"

static const char *crash_name(uint8_t reason)
{
	switch (reason) {
	case TRACE_CRASH_SIGNAL:
		return "signal";
	case TRACE_CRASH_EXIT:
		return "exit";
	case TRACE_CRASH_HUNG:
		return "hung";
	case TRACE_CRASH_FAILED:
		return "failed";
	}
	return NULL;
}

static void write_lanes(struct json_writer *w, const struct outcome *outcome)
{
	json_array_begin(w, "lanes");
	for (int i = 0; i < outcome->stats.lane_count; i++) {
		const struct lane_stats *lane = &outcome->stats.lanes[i];
		char letter[2] = { outcome_worker_letter(i), '\0' };

		json_object_begin(w, NULL);
		json_int(w, "worker", i);
		json_string(w, "letter", letter);
		json_string(w, "kind", outcome_worker_noun(outcome));
		json_uint(w, "os_id", lane->os_id);
		json_uint(w, "lives", lane->lives);
		json_uint(w, "tasks", lane->tasks);
		json_double(w, "running_ms", (double)lane->running_ns / 1e6, 3);
		json_double(w, "preempted_ms", (double)lane->preempted_ns / 1e6, 3);
		json_double(w, "waiting_ms", (double)lane->waiting_ns / 1e6, 3);
		json_double(w, "blocked_ms", (double)lane->blocked_ns / 1e6, 3);
		json_string(w, "crash", crash_name(lane->crash_reason));
		if (lane->crash_reason == TRACE_CRASH_SIGNAL)
			json_int(w, "signal", lane->crash_detail);
		json_object_end(w);
	}
	json_array_end(w);
}

/*
 * Where the per-CPU figures come from ("exact" or "estimated", and why),
 * other programs' share of each CPU, the busiest of them by name, and
 * whether they disturbed the run.
 */
static void write_other_load(struct json_writer *w, const struct outcome *outcome)
{
	const struct recording *recording = outcome->recording;

	json_string(w, "schedule", glyph_schedule_name(recording->schedule));
	json_string(w, "schedule_why", recording->schedule == RECORDING_EXACT ? NULL : recording->schedule_why);
	json_array_begin(w, "other_load");
	for (int k = 0; k < outcome->stats.cpu_count; k++)
		json_double(w, NULL, stats_other_load(&outcome->stats, k), 3);
	json_array_end(w);
	json_array_begin(w, "other_programs");
	for (int i = 0; i < recording->program_count; i++) {
		json_object_begin(w, NULL);
		json_uint(w, "pid", recording->programs[i].pid);
		json_string(w, "command", recording->programs[i].command);
		json_double(w, "cpu_ms", (double)recording->programs[i].cpu_ns / 1e6, 3);
		json_object_end(w);
	}
	json_array_end(w);
	json_bool(w, "disturbed", outcome_disturbed(outcome));
}

/* What the new techniques and options measured: lost updates, the serial part, pickling. */
static void write_technique_results(struct json_writer *w, const struct outcome *outcome)
{
	const struct experiment_spec *spec = outcome->spec;
	const struct technique_report *report = outcome->report;

	if (spec->technique == TECHNIQUE_RACE) {
		json_bool(w, "lock", spec->lock);
		json_uint(w, "expected", report->deposits);
		json_uint(w, "final", report->balance);
		json_uint(w, "lost_updates", outcome_lost_updates(outcome));
	}
	if (spec->technique == TECHNIQUE_ASYNC) {
		json_bool(w, "blocking", spec->blocking);
		json_bool(w, "offload", spec->offload);
	}
	if (spec->technique == TECHNIQUE_POOL) {
		json_uint(w, "batch", spec->batch);
		json_uint(w, "arg_kb", spec->arg_kb);
		if (outcome->is_python && report->pickle_bytes > 0) {
			json_uint(w, "pickle_bytes", report->pickle_bytes);
			json_double(w, "pickle_ms", (double)report->pickle_ns / 1e6, 3);
		}
	}
	if (spec->serial_ms > 0) {
		json_uint(w, "serial_ms", spec->serial_ms);
		json_double(w, "serial_wall_ms", (double)outcome_serial_ns(outcome) / 1e6, 3);
	}
}

/* Amdahl's bound beside a speedup, when the run has a serial part. */
static void write_amdahl(struct json_writer *w, const struct outcome *run, const struct outcome *baseline)
{
	struct amdahl amdahl;

	if (!outcome_amdahl(run, baseline, &amdahl))
		return;
	json_double(w, "serial_fraction", amdahl.serial_fraction, 4);
	json_int(w, "amdahl_at_once", amdahl.at_once);
	json_double(w, "amdahl_bound", amdahl.bound, 3);
}

/* The members describing one run (inside an object already open). */
static void write_run(struct json_writer *w, const struct outcome *outcome)
{
	const struct experiment_spec *spec = outcome->spec;
	const struct run_stats *stats = &outcome->stats;
	char cpus[128] = "";

	if (spec->pinned)
		cpus_format(&spec->cpus, cpus, sizeof cpus);
	json_string(w, "technique", technique_name(spec->technique));
	json_int(w, "workers", spec->workers);
	json_uint(w, "tasks", spec->tasks);
	json_string(w, "work", work_kind_name(spec->work));
	json_uint(w, "task_ms", spec->task_ms);
	json_string(w, "cpus", spec->pinned ? cpus : NULL);
	if (spec->technique == TECHNIQUE_GIL)
		json_uint(w, "switch_ms", spec->switch_ms);
	json_double(w, "wall_ms", (double)stats->wall_ns / 1e6, 3);
	json_double(w, "cpu_ms", (double)stats->cpu_ns / 1e6, 3);
	json_double(w, "parallelism", stats_parallelism(stats), 3);
	json_array_begin(w, "cpu_utilisation");
	for (int k = 0; k < stats->cpu_count; k++)
		json_double(w, NULL, stats_cpu_utilisation(stats, k), 3);
	json_array_end(w);
	write_other_load(w, outcome);
	json_uint(w, "tasks_done", outcome->tasks_done);
	json_uint(w, "tasks_lost", outcome->tasks_lost);
	json_int(w, "crashed", stats->crashed);
	json_int(w, "hung", stats->hung);
	json_uint(w, "events", stats->events);
	json_uint(w, "dropped", stats->dropped);
	if (outcome->report->callable[0] != '\0')
		json_string(w, "callable", outcome->report->callable);
	if (spec->technique == TECHNIQUE_POOL || spec->technique == TECHNIQUE_DECORATOR) {
		json_uint(w, "results", outcome->report->results);
		json_uint(w, "failures", outcome->report->failures);
	}
	write_technique_results(w, outcome);
	json_string(w, "error", outcome->report->error[0] ? outcome->report->error : NULL);
	write_lanes(w, outcome);
}

/* A Python run: the members of a run, and what its protocol reader saw. */
static void write_python_run(struct json_writer *w, const struct outcome *outcome)
{
	const struct outcome_python *python = &outcome->python;

	write_run(w, outcome);
	json_string(w, "python_version", python->version[0] ? python->version : NULL);
	json_string(w, "script", python->script);
	json_uint(w, "pid", python->pid);
	json_uint(w, "lines", python->lines);
	json_uint(w, "rejected_lines", python->rejected);
	if (python->rejected > 0) {
		json_uint(w, "first_rejected_line", python->first_rejected_line);
		json_string(w, "first_rejection", python->first_rejection);
	}
	json_bool(w, "failed", outcome_failed(outcome));
}

/* "python": the Python run, with sequential Python and the speedup over it under --compare. */
static void write_python(struct json_writer *w, const struct outcome_set *set)
{
	json_object_begin(w, "python");
	write_python_run(w, &set->python);
	if (set->has_python_baseline) {
		json_object_begin(w, "baseline");
		write_python_run(w, &set->python_baseline);
		json_object_end(w);
		if (outcome_python_speedup_measured(set))
			json_double(w, "speedup", outcome_python_speedup(set), 3);
		else
			json_null(w, "speedup"); /* work was lost: no speedup to give */
		write_amdahl(w, &set->python, &set->python_baseline);
	}
	json_object_end(w);
}

void render_json(FILE *out, const struct outcome_set *set)
{
	struct json_writer w;

	json_begin(&w, out);
	json_object_begin(&w, NULL);
	write_run(&w, &set->run);
	if (set->has_vs) {
		json_object_begin(&w, "vs");
		write_run(&w, &set->vs);
		json_object_end(&w);
		json_double(&w, "vs_ratio", outcome_vs_ratio(set), 3);
	}
	if (set->has_baseline) {
		json_object_begin(&w, "baseline");
		write_run(&w, &set->baseline);
		json_object_end(&w);
		if (outcome_speedup_measured(set))
			json_double(&w, "speedup", outcome_speedup(set), 3);
		else
			json_null(&w, "speedup"); /* work was lost: no speedup to give */
		write_amdahl(&w, &set->run, &set->baseline);
	}
	if (set->has_python)
		write_python(&w, set);
	json_bool(&w, "failed", outcome_set_failed(set));
	json_bool(&w, "disturbed", outcome_set_disturbed(set) != NULL);
	json_string(&w, "interrupted", set->interrupted_by ? sigabbrev_np(set->interrupted_by) : NULL);
	json_object_end(&w);
	fputc('\n', out);
}

/* ---- a traced program (metaconc trace) ------------------------------------ */

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static void write_observed_lanes(struct json_writer *w, const struct observed *observed)
{
	const struct process_tree *tree = observed->tree;

	json_array_begin(w, "lanes");
	for (int i = 0; i < tree->thread_count && i < observed->recording->lane_count; i++) {
		const struct tree_thread *thread = &tree->threads[i];
		const struct tree_process *process = &tree->processes[thread->process];
		const struct lane *lane = &observed->recording->lanes[i];
		const struct lane_stats *ls = &observed->stats.lanes[i];
		char letter[2] = { outcome_worker_letter(i), '\0' };
		uint64_t end;
		bool ended = observed_lane_end_ns(observed, i, &end);

		json_object_begin(w, NULL);
		json_int(w, "lane", i);
		json_string(w, "letter", letter);
		json_string(w, "kind", "thread");
		json_uint(w, "pid", process->pid);
		json_uint(w, "os_id", thread->tid);
		json_string(w, "name", thread->name);
		json_string(w, "process", process->name);
		json_double(w, "started_ms", ms(observed_lane_start_ns(observed, i)), 3);
		if (ended)
			json_double(w, "ended_ms", ms(end), 3);
		else
			json_null(w, "ended_ms");
		json_double(w, "running_ms", ms(ls->running_ns), 3);
		json_double(w, "preempted_ms", ms(ls->preempted_ns), 3);
		json_double(w, "waiting_ms", ms(ls->waiting_ns), 3);
		json_double(w, "blocked_ms", ms(ls->blocked_ns), 3);
		if (ls->crash_reason == TRACE_CRASH_SIGNAL)
			json_int(w, "signal", ls->crash_detail);
		else
			json_null(w, "signal");
		json_uint(w, "events", lane->count);
		json_object_end(w);
	}
	json_array_end(w);
}

static void write_observed_processes(struct json_writer *w, const struct observed *observed)
{
	const struct process_tree *tree = observed->tree;

	json_array_begin(w, "processes");
	for (int p = 0; p < tree->process_count; p++) {
		const struct tree_process *process = &tree->processes[p];
		struct observed_sums sums = observed_process_sums(observed, p);
		uint64_t origin = observed->recording->origin_ns;

		json_object_begin(w, NULL);
		json_uint(w, "pid", process->pid);
		json_uint(w, "ppid", process->ppid);
		json_string(w, "command", process->command);
		json_string(w, "name", process->name);
		json_int(w, "execs", process->execs);
		json_double(w, "started_ms", ms(process->start_ns > origin ? process->start_ns - origin : 0), 3);
		if (process->end_ns != 0 && process->fate != TREE_DETACHED)
			json_double(w, "ended_ms", ms(process->end_ns - origin), 3);
		else
			json_null(w, "ended_ms");
		if (process->fate == TREE_EXITED)
			json_int(w, "exit_status", process->exit_status);
		else
			json_null(w, "exit_status");
		if (process->fate == TREE_KILLED) {
			json_int(w, "signal", process->signal);
			json_bool(w, "core_dumped", process->core_dumped);
		} else {
			json_null(w, "signal");
		}
		json_bool(w, "detached", process->fate == TREE_DETACHED);
		json_int(w, "threads", sums.threads);
		json_double(w, "cpu_ms", ms(sums.running_ns), 3);
		json_double(w, "preempted_ms", ms(sums.preempted_ns), 3);
		json_double(w, "waiting_ms", ms(sums.waiting_ns), 3);
		json_double(w, "blocked_ms", ms(sums.blocked_ns), 3);
		json_object_end(w);
	}
	json_array_end(w);
}

void render_json_observed(FILE *out, const struct observed *observed)
{
	const struct run_stats *stats = &observed->stats;
	struct json_writer w;

	json_begin(&w, out);
	json_object_begin(&w, NULL);
	if (observed->command != NULL) {
		json_array_begin(&w, "command");
		for (int i = 0; i < observed->command_argc; i++)
			json_string(&w, NULL, observed->command[i]);
		json_array_end(&w);
	} else {
		json_null(&w, "command");
	}
	if (observed->attached_pid != 0)
		json_uint(&w, "attached_pid", observed->attached_pid);
	else
		json_null(&w, "attached_pid");
	if (observed->ended)
		json_int(&w, "exit_status", observed->exit_status);
	else
		json_null(&w, "exit_status");
	if (observed->signal != 0)
		json_int(&w, "signal", observed->signal);
	else
		json_null(&w, "signal");
	json_bool(&w, "detached", observed->detached);
	json_string(&w, "interrupted", observed->interrupted_by ? sigabbrev_np(observed->interrupted_by) : NULL);
	json_bool(&w, "killed", observed->killed);
	json_double(&w, "wall_ms", ms(stats->wall_ns), 3);
	json_double(&w, "cpu_ms", ms(stats->cpu_ns), 3);
	json_double(&w, "parallelism", stats_parallelism(stats), 3);
	json_array_begin(&w, "cpu_utilisation");
	for (int k = 0; k < stats->cpu_count; k++)
		json_double(&w, NULL, stats_cpu_utilisation(stats, k), 3);
	json_array_end(&w);
	json_string(&w, "cpu_lanes", observed->exact_cpus ? "exact" : "sampled");
	json_uint(&w, "rate_hz", observed->rate_hz);
	json_uint(&w, "final_rate_hz", observed->final_rate_hz);
	json_uint(&w, "events", stats->events);
	json_uint(&w, "missed_threads", observed->missed_threads);
	write_observed_lanes(&w, observed);
	write_observed_processes(&w, observed);
	json_object_end(&w);
	fputc('\n', out);
}
