/*
 * exercise_check.c: the verdict of a check on measured runs.
 *
 * Every quantity of lessons/exercises/README.md is derived here from what
 * a trace records of a run: each lane's start, end and state totals, each
 * process's start and end, each output line's arrival. Nothing here runs,
 * reads a clock or touches a file, so every item can be tested with runs
 * made by hand (tests/unit/test_exercise.c).
 */
#include "course/exercise_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Threads that end within this of the main thread's end were ended by the program's exit. */
#define EXERCISE_EXIT_INSTANT_S 0.001

/* ---- quantities of one run ---- */

/* A start (+1) or an end (-1) in a sweep over intervals. */
struct sweep_event {
	double at;
	int change;
};

static int by_time_ends_first(const void *a, const void *b)
{
	const struct sweep_event *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->change - y->change; /* -1 before +1: one ending as another starts are not at once */
}

/* The most intervals [starts[i], ends[i]) open at once; a negative end never closes. Returns -1 if out of memory. */
static int most_at_once(const double *starts, const double *ends, size_t count)
{
	struct sweep_event *events = malloc((2 * count + 1) * sizeof *events);
	size_t n = 0;
	int open = 0, most = 0;

	if (events == NULL)
		return -1;
	for (size_t i = 0; i < count; i++) {
		events[n++] = (struct sweep_event){ starts[i], +1 };
		if (ends[i] >= 0)
			events[n++] = (struct sweep_event){ ends[i], -1 };
	}
	qsort(events, n, sizeof *events, by_time_ends_first);
	for (size_t i = 0; i < n; i++) {
		open += events[i].change;
		if (open > most)
			most = open;
	}
	free(events);
	return most;
}

/* The most lanes of process `pid` (or of every process, if pid is 0) alive at once. */
static int most_lanes(const struct exercise_run *run, int pid)
{
	double *starts = malloc((run->lane_count + 1) * sizeof *starts);
	double *ends = malloc((run->lane_count + 1) * sizeof *ends);
	size_t n = 0;
	int most = -1;

	if (starts != NULL && ends != NULL) {
		for (size_t i = 0; i < run->lane_count; i++) {
			if (pid != 0 && run->lanes[i].pid != pid)
				continue;
			starts[n] = run->lanes[i].started_s;
			ends[n++] = run->lanes[i].ended_s;
		}
		most = most_at_once(starts, ends, n);
	}
	free(starts);
	free(ends);
	return most;
}

int exercise_run_most_threads(const struct exercise_run *run)
{
	return most_lanes(run, 0);
}

static int most_threads_in_a_process(const struct exercise_run *run)
{
	int most = 0;

	for (size_t i = 0; i < run->process_count; i++) {
		int lanes = most_lanes(run, run->processes[i].pid);

		if (lanes < 0)
			return -1;
		if (lanes > most)
			most = lanes;
	}
	return most;
}

int exercise_run_most_processes(const struct exercise_run *run)
{
	double *starts = malloc((run->process_count + 1) * sizeof *starts);
	double *ends = malloc((run->process_count + 1) * sizeof *ends);
	int most = -1;

	if (starts != NULL && ends != NULL) {
		for (size_t i = 0; i < run->process_count; i++) {
			starts[i] = run->processes[i].started_s;
			ends[i] = run->processes[i].ended_s;
		}
		most = most_at_once(starts, ends, run->process_count);
	}
	free(starts);
	free(ends);
	return most;
}

/*
 * The lane was alive at `at`. The program's main thread, which prints the
 * last line and then ends at once, counts until it has ended; any other
 * thread ending within EXERCISE_SAME_INSTANT_S counts as ended already.
 */
static bool lane_alive_at(const struct exercise_run *run, const struct exercise_lane *lane, double at)
{
	bool main_thread = run->process_count > 0 && lane->pid == run->processes[0].pid && lane->tid == lane->pid;
	double slack = main_thread ? 0 : EXERCISE_SAME_INSTANT_S;

	return lane->started_s <= at && (lane->ended_s < 0 || lane->ended_s >= at + slack);
}

