/*
 * bench.c: `make bench`, the numbers of DESIGN §4 measured on this machine.
 *
 *   build/bench [--only PART[,PART...]] [METACONC [PYTHON_COSTS [RESULTS]]]
 *
 * Each figure is measured beside its floor or its peer, in the same run:
 * the cost of a trace event beside a bare clock read, a traced run beside
 * the same run untraced, each technique beside `sequential`, C beside
 * Python, the full-screen view beside `--plain`. Each is the median of
 * several repetitions, shown with their range. The targets of DESIGN §4 are
 * printed beside the figures; nothing here fails on a timing (the exit
 * status is 1 only if RESULTS could not be written). The table goes to
 * standard output and, when every part ran, to RESULTS.
 *
 * --only measures some parts (see bench_parts), to check one quickly.
 * METACONC defaults to the metaconc beside this binary, PYTHON_COSTS to
 * bench/python_costs.py of the tree above it.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/clock.h"
#include "core/cpus.h"
#include "core/trace.h"
#include "engine/experiment.h"
#include "engine/python_run.h"
#include "model/recording.h"
#include "model/stats.h"
#include "model/timeline.h"
#include "techniques/work.h"

#include "bench_trace.h"

#define MAX_REPETITIONS 32
#define MAX_ROWS 32

/* Repetitions of one measurement, and their median and range. */
struct sample {
	double values[MAX_REPETITIONS];
	int count;
};

struct row {
	char what[224];
	char measured[160];
	char beside[400]; /* the floor or peer, measured in the same run */
	char target[48];
	char met[24];
};

struct table {
	struct row rows[MAX_ROWS];
	int count;
};

/* The parts of the bench, as --only names them, in the order they run. */
static const char *const bench_parts[] = {
	"event", "overhead", "probe", "speedup", "view", "python", "start-costs", "frame", "startup", "stop", "trace",
	"memory", NULL,
};

/* --only's comma-separated parts, or NULL: every part. */
static const char *only_parts;

/* True if the comma-separated `list` names `part`. */
static bool list_has(const char *list, const char *part)
{
	size_t length = strlen(part);

	for (const char *p = list; p != NULL; p = strchr(p, ',') != NULL ? strchr(p, ',') + 1 : NULL) {
		if (strncmp(p, part, length) == 0 && (p[length] == ',' || p[length] == '\0'))
			return true;
	}
	return false;
}

static bool part_wanted(const char *part)
{
	return only_parts == NULL || list_has(only_parts, part);
}

