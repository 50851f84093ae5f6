/*
 * bench_trace.c: what `metaconc trace` costs and how true it is (DESIGN §4).
 *
 *   - Overhead: a CPU-bound program of 2 processes x 2 threads, in C
 *     (tests/trace_program.c pool) and in Python (bench/trace_cpu.py), run
 *     traced (`metaconc trace --plain`, start-up and printing included) and
 *     untraced, in alternating pairs, at the default rate and at 2 others.
 *   - Accuracy against the kernel: the C program's threads read their own
 *     totals (schedstat) as they end; each lane's running and preempted
 *     totals are compared with them.
 *   - Accuracy against metaconc's own recording: `metaconc run spawn
 *     --workers 4` traced from outside, its lanes cell by cell against what
 *     the run recorded of itself (--events), the two aligned on the
 *     workers' starts.
 *   - Memory: 64 threads for 10 minutes, fed through the sampler and the
 *     recording (the code the observer runs at each look) with synthetic
 *     looks, at the default rate, in the worst case (every look changes
 *     state) and in a common one; and a real 64-thread trace's peak RSS.
 */
#include "bench_trace.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpus.h"
#include "model/recording.h"
#include "model/timeline.h"
#include "observe/observer.h"
#include "observe/sampler.h"

#define PAIRS 9
#define MAX_SAMPLES 32
#define C_BURN_MS "1000"           /* CPU time of each of the 4 threads */
#define PYTHON_COUNT "10000000"    /* what each Python thread counts to */
#define COLUMNS 200
#define MEMORY_THREADS 64
#define MEMORY_SECONDS 600
#define REAL_SECONDS 20

static const unsigned other_rates[2] = { 10, 1000 };

struct samples {
	double values[MAX_SAMPLES];
	int count;
};

static void add(struct samples *s, double value)
{
	if (s->count < MAX_SAMPLES)
		s->values[s->count++] = value;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(struct samples *s)
{
	if (s->count == 0)
		return 0.0;
	qsort(s->values, (size_t)s->count, sizeof s->values[0], by_value);
	return s->count % 2 ? s->values[s->count / 2] : (s->values[s->count / 2 - 1] + s->values[s->count / 2]) / 2;
}

static void say(const char *what)
{
	fprintf(stderr, "bench: trace: %s\n", what);
}

/* Where run_timed() sends a program's stderr (NULL: /dev/null). */
static const char *stderr_path;

/* Runs argv (output discarded); returns its wall time in ns (0 if it failed) and its peak RSS in KiB. */
static uint64_t run_timed(char *const argv[], long *max_rss_kib)
{
	uint64_t start = clock_now_ns();
	struct rusage usage;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		int err = stderr_path != NULL ? open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0600) : null;

		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(err >= 0 ? err : null, STDERR_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return 0;
	while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR)
		continue;
	if (max_rss_kib != NULL)
		*max_rss_kib = usage.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? clock_now_ns() - start : 0;
}

/* ---- overhead ---------------------------------------------------------------- */

/* The CPU time `metaconc trace` reported it spent itself (METACONC_TRACE_STATS), in ms; -1 if not found. */
static double tracer_cpu_ms(const char *path)
{
	char line[256];
	double ms = -1.0;
	FILE *in = fopen(path, "r");

	while (in != NULL && fgets(line, sizeof line, in) != NULL) {
		const char *at = strstr(line, "looks, ");

		if (strncmp(line, "metaconc: trace: ", 17) == 0 && at != NULL)
			ms = strtod(at + 7, NULL);
	}
	if (in != NULL)
		fclose(in);
	return ms;
}

/*
 * Traced over untraced wall time at `rate`, in PAIRS alternating pairs;
 * *untraced gets the untraced median, *tracer_share the tracer's own CPU
 * time over the untraced wall time (a bound on what it can take from the
 * program that a busy machine does not blur).
 */