int exercise_run_threads_at_line(const struct exercise_run *run, const char *text)
{
	int alive = 0;
	size_t line = 0;

	while (line < run->line_count && strstr(run->lines[line].text, text) == NULL)
		line++;
	if (line == run->line_count)
		return -1;
	for (size_t i = 0; i < run->lane_count; i++)
		alive += lane_alive_at(run, &run->lanes[i], run->lines[line].arrived_s);
	return alive;
}

/* Other threads of the program's process still there when its main thread ended; -1 if that is unknown. */
static int threads_at_exit(const struct exercise_run *run)
{
	const struct exercise_lane *main_thread = NULL;
	int pid, alive = 0;

	if (run->process_count == 0)
		return -1;
	pid = run->processes[0].pid;
	for (size_t i = 0; i < run->lane_count && main_thread == NULL; i++) {
		if (run->lanes[i].pid == pid && run->lanes[i].tid == pid)
			main_thread = &run->lanes[i];
	}
	if (main_thread == NULL || main_thread->ended_s < 0)
		return -1;
	for (size_t i = 0; i < run->lane_count; i++) {
		const struct exercise_lane *lane = &run->lanes[i];

		if (lane != main_thread && lane->pid == pid &&
		    (lane->ended_s < 0 || lane->ended_s >= main_thread->ended_s - EXERCISE_EXIT_INSTANT_S))
			alive++;
	}
	return alive;
}

int exercise_run_processes_left(const struct exercise_run *run)
{
	double end;
	int left = 0;

	if (run->process_count == 0 || run->processes[0].ended_s < 0)
		return -1;
	end = run->processes[0].ended_s;
	for (size_t i = 1; i < run->process_count; i++) {
		if (run->processes[i].ended_s < 0 || run->processes[i].ended_s > end + EXERCISE_LEFT_GRACE_S)
			left++;
	}
	return left;
}

/* A lane's lifetime within the run: from its start to its end, or to the run's end. */
static double lane_lifetime(const struct exercise_run *run, const struct exercise_lane *lane)
{
	double end = lane->ended_s >= 0 ? lane->ended_s : run->wall_s;

	return end > lane->started_s ? end - lane->started_s : 0;
}

/* The sum of one state's time over the lanes. */
static double lane_total(const struct exercise_run *run, enum exercise_quantity quantity)
{
	double total = 0;

	for (size_t i = 0; i < run->lane_count; i++) {
		const struct exercise_lane *lane = &run->lanes[i];

		switch (quantity) {
		case EXERCISE_RUNNING_TIME: total += lane->running_s; break;
		case EXERCISE_PREEMPTED_TIME: total += lane->preempted_s; break;
		case EXERCISE_WAITING_TIME: total += lane->waiting_s; break;
		case EXERCISE_BLOCKED_TIME: total += lane->blocked_s; break;
		default: total += lane_lifetime(run, lane); break;
		}
	}
	return total;
}

/* The running time of every process but the program's own, over all running time (0 if none ran). */
static double child_cpu_share(const struct exercise_run *run)
{
	double total = lane_total(run, EXERCISE_RUNNING_TIME), children = 0;

	for (size_t i = 0; i < run->lane_count; i++) {
		if (run->process_count > 0 && run->lanes[i].pid != run->processes[0].pid)
			children += run->lanes[i].running_s;
	}
	return total > 0 ? children / total : 0;
}

/* The number after "NAME:" on the last line that starts with it (after spaces); false if none. */
static bool printed_value(const struct exercise_run *run, const char *name, double *value)
{
	size_t length = strlen(name);
	bool found = false;

	for (size_t i = 0; i < run->line_count; i++) {
		const char *text = run->lines[i].text;
		char *end;
		double number;

		while (*text == ' ' || *text == '\t')
			text++;
		if (strncmp(text, name, length) != 0 || text[length] != ':')
			continue;
		text += length + 1;
		while (*text == ' ' || *text == '\t')
			text++;
		number = strtod(text, &end);
		if (end != text && isfinite(number)) {
			*value = number;
			found = true;
		}
	}
	return found;
}

