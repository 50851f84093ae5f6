/*
 * render_chrome.c: the run as Chrome Trace Event JSON, the format Perfetto
 * (ui.perfetto.dev) and chrome://tracing open.
 *
 * Each run of the command (the technique, its sequential baseline, the
 * Python version, sequential Python) becomes a trace "process" and each of
 * its lanes a "thread", named by metadata records ("ph":"M"). Every recorded
 * interval is a complete event ("ph":"X") with its start (ts) and length
 * (dur) in microseconds from the start of the first run, and the CPU in its
 * args; a crash is an instant event ("ph":"i"). The runs follow each other
 * in time, so they line up on one time axis.
 *
 * A last, synthetic process has one thread per CPU. With an exact schedule
 * (recording.h), its slices are the schedule itself: each span a lane held
 * the CPU, and each span other programs held it. With an estimated one, each
 * run slice sits on the CPU it ended on, drawn as the slice's CPU time up to
 * its end, and cut where an earlier slice already holds that CPU: slices on
 * one CPU never overlap, as the format requires of a thread's slices (they
 * must nest). That slice's CPU time may have been spread over its wall time,
 * so it is the latest place it can have run, not a measurement of where it
 * did.
 */
#include "render/render_chrome.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "render/glyph.h"
#include "render/legend.h"
#include "render/wording.h"

#ifndef METACONC_VERSION
#define METACONC_VERSION "0.0.0"
#endif

#define RUN_SLOTS 5 /* the technique, --vs, its baseline, Python, sequential Python */

/* One run of the set, as a trace process. */
struct trace_process {
	const struct recording *recording;
	const char *waiting; /* what its waits are called: "waiting for the GIL" */
	int pid;             /* in the trace */
	char name[200];
	char short_name[40]; /* what a CPU lane calls its slices: "C spawn", "Python spawn" */
};

#define OTHER_PROGRAMS UINT16_MAX /* a cpu_slice's lane when other programs held the CPU */

/* A run slice on its way to the CPU lanes. */
struct cpu_slice {
	uint64_t end_ns;
	uint64_t running_ns;
	int16_t cpu;
	uint8_t process;     /* index in the table of processes */
	uint16_t lane;
	uint32_t task;
};

struct chrome {
	struct json_writer w;
	FILE *out;
	uint64_t base_ns;    /* time zero of the trace */
};

static double microseconds(uint64_t ns)
{
	return (double)ns / 1000.0;
}

static double trace_time(const struct chrome *c, uint64_t t)
{
	return t > c->base_ns ? microseconds(t - c->base_ns) : 0.0;
}

/* Opens an event object: its phase, name, category and place. */
static void event_begin(struct chrome *c, const char *ph, const char *name, const char *category,
    int pid, int tid)
{
	json_object_begin(&c->w, NULL);
	json_string(&c->w, "ph", ph);
	json_string(&c->w, "name", name);
	if (category != NULL)
		json_string(&c->w, "cat", category);
	json_int(&c->w, "pid", pid);
	json_int(&c->w, "tid", tid);
}

static void event_end(struct chrome *c)
{
	json_object_end(&c->w);
	fputc('\n', c->out); /* one event a line: the file stays readable */
}

/* A metadata record: process_name, thread_name, or their sort index. */
static void metadata(struct chrome *c, const char *what, int pid, int tid, const char *name, int index)
{
	event_begin(c, "M", what, NULL, pid, tid);
	json_object_begin(&c->w, "args");
	if (name != NULL)
		json_string(&c->w, "name", name);
	else
		json_int(&c->w, "sort_index", index);
	json_object_end(&c->w);
	event_end(c);
}

static const char *crash_text(uint8_t reason)
{
	switch (reason) {
	case TRACE_CRASH_SIGNAL:
		return "crashed: killed by a signal";
	case TRACE_CRASH_EXIT:
		return "failed: exited with an error status";
	case TRACE_CRASH_HUNG:
		return "hung: killed";
	case TRACE_CRASH_FAILED:
		return "failed: its task returned an error";
	}
	return "crashed";
}