static double overhead(const struct bench_trace_setup *setup, char *const program[], unsigned rate,
    double *untraced_s, double *tracer_share)
{
	char hz[16], *traced[16], report[] = "/tmp/metaconc-bench-cost-XXXXXX";
	struct samples ratios = { .count = 0 }, plain = { .count = 0 }, cost = { .count = 0 };
	int n = 0, fd = mkstemp(report);

	snprintf(hz, sizeof hz, "%u", rate);
	traced[n++] = (char *)setup->metaconc;
	traced[n++] = "trace";
	traced[n++] = "--plain";
	traced[n++] = "--rate";
	traced[n++] = hz;
	traced[n++] = "--";
	for (int i = 0; program[i] != NULL && n < 15; i++)
		traced[n++] = program[i];
	traced[n] = NULL;
	if (fd >= 0)
		close(fd);
	setenv("METACONC_TRACE_STATS", "1", 1);
	for (int pair = 0; pair < PAIRS; pair++) {
		uint64_t with, without;

		stderr_path = fd >= 0 ? report : NULL;
		with = run_timed(traced, NULL);
		stderr_path = NULL;
		without = run_timed(program, NULL);
		if (with == 0 || without == 0)
			break;
		add(&ratios, (double)with / (double)without);
		add(&plain, (double)without / 1e9);
		if (fd >= 0 && tracer_cpu_ms(report) >= 0)
			add(&cost, tracer_cpu_ms(report) / ((double)without / 1e6));
	}
	unsetenv("METACONC_TRACE_STATS");
	if (fd >= 0)
		unlink(report);
	*untraced_s = median(&plain);
	*tracer_share = median(&cost);
	return ratios.count == PAIRS ? median(&ratios) : 0.0;
}

static void overhead_row(const struct bench_trace_setup *setup, struct bench_trace_row *row, const char *what,
    char *const program[])
{
	double untraced = 0, at_default, at_other[2], share = 0, share_other[2];

	snprintf(row->what, sizeof row->what, "`trace` overhead: traced / untraced wall time, %s, at the default "
	    "%d looks a second (`trace --plain`, its start and its printing included)", what, SAMPLER_DEFAULT_HZ);
	snprintf(row->target, sizeof row->target, "≤ 1.02");
	at_default = overhead(setup, program, SAMPLER_DEFAULT_HZ, &untraced, &share);
	for (int i = 0; i < 2; i++) {
		double ignored;

		at_other[i] = overhead(setup, program, other_rates[i], &ignored, &share_other[i]);
	}
	if (at_default == 0.0) {
		snprintf(row->measured, sizeof row->measured, "the program failed");
		snprintf(row->met, sizeof row->met, "—");
		return;
	}
	snprintf(row->measured, sizeof row->measured, "%.3f (median of %d pairs)", at_default, PAIRS);
	snprintf(row->beside, sizeof row->beside, "untraced: %.2f s; at %u Hz: %.3f; at %u Hz: %.3f. metaconc's own "
	    "CPU time over the untraced wall time (what it can take, whatever the load): %.2f %% at %d Hz, %.2f %% at "
	    "%u Hz, %.2f %% at %u Hz", untraced, other_rates[0], at_other[0], other_rates[1], at_other[1], 100 * share,
	    SAMPLER_DEFAULT_HZ, 100 * share_other[0], other_rates[0], 100 * share_other[1], other_rates[1]);
	snprintf(row->met, sizeof row->met, "%s", at_default <= 1.02 ? "yes" : "**no**");
}

/* ---- observing in this process, as the command does ---------------------------- */

static struct observer *observe_to_end(char *const argv[])
{
	struct observer_options options;
	char why[256];
	int status;
	struct observer *observer;

	observer_options_init(&options);
	observer = observer_start(argv, &options, &status, why, sizeof why);
	if (observer == NULL) {
		fprintf(stderr, "bench: trace: %s: %s\n", argv[0], why);
		return NULL;
	}
	while (!observer_done(observer)) {
		struct pollfd fd = { .fd = observer_fd(observer), .events = POLLIN };

		poll(&fd, 1, observer_timeout_ms(observer));
		observer_step(observer);
	}
	return observer;
}

static int lane_of(const struct process_tree *tree, long tid)
{
	for (int lane = 0; lane < tree->thread_count; lane++) {
		if ((long)tree->threads[lane].tid == tid)
			return lane;
	}
	return -1;
}