static bool output_has(const struct exercise_run *run, const char *text)
{
	for (size_t i = 0; i < run->line_count; i++) {
		if (strstr(run->lines[i].text, text) != NULL)
			return true;
	}
	return false;
}

/*
 * The item's quantity on one run; false with why if the run cannot tell
 * (no such line, nothing printed, out of memory).
 */
static bool run_quantity(const struct exercise_item *item, const struct exercise_run *run, double *value,
    char *why, size_t why_size)
{
	int count = 0;

	switch (item->quantity) {
	case EXERCISE_EXIT_STATUS: *value = run->exit_status; return true;
	case EXERCISE_WALL_TIME: *value = run->wall_s; return true;
	case EXERCISE_CPU_TIME: *value = run->cpu_s; return true;
	case EXERCISE_CPUS_BUSY: *value = run->wall_s > 0 ? run->cpu_s / run->wall_s : 0; return true;
	case EXERCISE_MOST_THREADS: count = exercise_run_most_threads(run); break;
	case EXERCISE_MOST_THREADS_IN_A_PROCESS: count = most_threads_in_a_process(run); break;
	case EXERCISE_MOST_PROCESSES: count = exercise_run_most_processes(run); break;
	case EXERCISE_THREADS_AT_LINE:
		count = exercise_run_threads_at_line(run, item->text);
		if (count < 0) {
			snprintf(why, why_size, "no line holds \"%s\"", item->text);
			return false;
		}
		break;
	case EXERCISE_THREADS_AT_EXIT:
		count = threads_at_exit(run);
		if (count < 0) {
			snprintf(why, why_size, "the main thread's end was not seen");
			return false;
		}
		break;
	case EXERCISE_PROCESSES_LEFT:
		count = exercise_run_processes_left(run);
		if (count < 0) {
			snprintf(why, why_size, "the program's process did not end");
			return false;
		}
		break;
	case EXERCISE_RUNNING_TIME:
	case EXERCISE_PREEMPTED_TIME:
	case EXERCISE_WAITING_TIME:
	case EXERCISE_BLOCKED_TIME:
		*value = lane_total(run, item->quantity);
		return true;
	case EXERCISE_WAITING_SHARE: {
		double lifetimes = lane_total(run, EXERCISE_WALL_TIME);

		*value = lifetimes > 0 ? lane_total(run, EXERCISE_WAITING_TIME) / lifetimes : 0;
		return true;
	}
	case EXERCISE_BLOCKED_OVERLAP:
		*value = run->wall_s > 0 ? lane_total(run, EXERCISE_BLOCKED_TIME) / run->wall_s : 0;
		return true;
	case EXERCISE_CHILD_CPU_SHARE:
		*value = child_cpu_share(run);
		return true;
	case EXERCISE_PRINTED:
		if (!printed_value(run, item->text, value)) {
			snprintf(why, why_size, "no line \"%s: NUMBER\" was printed", item->text);
			return false;
		}
		return true;
	case EXERCISE_OUTPUT_HAS: *value = output_has(run, item->text); return true;
	case EXERCISE_OUTPUT_LACKS: *value = !output_has(run, item->text); return true;
	default:
		snprintf(why, why_size, "not a quantity of one run");
		return false;
	}
	if (count < 0) {
		snprintf(why, why_size, "out of memory");
		return false;
	}
	*value = count;
	return true;
}

/* ---- verdicts ---- */

static bool holds(double value, enum exercise_operator operator, double bound)
{
	switch (operator) {
	case EXERCISE_EQ: return value == bound;
	case EXERCISE_NE: return value != bound;
	case EXERCISE_GE: return value >= bound;
	case EXERCISE_LE: return value <= bound;
	case EXERCISE_GT: return value > bound;
	case EXERCISE_LT: return value < bound;
	}
	return false;
}