/* One recorded event of a lane, if it is one the trace shows. */
static void write_event(struct chrome *c, const struct trace_process *p, int lane,
    const struct trace_event *e)
{
	char name[32];

	switch (e->kind) {
	case TRACE_RUN:
		if (e->task == TRACE_NO_TASK)
			snprintf(name, sizeof name, "serial part");
		else
			snprintf(name, sizeof name, "task %u", e->task);
		event_begin(c, "X", name, "run", p->pid, lane + 1);
		break;
	case TRACE_WAIT:
		event_begin(c, "X", p->waiting, "wait", p->pid, lane + 1);
		break;
	case TRACE_BLOCK:
		event_begin(c, "X", "blocked in I/O", "block", p->pid, lane + 1);
		break;
	case TRACE_CRASH:
		event_begin(c, "i", crash_text((uint8_t)e->reason), "crash", p->pid, lane + 1);
		json_double(&c->w, "ts", trace_time(c, e->time_ns), 3);
		json_string(&c->w, "s", "t");
		event_end(c);
		return;
	default:
		return;
	}
	json_double(&c->w, "ts", trace_time(c, e->time_ns), 3);
	json_double(&c->w, "dur", microseconds(e->duration_ns), 3);
	json_object_begin(&c->w, "args");
	if (e->cpu >= 0)
		json_int(&c->w, "cpu", e->cpu);
	else
		json_null(&c->w, "cpu");
	if (e->task != TRACE_NO_TASK)
		json_uint(&c->w, "task", e->task);
	if (e->kind == TRACE_RUN) {
		uint64_t running = e->cpu_time_ns < e->duration_ns ? e->cpu_time_ns : e->duration_ns;

		json_double(&c->w, "cpu_time_us", microseconds(running), 3);
		json_double(&c->w, "preempted_us", microseconds(e->duration_ns - running), 3);
	}
	json_object_end(&c->w);
	event_end(c);
}

static void write_process(struct chrome *c, const struct trace_process *p)
{
	const struct recording *recording = p->recording;

	metadata(c, "process_name", p->pid, 0, p->name, 0);
	metadata(c, "process_sort_index", p->pid, 0, NULL, p->pid);
	for (int lane = 0; lane < recording->lane_count; lane++) {
		char name[48];

		outcome_lane_label(recording, lane, name, sizeof name);
		metadata(c, "thread_name", p->pid, lane + 1, name, 0);
		metadata(c, "thread_sort_index", p->pid, lane + 1, NULL, lane);
		for (size_t i = 0; i < recording->lanes[lane].count; i++)
			write_event(c, p, lane, &recording->lanes[lane].events[i]);
	}
}

static int by_cpu_then_end(const void *a, const void *b)
{
	const struct cpu_slice *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	if (x->end_ns != y->end_ns)
		return x->end_ns < y->end_ns ? -1 : 1;
	return 0;
}

/* Room for every slice a recording may put on the CPU lanes. */
static size_t slices_of(const struct recording *recording)
{
	size_t total = 0;

	for (int lane = 0; lane < recording->lane_count; lane++)
		total += recording->lanes[lane].count + recording->lanes[lane].held.count;
	for (int cpu = 0; cpu < recording->cpu_count; cpu++)
		total += recording->other[cpu].count;
	return total;
}

/* The spans of an exact schedule: each lane's, then other programs'. */
static size_t gather_held(const struct recording *recording, uint8_t process, struct cpu_slice *out)
{
	size_t n = 0;

	for (int lane = 0; lane <= recording->lane_count; lane++) {
		bool other = lane == recording->lane_count;

		for (int k = 0; k < (other ? recording->cpu_count : 1); k++) {
			const struct series *held = other ? &recording->other[k] : &recording->lanes[lane].held;

			for (size_t i = 0; i < held->count; i++) {
				const struct series_piece *p = &held->pieces[i];
				int16_t cpu = other ? (int16_t)k : p->cpu;

				if (cpu < 0 || cpu >= recording->cpu_count)
					continue;
				out[n++] = (struct cpu_slice){
					.end_ns = p->end_ns,
					.running_ns = p->end_ns - p->start_ns,
					.cpu = cpu,
					.process = process,
					.lane = other ? OTHER_PROGRAMS : (uint16_t)lane,
					.task = TRACE_NO_TASK,
				};
			}
		}
	}
	return n;
}

/* The run slices of an estimated schedule, each on the CPU it ended on. */
static size_t gather_run_slices(const struct recording *recording, uint8_t process, struct cpu_slice *out)
{
	size_t n = 0;

	for (int lane = 0; lane < recording->lane_count; lane++) {
		const struct lane *l = &recording->lanes[lane];

		for (size_t i = 0; i < l->count; i++) {
			const struct trace_event *e = &l->events[i];

			if (e->kind != TRACE_RUN || e->cpu < 0 || e->cpu >= recording->cpu_count)
				continue;
			out[n++] = (struct cpu_slice){
				.end_ns = e->time_ns + e->duration_ns,
				.running_ns = e->cpu_time_ns < e->duration_ns ? e->cpu_time_ns : e->duration_ns,
				.cpu = e->cpu,
				.process = process,
				.lane = (uint16_t)lane,
				.task = e->task,
			};
		}
	}
	return n;
}