/* Each lane's running and preempted totals against the kernel's, read by the threads as they end. */
static void accuracy_kernel_row(const struct bench_trace_setup *setup, struct bench_trace_row *row)
{
	char report[] = "/tmp/metaconc-bench-report-XXXXXX";
	char *argv[] = { (char *)setup->program, "pool", "2", "2", "300", NULL };
	struct observer *observer;
	double worst = 0.0;
	int compared = 0, fd = mkstemp(report);
	FILE *lines;
	long tid;
	unsigned long long run, wait;

	snprintf(row->what, sizeof row->what, "`trace` accuracy: each lane's running and preempted totals against "
	    "the kernel's own, read by the thread as it ends (C, 2 processes × 2 threads × 300 ms)");
	snprintf(row->target, sizeof row->target, "within 2 %%");
	if (fd < 0)
		return;
	close(fd);
	setenv("TRACE_PROGRAM_REPORT", report, 1);
	observer = observe_to_end(argv);
	unsetenv("TRACE_PROGRAM_REPORT");
	lines = fopen(report, "r");
	while (observer != NULL && lines != NULL && fscanf(lines, "%ld %llu %llu", &tid, &run, &wait) == 3) {
		int lane = lane_of(observer_tree(observer), tid);
		struct lane_sums sums;
		double total = (double)(run + wait);

		if (lane < 0 || total == 0)
			continue;
		sums = recording_lane_totals(&observer_recording(observer)->lanes[lane]);
		/* Relative to the thread's time on or waiting for a CPU, so a small total is not magnified. */
		if ((double)llabs((long long)sums.running_ns - (long long)run) / total > worst)
			worst = (double)llabs((long long)sums.running_ns - (long long)run) / total;
		if ((double)llabs((long long)sums.preempted_ns - (long long)wait) / total > worst)
			worst = (double)llabs((long long)sums.preempted_ns - (long long)wait) / total;
		compared++;
	}
	if (lines != NULL)
		fclose(lines);
	unlink(report);
	observer_free(observer);
	if (compared == 0) {
		snprintf(row->measured, sizeof row->measured, "not measured: no thread reported");
		snprintf(row->met, sizeof row->met, "—");
		return;
	}
	snprintf(row->measured, sizeof row->measured, "worst %.3f %% off", 100.0 * worst);
	snprintf(row->beside, sizeof row->beside, "%d lanes compared; the gap is what the thread ran between "
	    "reading its totals and its exit", compared);
	snprintf(row->met, sizeof row->met, "%s", worst <= 0.02 ? "yes" : "**no**");
}

/* ---- against metaconc's own recording ---------------------------------------- */

/* Reads what `metaconc run --events` wrote into a recording of `workers` lanes (times from 0). */
static int read_events(const char *path, struct recording *recording, int workers)
{
	FILE *in = fopen(path, "r");
	char line[256], kind[32], cpu_time[32], cpu[16], task[16];
	unsigned long long start, duration;
	int worker;

	if (in == NULL || recording_init(recording, workers, cpus_configured(), false, 0) != 0) {
		if (in != NULL)
			fclose(in);
		return -1;
	}
	while (fgets(line, sizeof line, in) != NULL) {
		struct trace_event e = { .task = TRACE_NO_TASK, .cpu = TRACE_NO_CPU };

		if (line[0] == '#' || sscanf(line, "%d %31s %llu %llu %31s %15s %15s", &worker, kind, &start,
		    &duration, cpu_time, cpu, task) != 7 || worker < 0 || worker >= workers)
			continue;
		for (int k = 0; k < TRACE_KIND_COUNT; k++) {
			if (strcmp(kind, trace_kind_name((enum trace_kind)k)) == 0)
				e.kind = (uint8_t)k;
		}
		e.time_ns = start;
		e.duration_ns = duration;
		e.worker = (uint16_t)worker;
		if (e.kind == TRACE_RUN)
			e.cpu_time_ns = strtoull(cpu_time, NULL, 10);
		if (cpu[0] != '-')
			e.cpu = (int16_t)atoi(cpu);
		recording_append(recording, &e);
	}
	fclose(in);
	return 0;
}

/* The workers' thread ids, in order, from the run's --json ("os_id": N for each lane). */
static int read_thread_ids(const char *path, long *tids, int max)
{
	char text[65536];
	FILE *in = fopen(path, "r");
	size_t n = in != NULL ? fread(text, 1, sizeof text - 1, in) : 0;
	int count = 0;

	if (in != NULL)
		fclose(in);
	text[n] = '\0';
	for (const char *p = strstr(text, "\"os_id\":"); p != NULL && count < max; p = strstr(p + 1, "\"os_id\":"))
		tids[count++] = strtol(p + 8, NULL, 10);
	return count;
}

static bool same_state(const struct timeline_cell *a, const struct timeline_cell *b)
{
	return a->state == b->state;
}