static bool is_time(enum exercise_quantity quantity)
{
	return quantity == EXERCISE_WALL_TIME || quantity == EXERCISE_CPU_TIME || quantity == EXERCISE_RUNNING_TIME ||
	    quantity == EXERCISE_PREEMPTED_TIME || quantity == EXERCISE_WAITING_TIME || quantity == EXERCISE_BLOCKED_TIME;
}

static bool is_ratio(enum exercise_quantity quantity)
{
	return quantity == EXERCISE_CPUS_BUSY || quantity == EXERCISE_WAITING_SHARE ||
	    quantity == EXERCISE_BLOCKED_OVERLAP || quantity == EXERCISE_CHILD_CPU_SHARE || quantity == EXERCISE_SPEEDUP ||
	    quantity == EXERCISE_PARALLEL_SPEEDUP || quantity == EXERCISE_PARALLEL_FRACTION ||
	    quantity == EXERCISE_CPU_RATIO;
}

/* A figure as the learner reads it: "3", "0.42 s", "1.87". */
static void format_figure(char *out, size_t size, enum exercise_quantity quantity, double value)
{
	if (is_time(quantity))
		snprintf(out, size, "%.2f s", value);
	else if (is_ratio(quantity))
		snprintf(out, size, "%.2f", value);
	else
		snprintf(out, size, "%.10g", value);
}

/* The item's name as written: "most threads", "threads at \"all done\"", "printed balance". */
static void format_name(char *out, size_t size, const struct exercise_item *item)
{
	if (item->quantity == EXERCISE_THREADS_AT_LINE)
		snprintf(out, size, "threads at \"%s\"", item->text);
	else if (item->quantity == EXERCISE_PRINTED)
		snprintf(out, size, "printed %s", item->text);
	else
		snprintf(out, size, "%s", exercise_quantity_name(item->quantity));
}

/* Fills the result's text: "NAME: FIGURE, needs OP BOUND", with `note` after it. */
static void describe(struct exercise_result *result, const char *note)
{
	const struct exercise_item *item = result->item;
	char name[128], figure[48], bound[48];

	format_name(name, sizeof name, item);
	if (item->quantity == EXERCISE_OUTPUT_HAS || item->quantity == EXERCISE_OUTPUT_LACKS) {
		snprintf(result->text, sizeof result->text, "output %s \"%s\": %s%s",
		    item->quantity == EXERCISE_OUTPUT_HAS ? "has" : "lacks", item->text,
		    result->verdict == EXERCISE_PASSED ? "yes" : "no", note);
		return;
	}
	format_figure(figure, sizeof figure, item->quantity, result->measured);
	format_figure(bound, sizeof bound, item->quantity, result->bound);
	snprintf(result->text, sizeof result->text, "%s: %s, needs %s %s%s", name, figure,
	    exercise_operator_name(item->operator), bound, note);
}

/* How far a value is from failing (larger is safer): to pick the run to show for a pass. */
static double margin(enum exercise_operator operator, double value, double bound)
{
	switch (operator) {
	case EXERCISE_GE:
	case EXERCISE_GT: return value - bound;
	case EXERCISE_LE:
	case EXERCISE_LT: return bound - value;
	default: return 0;
	}
}

/* The item on one run: 1 if it holds, 0 if not, -1 if the run cannot tell (why says why). */
static int judge_one_run(const struct exercise_item *item, const struct exercise_run *run,
    const struct exercise_arguments *arguments, double *value, double *bound, char *why, size_t why_size)
{
	if (!run_quantity(item, run, value, why, why_size))
		return -1;
	if (item->quantity == EXERCISE_OUTPUT_HAS || item->quantity == EXERCISE_OUTPUT_LACKS)
		return *value != 0;
	if (!exercise_bound_value(&item->bound, arguments, bound, why, why_size))
		return -1;
	return holds(*value, item->operator, *bound);
}

/* " (run K of N)" when there are several runs, else "". */
static void run_note(char *note, size_t size, size_t run, size_t count)
{
	if (count > 1)
		snprintf(note, size, " (run %zu of %zu)", run + 1, count);
	else
		note[0] = '\0';
}

