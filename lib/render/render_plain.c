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

#include <string.h>

#include "model/axis.h"
#include "model/timeline.h"
#include "render/glyph.h"
#include "render/wording.h"

#define LABEL_WIDTH 18
#define ROW_MAX 1024 /* longest timeline row: --width is at most 1000 */

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