/* The share of [from, to) (absolute ns) a lane spent running. */
static double running_share(const struct lane *lane, uint64_t from, uint64_t to)
{
	size_t hint = 0;
	struct lane_sums a = recording_sums_until(lane, from, &hint), b = recording_sums_until(lane, to, &hint);

	return to > from ? (double)(b.running_ns - a.running_ns) / (double)(to - from) : 0.0;
}

static void accuracy_recording_row(const struct bench_trace_setup *setup, struct bench_trace_row *row)
{
	char dir[] = "/tmp/metaconc-bench-cells-XXXXXX", events[300], json[300];
	char *argv[] = { "/bin/sh", "-c", "exec \"$0\" run spawn --plain --workers 4 --events \"$1\" --json > \"$2\"",
		(char *)setup->metaconc, events, json, NULL };
	struct recording own = { 0 };
	struct timeline mine = { 0 }, theirs = { 0 }, theirs_exact = { 0 };
	struct observer *observer = NULL;
	long tids[4];
	int lanes[4], workers = 0;
	uint64_t offsets[4], offset = 0, span;
	long agree = 0, compared = 0, agree_cpu = 0, running_cells = 0;
	double share_gap = 0.0;
	bool exact = false;

	snprintf(row->what, sizeof row->what, "`trace` accuracy: `trace -- metaconc run spawn --plain --workers 4` "
	    "against the run's own recording, cell by cell (%d columns)", COLUMNS);
	snprintf(row->target, sizeof row->target, "≥ 90 %% of cells agree");
	if (mkdtemp(dir) == NULL)
		return;
	snprintf(events, sizeof events, "%s/events.tsv", dir);
	snprintf(json, sizeof json, "%s/run.json", dir);
	observer = observe_to_end(argv);
	if (observer != NULL && read_events(events, &own, 4) == 0)
		workers = read_thread_ids(json, tids, 4);
	for (int w = 0; w < workers; w++) {
		const struct recording *traced = observer_recording(observer);

		lanes[w] = lane_of(observer_tree(observer), tids[w]);
		if (lanes[w] < 0 || own.lanes[w].life_count == 0 || traced->lanes[lanes[w]].life_count == 0) {
			workers = 0;
			break;
		}
		/* Where the worker's start falls in the trace: the two clocks' offset. */
		offsets[w] = traced->lanes[lanes[w]].lives[0].start_ns - traced->origin_ns -
		    own.lanes[w].lives[0].start_ns;
	}
	if (workers == 4) {
		const struct recording *traced = observer_recording(observer);
		/*
		 * The run's own recording, read back from --events, has its run
		 * slices but not its exact schedule: the trace's lanes are compared
		 * the same way, from their sampled intervals (its CPUs, where both
		 * say running, from its schedule).
		 */
		struct recording sampled = *traced;

		sampled.schedule = RECORDING_ESTIMATED;
		exact = traced->schedule == RECORDING_EXACT;
		for (int i = 0; i < 4; i++)
			offset += offsets[i] / 4;
		span = own.now_ns;
		timeline_build(&mine, &own, TIMELINE_WORKERS, 0, span, COLUMNS);
		timeline_build(&theirs, &sampled, TIMELINE_WORKERS, offset, offset + span, COLUMNS);
		timeline_build(&theirs_exact, traced, TIMELINE_WORKERS, offset, offset + span, COLUMNS);
		for (int w = 0; w < 4; w++) {
			for (int c = 0; c < COLUMNS; c++) {
				const struct timeline_cell *a = timeline_cell(&mine, w, c), *b = timeline_cell(&theirs, lanes[w], c);
				const struct timeline_cell *held = timeline_cell(&theirs_exact, lanes[w], c);
				uint64_t c0 = span * (uint64_t)c / COLUMNS, c1 = span * (uint64_t)(c + 1) / COLUMNS;

				if (a->state == CELL_EMPTY || a->state == CELL_DONE)
					continue;
				compared++;
				agree += same_state(a, b);
				/* Finer than the states: how much of the cell each says was running. */
				share_gap += fabs(running_share(&own.lanes[w], own.origin_ns + c0, own.origin_ns + c1) -
				    running_share(&traced->lanes[lanes[w]], traced->origin_ns + offset + c0,
				    traced->origin_ns + offset + c1));
				if (a->state == CELL_RUNNING && held->state == CELL_RUNNING) {
					running_cells++;
					agree_cpu += a->cpu == held->cpu;
				}
			}
		}
	}
	timeline_free(&mine);
	timeline_free(&theirs);
	timeline_free(&theirs_exact);
	recording_free(&own);
	observer_free(observer);
	unlink(events);
	unlink(json);
	rmdir(dir);
	if (compared == 0) {
		snprintf(row->measured, sizeof row->measured, "not measured: the run or its trace failed");
		snprintf(row->met, sizeof row->met, "—");
		return;
	}
	snprintf(row->measured, sizeof row->measured, "%.1f %% of cells agree", 100.0 * (double)agree / (double)compared);
	snprintf(row->beside, sizeof row->beside, "%ld cells of the 4 workers' lives; the running share of a cell "
	    "differs by %.1f points on average; where both say running, the same CPU in %.0f %% of %ld cells "
	    "(the trace's CPUs, %s)", compared, 100.0 * share_gap / (double)compared,
	    running_cells ? 100.0 * (double)agree_cpu / (double)running_cells : 0.0, running_cells,
	    exact ? "exact" : "sampled");
	snprintf(row->met, sizeof row->met, "%s", (double)agree >= 0.9 * (double)compared ? "yes" : "**no**");
}