/* An item about each run: it must hold on every run that finished; the first run where it does not decides. */
static void judge_per_run(struct exercise_result *result, const struct exercise_check *check,
    const struct exercise_measurements *measurements)
{
	const struct exercise_item *item = result->item;
	double safest = INFINITY;
	size_t judged = 0;
	char why[160] = "", name[128], note[64];

	format_name(name, sizeof name, item);
	for (size_t r = 0; r < measurements->run_count; r++) {
		const struct exercise_run *run = &measurements->runs[r];
		const struct exercise_arguments *arguments =
		    run->configuration < check->argument_count ? &check->arguments[run->configuration] : NULL;
		double value = 0, bound = 0;
		int verdict;

		if (run->stopped != EXERCISE_ENDED)
			continue; /* judged by "finishes within" */
		verdict = judge_one_run(item, run, arguments, &value, &bound, why, sizeof why);
		judged++;
		if (verdict <= 0) {
			result->verdict = EXERCISE_FAILED;
			result->run = r;
			result->measured = value;
			result->bound = bound;
			run_note(note, sizeof note, r, measurements->run_count);
			if (verdict < 0)
				snprintf(result->text, sizeof result->text, "%s: %s%s", name, why, note);
			else
				describe(result, note);
			return;
		}
		if (margin(item->operator, value, bound) < safest) { /* the run closest to failing, to show */
			safest = margin(item->operator, value, bound);
			result->run = r;
			result->measured = value;
			result->bound = bound;
		}
	}
	if (judged == 0) {
		result->verdict = EXERCISE_NOT_MEASURABLE;
		snprintf(result->text, sizeof result->text, "%s: not measured, no run finished", name);
		return;
	}
	result->verdict = EXERCISE_PASSED;
	note[0] = '\0';
	if (judged > 1 && (item->operator == EXERCISE_GE || item->operator == EXERCISE_GT ||
	    item->operator == EXERCISE_LE || item->operator == EXERCISE_LT) &&
	    item->quantity != EXERCISE_OUTPUT_HAS && item->quantity != EXERCISE_OUTPUT_LACKS)
		snprintf(note, sizeof note, " (the closest of %zu runs)", judged);
	describe(result, note);
}

/*
 * The shortest wall time (or, with `cpu`, CPU time) among runs that
 * finished (and, with `must_succeed`, exited 0); false if none did.
 */
static bool best_run(const struct exercise_run *runs, size_t count, bool must_succeed, bool cpu, double *best)
{
	bool found = false;

	for (size_t i = 0; i < count; i++) {
		double figure = cpu ? runs[i].cpu_s : runs[i].wall_s;

		if (runs[i].stopped != EXERCISE_ENDED || (must_succeed && runs[i].exit_status != 0) || figure <= 0)
			continue;
		if (!found || figure < *best)
			*best = figure;
		found = true;
	}
	return found;
}

/* The CPUs a parallel run could use: the machine's, less what other programs kept busy during the check. */
static double usable_cpus(const struct exercise_measurements *measurements)
{
	return measurements->cpus_free < measurements->cpus ? measurements->cpus_free : measurements->cpus;
}

/*
 * Why a parallel speedup cannot be measured here (one CPU, or a machine
 * too busy to give the run a second one), or NULL if it can.
 */
static const char *parallel_unmeasurable(const struct exercise_measurements *measurements, char *why, size_t size)
{
	if (measurements->cpus < 2)
		return "cannot be measured on a machine with one CPU";
	if (usable_cpus(measurements) < EXERCISE_MIN_FREE_CPUS) {
		snprintf(why, size, "cannot be measured now: other programs kept this machine busy, %.2f of its %d CPUs "
		    "were free during the check", measurements->cpus_free, measurements->cpus);
		return why;
	}
	return NULL;
}