/* Every slice of every process on a CPU, in one array; *count gets its length. */
static struct cpu_slice *gather_cpu_slices(const struct trace_process *processes, int process_count,
    size_t *count)
{
	struct cpu_slice *slices;
	size_t total = 0, n = 0;

	for (int k = 0; k < process_count; k++)
		total += slices_of(processes[k].recording);
	slices = malloc((total ? total : 1) * sizeof *slices);
	if (slices == NULL)
		return NULL;
	for (int k = 0; k < process_count; k++) {
		const struct recording *recording = processes[k].recording;

		if (recording->schedule == RECORDING_EXACT)
			n += gather_held(recording, (uint8_t)k, slices + n);
		else
			n += gather_run_slices(recording, (uint8_t)k, slices + n);
	}
	*count = n;
	return slices;
}

/*
 * The synthetic process: one thread per CPU, with the slices that ran on it,
 * named after the lane (by its thread, if a traced program's `tree` is given).
 */
static void write_cpus(struct chrome *c, const struct trace_process *processes, int process_count,
    int pid, const struct process_tree *tree)
{
	int cpu_count = processes[0].recording->cpu_count;
	struct cpu_slice *slices;
	size_t count = 0;
	uint64_t held_until = 0;

	metadata(c, "process_name", pid, 0, "CPUs: which lane ran on each CPU", 0);
	metadata(c, "process_sort_index", pid, 0, NULL, pid);
	for (int cpu = 0; cpu < cpu_count; cpu++) {
		char name[16];

		snprintf(name, sizeof name, "CPU %d", cpu);
		metadata(c, "thread_name", pid, cpu + 1, name, 0);
		metadata(c, "thread_sort_index", pid, cpu + 1, NULL, cpu);
	}
	slices = gather_cpu_slices(processes, process_count, &count);
	if (slices == NULL)
		return;
	qsort(slices, count, sizeof *slices, by_cpu_then_end);
	for (size_t i = 0; i < count; i++) {
		const struct cpu_slice *s = &slices[i];
		const struct trace_process *p = &processes[s->process];
		uint64_t start = s->end_ns - s->running_ns;
		char name[64];

		if (i == 0 || s->cpu != slices[i - 1].cpu)
			held_until = c->base_ns; /* nothing before time zero: the schedule may begin earlier */
		if (start < held_until)
			start = held_until;
		if (start >= s->end_ns)
			continue;
		held_until = s->end_ns;
		if (s->lane == OTHER_PROGRAMS)
			snprintf(name, sizeof name, "other programs");
		else if (tree != NULL && s->lane < tree->thread_count)
			process_tree_thread_label(tree, s->lane, (int)sizeof name, name, sizeof name);
		else
			snprintf(name, sizeof name, "%s %c", p->short_name, outcome_worker_letter(s->lane));
		event_begin(c, "X", name, "cpu", pid, s->cpu + 1);
		json_double(&c->w, "ts", trace_time(c, start), 3);
		json_double(&c->w, "dur", microseconds(s->end_ns - start), 3);
		json_object_begin(&c->w, "args");
		json_string(&c->w, "run", p->name);
		json_string(&c->w, "schedule", glyph_schedule_name(p->recording->schedule));
		if (s->task != TRACE_NO_TASK)
			json_uint(&c->w, "task", s->task);
		json_object_end(&c->w);
		event_end(c);
	}
	free(slices);
}

/* Adds one run of the set to the table of trace processes. */
static void add_process(struct trace_process *processes, int *count, const struct outcome *outcome,
    const char *label)
{
	struct trace_process *p = &processes[*count];
	char title[160];

	p->recording = outcome->recording;
	p->waiting = technique_waiting_meaning(outcome->spec->technique);
	p->pid = *count + 1;
	wording_title(title, sizeof title, outcome->spec);
	if (outcome->is_python) {
		const char *version = outcome->python.version;

		snprintf(p->name, sizeof p->name, "%s, Python %s, python/%s: %s", label,
		    version[0] ? version : "?", outcome->python.script, title);
		snprintf(p->short_name, sizeof p->short_name, "Python %s", technique_name(outcome->spec->technique));
	} else {
		snprintf(p->name, sizeof p->name, "%s, C: %s", label, title);
		snprintf(p->short_name, sizeof p->short_name, "C %s", technique_name(outcome->spec->technique));
	}
	(*count)++;
}

