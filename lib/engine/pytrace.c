/*
 * pytrace.c: from the lines a Python script writes to the recording the
 * timeline draws.
 *
 * pyproto.c checks each line alone; this checks it against the lines before
 * it: the hello line comes first and names the technique asked for; a thread
 * starts before it works and works inside a task it began; a lane's times
 * never go back nor overlap, never precede the run nor pass the moment the
 * line was read; at most PYTRACE_MAX_LANES threads are open at once. A line
 * that fails any check is dropped, counted, and the first reason is kept
 * for the report. Pure: the caller says what time it is.
 *
 * Lanes are handed out as threads start: a thread takes the lowest lane no
 * open thread holds, so a decorator's short-lived threads reuse lanes as
 * its C version does. A `run` line becomes one run interval, or two when
 * a thread also slept in it (waiting for the GIL; never a pool's process,
 * whose interpreter and GIL are its own): the run interval with
 * the slice's CPU time and run-queue wait, then the wait. The order of the
 * two inside one slice (about a millisecond) is not measured; their lengths
 * are.
 *
 * An asyncio script reports one lane per coroutine (TID/N): the lane is
 * the coroutine's, though all of them show the same thread id. Work that
 * belongs to no task ("-") is allowed only outside a task.
 */
#include "engine/pytrace.h"

#include <stdio.h>
#include <string.h>

void pytrace_init(struct pytrace *trace, struct recording *recording, enum technique technique,
    uint32_t tasks, uint64_t spawned_ns)
{
	memset(trace, 0, sizeof *trace);
	trace->recording = recording;
	trace->technique = technique;
	trace->tasks = tasks;
	trace->spawned_ns = spawned_ns;
}

static int reject(struct pytrace *trace, const char *reason)
{
	trace->rejected++;
	if (trace->first_rejected_line == 0) {
		trace->first_rejected_line = trace->lines;
		snprintf(trace->first_reason, sizeof trace->first_reason, "%s", reason);
	}
	return -1;
}

void pytrace_reject(struct pytrace *trace, const char *reason)
{
	trace->lines++;
	reject(trace, reason);
}

/* Appends an event to a lane; past PYTRACE_MAX_EVENTS it is dropped and counted. */
static void append(struct pytrace *trace, int lane, struct trace_event event)
{
	event.worker = (uint16_t)lane;
	if (trace->events >= PYTRACE_MAX_EVENTS) {
		trace->recording->dropped++;
		return;
	}
	if (recording_append(trace->recording, &event) == 0)
		trace->events++;
	else
		trace->recording->dropped++;
}

/* The open lane of thread (pid, tid), or of its coroutine, or -1. */
static int find_lane(const struct pytrace *trace, const struct pyproto_line *line)
{
	for (int i = 0; i < trace->recording->lane_count; i++) {
		const struct pytrace_lane *lane = &trace->lanes[i];

		if (lane->alive && lane->pid == line->pid && lane->tid == line->tid &&
		    lane->coroutine == line->coroutine)
			return i;
	}
	return -1;
}

/* A lane for a thread starting at t: the lowest free one, else a new one; -1 if none may be. */
static int free_lane(struct pytrace *trace, uint64_t t)
{
	struct recording *recording = trace->recording;

	for (int i = 0; i < recording->lane_count; i++) {
		if (!trace->lanes[i].alive && recording->lanes[i].last_end_ns <= t)
			return i;
	}
	if (recording->lane_count >= PYTRACE_MAX_LANES)
		return -1;
	return recording_add_lane(recording);
}

static bool task_begun(const struct pytrace *trace, uint32_t task)
{
	return (trace->task_begun[task / 64] >> (task % 64)) & 1u;
}

static int on_hello(struct pytrace *trace, const struct pyproto_line *line, uint64_t now_ns)
{
	if (trace->hello_seen)
		return reject(trace, "a second hello");
	if (strcmp(line->technique, technique_name(trace->technique)) != 0)
		return reject(trace, "hello names another technique");
	if (line->start_ns < trace->spawned_ns || line->start_ns > now_ns)
		return reject(trace, "hello time is outside the run");
	trace->hello_seen = true;
	trace->pid = line->pid;
	snprintf(trace->python_version, sizeof trace->python_version, "%s", line->python_version);
	trace->iterations_per_ms = line->iterations_per_ms;
	/* Time zero of the Python timeline: when the script's run began. */
	trace->recording->origin_ns = line->start_ns;
	trace->recording->now_ns = line->start_ns;
	return 0;
}