/*
 * A parallel speedup's bound, written for the whole machine, on the CPUs that
 * were free: what a program with the same parallel part reaches there, by
 * Amdahl's law. 1.25 on 2 CPUs is a parallel part of 0.4, which reaches 1.18
 * on 1.6 free CPUs. So another program holding a CPU (a busy browser) does
 * not fail a program that would pass on a quiet machine.
 */
static double bound_on_free_cpus(double bound, int machine_cpus, double free_cpus)
{
	double part;

	if (bound <= 1 || machine_cpus < 2 || free_cpus >= machine_cpus)
		return bound;
	part = (1 - 1 / bound) / (1 - 1.0 / machine_cpus);
	if (part > 1)
		part = 1;
	return 1 / ((1 - part) + part / free_cpus);
}

/* A speedup, a parallel speedup, a parallel fraction or a cpu ratio: one figure over all the runs, against the reference's. */
static void judge_against_reference(struct exercise_result *result, const struct exercise_check *check,
    const struct exercise_measurements *measurements)
{
	const struct exercise_item *item = result->item;
	bool cpu = item->quantity == EXERCISE_CPU_RATIO;
	bool parallel = item->quantity == EXERCISE_PARALLEL_SPEEDUP || item->quantity == EXERCISE_PARALLEL_FRACTION;
	char name[64], why[160], note[200];
	const char *unmeasurable = parallel ? parallel_unmeasurable(measurements, why, sizeof why) : NULL;
	double reference = 0, program = 0, speedup, cpus, machine_bound;

	format_name(name, sizeof name, item);
	if (unmeasurable != NULL) {
		result->verdict = EXERCISE_NOT_MEASURABLE;
		snprintf(result->text, sizeof result->text, "%s: %s", name, unmeasurable);
		return;
	}
	if (!best_run(measurements->references, measurements->reference_count, true, cpu, &reference)) {
		result->verdict = EXERCISE_NOT_MEASURABLE;
		snprintf(result->text, sizeof result->text, "%s: not measured, the reference %s did not run to its end",
		    name, check->reference != NULL ? check->reference[0] : "program");
		return;
	}
	if (!best_run(measurements->runs, measurements->run_count, false, cpu, &program)) {
		result->verdict = EXERCISE_FAILED;
		snprintf(result->text, sizeof result->text, "%s: not measured, no run finished", name);
		return;
	}
	if (!exercise_bound_value(&item->bound, check->argument_count > 0 ? &check->arguments[0] : NULL,
	    &result->bound, why, sizeof why)) {
		result->verdict = EXERCISE_FAILED;
		snprintf(result->text, sizeof result->text, "%s: %s", name, why);
		return;
	}
	speedup = reference / program;
	cpus = usable_cpus(measurements);
	switch (item->quantity) {
	case EXERCISE_CPU_RATIO:
		result->measured = program / reference;
		snprintf(note, sizeof note, " (least CPU time: %s %.2f s, yours %.2f s)", check->reference[0], reference,
		    program);
		break;
	case EXERCISE_PARALLEL_FRACTION: /* Amdahl: S = 1 / ((1 - p) + p / n), solved for p */
		result->measured = (1 - 1 / speedup) / (1 - 1 / cpus);
		snprintf(note, sizeof note, " (from a speedup of %.2f on %.1f CPUs: %s %.2f s, yours %.2f s)", speedup,
		    cpus, check->reference[0], reference, program);
		break;
	case EXERCISE_PARALLEL_SPEEDUP:
		result->measured = speedup;
		machine_bound = result->bound;
		result->bound = bound_on_free_cpus(machine_bound, measurements->cpus, cpus);
		if (result->bound == machine_bound)
			snprintf(note, sizeof note, " (best runs: %s %.2f s, yours %.2f s)", check->reference[0], reference,
			    program);
		else
			snprintf(note, sizeof note, " (scaled from %.2f on %d CPUs: other programs left %.2f free; best "
			    "runs: %s %.2f s, yours %.2f s)", machine_bound, measurements->cpus, cpus, check->reference[0],
			    reference, program);
		break;
	default:
		result->measured = speedup;
		snprintf(note, sizeof note, " (best runs: %s %.2f s, yours %.2f s)", check->reference[0], reference,
		    program);
		break;
	}
	result->verdict = holds(result->measured, item->operator, result->bound) ? EXERCISE_PASSED : EXERCISE_FAILED;
	describe(result, note);
}