void render_chrome(FILE *out, const struct outcome_set *set)
{
	struct trace_process processes[RUN_SLOTS];
	struct chrome c = { .out = out, .base_ns = set->run.recording->origin_ns };
	int count = 0;

	add_process(processes, &count, &set->run, "the run");
	if (set->has_vs)
		add_process(processes, &count, &set->vs, "compared with (--vs)");
	if (set->has_baseline)
		add_process(processes, &count, &set->baseline, "sequential baseline");
	if (set->has_python)
		add_process(processes, &count, &set->python, "the run in Python");
	if (set->has_python_baseline)
		add_process(processes, &count, &set->python_baseline, "sequential baseline in Python");

	json_begin(&c.w, out);
	json_object_begin(&c.w, NULL);
	json_string(&c.w, "displayTimeUnit", "ms");
	json_object_begin(&c.w, "otherData");
	json_string(&c.w, "generator", "metaconc " METACONC_VERSION);
	json_string(&c.w, "technique", technique_name(set->run.spec->technique));
	json_object_end(&c.w);
	json_array_begin(&c.w, "traceEvents");
	fputc('\n', out);
	for (int k = 0; k < count; k++)
		write_process(&c, &processes[k]);
	write_cpus(&c, processes, count, count + 1, NULL);
	json_array_end(&c.w);
	json_object_end(&c.w);
	fputc('\n', out);
}

/* ---- a traced program (metaconc trace) ------------------------------------ */

/* One interval of a traced thread, on its real process and thread ids. */
static void write_observed_event(struct chrome *c, int pid, int tid, const struct trace_event *e)
{
	switch (e->kind) {
	case TRACE_RUN:
		event_begin(c, "X", "running", "run", pid, tid);
		break;
	case TRACE_WAIT:
		event_begin(c, "X", "waiting on a lock", "wait", pid, tid);
		break;
	case TRACE_BLOCK:
		event_begin(c, "X", "blocked", "block", pid, tid);
		break;
	case TRACE_CRASH:
		event_begin(c, "i", "killed by a signal", "crash", pid, tid);
		json_double(&c->w, "ts", trace_time(c, e->time_ns), 3);
		json_string(&c->w, "s", "t");
		json_object_begin(&c->w, "args");
		json_int(&c->w, "signal", e->detail);
		json_object_end(&c->w);
		event_end(c);
		return;
	default:
		return;
	}
	json_double(&c->w, "ts", trace_time(c, e->time_ns), 3);
	json_double(&c->w, "dur", microseconds(e->duration_ns), 3);
	json_object_begin(&c->w, "args");
	if (e->kind == TRACE_RUN) {
		uint64_t running = e->cpu_time_ns < e->duration_ns ? e->cpu_time_ns : e->duration_ns;

		json_int(&c->w, "cpu", e->cpu);
		json_double(&c->w, "cpu_time_us", microseconds(running), 3);
		json_double(&c->w, "preempted_us", microseconds(e->duration_ns - running), 3);
	}
	json_object_end(&c->w);
	event_end(c);
}

void render_chrome_observed(FILE *out, const struct observed *observed)
{
	const struct process_tree *tree = observed->tree;
	const struct recording *recording = observed->recording;
	struct trace_process cpus_source = { .recording = recording, .pid = 0 };
	struct chrome c = { .out = out, .base_ns = recording->origin_ns };
	char precision[256];

	snprintf(cpus_source.name, sizeof cpus_source.name, "the traced program");
	legend_cpu_precision(observed, precision, sizeof precision);
	json_begin(&c.w, out);
	json_object_begin(&c.w, NULL);
	json_string(&c.w, "displayTimeUnit", "ms");
	json_object_begin(&c.w, "otherData");
	json_string(&c.w, "generator", "metaconc " METACONC_VERSION " trace");
	json_string(&c.w, "cpu_lanes", precision);
	json_object_end(&c.w);
	json_array_begin(&c.w, "traceEvents");
	fputc('\n', out);
	for (int p = 0; p < tree->process_count; p++) {
		char name[TREE_COMMAND_SIZE + 32];

		process_tree_process_label(tree, p, name, sizeof name);
		metadata(&c, "process_name", (int)tree->processes[p].pid, 0, name, 0);
		metadata(&c, "process_sort_index", (int)tree->processes[p].pid, 0, NULL, p + 1);
	}
	for (int lane = 0; lane < tree->thread_count && lane < recording->lane_count; lane++) {
		const struct tree_thread *thread = &tree->threads[lane];
		int pid = (int)tree->processes[thread->process].pid, tid = (int)thread->tid;
		char name[64];

		process_tree_thread_label(tree, lane, (int)sizeof name, name, sizeof name);
		metadata(&c, "thread_name", pid, tid, name, 0);
		metadata(&c, "thread_sort_index", pid, tid, NULL, lane);
		for (size_t i = 0; i < recording->lanes[lane].count; i++)
			write_observed_event(&c, pid, tid, &recording->lanes[lane].events[i]);
	}
	write_cpus(&c, &cpus_source, 1, 0, tree);
	json_array_end(&c.w);
	json_object_end(&c.w);
	fputc('\n', out);
}
