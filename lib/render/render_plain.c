/*
 * render_plain.c: the timeline as plain ASCII text.
 *
 * This is what `metaconc run --plain` prints, and what a pipe or a test
 * sees. Worker lanes show the CPU digit where the worker ran; CPU lanes show
 * the letter of the worker that held the CPU. The cells come from the
 * timeline model, so this picture and the full-screen view always agree.
 */
#include "render/render_plain.h"

#include <string.h>

#include "core/cpus.h"
#include "model/axis.h"
#include "model/timeline.h"

#define LABEL_WIDTH 18
#define ROW_MAX 1024 /* longest timeline row: --width is at most 1000 */

void render_plain_duration(char *buf, size_t size, uint64_t ns)
{
	if (ns >= 1000000000ull)
		snprintf(buf, size, "%.2f s", (double)ns / 1e9);
	else if (ns >= 1000000ull)
		snprintf(buf, size, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, size, "%.3f ms", (double)ns / 1e6);
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

void render_plain_title(char *buf, size_t size, const struct experiment_spec *spec)
{
	char cpus[64] = "all CPUs";
	int workers = spec->technique == TECHNIQUE_SEQUENTIAL ? 1 : spec->workers;
	const char *noun = technique_uses_processes(spec->technique) ?
	    (workers > 1 ? "processes" : "process") : (workers > 1 ? "threads" : "thread");
	size_t used;

	if (spec->pinned) {
		char list[48];

		cpus_format(&spec->cpus, list, sizeof list);
		snprintf(cpus, sizeof cpus, "pinned to CPU%s %s", CPU_COUNT(&spec->cpus) > 1 ? "s" : "", list);
	}
	used = (size_t)snprintf(buf, size, "%s: %d %s, %u task%s of %u ms %s, %s",
	    technique_name(spec->technique), workers, noun, spec->tasks, spec->tasks > 1 ? "s" : "", spec->task_ms, work_phrase(spec->work), cpus);
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

void render_plain_race(char *buf, size_t size, const struct outcome *outcome)
{
	const struct technique_report *report = outcome->report;
	uint64_t lost = outcome_lost_updates(outcome);
	uint64_t waiting = 0;
	char waited[24];

	for (int i = 0; i < outcome->stats.lane_count; i++)
		waiting += outcome->stats.lanes[i].waiting_ns;
	render_plain_duration(waited, sizeof waited, waiting);
	if (outcome->spec->lock)
		snprintf(buf, size, "%llu deposits made, balance %llu: %llu lost updates; the threads waited %s in all "
		    "for the lock", (unsigned long long)report->deposits, (unsigned long long)report->balance,
		    (unsigned long long)lost, waited);
	else
		snprintf(buf, size, "%llu deposits made, balance %llu: %llu lost updates (%.1f%%), no lock",
		    (unsigned long long)report->deposits, (unsigned long long)report->balance,
		    (unsigned long long)lost, report->deposits ? 100.0 * (double)lost / (double)report->deposits : 0.0);
}

bool render_plain_amdahl(char *buf, size_t size, const struct outcome *run, const struct outcome *baseline)
{
	struct amdahl amdahl;

	if (!outcome_amdahl(run, baseline, &amdahl))
		return false;
	snprintf(buf, size, "Amdahl's law: the serial part is %.1f%% of the sequential run, so %d at once can be "
	    "at most %.2fx as fast", 100.0 * amdahl.serial_fraction, amdahl.at_once, amdahl.bound);
	return true;
}

char render_plain_glyph(const struct timeline_cell *cell, enum timeline_view view)
{
	switch ((enum cell_state)cell->state) {
	case CELL_RUNNING:
		return view == TIMELINE_CPUS ? outcome_worker_letter(cell->worker) : outcome_cpu_digit(cell->cpu);
	case CELL_PREEMPTED:
		return '.';
	case CELL_WAITING:
		return '~';
	case CELL_BLOCKED:
		return '=';
	case CELL_IDLE:
		return '-';
	case CELL_CRASHED:
		return 'X';
	case CELL_DONE:
	case CELL_EMPTY:
	case CELL_STATE_COUNT:
		break;
	}
	return ' ';
}

/* The time axis: labels, then a ruler with a '|' at each tick. */
static void print_axis(FILE *out, uint64_t span_ns, int columns)
{
	char labels[ROW_MAX], ruler[ROW_MAX];

	axis_lines(labels, ruler, columns, 0, span_ns);
	fprintf(out, "%-*s%s\n", LABEL_WIDTH, "", labels);
	fprintf(out, "%-*s%s\n", LABEL_WIDTH, "time", ruler);
}

static void print_lanes(FILE *out, const struct timeline *timeline, const struct outcome *outcome)
{
	char row[ROW_MAX];

	for (int lane = 0; lane < timeline->lanes; lane++) {
		char label[32];

		for (int column = 0; column < timeline->columns; column++)
			row[column] = render_plain_glyph(timeline_cell(timeline, lane, column), timeline->view);
		row[timeline->columns] = '\0';
		if (timeline->view == TIMELINE_WORKERS)
			outcome_lane_label(outcome->recording, lane, label, sizeof label);
		else
			snprintf(label, sizeof label, "CPU %d", lane);
		fprintf(out, "%-*.*s%s\n", LABEL_WIDTH, LABEL_WIDTH - 1, label, row);
	}
}

/* One run's lanes: workers, then CPUs, over [0, span_ns). */
static void print_section(FILE *out, const struct outcome *outcome, const char *heading,
    uint64_t span_ns, int columns)
{
	struct timeline timeline = { 0 };

	fprintf(out, "%s\n", heading);
	print_axis(out, span_ns, columns);
	if (timeline_build(&timeline, outcome->recording, TIMELINE_WORKERS, 0, span_ns, columns) == 0)
		print_lanes(out, &timeline, outcome);
	fprintf(out, "%-*s\n", LABEL_WIDTH, "CPUs (who ran)");
	if (timeline_build(&timeline, outcome->recording, TIMELINE_CPUS, 0, span_ns, columns) == 0)
		print_lanes(out, &timeline, outcome);
	timeline_free(&timeline);
}

static void print_legend(FILE *out, enum technique technique)
{
	fprintf(out, "legend: 0-9 running on that CPU   . preempted (ready, no CPU free)   ~ %s\n"
	    "        = blocked in I/O   - idle   X crashed or hung   blank: not started or exited\n"
	    "        CPU lanes: the letter of the worker that held the CPU; - idle\n",
	    technique_waiting_meaning(technique));
}

/* What went wrong in one run; a label ("python") tells a Python run's lines from the C run's. */
static void print_failures(FILE *out, const struct outcome *outcome, const char *label)
{
	char prefix[40] = "", worker[40] = "worker";

	if (label != NULL) {
		snprintf(prefix, sizeof prefix, "%s: ", label);
		snprintf(worker, sizeof worker, "%s worker", label);
	}
	const struct run_stats *stats = &outcome->stats;

	for (int lane = 0; lane < stats->lane_count; lane++) {
		const struct lane_stats *ls = &stats->lanes[lane];
		const char *noun = outcome_worker_noun(outcome);
		char who[48];

		if (ls->crash_reason == 0)
			continue;
		snprintf(who, sizeof who, "%s %c (%s %llu)", worker, outcome_worker_letter(lane), noun,
		    (unsigned long long)ls->crash_os_id);
		switch (ls->crash_reason) {
		case TRACE_CRASH_SIGNAL:
			fprintf(out, "%s crashed: killed by signal %d (%s)\n", who, ls->crash_detail,
			    strsignal(ls->crash_detail));
			break;
		case TRACE_CRASH_EXIT:
			fprintf(out, "%s failed: exited with status %d\n", who, ls->crash_detail);
			break;
		case TRACE_CRASH_HUNG:
			fprintf(out, "%s hung: it recorded nothing for too long, so it was stopped\n", who);
			break;
		case TRACE_CRASH_FAILED:
			fprintf(out, "%s failed: its task returned an error\n", who);
			break;
		}
	}
	if (outcome->tasks_lost > 0)
		fprintf(out, "%s%u task%s never finished\n", prefix, outcome->tasks_lost,
		    outcome->tasks_lost > 1 ? "s" : "");
	if (outcome->report->error[0] != '\0')
		fprintf(out, "%sthe run failed: %s\n", prefix, outcome->report->error);
}

/* What the Python section is about, by technique. */
static const char *python_summary(enum technique technique)
{
	switch (technique) {
	case TECHNIQUE_SPAWN:
		return "threads created in a loop, under the real GIL";
	case TECHNIQUE_DECORATOR:
		return "each @concurrent call on a thread of its own, under the real GIL";
	case TECHNIQUE_POOL:
		return "ParallelMeta builds the instances on a multiprocessing pool";
	case TECHNIQUE_GIL:
		return "CPU-bound threads under the real GIL";
	case TECHNIQUE_RACE:
		return "threads depositing into one account, under the real GIL";
	case TECHNIQUE_ASYNC:
		return "asyncio tasks on one thread, one lane per task";
	case TECHNIQUE_SEQUENTIAL:
	case TECHNIQUE_COUNT:
		break;
	}
	return "the same tasks one after another in one thread";
}

static void python_heading(char *buf, size_t size, const struct outcome *outcome, const char *what)
{
	const char *version = outcome->python.version;

	snprintf(buf, size, "Python %s, python/%s: %s, same time scale", version[0] ? version : "?",
	    outcome->python.script, what);
}

/* The summary lines of a Python run, each beginning "python". */
static void print_python_summary(FILE *out, const struct outcome_set *set)
{
	const struct outcome *python = &set->python;
	const struct outcome_python *trace = &python->python;
	const struct run_stats *stats = &python->stats;
	char wall[24], cpu[24], line[256];

	render_plain_duration(wall, sizeof wall, stats->wall_ns);
	render_plain_duration(cpu, sizeof cpu, stats->cpu_ns);
	fprintf(out, "python: wall %s, CPU time %s, on average %.2f CPUs busy\n", wall, cpu,
	    stats_parallelism(stats));
	fprintf(out, "python: %u of %u tasks done, %llu events recorded, %llu dropped\n", python->tasks_done,
	    python->spec->tasks, (unsigned long long)stats->events, (unsigned long long)stats->dropped);
	if (set->has_python_baseline) {
		char base[24];

		render_plain_duration(base, sizeof base, set->python_baseline.stats.wall_ns);
		fprintf(out, "python: speedup %.2fx over sequential Python (sequential: wall %s)\n",
		    outcome_python_speedup(set), base);
	}
	if (set->has_python_baseline && render_plain_amdahl(line, sizeof line, python, &set->python_baseline))
		fprintf(out, "python: %s\n", line);
	if (python->spec->technique == TECHNIQUE_RACE) {
		render_plain_race(line, sizeof line, python);
		fprintf(out, "python: %s\n", line);
	}
	if (python->report->pickle_bytes > 0) {
		char took[24];

		uint32_t batch = python->spec->batch ? python->spec->batch : 1;
		uint32_t messages = (python->spec->tasks + batch - 1) / batch;

		render_plain_duration(took, sizeof took, python->report->pickle_ns);
		fprintf(out, "python: one task's arguments pickle to %llu bytes in %s; pickled once per message "
		    "of %u task%s: %u times\n", (unsigned long long)python->report->pickle_bytes, took, batch,
		    batch == 1 ? "" : "s", messages);
	}
	if (trace->rejected > 0)
		fprintf(out, "python: %llu protocol line%s rejected; the first, line %llu: %s\n",
		    (unsigned long long)trace->rejected, trace->rejected > 1 ? "s" : "",
		    (unsigned long long)trace->first_rejected_line, trace->first_rejection);
	print_failures(out, python, "python");
	if (set->has_python_baseline) {
		if (set->python_baseline.python.rejected > 0)
			fprintf(out, "sequential python: %llu protocol lines rejected\n",
			    (unsigned long long)set->python_baseline.python.rejected);
		print_failures(out, &set->python_baseline, "sequential python");
	}
}

void render_plain_summary(FILE *out, const struct outcome_set *set)
{
	const struct outcome *run = &set->run;
	const struct run_stats *stats = &run->stats;
	char wall[24], cpu[24], line[256];

	render_plain_duration(wall, sizeof wall, stats->wall_ns);
	render_plain_duration(cpu, sizeof cpu, stats->cpu_ns);
	fprintf(out, "wall %s, CPU time %s, on average %.2f CPUs busy\n", wall, cpu,
	    stats_parallelism(stats));
	for (int k = 0; k < stats->cpu_count; k++)
		fprintf(out, "%sCPU %d busy %.0f%%", k ? ", " : "", k, 100.0 * stats_cpu_utilisation(stats, k));
	fprintf(out, "\n%u of %u tasks done, %llu events recorded, %llu dropped\n", run->tasks_done,
	    run->spec->tasks, (unsigned long long)stats->events, (unsigned long long)stats->dropped);
	if (run->report->callable[0] != '\0')
		fprintf(out, "calls went through %s: %u futures joined, %u failure%s reached the caller\n",
		    run->report->callable, run->report->results, run->report->failures,
		    run->report->failures == 1 ? "" : "s");
	else if (run->spec->technique == TECHNIQUE_POOL)
		fprintf(out, "Worker() built %u instance%s in %d processes and sent them back to the parent\n",
		    run->report->results, run->report->results == 1 ? "" : "s", run->spec->workers);
	if (set->has_vs) {
		char title[256], other[24];

		render_plain_title(title, sizeof title, set->vs.spec);
		render_plain_duration(other, sizeof other, set->vs.stats.wall_ns);
		fprintf(out, "%.2fx as fast as the run it was compared with (%s: wall %s)\n",
		    outcome_vs_ratio(set), title, other);
	}
	if (run->spec->technique == TECHNIQUE_RACE) {
		render_plain_race(line, sizeof line, run);
		fprintf(out, "%s\n", line);
	}
	if (set->has_vs && set->vs.spec->technique == TECHNIQUE_RACE) {
		render_plain_race(line, sizeof line, &set->vs);
		fprintf(out, "the run compared with: %s\n", line);
	}
	if (set->has_baseline) {
		char base[24];

		render_plain_duration(base, sizeof base, set->baseline.stats.wall_ns);
		fprintf(out, "speedup %.2fx over sequential (sequential: wall %s)\n", outcome_speedup(set), base);
		if (render_plain_amdahl(line, sizeof line, run, &set->baseline))
			fprintf(out, "%s\n", line);
	}
	print_failures(out, run, NULL);
	if (set->has_python)
		print_python_summary(out, set);
	if (set->interrupted_by != 0)
		fprintf(out, "interrupted by %s: every worker was stopped and reaped\n",
		    strsignal(set->interrupted_by));
}

void render_plain(FILE *out, const struct outcome_set *set, int width)
{
	int columns = width - LABEL_WIDTH;
	uint64_t span = set->run.stats.wall_ns;
	char title[256], heading[300];

	if (columns > ROW_MAX - 1)
		columns = ROW_MAX - 1;
	if (columns < 10)
		columns = 10;
	if (set->has_baseline && set->baseline.stats.wall_ns > span)
		span = set->baseline.stats.wall_ns;
	if (set->has_vs && set->vs.stats.wall_ns > span)
		span = set->vs.stats.wall_ns;
	if (set->has_python && set->python.stats.wall_ns > span)
		span = set->python.stats.wall_ns;
	if (set->has_python_baseline && set->python_baseline.stats.wall_ns > span)
		span = set->python_baseline.stats.wall_ns;
	if (span == 0)
		span = 1;

	render_plain_title(title, sizeof title, set->run.spec);
	fprintf(out, "%s\n\n", title);
	/* Beside a Python run, the C run says it is C. */
	snprintf(heading, sizeof heading, "%s%s", set->has_python ? "in C: " : "", technique_summary(set->run.spec->technique));
	print_section(out, &set->run, heading, span, columns);
	if (set->has_vs) {
		render_plain_title(title, sizeof title, set->vs.spec);
		snprintf(heading, sizeof heading, "vs %s, same time scale", title);
		fputc('\n', out);
		print_section(out, &set->vs, heading, span, columns);
	}
	if (set->has_baseline) {
		fputc('\n', out);
		print_section(out, &set->baseline, set->has_python ?
		    "in C: sequential baseline: the same tasks in one thread, same time scale" :
		    "sequential baseline: the same tasks in one thread, same time scale", span, columns);
	}
	if (set->has_python) {
		python_heading(heading, sizeof heading, &set->python, python_summary(set->python.spec->technique));
		fputc('\n', out);
		print_section(out, &set->python, heading, span, columns);
	}
	if (set->has_python_baseline) {
		python_heading(heading, sizeof heading, &set->python_baseline, "the sequential baseline");
		fputc('\n', out);
		print_section(out, &set->python_baseline, heading, span, columns);
	}
	fputc('\n', out);
	print_legend(out, set->run.spec->technique);
	fputc('\n', out);
	render_plain_summary(out, set);
}