/* Why the runner stopped a run, in words (after "stopped "). */
static const char *stop_reason(enum exercise_stop stopped, double timeout_s)
{
	static char text[96];

	switch (stopped) {
	case EXERCISE_OUTPUT_FLOODED:
		snprintf(text, sizeof text, "when its output passed %u KiB (a print in an endless loop?)",
		    EXERCISE_MAX_OUTPUT_BYTES / 1024);
		break;
	case EXERCISE_TOO_MANY_PROCESSES:
		snprintf(text, sizeof text, "at %d processes at once (processes that start processes without end?)",
		    EXERCISE_MAX_PROCESSES);
		break;
	default:
		snprintf(text, sizeof text, "after %g s (an endless loop, or a deadlock?)", timeout_s);
		break;
	}
	return text;
}

/* The implicit first item: every run ended by itself within the timeout. */
static void judge_finish(struct exercise_result *result, const struct exercise_check *check,
    const struct exercise_measurements *measurements)
{
	double longest = 0;

	result->item = NULL;
	result->bound = check->timeout_s;
	if (measurements->run_count == 0) {
		result->verdict = EXERCISE_FAILED;
		snprintf(result->text, sizeof result->text, "finishes within %g s: not run", check->timeout_s);
		return;
	}
	for (size_t r = 0; r < measurements->run_count; r++) {
		const struct exercise_run *run = &measurements->runs[r];

		if (run->stopped != EXERCISE_ENDED) {
			char which[64] = "it was";

			result->verdict = EXERCISE_FAILED;
			result->run = r;
			result->measured = run->wall_s;
			if (measurements->run_count > 1)
				snprintf(which, sizeof which, "run %zu of %zu was", r + 1, measurements->run_count);
			snprintf(result->text, sizeof result->text, "finishes within %g s: %s stopped %s", check->timeout_s,
			    which, stop_reason(run->stopped, check->timeout_s));
			return;
		}
		if (run->wall_s >= longest) {
			longest = run->wall_s;
			result->run = r;
		}
	}
	result->verdict = EXERCISE_PASSED;
	result->measured = longest;
	if (measurements->run_count > 1)
		snprintf(result->text, sizeof result->text, "finishes within %g s: all %zu runs, the longest %.2f s",
		    check->timeout_s, measurements->run_count, longest);
	else
		snprintf(result->text, sizeof result->text, "finishes within %g s: %.2f s", check->timeout_s, longest);
}

int exercise_check_evaluate(const struct exercise_check *check, const struct exercise_measurements *measurements,
    struct exercise_report *report)
{
	memset(report, 0, sizeof *report);
	report->results = calloc(check->item_count + 1, sizeof *report->results);
	if (report->results == NULL)
		return -1;
	report->count = check->item_count + 1;
	judge_finish(&report->results[0], check, measurements);
	for (size_t i = 0; i < check->item_count; i++) {
		struct exercise_result *result = &report->results[i + 1];

		result->item = &check->items[i];
		result->measured = NAN;
		result->bound = NAN;
		if (result->item->quantity == EXERCISE_SPEEDUP || result->item->quantity == EXERCISE_PARALLEL_SPEEDUP ||
		    result->item->quantity == EXERCISE_PARALLEL_FRACTION || result->item->quantity == EXERCISE_CPU_RATIO)
			judge_against_reference(result, check, measurements);
		else
			judge_per_run(result, check, measurements);
	}
	report->passed = true;
	for (size_t i = 0; i < report->count; i++) {
		if (report->results[i].verdict == EXERCISE_FAILED)
			report->passed = false;
	}
	return 0;
}

void exercise_report_free(struct exercise_report *report)
{
	free(report->results);
	memset(report, 0, sizeof *report);
}
