/*
 * render_plain.c: the timeline as plain ASCII text.
 *
 * This is what `metaconc run --plain` prints, and what a pipe or a test
 * sees. Worker lanes show the CPU digit where the worker ran; CPU lanes show
 * the letter of the worker that held the CPU. The cells come from the
 * timeline model, so this picture and the full-screen view always agree;
 * the sentences come from wording.c, which the view uses too.
 */
#include "render/render_plain.h"

#include <stdlib.h>
#include <string.h>

#include "model/axis.h"
#include "model/timeline.h"
#include "render/glyph.h"
#include "render/legend.h"
#include "render/wording.h"

#define LABEL_WIDTH 18
#define ROW_MAX 1024 /* longest timeline row: --width is at most 1000 */

/* The time axis: labels, then a ruler with a '|' at each tick. */
static void print_axis(FILE *out, int label_width, uint64_t span_ns, int columns)
{
	char labels[ROW_MAX], ruler[ROW_MAX];

	axis_lines(labels, ruler, columns, 0, span_ns);
	fprintf(out, "%-*s%s\n", label_width, "", labels);
	fprintf(out, "%-*s%s\n", label_width, "time", ruler);
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
	print_axis(out, LABEL_WIDTH, span_ns, columns);
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
    enum legend_source source, int width)
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
		else if (view == TIMELINE_WORKERS)
			snprintf(entry, sizeof entry, "%c %s", glyph->ascii, legend_meaning(states[i], source));
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
	print_legend_lines(out, "legend: workers", TIMELINE_WORKERS, waiting, LEGEND_RUN, width);
	print_legend_lines(out, "        CPUs", TIMELINE_CPUS, waiting, LEGEND_RUN, width);
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
	char line[512];

	wording_times(line, sizeof line, &python->stats);
	fprintf(out, "python: %s\n", line);
	wording_tasks(line, sizeof line, python);
	fprintf(out, "python: %s\n", line);
	if (set->has_python_baseline) {
		wording_set_speedup(line, sizeof line, set, true);
		fprintf(out, "python: %s\n", line);
	}
	if (set->has_python_baseline && wording_amdahl(line, sizeof line, python, &set->python_baseline))
		fprintf(out, "python: %s\n", line);
	if (python->spec->technique == TECHNIQUE_RACE) {
		wording_race(line, sizeof line, python);
		fprintf(out, "python: %s\n", line);
	}
	if (wording_pickling(line, sizeof line, python))
		fprintf(out, "python: %s\n", line);
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
	char line[512];

	wording_times(line, sizeof line, stats);
	fprintf(out, "%s\n", line);
	for (int k = 0; k < stats->cpu_count; k++)
		fprintf(out, "%sCPU %d busy %.0f%% (other programs %.0f%%)", k ? ", " : "", k,
		    100.0 * stats_cpu_utilisation(stats, k), 100.0 * stats_other_load(stats, k));
	fprintf(out, "\nschedule: %s\n", glyph_schedule_note(stats->schedule));
	if (stats->schedule != RECORDING_EXACT && run->recording->schedule_why[0] != '\0')
		fprintf(out, "  (estimated: %s)\n", run->recording->schedule_why);
	wording_other_programs(line, sizeof line, set);
	if (line[0] != '\0')
		fprintf(out, "%s\n", line);
	wording_tasks(line, sizeof line, run);
	fprintf(out, "%s\n", line);
	wording_report(line, sizeof line, run);
	if (line[0] != '\0')
		fprintf(out, "%s\n", line);
	if (set->has_vs) {
		wording_vs(line, sizeof line, set);
		fprintf(out, "%s\n", line);
	}
	if (run->spec->technique == TECHNIQUE_RACE) {
		wording_race(line, sizeof line, run);
		fprintf(out, "%s\n", line);
	}
	if (set->has_vs && set->vs.spec->technique == TECHNIQUE_RACE) {
		wording_race(line, sizeof line, &set->vs);
		fprintf(out, "the run compared with: %s\n", line);
	}
	if (set->has_baseline) {
		wording_set_speedup(line, sizeof line, set, false);
		fprintf(out, "%s\n", line);
		if (outcome_speedup_measured(set) && wording_amdahl(line, sizeof line, run, &set->baseline))
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

	wording_title(title, sizeof title, set->run.spec);
	fprintf(out, "%s\n\n", title);
	/* Beside a Python run, the C run says it is C. */
	snprintf(heading, sizeof heading, "%s%s", set->has_python ? "in C: " : "", technique_summary(set->run.spec->technique));
	print_section(out, &set->run, heading, span, columns);
	if (set->has_vs) {
		wording_title(title, sizeof title, set->vs.spec);
		snprintf(heading, sizeof heading, "vs %s, same time scale", title);
		fputc('\n', out);
		print_section(out, &set->vs, heading, span, columns);
	}
	if (set->has_baseline) {
		fputc('\n', out);
		snprintf(heading, sizeof heading, "%s%s, same time scale", set->has_python ? "in C: " : "",
		    wording_baseline_heading());
		print_section(out, &set->baseline, heading, span, columns);
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

/* ---- a traced program (metaconc trace) ------------------------------------ */

#define TRACE_LABEL_WIDTH 24

static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* A process's row: its label, indented by depth, and its fate at the right. */
static void print_process_row(FILE *out, const struct observed *observed, const struct tree_row *row, int width)
{
	char label[TREE_COMMAND_SIZE + 32], fate[64];
	int indent = 2 * row->depth, room;

	process_tree_process_label(observed->tree, row->process, label, sizeof label);
	process_tree_fate_text(observed->tree, row->process, fate, sizeof fate);
	room = width - indent - (int)strlen(fate) - 2;
	if (room < 10)
		room = 10;
	fprintf(out, "%*s%-*.*s  %s\n", indent, "", room, room, label, fate);
}

static void print_observed_lanes(FILE *out, const struct observed *observed, const struct timeline *timeline,
    int width)
{
	int count = process_tree_row_count(observed->tree);
	struct tree_row *rows = malloc((size_t)(count > 0 ? count : 1) * sizeof *rows);
	char cells[ROW_MAX];

	if (rows == NULL)
		return;
	count = process_tree_rows(observed->tree, rows);
	for (int i = 0; i < count; i++) {
		char label[64];

		if (rows[i].lane < 0) {
			print_process_row(out, observed, &rows[i], width);
			continue;
		}
		if (rows[i].lane >= timeline->lanes)
			continue;
		for (int column = 0; column < timeline->columns; column++)
			cells[column] = glyph_ascii(timeline_cell(timeline, rows[i].lane, column), timeline->view);
		cells[timeline->columns] = '\0';
		process_tree_thread_label(observed->tree, rows[i].lane, TRACE_LABEL_WIDTH, label, sizeof label);
		fprintf(out, "%-*.*s%s\n", TRACE_LABEL_WIDTH, TRACE_LABEL_WIDTH - 1, label, cells);
	}
	free(rows);
}

static void print_observed_cpus(FILE *out, const struct timeline *timeline)
{
	char cells[ROW_MAX];

	fprintf(out, "%-*s\n", TRACE_LABEL_WIDTH, "CPUs (who ran)");
	for (int cpu = 0; cpu < timeline->lanes; cpu++) {
		char label[32];

		for (int column = 0; column < timeline->columns; column++)
			cells[column] = glyph_ascii(timeline_cell(timeline, cpu, column), timeline->view);
		cells[timeline->columns] = '\0';
		snprintf(label, sizeof label, "CPU %d", cpu);
		fprintf(out, "%-*s%s\n", TRACE_LABEL_WIDTH, label, cells);
	}
}

static void print_observed_legend(FILE *out, const struct observed *observed, int width)
{
	char precision[256];

	legend_cpu_precision(observed, precision, sizeof precision);
	print_legend_lines(out, "legend: threads", TIMELINE_WORKERS, legend_meaning(CELL_WAITING, LEGEND_TRACE),
	    LEGEND_TRACE, width);
	print_legend_lines(out, "        CPUs", TIMELINE_CPUS, NULL, LEGEND_TRACE, width);
	fprintf(out, "%-*s%s\n", LABEL_WIDTH, "", precision);
}

void render_plain_observed(FILE *out, const struct observed *observed, int width)
{
	int columns = width - TRACE_LABEL_WIDTH;
	uint64_t span = observed->stats.wall_ns > 0 ? observed->stats.wall_ns : 1;
	struct timeline timeline = { 0 };
	char counts[64], label[TREE_COMMAND_SIZE + 32];

	if (columns > ROW_MAX - 1)
		columns = ROW_MAX - 1;
	if (columns < 10)
		columns = 10;
	wording_tree_counts(counts, sizeof counts, observed->tree);
	if (observed->tree->process_count > 0)
		process_tree_process_label(observed->tree, 0, label, sizeof label);
	else
		snprintf(label, sizeof label, "nothing");
	fprintf(out, "metaconc trace: %s: %s\n\n", label, counts);
	print_axis(out, TRACE_LABEL_WIDTH, span, columns);
	if (timeline_build(&timeline, observed->recording, TIMELINE_WORKERS, 0, span, columns) == 0)
		print_observed_lanes(out, observed, &timeline, width);
	if (timeline_build(&timeline, observed->recording, TIMELINE_CPUS, 0, span, columns) == 0)
		print_observed_cpus(out, &timeline);
	timeline_free(&timeline);
	fputc('\n', out);
	print_observed_legend(out, observed, width);
	fputc('\n', out);
	render_plain_observed_summary(out, observed);
}

/* "kept 0.98 CPUs busy and spent 71 % of their time waiting on a lock, ..." for a group of threads. */
static void print_sums(FILE *out, const struct observed_sums *sums, uint64_t wall_ns)
{
	char cpu[24];

	wording_duration(cpu, sizeof cpu, sums->running_ns);
	fprintf(out, "%d thread%s kept %.2f CPUs busy (CPU time %s) and spent %.0f %% of their time running, "
	    "%.0f %% preempted, %.0f %% waiting on a lock, %.0f %% blocked\n", sums->threads,
	    sums->threads == 1 ? "" : "s", wall_ns ? (double)sums->running_ns / (double)wall_ns : 0.0, cpu,
	    share(sums->running_ns, sums->lifetime_ns), share(sums->preempted_ns, sums->lifetime_ns),
	    share(sums->waiting_ns, sums->lifetime_ns), share(sums->blocked_ns, sums->lifetime_ns));
}

/* How the command ended, in one line. */
static void print_ending(FILE *out, const struct observed *observed)
{
	if (observed->detached)
		fprintf(out, "metaconc let go of process %u: it runs on, untouched\n", observed->attached_pid);
	else if (!observed->ended)
		fprintf(out, "the program was still running when the trace ended\n");
	else if (observed->signal != 0)
		fprintf(out, "the command was killed by SIG%s%s (exit status %d)%s\n", sigabbrev_np(observed->signal),
		    observed->core_dumped ? ", core dumped" : "", observed->exit_status,
		    observed->timed_out ? ": its time limit ran out" :
		    observed->killed ? ": metaconc killed it at the second interrupt" : "");
	else
		fprintf(out, "the command exited with status %d\n", observed->exit_status);
	if (observed->interrupted_by != 0)
		fprintf(out, "metaconc passed SIG%s on to the command's process group\n",
		    sigabbrev_np(observed->interrupted_by));
}

#define SUMMARY_PROCESSES 8 /* processes the summary names, the busiest first, when there are more */

static const struct observed *sorting; /* what by_cpu_time compares (qsort takes no context) */

static int by_cpu_time(const void *a, const void *b)
{
	uint64_t x = observed_process_sums(sorting, *(const int *)a).running_ns;
	uint64_t y = observed_process_sums(sorting, *(const int *)b).running_ns;

	return x > y ? -1 : x < y ? 1 : *(const int *)a - *(const int *)b;
}

/*
 * How many processes the summary names: all of them in tree order, or, when
 * there are many (a shell script's helpers), the busiest few (*order).
 */
static int process_count_shown(const struct observed *observed, int *order)
{
	int count = observed->tree->process_count;

	if (count <= SUMMARY_PROCESSES || order == NULL)
		return count;
	for (int i = 0; i < count; i++)
		order[i] = i;
	sorting = observed;
	qsort(order, (size_t)count, sizeof *order, by_cpu_time);
	return SUMMARY_PROCESSES;
}

void render_plain_observed_summary(FILE *out, const struct observed *observed)
{
	const struct run_stats *stats = &observed->stats;
	const struct process_tree *tree = observed->tree;
	int *order = tree->process_count > SUMMARY_PROCESSES ? malloc((size_t)tree->process_count * sizeof *order) : NULL;
	char wall[24], cpu[24];
	int shown;

	wording_duration(wall, sizeof wall, stats->wall_ns);
	wording_duration(cpu, sizeof cpu, stats->cpu_ns);
	fprintf(out, "wall %s, CPU time %s, on average %.2f CPUs busy\n", wall, cpu, stats_parallelism(stats));
	for (int k = 0; k < stats->cpu_count; k++)
		fprintf(out, "%sCPU %d busy %.0f%%", k ? ", " : "", k, 100.0 * stats_cpu_utilisation(stats, k));
	fputc('\n', out);
	shown = process_count_shown(observed, order);
	for (int i = 0; i < shown; i++) {
		int p = order != NULL ? order[i] : i;
		const struct tree_process *process = &tree->processes[p];
		struct observed_sums sums = observed_process_sums(observed, p);
		uint64_t end = process->end_ns != 0 ? process->end_ns : observed->recording->now_ns;
		char label[TREE_COMMAND_SIZE + 32], fate[64];

		process_tree_process_label(tree, p, label, sizeof label);
		process_tree_fate_text(tree, p, fate, sizeof fate);
		fprintf(out, "%.60s (%s): ", label, fate);
		print_sums(out, &sums, end > process->start_ns ? end - process->start_ns : 0);
	}
	if (shown < tree->process_count)
		fprintf(out, "... and %d more processes, that used less CPU time (--json lists every one)\n",
		    tree->process_count - shown);
	free(order);
	if (tree->process_count > 1) {
		struct observed_sums all = observed_all_sums(observed);

		fprintf(out, "all %d processes: ", tree->process_count);
		print_sums(out, &all, stats->wall_ns);
	}
	if (observed->missed_threads > 0)
		fprintf(out, "%llu threads beyond the %d lanes a trace holds were left out\n",
		    (unsigned long long)observed->missed_threads, tree->thread_count);
	print_ending(out, observed);
}