static int on_start(struct pytrace *trace, const struct pyproto_line *line)
{
	int lane;

	if (find_lane(trace, line) >= 0)
		return reject(trace, "a thread started twice");
	lane = free_lane(trace, line->start_ns);
	if (lane < 0)
		return reject(trace, "more than 64 threads at once");
	trace->lanes[lane] = (struct pytrace_lane){
		.pid = line->pid, .tid = line->tid, .coroutine = line->coroutine, .alive = true,
	};
	append(trace, lane, (struct trace_event){
		.time_ns = line->start_ns,
		.os_id = trace->recording->processes ? line->pid : line->tid,
		.task = TRACE_NO_TASK,
		.cpu = TRACE_NO_CPU,
		.kind = TRACE_WORKER_START,
	});
	return 0;
}

static int on_begin(struct pytrace *trace, int lane, const struct pyproto_line *line)
{
	struct pytrace_lane *l = &trace->lanes[lane];

	if (l->in_task)
		return reject(trace, "a task begun inside another");
	if (line->task >= trace->tasks || task_begun(trace, line->task))
		return reject(trace, "a task that does not exist or was begun before");
	trace->task_begun[line->task / 64] |= (uint64_t)1 << (line->task % 64);
	l->in_task = true;
	l->task = line->task;
	append(trace, lane, (struct trace_event){
		.time_ns = line->start_ns, .task = line->task, .cpu = TRACE_NO_CPU, .kind = TRACE_TASK_BEGIN,
	});
	return 0;
}

/* A slice of work: its run interval, and the time it slept (waiting for the GIL) after it. */
static void append_run(struct pytrace *trace, int lane, const struct pyproto_line *line)
{
	uint64_t duration = line->end_ns - line->start_ns;
	uint64_t cpu = line->cpu_ns < duration ? line->cpu_ns : duration;
	uint64_t asleep = 0;

	if (line->runq_ns != PYPROTO_UNMEASURED) {
		uint64_t runq = line->runq_ns < duration - cpu ? line->runq_ns : duration - cpu;

		asleep = duration - cpu - runq;
	}
	/*
	 * Only threads that share an interpreter wait for its GIL: a pool's
	 * process has a GIL of its own, so its time off the CPU is not a GIL
	 * wait (it stays in the run interval: preempted).
	 */
	if (asleep < PYTRACE_MIN_WAIT_NS || trace->recording->processes)
		asleep = 0;
	append(trace, lane, (struct trace_event){
		.time_ns = line->start_ns,
		.duration_ns = duration - asleep,
		.cpu_time_ns = cpu,
		.task = line->task,
		.cpu = (int16_t)line->cpu,
		.kind = TRACE_RUN,
	});
	if (asleep > 0)
		append(trace, lane, (struct trace_event){
			.time_ns = line->end_ns - asleep,
			.duration_ns = asleep,
			.task = line->task,
			.cpu = (int16_t)line->cpu,
			.kind = TRACE_WAIT,
		});
}

/* run, block, wait: inside the task its lane began, or ("-") outside every task. */
static int on_work(struct pytrace *trace, int lane, const struct pyproto_line *line)
{
	const struct pytrace_lane *l = &trace->lanes[lane];

	if (line->task == PYPROTO_NO_TASK ? l->in_task : !l->in_task || l->task != line->task)
		return reject(trace, "work outside the task its thread began");
	if (line->cpu >= trace->recording->cpu_count)
		return reject(trace, "a CPU this machine does not have");
	if (line->kind == PYPROTO_RUN) {
		append_run(trace, lane, line);
		return 0;
	}
	append(trace, lane, (struct trace_event){
		.time_ns = line->start_ns,
		.duration_ns = line->end_ns - line->start_ns,
		.task = line->task == PYPROTO_NO_TASK ? TRACE_NO_TASK : line->task,
		.cpu = (int16_t)line->cpu,
		.kind = line->kind == PYPROTO_WAIT ? TRACE_WAIT : TRACE_BLOCK,
	});
	return 0;
}

static int on_end(struct pytrace *trace, int lane, const struct pyproto_line *line)
{
	struct pytrace_lane *l = &trace->lanes[lane];

	if (!l->in_task || l->task != line->task)
		return reject(trace, "the end of a task its thread did not begin");
	l->in_task = false;
	trace->tasks_done++;
	append(trace, lane, (struct trace_event){
		.time_ns = line->start_ns, .task = line->task, .cpu = TRACE_NO_CPU, .kind = TRACE_TASK_END,
	});
	return 0;
}

static int on_exit(struct pytrace *trace, int lane, const struct pyproto_line *line)
{
	trace->lanes[lane].alive = false;
	trace->lanes[lane].in_task = false;
	append(trace, lane, (struct trace_event){
		.time_ns = line->start_ns, .task = TRACE_NO_TASK, .cpu = TRACE_NO_CPU, .kind = TRACE_WORKER_EXIT,
	});
	return 0;
}

