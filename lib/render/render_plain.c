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
#include "render/glyph.h"

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
			row[column] = glyph_ascii(timeline_cell(timeline, lane, column), timeline->view);
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

/* Prints `text` at the end of `line`, first starting a new line if it would pass `width`. */
static void legend_entry(FILE *out, int *used, int width, const char *text)
{
	int length = (int)strlen(text);

	if (*used > LABEL_WIDTH && *used + 3 + length > width) {
		fprintf(out, "\n%-*s", LABEL_WIDTH, "");
		*used = LABEL_WIDTH;
	} else if (*used > LABEL_WIDTH) {
		fputs("   ", out);
		*used += 3;
	}
	fputs(text, out);
	*used += length;
}

/* A view's glyphs (their ASCII form) and meanings, after a label, wrapped at `width`. */
static void print_legend_lines(FILE *out, const char *label, enum timeline_view view, const char *waiting,
    int width)
{
	const enum cell_state *states = glyph_legend(view);
	int used = LABEL_WIDTH;

	fprintf(out, "%-*s", LABEL_WIDTH, label);
	for (int i = 0; states[i] != CELL_STATE_COUNT; i++) {
		const struct glyph *glyph = glyph_of(states[i], view);
		char entry[96];

		if (states[i] == CELL_RUNNING)
			snprintf(entry, sizeof entry, "%s %s", view == TIMELINE_CPUS ? "A-Z" : "0-9", glyph->meaning);
		else if (states[i] == CELL_WAITING)
			snprintf(entry, sizeof entry, "%c %s", glyph->ascii, waiting);
		else
			snprintf(entry, sizeof entry, "%c %s", glyph->ascii, glyph->meaning);
		legend_entry(out, &used, width, entry);
	}
	if (view == TIMELINE_WORKERS)
		legend_entry(out, &used, width, "blank: not started or exited");
	fputc('\n', out);
}

/* The legend; `waiting` is what the technique's workers wait for ("waiting for the GIL"). */
static void print_legend(FILE *out, enum recording_schedule schedule, const char *waiting, int width)
{
	print_legend_lines(out, "legend: workers", TIMELINE_WORKERS, waiting, width);
	print_legend_lines(out, "        CPUs", TIMELINE_CPUS, waiting, width);
	fprintf(out, "%-*s%s\n", LABEL_WIDTH, "", glyph_schedule_note(schedule));
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
		char base[24], lost[160];

		render_plain_duration(base, sizeof base, set->python_baseline.stats.wall_ns);
		if (outcome_python_speedup_measured(set))
			fprintf(out, "python: speedup %.2fx over sequential Python (sequential: wall %s)\n",
			    outcome_python_speedup(set), base);
		else {
			render_plain_no_speedup(lost, sizeof lost, set, true);
			fprintf(out, "python: %s\n", lost);
		}
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

/* "CPU 0 for 38 %" and "CPU 0 for 38 % and CPU 1 for 12 %": the CPUs other programs held noticeably. */
static void held_cpus(char *buf, size_t size, const struct outcome *outcome)
{
	const struct run_stats *stats = &outcome->stats;
	size_t used = 0;
	int listed = 0;

	buf[0] = '\0';
	for (int k = 0; k < stats->cpu_count && used < size; k++) {
		double share = stats_other_load(stats, k);

		if (share < RENDER_PLAIN_NOTICED)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%sCPU %d for %.0f %%", listed++ ? " and " : "",
		    k, 100.0 * share);
	}
}

void render_plain_other_programs(char *buf, size_t size, const struct outcome_set *set)
{
	const struct outcome *disturbed = outcome_set_disturbed(set);
	const struct outcome *about = disturbed != NULL ? disturbed : &set->run;
	const struct recording *recording = about->recording;
	char cpus[160], busiest[96] = "", which[64] = "this run";
	double share;

	buf[0] = '\0';
	if (outcome_busiest_other(about, &share) < 0 || share < RENDER_PLAIN_NOTICED)
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

void render_plain_no_speedup(char *buf, size_t size, const struct outcome_set *set, bool python)
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

void render_plain_summary(FILE *out, const struct outcome_set *set)
{
	const struct outcome *run = &set->run;
	const struct run_stats *stats = &run->stats;
	char wall[24], cpu[24], line[256];
	char others[320];

	render_plain_duration(wall, sizeof wall, stats->wall_ns);
	render_plain_duration(cpu, sizeof cpu, stats->cpu_ns);
	fprintf(out, "wall %s, CPU time %s, on average %.2f CPUs busy\n", wall, cpu,
	    stats_parallelism(stats));
	for (int k = 0; k < stats->cpu_count; k++)
		fprintf(out, "%sCPU %d busy %.0f%% (other programs %.0f%%)", k ? ", " : "", k,
		    100.0 * stats_cpu_utilisation(stats, k), 100.0 * stats_other_load(stats, k));
	fprintf(out, "\nschedule: %s\n", glyph_schedule_note(stats->schedule));
	if (stats->schedule != RECORDING_EXACT && run->recording->schedule_why[0] != '\0')
		fprintf(out, "  (estimated: %s)\n", run->recording->schedule_why);
	render_plain_other_programs(others, sizeof others, set);
	if (others[0] != '\0')
		fprintf(out, "%s\n", others);
	fprintf(out, "%u of %u tasks done, %llu events recorded, %llu dropped\n", run->tasks_done,
	    run->spec->tasks, (unsigned long long)stats->events, (unsigned long long)stats->dropped);
	if (run->report->callable[0] != '\0')
		fprintf(out, "calls went through %s: %u futures joined, %u failure%s reached the caller\n",
		    run->report->callable, run->report->results, run->report->failures,
		    run->report->failures == 1 ? "" : "s");
	else if (run->spec->technique == TECHNIQUE_POOL)
		fprintf(out, "Worker() built %u instance%s in %d process%s and sent them back to the parent\n",
		    run->report->results, run->report->results == 1 ? "" : "s", run->report->processes,
		    run->report->processes == 1 ? "" : "es");
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
		char base[24], lost[160];

		render_plain_duration(base, sizeof base, set->baseline.stats.wall_ns);
		if (outcome_speedup_measured(set)) {
			fprintf(out, "speedup %.2fx over sequential (sequential: wall %s)\n", outcome_speedup(set), base);
			if (render_plain_amdahl(line, sizeof line, run, &set->baseline))
				fprintf(out, "%s\n", line);
		} else {
			render_plain_no_speedup(lost, sizeof lost, set, false);
			fprintf(out, "%s\n", lost);
		}
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
	print_legend(out, set->run.recording->schedule, technique_waiting_meaning(set->run.spec->technique), width);
	fputc('\n', out);
	render_plain_summary(out, set);
}