/* ---- memory -------------------------------------------------------------------- */

static long rss_kib(void)
{
	char line[256];
	long kib = 0;
	FILE *status = fopen("/proc/self/status", "r");

	while (status != NULL && fgets(line, sizeof line, status) != NULL) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			kib = strtol(line + 6, NULL, 10);
	}
	if (status != NULL)
		fclose(status);
	return kib;
}

enum pattern {
	PATTERN_WORST,    /* every look: 40 % running, 10 % preempted, 50 % on a lock, on the other CPU */
	PATTERN_CPU_BOUND /* 64 CPU-bound threads sharing 2 CPUs: a little running, the CPU as it falls */
};

/*
 * 64 threads for 10 minutes, through the code each look runs (sampler_feed,
 * then the pace's memory check), with synthetic looks: the recording's size
 * and how much this process's resident memory grew. Returns the final rate.
 */
static unsigned synthetic(enum pattern pattern, double *recording_mib, double *rss_mib)
{
	struct recording recording;
	struct sampler_pace pace;
	struct sampler_thread threads[MEMORY_THREADS];
	uint64_t run[MEMORY_THREADS] = { 0 }, wait[MEMORY_THREADS] = { 0 };
	uint64_t t = CLOCK_NS_PER_SEC, end = t + (uint64_t)MEMORY_SECONDS * CLOCK_NS_PER_SEC;
	unsigned seed = 12345;
	long before;

	malloc_trim(0);
	before = rss_kib();
	recording_init(&recording, MEMORY_THREADS, 2, false, t);
	sampler_pace_init(&pace, SAMPLER_DEFAULT_HZ);
	for (int i = 0; i < MEMORY_THREADS; i++) {
		struct sampler_reading first = { .time_ns = t, .cpu = i % 2 };
		struct trace_event start = { .time_ns = t, .os_id = 1000u + (unsigned)i, .task = TRACE_NO_TASK,
			.worker = (uint16_t)i, .cpu = TRACE_NO_CPU, .kind = TRACE_WORKER_START };

		recording_append(&recording, &start);
		sampler_begin(&threads[i], i, &first);
	}
	for (uint64_t look = 0; t < end; look++) {
		uint64_t interval = sampler_pace_interval_ns(&pace);

		t += interval;
		for (int i = 0; i < MEMORY_THREADS; i++) {
			struct sampler_reading r = { .time_ns = t };

			if (pattern == PATTERN_WORST) {
				run[i] += interval * 4 / 10;
				wait[i] += interval / 10;
				r.sleeping = true;
				r.sleep = PROCFS_SLEEP_LOCK;
				r.cpu = (int)((look + (uint64_t)i) % 2);
			} else {
				seed = seed * 1103515245u + 12345u;
				run[i] += interval * ((seed >> 16) % 7) / 100; /* 0-6 %: 2 CPUs shared by 64 */
				wait[i] = run[i] * 30;                          /* ready the rest of the time */
				r.sleeping = false;
				r.cpu = (int)((seed >> 8) % 2);
			}
			r.run_ns = run[i];
			r.wait_ns = wait[i];
			sampler_feed(&threads[i], &recording, &r);
		}
		sampler_pace_check(&pace, &recording, t);
	}
	*recording_mib = (double)sampler_recording_bytes(&recording) / (1024.0 * 1024.0);
	*rss_mib = (double)(rss_kib() - before) / 1024.0;
	recording_free(&recording);
	malloc_trim(0);
	return pace.hz;
}