static int on_measure(struct pytrace *trace, const struct pyproto_line *line)
{
	if (line->pid != trace->pid)
		return reject(trace, "a measure from another process");
	trace->measures[line->measure] = line->value;
	return 0;
}

static int on_done(struct pytrace *trace, const struct pyproto_line *line)
{
	if (line->pid != trace->pid)
		return reject(trace, "done from another process");
	if (line->results > trace->tasks)
		return reject(trace, "more results than tasks");
	trace->done_seen = true;
	trace->results = line->results;
	trace->done_ns = line->start_ns;
	return 0;
}

/* The checks every record about a thread shares: an open lane, and time that moves on. */
static int thread_record(struct pytrace *trace, const struct pyproto_line *line)
{
	int lane = find_lane(trace, line);

	if (lane < 0)
		return reject(trace, "a thread that has not started");
	if (line->start_ns < trace->recording->lanes[lane].last_end_ns)
		return reject(trace, "time goes back in its lane");
	switch (line->kind) {
	case PYPROTO_BEGIN:
		return on_begin(trace, lane, line);
	case PYPROTO_RUN:
	case PYPROTO_BLOCK:
	case PYPROTO_WAIT:
		return on_work(trace, lane, line);
	case PYPROTO_END:
		return on_end(trace, lane, line);
	case PYPROTO_EXIT:
		return on_exit(trace, lane, line);
	default:
		return reject(trace, "unexpected record");
	}
}

int pytrace_feed(struct pytrace *trace, const char *line, size_t length, uint64_t now_ns)
{
	struct pyproto_line parsed;
	int error;

	trace->lines++;
	error = pyproto_parse_line(line, length, &parsed);
	if (error != PYPROTO_OK)
		return reject(trace, pyproto_error_text(error));
	if (parsed.kind == PYPROTO_HELLO)
		error = on_hello(trace, &parsed, now_ns);
	else if (!trace->hello_seen)
		error = reject(trace, "a record before hello");
	else if (trace->done_seen)
		error = reject(trace, "a record after done");
	else if (parsed.kind == PYPROTO_MEASURE)
		error = on_measure(trace, &parsed); /* a number, not an event: it has no time */
	else if (parsed.start_ns < trace->recording->origin_ns || parsed.end_ns > now_ns)
		error = reject(trace, "a time outside the run");
	else if (parsed.kind == PYPROTO_DONE)
		error = on_done(trace, &parsed);
	else if (parsed.kind == PYPROTO_START)
		error = on_start(trace, &parsed);
	else
		error = thread_record(trace, &parsed);
	if (error == 0)
		trace->accepted++;
	return error;
}

void pytrace_close_lanes(struct pytrace *trace)
{
	for (int i = 0; i < trace->recording->lane_count; i++) {
		if (!trace->lanes[i].alive)
			continue;
		trace->lanes[i].alive = false;
		append(trace, i, (struct trace_event){
			.time_ns = trace->recording->lanes[i].last_end_ns,
			.task = TRACE_NO_TASK,
			.cpu = TRACE_NO_CPU,
			.kind = TRACE_WORKER_EXIT,
		});
	}
}

void pytrace_crash_lanes(struct pytrace *trace, enum trace_crash_reason reason, int detail,
    uint64_t now_ns)
{
	for (int i = 0; i < trace->recording->lane_count; i++) {
		if (!trace->lanes[i].alive)
			continue;
		trace->lanes[i].alive = false;
		append(trace, i, (struct trace_event){
			.time_ns = now_ns,
			.reason = reason,
			.task = TRACE_NO_TASK,
			.cpu = TRACE_NO_CPU,
			.kind = TRACE_CRASH,
			.detail = (uint8_t)detail,
		});
	}
}

int pytrace_open_lanes(const struct pytrace *trace)
{
	int open = 0;

	for (int i = 0; i < trace->recording->lane_count; i++)
		open += trace->lanes[i].alive;
	return open;
}

void pytrace_fill_report(const struct pytrace *trace, struct technique_report *report)
{
	report->results = trace->results;
	report->deposits = trace->measures[PYPROTO_MEASURE_EXPECTED];
	report->balance = trace->measures[PYPROTO_MEASURE_FINAL];
	report->pickle_ns = trace->measures[PYPROTO_MEASURE_PICKLE_NS];
	report->pickle_bytes = trace->measures[PYPROTO_MEASURE_PICKLE_BYTES];
}