static void sample_add(struct sample *s, double value)
{
	if (s->count < MAX_REPETITIONS)
		s->values[s->count++] = value;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double sample_median(const struct sample *s)
{
	double sorted[MAX_REPETITIONS];

	if (s->count == 0)
		return 0.0;
	memcpy(sorted, s->values, (size_t)s->count * sizeof sorted[0]);
	qsort(sorted, (size_t)s->count, sizeof sorted[0], by_value);
	if (s->count % 2 == 1)
		return sorted[s->count / 2];
	return (sorted[s->count / 2 - 1] + sorted[s->count / 2]) / 2.0;
}

static double sample_min(const struct sample *s)
{
	double min = s->count ? s->values[0] : 0.0;

	for (int i = 1; i < s->count; i++)
		min = s->values[i] < min ? s->values[i] : min;
	return min;
}

static double sample_max(const struct sample *s)
{
	double max = s->count ? s->values[0] : 0.0;

	for (int i = 1; i < s->count; i++)
		max = s->values[i] > max ? s->values[i] : max;
	return max;
}

/* A duration in its natural unit: "21.3 ns", "1.52 µs", "3.21 ms", "1.02 s". */
static void format_ns(char *buf, size_t size, double ns)
{
	if (ns < 1e3)
		snprintf(buf, size, "%.1f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, size, "%.2f µs", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, size, "%.2f ms", ns / 1e6);
	else
		snprintf(buf, size, "%.2f s", ns / 1e9);
}

/* "21.3 ns (20.9–22.0)": the median of a sample of durations and its range. */
static void format_times(char *buf, size_t size, const struct sample *s)
{
	char median[24], min[24], max[24];

	format_ns(median, sizeof median, sample_median(s));
	format_ns(min, sizeof min, sample_min(s));
	format_ns(max, sizeof max, sample_max(s));
	snprintf(buf, size, "%s (%s–%s)", median, min, max);
}

/* "1.98× (1.95–2.00)", or with another unit, "0.4 % (0.1–0.9)". */
static void format_ratios(char *buf, size_t size, const struct sample *s, const char *unit, int decimals)
{
	snprintf(buf, size, "%.*f%s (%.*f–%.*f)", decimals, sample_median(s), unit, decimals, sample_min(s),
	    decimals, sample_max(s));
}

static struct row *add_row(struct table *table, const char *what, const char *target)
{
	struct row *row = &table->rows[table->count < MAX_ROWS - 1 ? table->count++ : table->count];

	memset(row, 0, sizeof *row);
	snprintf(row->what, sizeof row->what, "%s", what);
	snprintf(row->target, sizeof row->target, "%s", target);
	return row;
}

static void set_met(struct row *row, bool met)
{
	snprintf(row->met, sizeof row->met, "%s", met ? "yes" : "**no**");
}

static void progress(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	fputs("bench: ", stderr);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
	va_end(args);
}

/* ---- the cost of one trace event, beside the clock read it contains ---- */

#define EVENT_LOOP (1u << 16)

static volatile long clock_sink; /* what the clock loop reads goes here, so it is not optimised away */

static double ns_per_clock_read(void)
{
	struct timespec ts;
	uint64_t start = clock_now_ns();

	for (unsigned i = 0; i < EVENT_LOOP; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		clock_sink += ts.tv_nsec;
	}
	return (double)(clock_now_ns() - start) / EVENT_LOOP;
}

static double ns_per_trace_event(struct trace_ring *ring)
{
	struct trace_event drained[1024];
	uint64_t start = clock_now_ns(), end;

	for (unsigned i = 0; i < EVENT_LOOP; i++)
		trace_mark(ring, TRACE_TASK_BEGIN, i);
	end = clock_now_ns();
	while (trace_drain(ring, drained, 1024) > 0)
		; /* empty for the next round, outside the timing */
	return (double)(end - start) / EVENT_LOOP;
}

static void bench_trace_event(struct table *table)
{
	struct trace *trace = trace_create(1, EVENT_LOOP);
	struct sample clock = { 0 }, event = { 0 }, ratio = { 0 };
	char clock_text[64];
	struct row *row;

	progress("the cost of one trace event");
	if (trace == NULL)
		return;
	for (int i = 0; i < 15; i++) {
		double c = ns_per_clock_read(), e = ns_per_trace_event(trace_ring(trace, 0));

		sample_add(&clock, c);
		sample_add(&event, e);
		sample_add(&ratio, e / c);
	}
	row = add_row(table, "one trace event (`trace_mark`: clock, CPU number, ring write)",
	    "≤ 1.5 × clock read");
	format_times(row->measured, sizeof row->measured, &event);
	format_times(clock_text, sizeof clock_text, &clock);
	snprintf(row->beside, sizeof row->beside, "`clock_gettime(CLOCK_MONOTONIC)` %s; ratio %.2f× (%.2f–%.2f)",
	    clock_text, sample_median(&ratio), sample_min(&ratio), sample_max(&ratio));
	set_met(row, sample_median(&ratio) <= 1.5);
	if (trace_dropped(trace_ring(trace, 0)) != 0)
		snprintf(row->met, sizeof row->met, "(ring overflowed)");
	trace_destroy(trace);
}

/* ---- tracing overhead: a CPU-bound run, traced and not ---- */

/* The time a run took: on the wall, and in the worker's CPU time. */
struct run_time {
	uint64_t wall_ns;
	uint64_t cpu_ns;
};

/*
 * One worker runs `tasks` CPU tasks in this thread, recording into a ring or
 * (untraced) into none. The CPU time is the worker's own, which the machine's
 * other load does not inflate, as it does the wall time.
 */
static struct run_time sequential_run(bool traced, uint32_t tasks, uint32_t task_ms)
{
	struct work_plan *plan = work_plan_create(WORK_CPU, tasks, task_ms, experiment_calibration());
	struct trace *trace = traced ? trace_create(1, 1u << 14) : NULL;
	struct run_time time = { 0, 0 };
	struct work_meter meter;
	enum work_status status;
	uint64_t wall, cpu;

	if (plan == NULL || (traced && trace == NULL)) {
		work_plan_destroy(plan);
		trace_destroy(trace);
		return time;
	}
	wall = clock_now_ns();
	cpu = clock_thread_cpu_ns();
	work_meter_start(&meter, 0, traced ? trace_ring(trace, 0) : NULL, 0);
	status = work_run_tasks(plan, &meter, NULL);
	work_meter_finish(&meter, status);
	time.cpu_ns = clock_thread_cpu_ns() - cpu;
	time.wall_ns = clock_now_ns() - wall;
	work_plan_destroy(plan);
	trace_destroy(trace);
	return time;
}

static void bench_tracing_overhead(struct table *table)
{
	struct sample cpu_overhead = { 0 }, wall_overhead = { 0 }, untraced = { 0 };
	char untraced_text[64], wall_text[64];
	struct row *row;

	progress("tracing overhead on a CPU-bound run");
	for (int i = 0; i < 15; i++) {
		/* Alternate the order, so that a drift of the machine does not favour one. */
		bool traced_first = i % 2 == 0;
		struct run_time a = sequential_run(traced_first, 4, 50);
		struct run_time b = sequential_run(!traced_first, 4, 50);
		struct run_time with = traced_first ? a : b, without = traced_first ? b : a;

		if (without.cpu_ns == 0 || without.wall_ns == 0)
			return;
		sample_add(&cpu_overhead, 100.0 * ((double)with.cpu_ns - (double)without.cpu_ns) / (double)without.cpu_ns);
		sample_add(&wall_overhead, 100.0 * ((double)with.wall_ns - (double)without.wall_ns) / (double)without.wall_ns);
		sample_add(&untraced, (double)without.cpu_ns);
	}
	row = add_row(table, "tracing overhead, 200 ms of CPU work in 1 ms slices, in the worker's CPU time",
	    "< 1 % of wall time");
	format_ratios(row->measured, sizeof row->measured, &cpu_overhead, " %", 2);
	format_times(untraced_text, sizeof untraced_text, &untraced);
	format_ratios(wall_text, sizeof wall_text, &wall_overhead, " %", 2);
	snprintf(row->beside, sizeof row->beside, "the same run untraced (`work_meter` ring NULL): %s of CPU; "
	    "in wall time the overhead reads %s", untraced_text, wall_text);
	set_met(row, sample_median(&cpu_overhead) < 1.0);
}

/*
 * How steady the machine is: the same 50 ms of calibrated work, timed in CPU
 * time between every measurement of the bench. A shared or virtual machine
 * has faster and slower spells; their range bounds how steady any figure
 * measured across them can be.
 */
static struct sample steadiness;

static void note_steadiness(void)
{
	sample_add(&steadiness, (double)sequential_run(false, 1, 50).cpu_ns);
}

static void fill_steadiness_row(struct row *row)
{
	char spread[48];

	format_times(row->measured, sizeof row->measured, &steadiness);
	snprintf(spread, sizeof spread, "%.0f %%",
	    100.0 * (sample_max(&steadiness) - sample_min(&steadiness)) / sample_median(&steadiness));
	snprintf(row->beside, sizeof row->beside, "%d times, once between each two measurements; spread "
	    "(max − min) / median: %s", steadiness.count, spread);
	snprintf(row->met, sizeof row->met, "—");
}

/* ---- speedups: each technique beside `sequential`, in C ---- */

/* Runs a spec to its end and returns its wall time as metaconc reports it, or 0. */
static uint64_t experiment_wall(const struct experiment_spec *spec)
{
	struct experiment *experiment;
	struct run_stats stats;
	uint64_t wall = 0;
	char why[256];

	if (experiment_start(&experiment, spec, why, sizeof why) != 0) {
		progress("could not run: %s", why);
		return 0;
	}
	while (!experiment_finished(experiment)) {
		experiment_poll(experiment);
		usleep(5000);
	}
	experiment_join(experiment);
	if (stats_compute(experiment_recording(experiment), &stats) == 0) {
		wall = stats.wall_ns;
		stats_free(&stats);
	}
	experiment_free(experiment);
	return wall;
}

static struct experiment_spec bench_spec(enum technique technique, int workers, bool pinned_to_cpu0)
{
	struct experiment_spec spec;

	experiment_spec_defaults(&spec);
	spec.technique = technique;
	spec.workers = workers;
	spec.tasks = 4;
	spec.task_ms = 150;
	if (pinned_to_cpu0) {
		CPU_ZERO(&spec.cpus);
		CPU_SET(0, &spec.cpus);
		spec.pinned = true;
	}
	return spec;
}

/*
 * The schedule probe (sched_probe.c): the same run with the exact schedule
 * (perf events on every CPU) and with the estimate (METACONC_SCHED=estimate:
 * /proc/stat ten times a second), in pairs, the order alternating. The cost
 * of a context-switch record lands on the task that switches, so the
 * workers' CPU time shows it, as the machine's other load does not.
 */
static bool probed_run(bool exact, struct run_time *time)
{
	struct experiment_spec spec = bench_spec(TECHNIQUE_SPAWN, 2, false);
	struct experiment *experiment;
	struct run_stats stats;
	char why[256];
	bool ok = false;

	if (exact)
		unsetenv("METACONC_SCHED");
	else
		setenv("METACONC_SCHED", "estimate", 1);
	if (experiment_start(&experiment, &spec, why, sizeof why) != 0) {
		unsetenv("METACONC_SCHED");
		return false;
	}
	while (!experiment_finished(experiment)) {
		experiment_poll(experiment);
		usleep(10000);
	}
	experiment_join(experiment);
	if (stats_compute(experiment_recording(experiment), &stats) == 0) {
		ok = (experiment_recording(experiment)->schedule == RECORDING_EXACT) == exact;
		time->wall_ns = stats.wall_ns;
		time->cpu_ns = stats.cpu_ns;
		stats_free(&stats);
	}
	experiment_free(experiment);
	unsetenv("METACONC_SCHED");
	return ok;
}

static void bench_probe_overhead(struct table *table)
{
	struct sample cpu_overhead = { 0 }, wall_overhead = { 0 };
	char wall_text[64];
	struct row *row;

	progress("the exact schedule's cost on a CPU-bound run");
	for (int i = 0; i < 9; i++) {
		bool exact_first = i % 2 == 0;
		struct run_time a, b, exact, estimated;

		if (!probed_run(exact_first, &a) || !probed_run(!exact_first, &b)) {
			progress("no exact schedule here (perf events not permitted): not measured");
			return;
		}
		exact = exact_first ? a : b;
		estimated = exact_first ? b : a;
		sample_add(&cpu_overhead, 100.0 * ((double)exact.cpu_ns - (double)estimated.cpu_ns) / (double)estimated.cpu_ns);
		sample_add(&wall_overhead,
		    100.0 * ((double)exact.wall_ns - (double)estimated.wall_ns) / (double)estimated.wall_ns);
	}
	row = add_row(table, "the exact schedule's overhead (perf context-switch records on every CPU), C `spawn "
	    "--workers 2 --tasks 4 --task-ms 150`, in the workers' CPU time, over the estimated schedule",
	    "< 1 % of wall time");
	format_ratios(row->measured, sizeof row->measured, &cpu_overhead, " %", 2);
	format_ratios(wall_text, sizeof wall_text, &wall_overhead, " %", 2);
	snprintf(row->beside, sizeof row->beside, "in wall time (the machine's other load included) it reads %s; "
	    "9 pairs, the order alternating", wall_text);
	set_met(row, sample_median(&cpu_overhead) < 1.0);
}

/* The speedup of a technique over sequential, repetition by repetition, each pair run back to back. */
static bool measure_speedup(enum technique technique, bool pinned, int repetitions, struct sample *speedup,
    struct sample *walls)
{
	struct experiment_spec spec = bench_spec(technique, 2, pinned);
	struct experiment_spec baseline = bench_spec(TECHNIQUE_SEQUENTIAL, 1, pinned);

	for (int i = 0; i < repetitions; i++) {
		bool technique_first = i % 2 == 0;
		uint64_t a = experiment_wall(technique_first ? &spec : &baseline);
		uint64_t b = experiment_wall(technique_first ? &baseline : &spec);
		uint64_t run = technique_first ? a : b, sequential = technique_first ? b : a;

		if (run == 0 || sequential == 0)
			return false;
		sample_add(speedup, (double)sequential / (double)run);
		sample_add(walls, (double)sequential);
	}
	return true;
}

static void bench_speedup_row(struct table *table, enum technique technique, bool pinned, const char *target,
    double limit, bool at_least)
{
	struct sample speedup = { 0 }, sequential = { 0 };
	char what[120], wall[64];
	struct row *row;

	snprintf(what, sizeof what, "speedup, C `%s --workers 2 --tasks 4 --task-ms 150%s` over `sequential`",
	    technique_name(technique), pinned ? " --cpus 0" : "");
	progress("%s", what);
	if (!measure_speedup(technique, pinned, pinned ? 3 : 5, &speedup, &sequential))
		return;
	row = add_row(table, what, target);
	format_ratios(row->measured, sizeof row->measured, &speedup, "×", 2);
	format_times(wall, sizeof wall, &sequential);
	snprintf(row->beside, sizeof row->beside, "`sequential`%s, same run: %s", pinned ? " on CPU 0" : "", wall);
	if (limit > 0)
		set_met(row, at_least ? sample_median(&speedup) >= limit : sample_median(&speedup) <= limit);
	else
		snprintf(row->met, sizeof row->met, "(no target)");
}

/* ---- speedups of Python threads and processes over sequential Python ---- */

static uint64_t python_wall(const struct python_setup *setup, const struct experiment_spec *spec)
{
	struct python_run *run;
	struct run_stats stats;
	uint64_t wall = 0;
	char why[256];

	if (python_run_start(&run, setup, spec, why, sizeof why) != 0) {
		progress("could not run Python: %s", why);
		return 0;
	}
	while (!python_run_finished(run)) {
		python_run_poll(run);
		usleep(5000);
	}
	python_run_join(run);
	if (python_run_report(run)->error[0] == '\0' && stats_compute(python_run_recording(run), &stats) == 0) {
		wall = stats.wall_ns;
		stats_free(&stats);
	} else {
		progress("the Python run failed: %s", python_run_report(run)->error);
	}
	python_run_free(run);
	return wall;
}

static void bench_python_speedup_row(struct table *table, const struct python_setup *setup,
    enum technique technique, const char *noun, const char *expected)
{
	struct experiment_spec spec = bench_spec(technique, 2, false);
	struct experiment_spec baseline = bench_spec(TECHNIQUE_SEQUENTIAL, 1, false);
	struct sample speedup = { 0 }, sequential = { 0 };
	char what[120], wall[64];
	struct row *row;

	snprintf(what, sizeof what, "speedup, Python %s (`python/%s`, 2 %s, 4 tasks of 150 ms) over `python/sequential.py`",
	    noun, python_script_name(technique), noun);
	progress("%s", what);
	for (int i = 0; i < 9; i++) {
		bool technique_first = i % 2 == 0;
		uint64_t a = python_wall(setup, technique_first ? &spec : &baseline);
		uint64_t b = python_wall(setup, technique_first ? &baseline : &spec);
		uint64_t run = technique_first ? a : b, alone = technique_first ? b : a;

		if (run == 0 || alone == 0)
			return;
		sample_add(&speedup, (double)alone / (double)run);
		sample_add(&sequential, (double)alone);
	}
	row = add_row(table, what, expected);
	format_ratios(row->measured, sizeof row->measured, &speedup, "×", 2);
	format_times(wall, sizeof wall, &sequential);
	snprintf(row->beside, sizeof row->beside, "sequential Python, same run: %s", wall);
	snprintf(row->met, sizeof row->met, "(no target)");
}

/* ---- starting a thread or a process: C beside Python ---- */

static void *do_nothing(void *arg)
{
	return arg;
}

static double ns_per_thread(int count)
{
	uint64_t start = clock_now_ns();

	for (int i = 0; i < count; i++) {
		pthread_t thread;

		if (pthread_create(&thread, NULL, do_nothing, NULL) != 0)
			return 0.0;
		pthread_join(thread, NULL);
	}
	return (double)(clock_now_ns() - start) / count;
}

static double ns_per_fork(int count)
{
	uint64_t start = clock_now_ns();

	for (int i = 0; i < count; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0)
			return 0.0;
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	return (double)(clock_now_ns() - start) / count;
}

/* Reads "NAME v1 v2 ..." lines of python_costs.py into samples; returns how many lines. */
static int read_python_costs(const char *interpreter, const char *script, struct sample *thread,
    struct sample *fork_, struct sample *pool)
{
	char command[2 * PATH_MAX + 32], line[1024];
	FILE *pipe;
	int lines = 0;

	snprintf(command, sizeof command, "'%s' '%s'", interpreter, script);
	pipe = popen(command, "r");
	if (pipe == NULL)
		return 0;
	while (fgets(line, sizeof line, pipe) != NULL) {
		struct sample *into = NULL;
		char *save, *word = strtok_r(line, " \n", &save);

		if (word == NULL)
			continue;
		if (strcmp(word, "thread_start_join") == 0)
			into = thread;
		else if (strcmp(word, "fork_wait") == 0)
			into = fork_;
		else if (strcmp(word, "pool_startup") == 0)
			into = pool;
		if (into == NULL)
			continue;
		while ((word = strtok_r(NULL, " \n", &save)) != NULL)
			sample_add(into, strtod(word, NULL));
		lines++;
	}
	pclose(pipe);
	return lines;
}

static void bench_start_costs(struct table *table, const char *interpreter, const char *costs_script)
{
	struct sample c_thread = { 0 }, c_fork = { 0 }, py_thread = { 0 }, py_fork = { 0 }, py_pool = { 0 };
	char a[64], b[64];
	struct row *row;

	progress("thread and process start-up, C and Python");
	for (int i = 0; i < 7; i++) {
		sample_add(&c_thread, ns_per_thread(2000));
		sample_add(&c_fork, ns_per_fork(100));
	}
	if (interpreter == NULL || read_python_costs(interpreter, costs_script, &py_thread, &py_fork, &py_pool) != 3) {
		progress("could not measure Python's start-up costs");
		py_thread.count = py_fork.count = py_pool.count = 0;
	}
	row = add_row(table, "start and join a thread: C `pthread_create` + `pthread_join`", "(no target)");
	format_times(row->measured, sizeof row->measured, &c_thread);
	format_times(a, sizeof a, &py_thread);
	snprintf(row->beside, sizeof row->beside, "Python `threading.Thread` start + join: %s",
	    py_thread.count ? a : "not measured");
	snprintf(row->met, sizeof row->met, "—");
	row = add_row(table, "start a process: C `fork` + `_exit` + `waitpid`", "(no target)");
	format_times(row->measured, sizeof row->measured, &c_fork);
	format_times(a, sizeof a, &py_fork);
	format_times(b, sizeof b, &py_pool);
	snprintf(row->beside, sizeof row->beside, "Python `os.fork` + `waitpid`: %s; `multiprocessing.Pool(2)` "
	    "up, one map, closed: %s", py_fork.count ? a : "not measured", py_pool.count ? b : "not measured");
	snprintf(row->met, sizeof row->met, "—");
}

/* ---- the timeline model: one frame of 64 lanes x 200 columns over 1 M and 10 M events ---- */

#define FRAME_LANES 64
#define FRAME_SLICE_NS 100000ull /* slices of 100 µs */
#define FRAME_APPENDED 330       /* slices each lane records between two frames of a live view (33 ms) */

/*
 * Appends slices [from, to) to each of the 64 lanes. A slice runs on the
 * other CPU every `slices_per_cpu` slices: with 1, each slice is on another
 * CPU than the one before (the worst case for the CPU split of each
 * column). With an exact schedule, each lane also holds its slice's CPU for
 * the slice's first half, as the kernel's context switches would say.
 */
static int append_slices(struct recording *recording, size_t from, size_t to, int slices_per_cpu)
{
	for (int lane = 0; lane < FRAME_LANES; lane++) {
		for (size_t i = from; i < to; i++) {
			struct trace_event run = {
				.time_ns = (uint64_t)i * FRAME_SLICE_NS, .duration_ns = FRAME_SLICE_NS,
				.cpu_time_ns = FRAME_SLICE_NS / 2, .task = (uint32_t)(i / 100), .worker = (uint16_t)lane,
				.cpu = (int16_t)(((size_t)lane + i / (size_t)slices_per_cpu) % 2), .kind = TRACE_RUN,
			};

			if (recording_append(recording, &run) != 0)
				return -1;
			if (recording->schedule == RECORDING_EXACT && recording_append_hold(recording, run.cpu,
			    run.time_ns, run.time_ns + FRAME_SLICE_NS / 2, lane) != 0)
				return -1;
		}
	}
	recording_schedule_reaches(recording, recording->now_ns);
	return 0;
}

/* A recording of 64 lanes that have started, with slices [0, slices) each. */
static int fill_recording(struct recording *recording, size_t slices, int slices_per_cpu, bool exact)
{
	if (recording_init(recording, FRAME_LANES, 2, false, 0) != 0)
		return -1;
	if (exact)
		recording_set_schedule(recording, RECORDING_EXACT);
	for (int lane = 0; lane < FRAME_LANES; lane++) {
		struct trace_event start = { .time_ns = 0, .os_id = 1000u + (unsigned)lane, .task = TRACE_NO_TASK,
			.worker = (uint16_t)lane, .cpu = 0, .kind = TRACE_WORKER_START };

		if (recording_append(recording, &start) != 0)
			return -1;
	}
	return append_slices(recording, 0, slices, slices_per_cpu);
}

/* Build times of frames over one recording. */
struct frame_times {
	struct sample live;     /* a live view's frame: a frame's worth of events appended, the window unchanged */
	struct sample window;   /* a new window (zoom, scroll, resize, the first frame): nothing known yet */
	struct sample workers_alone, cpus_alone; /* a new window, one view (`timeline_build`) */
	double rss_mib;         /* what the recording added to the resident set */
};

/* The resident set of this process, in MiB (VmRSS of /proc/self/status). */
static double resident_mib(void)
{
	FILE *status = fopen("/proc/self/status", "r");
	char line[128];
	double kib = 0;

	if (status == NULL)
		return 0;
	while (fgets(line, sizeof line, status) != NULL) {
		if (sscanf(line, "VmRSS: %lf kB", &kib) == 1)
			break;
	}
	fclose(status);
	return kib / 1024;
}

static uint64_t timed_build(struct timeline *workers, struct timeline *cpus, const struct recording *recording,
    uint64_t from, uint64_t to)
{
	uint64_t start = clock_now_ns();

	if (workers != NULL && cpus != NULL)
		timeline_build_views(workers, cpus, recording, from, to, TIMELINE_NO_LIMIT, 200);
	else if (workers != NULL)
		timeline_build(workers, recording, TIMELINE_WORKERS, from, to, 200);
	else
		timeline_build(cpus, recording, TIMELINE_CPUS, from, to, 200);
	return clock_now_ns() - start;
}

/*
 * Frames over a recording of `events` events (64 lanes x events / 64
 * slices): first, new windows (each one 1 ns off the last, so nothing
 * built before is of use); then 11 frames of a live view whose window stays
 * put while each lane records 33 ms more between frames.
 */
static int measure_frames(size_t events, int slices_per_cpu, bool exact, struct frame_times *times,
    bool views_alone)
{
	size_t slices = events / FRAME_LANES, live = 11 * FRAME_APPENDED;
	struct timeline workers = { 0 }, cpus = { 0 };
	struct recording recording;
	uint64_t window;
	double before;

	malloc_trim(0);
	before = resident_mib();
	if (fill_recording(&recording, slices - live, slices_per_cpu, exact) != 0) {
		recording_free(&recording);
		return -1;
	}
	times->rss_mib = (resident_mib() - before) * (double)slices / (double)(slices - live);
	window = (uint64_t)slices * FRAME_SLICE_NS;
	for (int i = 0; i < 11; i++) {
		sample_add(&times->window, (double)timed_build(&workers, &cpus, &recording, 0, window + (uint64_t)i));
		if (!views_alone)
			continue;
		sample_add(&times->workers_alone, (double)timed_build(&workers, NULL, &recording, 0, window - (uint64_t)i));
		sample_add(&times->cpus_alone, (double)timed_build(NULL, &cpus, &recording, 0, window - (uint64_t)i));
	}
	timed_build(&workers, &cpus, &recording, 0, window);
	for (int i = 0; i < 11; i++) {
		size_t at = slices - live + (size_t)i * FRAME_APPENDED;

		if (append_slices(&recording, at, at + FRAME_APPENDED, slices_per_cpu) != 0)
			break;
		sample_add(&times->live, (double)timed_build(&workers, &cpus, &recording, 0, window));
	}
	timeline_free(&workers);
	timeline_free(&cpus);
	recording_free(&recording);
	malloc_trim(0);
	return 0;
}

/*
 * The live view builds both views of a section in one pass each frame
 * (`timeline_build_views`, see draw_section in ui_view.c): that is the
 * frame. While the window stays put, a frame only looks at what was
 * recorded since the last (the timeline's memo); a new window looks up
 * every column boundary afresh (a search and a short walk each, thanks to
 * the recording's marks). Both must not grow with the recording.
 */
static void bench_timeline_frame(struct table *table)
{
	struct frame_times worst = { 0 }, fewer_moves = { 0 }, ten_million = { 0 }, exact = { 0 };
	char live_text[64], window_text[64], workers_text[64], cpus_text[64], fewer_text[64], exact_text[64];
	char ten_live[64], ten_window[64];
	struct sample live_ratio = { 0 }, window_ratio = { 0 };
	struct row *row;

	progress("one timeline frame, 64 lanes x 200 columns, 1 M and 10 M events");
	if (measure_frames(1000000, 1, false, &worst, true) != 0 ||
	    measure_frames(1000000, 100, false, &fewer_moves, false) != 0 ||
	    measure_frames(1000000, 1, true, &exact, false) != 0 ||
	    measure_frames(10000000, 1, false, &ten_million, false) != 0)
		return;
	row = add_row(table, "one timeline frame, 64 lanes × 200 columns, 1 M events, a CPU change at every "
	    "slice: `timeline_build_views` (worker and CPU views) of a live view, 33 ms recorded since the last",
	    "≤ 5 ms");
	format_times(live_text, sizeof live_text, &worst.live);
	format_times(window_text, sizeof window_text, &worst.window);
	snprintf(row->measured, sizeof row->measured, "%s; a new window: %s", live_text, window_text);
	format_times(workers_text, sizeof workers_text, &worst.workers_alone);
	format_times(cpus_text, sizeof cpus_text, &worst.cpus_alone);
	format_times(fewer_text, sizeof fewer_text, &fewer_moves.window);
	format_times(exact_text, sizeof exact_text, &exact.window);
	snprintf(row->beside, sizeof row->beside, "a new window, one view: workers %s, CPUs %s; both, a CPU "
	    "change every 100 slices: %s; both, with an exact schedule: %.40s", workers_text, cpus_text,
	    fewer_text, exact_text);
	set_met(row, sample_median(&worst.live) <= 5e6 && sample_median(&worst.window) <= 5e6);

	for (int i = 0; i < ten_million.live.count; i++)
		sample_add(&live_ratio, ten_million.live.values[i] / sample_median(&worst.live));
	for (int i = 0; i < ten_million.window.count; i++)
		sample_add(&window_ratio, ten_million.window.values[i] / sample_median(&worst.window));
	row = add_row(table, "the same frame at 10 M events over the frame at 1 M (a CPU change at every slice)",
	    "≤ 1.5×");
	format_ratios(row->measured, sizeof row->measured, &live_ratio, "×", 2);
	format_times(ten_live, sizeof ten_live, &ten_million.live);
	format_times(ten_window, sizeof ten_window, &ten_million.window);
	snprintf(row->beside, sizeof row->beside, "at 10 M events, the frame: %s; a new window: %s, %.2f× the 1 M "
	    "one. Memory: the 10 M-event recording holds %.0f MiB resident (%.0f bytes an event; 1 M: %.0f MiB)",
	    ten_live, ten_window, sample_median(&window_ratio), ten_million.rss_mib,
	    ten_million.rss_mib * 1048576.0 / 1e7, worst.rss_mib);
	set_met(row, sample_median(&live_ratio) <= 1.5);
}

/* ---- the program itself: start-up and peak memory ---- */

/* Runs argv with output discarded; returns its wall time and fills *usage; 0 if it failed. */
static uint64_t run_program(char *const argv[], struct rusage *usage, int *status)
{
	uint64_t start = clock_now_ns();
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return 0;
	while (wait4(pid, status, 0, usage) < 0 && errno == EINTR)
		;
	return clock_now_ns() - start;
}

static void bench_version(struct table *table, const char *metaconc)
{
	char *version[] = { (char *)metaconc, "--version", NULL };
	struct sample times = { 0 };
	struct rusage usage;
	int status = 0;
	struct row *row;

	for (int i = 0; i < 31; i++) {
		sample_add(&times, (double)run_program(version, &usage, &status));
		if (status != 0)
			break;
	}
	row = add_row(table, "`metaconc --version`, from exec to exit", "≤ 5 ms");
	format_times(row->measured, sizeof row->measured, &times);
	snprintf(row->beside, sizeof row->beside, "—");
	set_met(row, sample_median(&times) <= 5e6);
}

/*
 * `metaconc list` reads the lessons (lessons/ beside the build-tree binary)
 * and the learner's progress: from an empty METACONC_STATE_DIR here, so
 * that nobody's real progress is read.
 */
static void bench_list(struct table *table, const char *metaconc)
{
	char *list[] = { (char *)metaconc, "list", NULL };
	char state[] = "/tmp/metaconc-bench-state-XXXXXX";
	struct sample times = { 0 };
	struct rusage usage;
	int status = 0;
	struct row *row = add_row(table, "`metaconc list`, from exec to exit", "≤ 20 ms");

	if (mkdtemp(state) == NULL) {
		snprintf(row->measured, sizeof row->measured, "not measured: mkdtemp: %s", strerror(errno));
		return;
	}
	setenv("METACONC_STATE_DIR", state, 1);
	run_program(list, &usage, &status);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(row->measured, sizeof row->measured, "`metaconc list` failed (%s %d)",
		    WIFSIGNALED(status) ? "signal" : "exit status",
		    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		snprintf(row->met, sizeof row->met, "—");
	} else {
		for (int i = 0; i < 31; i++)
			sample_add(&times, (double)run_program(list, &usage, &status));
		format_times(row->measured, sizeof row->measured, &times);
		set_met(row, sample_median(&times) <= 20e6);
	}
	snprintf(row->beside, sizeof row->beside, "the lessons of the build tree, no progress yet "
	    "(an empty `METACONC_STATE_DIR`)");
	unsetenv("METACONC_STATE_DIR");
	rmdir(state);
}

static void bench_startup(struct table *table, const char *metaconc)
{
	progress("metaconc --version and metaconc list");
	bench_version(table, metaconc);
	bench_list(table, metaconc);
}

static void bench_peak_memory(struct table *table, const char *metaconc)
{
	/* 64 threads, 128 tasks of 156 ms on the CPUs there are: about 10 s on two CPUs. */
	char task_ms[16];
	char *argv[] = { (char *)metaconc, "run", "spawn", "--workers", "64", "--tasks", "128", "--task-ms",
		task_ms, "--plain", NULL };
	cpu_set_t usable;
	int cpus = cpus_usable(&usable), status = 0;
	struct rusage usage;
	uint64_t wall;
	struct row *row;

	snprintf(task_ms, sizeof task_ms, "%d", 156 * (cpus > 0 ? cpus : 1) / 2);
	progress("peak memory of a 64-worker run of about 10 s");
	wall = run_program(argv, &usage, &status);
	row = add_row(table, "peak memory (max RSS), `run spawn --workers 64`, about 10 s", "≤ 32 MiB");
	if (wall == 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(row->measured, sizeof row->measured, "the run failed");
		return;
	}
	snprintf(row->measured, sizeof row->measured, "%.1f MiB (one run)", (double)usage.ru_maxrss / 1024.0);
	snprintf(row->beside, sizeof row->beside, "the run's wall time: %.1f s", (double)wall / 1e9);
	set_met(row, usage.ru_maxrss <= 32 * 1024);
}

/* ---- stopping: from SIGINT mid-run to every worker stopped and reaped ---- */

#define STOP_REPETITIONS 5

/*
 * Starts `metaconc run TECHNIQUE` with tasks of 10 s, lets its workers start,
 * sends SIGINT and returns the time until metaconc exits, which it does only
 * once every worker is stopped and reaped; 0 if it did not exit with 130.
 */
static uint64_t stop_time(const char *metaconc, const char *technique)
{
	char *argv[] = { (char *)metaconc, "run", (char *)technique, "--workers", "3", "--tasks", "6", "--task-ms",
		"10000", "--plain", NULL };
	struct timespec started = { .tv_sec = 0, .tv_nsec = 500 * 1000000L }; /* a thread or fork: well under 1 ms */
	int status = 0;
	uint64_t start, stopped;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return 0;
	while (nanosleep(&started, &started) != 0 && errno == EINTR)
		;
	start = clock_now_ns();
	kill(pid, SIGINT);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	stopped = clock_now_ns() - start;
	return WIFEXITED(status) && WEXITSTATUS(status) == 130 ? stopped : 0;
}

static void bench_stop_row(struct table *table, const char *metaconc, const char *technique, const char *workers)
{
	struct sample times = { 0 };
	char what[160];
	struct row *row;

	for (int i = 0; i < STOP_REPETITIONS; i++) {
		uint64_t ns = stop_time(metaconc, technique);

		if (ns == 0)
			break;
		sample_add(&times, (double)ns);
	}
	snprintf(what, sizeof what, "SIGINT mid-run to exit, every worker stopped and reaped (`run %s`, %s)", technique,
	    workers);
	row = add_row(table, what, "≤ 1 s (DESIGN §5)");
	snprintf(row->beside, sizeof row->beside, "tasks of 10 s: unstopped, the run would last 20 s");
	if (times.count < STOP_REPETITIONS) {
		snprintf(row->measured, sizeof row->measured, "the run did not exit with 130 after SIGINT");
		snprintf(row->met, sizeof row->met, "**no**");
		return;
	}
	format_times(row->measured, sizeof row->measured, &times);
	set_met(row, sample_max(&times) <= 1e9);
}

static void bench_stop(struct table *table, const char *metaconc)
{
	progress("SIGINT in the middle of a pool's run and a spawn's");
	bench_stop_row(table, metaconc, "pool", "3 processes");
	bench_stop_row(table, metaconc, "spawn", "3 threads");
}

/* ---- the full-screen view on, against --plain: the same run on a pseudo-terminal ---- */

#define VIEW_PAIRS 5
#define VIEW_TIMEOUT_NS (120 * 1000000000ull) /* a run takes a few seconds */
#define PTY_TAIL 16384

/* The end of what a program printed on the pseudo-terminal, where its summary is. */
struct pty_tail {
	char text[PTY_TAIL]; /* always NUL-terminated */
	size_t length;
};

/* What one run printed: the speedup of its summary, and the view's cost (METACONC_VIEW_STATS). */
struct pty_run {
	double speedup;        /* "speedup 1.97x over sequential", or 0 if not found */
	unsigned long frames;  /* "metaconc: view: N frames, M ms of CPU time ...", 0 without a view */
	double view_cpu_ms;
};

/* Keeps the last PTY_TAIL - 1 bytes of the output (NULs, if any, become spaces). */
static void tail_add(struct pty_tail *tail, const char *bytes, size_t count)
{
	if (count >= sizeof tail->text) {
		bytes += count - (sizeof tail->text - 1);
		count = sizeof tail->text - 1;
	}
	if (tail->length + count >= sizeof tail->text) {
		size_t drop = tail->length + count - (sizeof tail->text - 1);

		memmove(tail->text, tail->text + drop, tail->length - drop);
		tail->length -= drop;
	}
	for (size_t i = 0; i < count; i++)
		tail->text[tail->length++] = bytes[i] != '\0' ? bytes[i] : ' ';
	tail->text[tail->length] = '\0';
}

/*
 * Reads everything the program prints until its side of the terminal is
 * closed (read() then fails with EIO), so that it never blocks on a full
 * terminal. Returns false if the deadline passed first.
 */
static bool pty_drain(int master, struct pty_tail *tail, uint64_t deadline_ns)
{
	char chunk[4096];

	for (;;) {
		uint64_t now = clock_now_ns();
		struct pollfd ready = { .fd = master, .events = POLLIN };
		ssize_t n;

		if (now >= deadline_ns)
			return false;
		switch (poll(&ready, 1, (int)((deadline_ns - now) / 1000000 + 1))) {
		case -1:
			if (errno == EINTR)
				continue;
			return false;
		case 0:
			continue; /* nothing yet: the deadline is checked above */
		}
		n = read(master, chunk, sizeof chunk);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return true; /* EIO or end of file: the program has closed the terminal */
		tail_add(tail, chunk, (size_t)n);
	}
}

/* The last `count` bytes of the output, made printable (control characters become spaces) for a message. */
static const char *tail_printable_end(struct pty_tail *tail, size_t count)
{
	size_t from = tail->length > count ? tail->length - count : 0;

	for (size_t i = from; i < tail->length; i++) {
		if ((unsigned char)tail->text[i] < ' ' || tail->text[i] == 0x7f)
			tail->text[i] = ' ';
	}
	return tail->text + from;
}

/* The last place `needle` occurs in `text`, or NULL. */
static const char *last_of(const char *text, const char *needle)
{
	const char *found = NULL;

	for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
		found = p;
	return found;
}

/* Reads the speedup and the view's cost from the end of the output (the last ones printed). */
static void parse_pty_output(const char *text, struct pty_run *run)
{
	const char *speedup = last_of(text, "speedup "), *view = last_of(text, "metaconc: view: ");
	char *end;

	if (speedup != NULL) {
		double value = strtod(speedup + strlen("speedup "), &end);

		if (strncmp(end, "x over sequential", strlen("x over sequential")) == 0)
			run->speedup = value;
	}
	if (view != NULL && sscanf(view, "metaconc: view: %lu frames, %lf ms", &run->frames, &run->view_cpu_ms) != 2)
		run->frames = 0;
}

/*
 * Runs argv on a new pseudo-terminal of 120 x 40, as a terminal emulator
 * would, with TERM=xterm-256color; the view closes itself at the end of the
 * run (METACONC_VIEW_EXIT=1) and reports its cost (METACONC_VIEW_STATS=1).
 * The child is always reaped; past the deadline it is killed with its
 * process group. Returns true if it exited with status 0 and printed a
 * speedup.
 */
static bool pty_run(char *const argv[], struct pty_run *run)
{
	struct winsize size = { .ws_row = 40, .ws_col = 120 };
	struct pty_tail tail = { .length = 0 };
	int master, status = 0;
	bool drained;
	pid_t pid;

	memset(run, 0, sizeof *run);
	pid = forkpty(&master, NULL, NULL, &size);
	if (pid < 0) {
		progress("forkpty: %s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("METACONC_VIEW_EXIT", "1", 1);
		setenv("METACONC_VIEW_STATS", "1", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	drained = pty_drain(master, &tail, clock_now_ns() + VIEW_TIMEOUT_NS);
	if (!drained) {
		progress("%s did not finish in %llu s: killed", argv[0], VIEW_TIMEOUT_NS / 1000000000ull);
		kill(-pid, SIGKILL); /* its process group: forkpty made the child a session leader */
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	close(master);
	parse_pty_output(tail.text, run);
	if (!drained || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || run->speedup <= 0) {
		progress("the run on the pseudo-terminal failed (%s %d); its last output: %s",
		    WIFSIGNALED(status) ? "signal" : "exit status",
		    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), tail_printable_end(&tail, 300));
		return false;
	}
	return true;
}

/* Everything measured over the pairs of runs, view on and `--plain`. */
struct view_samples {
	struct sample with_view, plain; /* the speedups */
	struct sample lost;             /* % of the plain speedup lost with the view, pair by pair */
	struct sample frames, cpu_ms, ms_per_frame;
};

static bool measure_view_pairs(const char *metaconc, struct view_samples *v)
{
	char *view[] = { (char *)metaconc, "run", "spawn", "--workers", "2", "--tasks", "4", "--task-ms", "300",
		"--compare", NULL };
	char *plain[] = { (char *)metaconc, "run", "spawn", "--workers", "2", "--tasks", "4", "--task-ms", "300",
		"--compare", "--plain", NULL };

	for (int i = 0; i < VIEW_PAIRS; i++) {
		/* Alternate the order, so that a drift of the machine does not favour one. */
		bool view_first = i % 2 == 0;
		struct pty_run a, b, *with = view_first ? &a : &b, *without = view_first ? &b : &a;

		if (!pty_run(view_first ? view : plain, &a) || !pty_run(view_first ? plain : view, &b))
			return false;
		if (with->frames == 0) {
			progress("no METACONC_VIEW_STATS line: the full-screen view did not open");
			return false;
		}
		sample_add(&v->with_view, with->speedup);
		sample_add(&v->plain, without->speedup);
		sample_add(&v->lost, 100.0 * (without->speedup - with->speedup) / without->speedup);
		sample_add(&v->frames, (double)with->frames);
		sample_add(&v->cpu_ms, with->view_cpu_ms);
		sample_add(&v->ms_per_frame, with->view_cpu_ms / (double)with->frames);
	}
	return true;
}

static void bench_view(struct table *table, const char *metaconc)
{
	struct view_samples v = { 0 };
	char with_text[64], plain_text[64], frames[64], cpu[64];
	struct row *row;

	progress("speedup change, full-screen view on vs --plain (%d pairs on a pseudo-terminal)", VIEW_PAIRS);
	row = add_row(table, "speedup change, full-screen view on vs `--plain`: `run spawn --workers 2 --tasks 4 "
	    "--task-ms 300 --compare` on a 120×40 pseudo-terminal; the part of the speedup lost with the view",
	    "< 5 %");
	if (!measure_view_pairs(metaconc, &v)) {
		snprintf(row->measured, sizeof row->measured, "could not be measured");
		snprintf(row->beside, sizeof row->beside, "see the bench's messages");
		snprintf(row->met, sizeof row->met, "—");
		return;
	}
	format_ratios(row->measured, sizeof row->measured, &v.lost, " %", 1);
	format_ratios(with_text, sizeof with_text, &v.with_view, "×", 2);
	format_ratios(plain_text, sizeof plain_text, &v.plain, "×", 2);
	snprintf(row->beside, sizeof row->beside, "speedup with the view %s; with `--plain` %s; %d pairs, "
	    "alternating", with_text, plain_text, v.with_view.count);
	set_met(row, sample_median(&v.lost) < 5.0);

	row = add_row(table, "the view's own cost on the main thread (`METACONC_VIEW_STATS`), the same runs, "
	    "CPU time per frame", "(none; a frame every 33 ms)");
	format_ratios(row->measured, sizeof row->measured, &v.ms_per_frame, " ms", 3);
	format_ratios(frames, sizeof frames, &v.frames, "", 0);
	format_ratios(cpu, sizeof cpu, &v.cpu_ms, " ms", 1);
	snprintf(row->beside, sizeof row->beside, "frames a run (both runs of `--compare`): %s; CPU time a run: %s",
	    frames, cpu);
	snprintf(row->met, sizeof row->met, "—");
}

/* ---- the report ---- */

/* The 1-minute load average: how busy the machine was besides the bench. */
static double load_average(void)
{
	double load = -1.0;
	FILE *file = fopen("/proc/loadavg", "r");

	if (file != NULL) {
		if (fscanf(file, "%lf", &load) != 1)
			load = -1.0;
		fclose(file);
	}
	return load;
}

static void print_table(FILE *out, const struct table *table, const char *python_version, double load_before,
    double load_after)
{
	char how[160];
	struct utsname host;
	char model[128] = "unknown CPU", line[256], date[64];
	FILE *cpuinfo = fopen("/proc/cpuinfo", "r");
	time_t now = time(NULL);
	cpu_set_t usable;

	while (cpuinfo != NULL && fgets(line, sizeof line, cpuinfo) != NULL) {
		if (strncmp(line, "model name", 10) == 0 && strchr(line, ':') != NULL) {
			snprintf(model, sizeof model, "%s", strchr(line, ':') + 2);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	}
	if (cpuinfo != NULL)
		fclose(cpuinfo);
	uname(&host);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
	if (only_parts != NULL)
		snprintf(how, sizeof how, "`bench --only %s` (a part of the bench only)", only_parts);
	else
		snprintf(how, sizeof how, "`make bench`");
	fprintf(out, "# metaconc benchmark\n\n"
	    "Measured by %s on %s: %s, %d CPUs usable, Linux %s, metaconc %s, Python %s.\n"
	    "Load average (1 min) when the bench began: %.2f; %s: %.2f.\n\n"
	    "Each figure is the median of its repetitions, with their range in brackets, and stands beside\n"
	    "its floor or its peer measured in the same run. The targets are DESIGN §4's. A shared, noisy\n"
	    "machine widens the ranges; nothing here is a test, and no timing fails the build.\n\n",
	    how, date, model, cpus_usable(&usable), host.release, METACONC_VERSION, python_version, load_before,
	    part_wanted("memory") ? "before its last, 64-thread run" : "at its end", load_after);
	fprintf(out, "| what | measured | beside it, same run | target | met |\n|---|---|---|---|---|\n");
	for (int i = 0; i < table->count; i++) {
		const struct row *r = &table->rows[i];

		fprintf(out, "| %s | %s | %s | %s | %s |\n", r->what, r->measured, r->beside, r->target, r->met);
	}
}

static void python_version_of(const char *interpreter, char *buf, size_t size)
{
	char command[PATH_MAX + 64];
	FILE *pipe;

	snprintf(buf, size, "not found");
	if (interpreter == NULL)
		return;
	snprintf(command, sizeof command, "'%s' -c 'import platform; print(platform.python_version())'", interpreter);
	pipe = popen(command, "r");
	if (pipe == NULL)
		return;
	if (fgets(buf, (int)size, pipe) != NULL)
		buf[strcspn(buf, "\n")] = '\0';
	pclose(pipe);
}

/* ---- the arguments ---- */

struct bench_args {
	char metaconc[PATH_MAX];     /* the binary whose commands are measured */
	char python_costs[PATH_MAX]; /* bench/python_costs.py */
	const char *results;         /* the file the table is written to, or NULL: standard output only */
};

/* True if every name in the comma-separated `list` is a part of the bench. */
static bool parts_known(const char *list)
{
	char copy[256], *save, *name;

	if (list[0] == '\0' || strlen(list) >= sizeof copy)
		return false;
	snprintf(copy, sizeof copy, "%s", list);
	for (name = strtok_r(copy, ",", &save); name != NULL; name = strtok_r(NULL, ",", &save)) {
		bool known = false;

		for (int i = 0; bench_parts[i] != NULL; i++)
			known = known || strcmp(name, bench_parts[i]) == 0;
		if (!known)
			return false;
	}
	return true;
}

/* The defaults: the metaconc beside this bench binary, and bench/python_costs.py of the tree above it. */
static void default_paths(struct bench_args *args)
{
	char self[PATH_MAX] = "build/bench";
	ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (length > 0)
		self[length] = '\0';
	slash = strrchr(self, '/');
	if (slash != NULL)
		*slash = '\0';
	else
		snprintf(self, sizeof self, ".");
	snprintf(args->metaconc, sizeof args->metaconc, "%s/metaconc", self);
	snprintf(args->python_costs, sizeof args->python_costs, "%s/../bench/python_costs.py", self);
}

static void usage(void)
{
	fprintf(stderr, "usage: bench [--only PART[,PART...]] [METACONC [PYTHON_COSTS [RESULTS]]]\nparts:");
	for (int i = 0; bench_parts[i] != NULL; i++)
		fprintf(stderr, " %s", bench_parts[i]);
	fprintf(stderr, "\nRESULTS is written only when every part runs: a part would replace the full table.\n");
}

/* Reads [--only PARTS] [METACONC [PYTHON_COSTS [RESULTS]]]; returns 0, or -1 on bad usage. */
static int parse_args(int argc, char *argv[], struct bench_args *args)
{
	int i = 1;

	default_paths(args);
	if (i < argc && strcmp(argv[i], "--only") == 0) {
		if (i + 1 >= argc || !parts_known(argv[i + 1]))
			return -1;
		only_parts = argv[i + 1];
		i += 2;
	}
	if (argc - i > 3 || (i < argc && argv[i][0] == '-'))
		return -1;
	if (i < argc)
		snprintf(args->metaconc, sizeof args->metaconc, "%s", argv[i++]);
	if (i < argc)
		snprintf(args->python_costs, sizeof args->python_costs, "%s", argv[i++]);
	if (i < argc)
		args->results = argv[i++];
	if (only_parts != NULL && args->results != NULL) {
		progress("--only: %s is left as it is (a part would replace the full table)", args->results);
		args->results = NULL;
	}
	return 0;
}

/* ---- the bench ---- */

static void bench_speedups(struct table *table)
{
	bench_speedup_row(table, TECHNIQUE_SPAWN, false, "≥ 1.85×", 1.85, true);
	note_steadiness();
	bench_speedup_row(table, TECHNIQUE_DECORATOR, false, "(none; spawn's is ≥ 1.85×)", 0, true);
	note_steadiness();
	bench_speedup_row(table, TECHNIQUE_POOL, false, "≥ 1.8×", 1.8, true);
	note_steadiness();
	bench_speedup_row(table, TECHNIQUE_GIL, false, "≤ 1.15×", 1.15, false);
	for (int t = TECHNIQUE_SPAWN; t <= TECHNIQUE_GIL; t++) {
		note_steadiness();
		bench_speedup_row(table, (enum technique)t, true, "≤ 1.1×", 1.1, false);
	}
}

static void bench_python_speedups(struct table *table, const struct python_setup *python)
{
	bench_python_speedup_row(table, python, TECHNIQUE_SPAWN, "threads", "(none; the GIL: ≈ 1×)");
	note_steadiness();
	bench_python_speedup_row(table, python, TECHNIQUE_POOL, "processes", "(none; ≈ 2× less pool start-up)");
}

/* The path of `name` in the directory of `path`. */
static void beside(char *buf, size_t size, const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%.*s/%s", (int)(slash - path), path, name);
}

/* metaconc trace: its overhead, accuracy and memory (bench_trace.c), as rows of the table. */
static void bench_trace_part(struct table *table, const struct bench_args *args, const char *interpreter)
{
	char program[PATH_MAX + 32], script[PATH_MAX + 32];
	struct bench_trace_setup setup = { .metaconc = args->metaconc, .program = program, .python = interpreter,
		.python_script = script };
	struct bench_trace_row rows[8];
	int count;

	beside(program, sizeof program, args->metaconc, "trace_program");
	beside(script, sizeof script, args->python_costs, "trace_cpu.py");
	count = bench_trace(&setup, rows, 8);
	for (int i = 0; i < count; i++) {
		char what[sizeof rows[i].what];
		struct row *row;

		snprintf(what, sizeof what, "%.*s", (int)sizeof what - 1, rows[i].what);
		row = add_row(table, what, rows[i].target);

		snprintf(row->measured, sizeof row->measured, "%s", rows[i].measured);
		snprintf(row->beside, sizeof row->beside, "%s", rows[i].beside);
		snprintf(row->met, sizeof row->met, "%s", rows[i].met);
	}
}

int main(int argc, char *argv[])
{
	static struct table table;
	static struct bench_args args;
	struct python_setup python;
	struct atomic_file results;
	const char *interpreter = NULL;
	char why[512], version[32];
	double load_before = load_average(), load_after;
	struct row *steady;

	if (parse_args(argc, argv, &args) != 0) {
		usage();
		return 2;
	}
	if (args.results != NULL && atomic_file_open(&results, args.results, why, sizeof why) != 0) {
		fprintf(stderr, "bench: %s\n", why);
		return 2;
	}
	if (python_setup_find(&python, why, sizeof why) == 0)
		interpreter = python.interpreter;
	else
		progress("no Python figures: %s", why);
	python_version_of(interpreter, version, sizeof version);
	experiment_calibration();

	/* The machine's steadiness is noted before each part and after the last. */
	steady = add_row(&table, "the machine's steadiness: 50 ms of calibrated C work, in CPU time", "—");
	if (part_wanted("event")) {
		note_steadiness();
		bench_trace_event(&table);
	}
	if (part_wanted("overhead")) {
		note_steadiness();
		bench_tracing_overhead(&table);
	}
	if (part_wanted("probe")) {
		note_steadiness();
		bench_probe_overhead(&table);
	}
	if (part_wanted("speedup")) {
		note_steadiness();
		bench_speedups(&table);
	}
	if (part_wanted("view")) {
		note_steadiness();
		bench_view(&table, args.metaconc);
	}
	if (part_wanted("python") && interpreter != NULL) {
		note_steadiness();
		bench_python_speedups(&table, &python);
	}
	if (part_wanted("start-costs")) {
		note_steadiness();
		bench_start_costs(&table, interpreter, args.python_costs);
	}
	if (part_wanted("frame")) {
		note_steadiness();
		bench_timeline_frame(&table);
	}
	if (part_wanted("startup")) {
		note_steadiness();
		bench_startup(&table, args.metaconc);
	}
	if (part_wanted("stop")) {
		note_steadiness();
		bench_stop(&table, args.metaconc);
	}
	if (part_wanted("trace")) {
		note_steadiness();
		bench_trace_part(&table, &args, interpreter);
	}
	note_steadiness();
	fill_steadiness_row(steady);
	load_after = load_average(); /* 64 runnable threads are about to raise it */
	if (part_wanted("memory")) {
		/*
		 * A child's peak RSS counts the pages it shares with its parent
		 * between fork() and exec(): give back what the frame part freed
		 * first, or the bench's own heap is measured as metaconc's.
		 */
		malloc_trim(0);
		bench_peak_memory(&table, args.metaconc);
	}

	print_table(stdout, &table, version, load_before, load_after);
	if (args.results == NULL)
		return 0;
	print_table(results.stream, &table, version, load_before, load_after);
	if (atomic_file_commit(&results, why, sizeof why) != 0) {
		fprintf(stderr, "bench: %s\n", why);
		return 1;
	}
	progress("written to %s", args.results);
	return 0;
}