static void memory_row(const struct bench_trace_setup *setup, struct bench_trace_row *row)
{
	double worst_mib, worst_rss, common_mib, common_rss;
	unsigned worst_hz = synthetic(PATTERN_WORST, &worst_mib, &worst_rss);
	unsigned common_hz = synthetic(PATTERN_CPU_BOUND, &common_mib, &common_rss);
	char burn[16], *argv[] = { (char *)setup->metaconc, "trace", "--plain", "--", (char *)setup->program,
		"threads", "64", burn, NULL };
	cpu_set_t usable;
	int cpus = cpus_usable(&usable);
	long real_kib = 0;
	uint64_t wall;

	/* 64 threads burning what keeps the CPUs busy for REAL_SECONDS. */
	snprintf(burn, sizeof burn, "%d", REAL_SECONDS * 1000 * (cpus > 0 ? cpus : 1) / MEMORY_THREADS);
	say("a real trace of 64 CPU-bound threads, for its peak memory");
	wall = run_timed(argv, &real_kib);
	snprintf(row->what, sizeof row->what, "`trace` memory, 64 threads × 10 minutes at %d looks a second, fed "
	    "through the sampler and the recording (the observer's code at each look) with synthetic looks: the "
	    "worst case, every look a change of state", SAMPLER_DEFAULT_HZ);
	snprintf(row->target, sizeof row->target, "≤ 64 MiB");
	snprintf(row->measured, sizeof row->measured, "%.1f MiB recorded (resident: +%.1f MiB)", worst_mib, worst_rss);
	snprintf(row->beside, sizeof row->beside, "rate at the end %u Hz; 64 CPU-bound threads on 2 CPUs: %.1f MiB "
	    "(+%.1f MiB resident, %u Hz at the end); a real trace of 64 threads, %.0f s: peak RSS %.1f MiB", worst_hz,
	    common_mib, common_rss, common_hz, (double)wall / 1e9, (double)real_kib / 1024.0);
	snprintf(row->met, sizeof row->met, "%s", worst_mib <= 64.0 && worst_rss <= 64.0 ? "yes" : "**no**");
}

/*
 * The interpreter itself (sys.executable): `python3` in PATH may be a shim
 * (pyenv's is a shell script that runs forty processes before python3),
 * whose start would be measured, and traced, instead of the program.
 */
static void real_interpreter(const char *python, char *buf, size_t size)
{
	char command[PATH_MAX + 64];
	FILE *out;

	snprintf(buf, size, "%s", python);
	snprintf(command, sizeof command, "'%s' -c 'import sys; print(sys.executable)' 2>/dev/null", python);
	out = popen(command, "r");
	if (out == NULL)
		return;
	if (fgets(buf, (int)size, out) == NULL || buf[0] != '/')
		snprintf(buf, size, "%s", python);
	buf[strcspn(buf, "\n")] = '\0';
	pclose(out);
}

int bench_trace(const struct bench_trace_setup *setup, struct bench_trace_row *rows, int max)
{
	char python[PATH_MAX];
	char *c_program[] = { (char *)setup->program, "pool", "2", "2", C_BURN_MS, NULL };
	char *python_program[] = { python, (char *)setup->python_script, PYTHON_COUNT, NULL };
	int count = 0;

	if (setup->python != NULL)
		real_interpreter(setup->python, python, sizeof python);
	if (max < 5)
		return 0;
	memset(rows, 0, (size_t)max * sizeof *rows);
	say("overhead on a C program, 2 processes × 2 threads");
	overhead_row(setup, &rows[count++], "C, 2 processes × 2 threads of " C_BURN_MS " ms of CPU work", c_program);
	if (setup->python != NULL) {
		say("overhead on a Python program, 2 processes × 2 threads");
		overhead_row(setup, &rows[count++], "Python, 2 processes × 2 threads (`bench/trace_cpu.py`)",
		    python_program);
	}
	say("accuracy against the kernel's totals");
	accuracy_kernel_row(setup, &rows[count++]);
	say("accuracy against metaconc's own recording");
	accuracy_recording_row(setup, &rows[count++]);
	say("memory of 64 threads for 10 minutes");
	memory_row(setup, &rows[count++]);
	return count;
}
