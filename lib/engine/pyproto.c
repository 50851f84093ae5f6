/*
 * pyproto.c: the line protocol between the Python scripts (python/TECHNIQUE.py,
 * through python/metaconc_probe.py) and metaconc, and its parser.
 *
 * metaconc starts python3 with the write end of a pipe as file descriptor
 * METACONC_EVENTS_FD. The script (its threads, and the processes of a pool,
 * which inherit the descriptor) writes one record per line:
 *
 *   hello VERSION PID TECHNIQUE PYTHON_VERSION T N  the run begins at T (first line)
 *   start PID TID T                                 thread TID of process PID begins its lane
 *   begin PID TID T TASK                            it takes task TASK
 *   run PID TID CPU START END CPU_NS RUNQ_NS TASK   it worked on TASK from START to END
 *   block PID TID CPU START END TASK                it blocked (slept) from START to END
 *   wait PID TID CPU START END TASK                 it was ready but waited from START to END
 *   end PID TID T TASK                              it finished TASK
 *   exit PID TID T                                  the thread is done with its lane
 *   measure PID NAME VALUE                          the script measured VALUE of NAME
 *   done PID T RESULTS                              the run is over; RESULTS reached the caller
 *
 * Three additions serve the techniques that are not one lane per thread.
 * An asyncio run (async.py) has one lane per task, all on one thread: there
 * TID is written TID/N, the lane of the thread's coroutine N (0 to 4095),
 * and `wait` says that the coroutine was ready but the event loop was busy
 * with another. TASK in run, block and wait may be "-": work that belongs
 * to no task (the serial part of --serial-ms, a helper thread's call for
 * asyncio.to_thread), allowed only outside a task. NAME in `measure` is one
 * of expected and final (race.py: deposits made, and the balance at the
 * end) or pickle_ns and pickle_bytes (pool.py --arg-kb: the cost and size
 * of one task's pickled arguments).
 *
 * VERSION is 1. Times (T, START, END) are CLOCK_MONOTONIC nanoseconds:
 * Python's time.monotonic_ns() reads the same clock as metaconc, so Python
 * lanes share the C run's time axis. CPU_NS is the thread CPU time the slice
 * used (time.thread_time_ns()); RUNQ_NS is the time the thread was runnable
 * but waiting for a CPU (the second field of /proc/self/task/TID/schedstat).
 * What is left of the slice, neither running nor runnable, the thread slept:
 * for Python code doing arithmetic, that is waiting for the GIL. CPU is the
 * CPU the thread was on at END (sched_getcpu()). Numbers are unsigned
 * decimal; "-" in CPU or RUNQ_NS means it could not be measured. N is the
 * script's calibration, iterations of its arithmetic in 1 ms of CPU time:
 * metaconc hands it to the scripts it runs next (--iterations-per-ms), so
 * that a task is the same work in every run and their times compare.
 *
 * A line is ASCII, at most PYPROTO_MAX_LINE bytes, fields separated by one
 * space. This file checks each line on its own: its shape, every number and
 * range, and that an interval does not end before it starts. What needs the
 * lines before it (a thread must start before it runs, a lane's times must
 * not go back, at most 64 lanes) is checked by pytrace.c. Nothing the
 * script writes is trusted: a line that fails is dropped and counted.
 */
#include "engine/pyproto.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "techniques/technique.h"

#define MAX_FIELDS 10
#define MAX_DIGITS 20 /* UINT64_MAX has 20 */

/* A field of the line: where it starts and how long it is. */
struct field {
	const char *text;
	size_t length;
};

struct kind_info {
	const char *name;
	enum pyproto_kind kind;
	int fields; /* including the kind itself */
};

static const struct kind_info kinds[] = {
	{ "hello", PYPROTO_HELLO, 7 },
	{ "start", PYPROTO_START, 4 },
	{ "begin", PYPROTO_BEGIN, 5 },
	{ "run", PYPROTO_RUN, 9 },
	{ "block", PYPROTO_BLOCK, 7 },
	{ "end", PYPROTO_END, 5 },
	{ "exit", PYPROTO_EXIT, 4 },
	{ "done", PYPROTO_DONE, 4 },
	{ "wait", PYPROTO_WAIT, 7 },
	{ "measure", PYPROTO_MEASURE, 4 },
};

static const char *const measure_names[PYPROTO_MEASURE_COUNT] = {
	[PYPROTO_MEASURE_EXPECTED] = "expected",
	[PYPROTO_MEASURE_FINAL] = "final",
	[PYPROTO_MEASURE_PICKLE_NS] = "pickle_ns",
	[PYPROTO_MEASURE_PICKLE_BYTES] = "pickle_bytes",
};

#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

static bool field_is(const struct field *f, const char *text)
{
	return f->length == strlen(text) && memcmp(f->text, text, f->length) == 0;
}

/* Splits the line at single spaces; returns the number of fields or an error. */
static int split(const char *line, size_t length, struct field *fields)
{
	int count = 0;
	size_t start = 0;

	for (size_t i = 0; i <= length; i++) {
		if (i < length && line[i] != ' ')
			continue;
		if (i == start)
			return PYPROTO_BAD_SPACING;
		if (count == MAX_FIELDS)
			return PYPROTO_FIELD_COUNT;
		fields[count++] = (struct field){ .text = line + start, .length = i - start };
		start = i + 1;
	}
	return count;
}

static int parse_u64(const struct field *f, uint64_t *out)
{
	uint64_t value = 0;

	if (f->length == 0 || f->length > MAX_DIGITS)
		return PYPROTO_BAD_NUMBER;
	for (size_t i = 0; i < f->length; i++) {
		unsigned digit = (unsigned)(f->text[i] - '0');

		if (f->text[i] < '0' || f->text[i] > '9')
			return PYPROTO_BAD_NUMBER;
		if (value > (UINT64_MAX - digit) / 10)
			return PYPROTO_BAD_NUMBER;
		value = value * 10 + digit;
	}
	*out = value;
	return PYPROTO_OK;
}

/* A number from min to max inclusive. */
static int parse_ranged(const struct field *f, uint64_t min, uint64_t max, uint64_t *out)
{
	int error = parse_u64(f, out);

	if (error != PYPROTO_OK)
		return error;
	return *out < min || *out > max ? PYPROTO_OUT_OF_RANGE : PYPROTO_OK;
}

/* Times are below 2^63, as a signed nanosecond clock is. */
static int parse_time(const struct field *f, uint64_t *out)
{
	return parse_ranged(f, 0, (uint64_t)INT64_MAX, out);
}

static int parse_id(const struct field *f, uint32_t *out)
{
	uint64_t value;
	int error = parse_ranged(f, 1, PYPROTO_MAX_ID, &value);

	*out = (uint32_t)value;
	return error;
}

/* A thread: TID, or TID/N for its coroutine N. */
static int parse_thread(const struct field *f, uint32_t *tid, uint32_t *coroutine)
{
	const char *slash = memchr(f->text, '/', f->length);
	struct field id = *f, number;
	uint64_t value;
	int error;

	*coroutine = PYPROTO_NO_COROUTINE;
	if (slash == NULL)
		return parse_id(f, tid);
	id.length = (size_t)(slash - f->text);
	number = (struct field){ .text = slash + 1, .length = f->length - id.length - 1 };
	if ((error = parse_id(&id, tid)) != PYPROTO_OK ||
	    (error = parse_ranged(&number, 0, PYPROTO_MAX_TASK, &value)) != PYPROTO_OK)
		return error;
	*coroutine = (uint32_t)value;
	return PYPROTO_OK;
}

static int parse_task(const struct field *f, uint32_t *out)
{
	uint64_t value;
	int error = parse_ranged(f, 0, PYPROTO_MAX_TASK, &value);

	*out = (uint32_t)value;
	return error;
}

/* A task in run, block and wait: a number, or "-" for work outside every task. */
static int parse_work_task(const struct field *f, uint32_t *out)
{
	if (field_is(f, "-")) {
		*out = PYPROTO_NO_TASK;
		return PYPROTO_OK;
	}
	return parse_task(f, out);
}

static int parse_cpu(const struct field *f, int32_t *out)
{
	uint64_t value;
	int error;

	if (field_is(f, "-")) {
		*out = PYPROTO_NO_CPU;
		return PYPROTO_OK;
	}
	error = parse_ranged(f, 0, PYPROTO_MAX_CPU, &value);
	*out = (int32_t)value;
	return error;
}

static int parse_technique(const struct field *f, char *out, size_t size)
{
	for (int i = 0; i < TECHNIQUE_COUNT; i++) {
		if (field_is(f, technique_name((enum technique)i))) {
			snprintf(out, size, "%s", technique_name((enum technique)i));
			return PYPROTO_OK;
		}
	}
	return PYPROTO_BAD_NAME;
}

/* A Python version such as 3.11.7 or 3.13.0rc1+: digits, small letters, dots and plus. */
static int parse_python_version(const struct field *f, char *out, size_t size)
{
	if (f->length >= size || f->text[0] < '0' || f->text[0] > '9')
		return PYPROTO_BAD_NAME;
	for (size_t i = 0; i < f->length; i++) {
		char c = f->text[i];

		if (!(c == '.' || c == '+' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')))
			return PYPROTO_BAD_NAME;
	}
	memcpy(out, f->text, f->length);
	out[f->length] = '\0';
	return PYPROTO_OK;
}

static int parse_hello(const struct field *f, struct pyproto_line *out)
{
	uint64_t version;
	int error;

	if ((error = parse_u64(&f[1], &version)) != PYPROTO_OK)
		return error;
	if (version != PYPROTO_VERSION)
		return PYPROTO_BAD_VERSION;
	if ((error = parse_id(&f[2], &out->pid)) != PYPROTO_OK ||
	    (error = parse_technique(&f[3], out->technique, sizeof out->technique)) != PYPROTO_OK ||
	    (error = parse_python_version(&f[4], out->python_version, sizeof out->python_version)) != PYPROTO_OK ||
	    (error = parse_time(&f[5], &out->start_ns)) != PYPROTO_OK ||
	    (error = parse_ranged(&f[6], 1, PYPROTO_MAX_CALIBRATION, &out->iterations_per_ms)) != PYPROTO_OK)
		return error;
	out->end_ns = out->start_ns;
	return PYPROTO_OK;
}

/* start, begin, end, exit: PID TID T [TASK] */
static int parse_instant(const struct field *f, int fields, struct pyproto_line *out)
{
	int error;

	if ((error = parse_id(&f[1], &out->pid)) != PYPROTO_OK ||
	    (error = parse_thread(&f[2], &out->tid, &out->coroutine)) != PYPROTO_OK ||
	    (error = parse_time(&f[3], &out->start_ns)) != PYPROTO_OK)
		return error;
	out->end_ns = out->start_ns;
	if (fields == 5)
		return parse_task(&f[4], &out->task);
	return PYPROTO_OK;
}

/* run, block and wait: PID TID CPU START END ... */
static int parse_interval(const struct field *f, struct pyproto_line *out)
{
	int error;

	if ((error = parse_id(&f[1], &out->pid)) != PYPROTO_OK ||
	    (error = parse_thread(&f[2], &out->tid, &out->coroutine)) != PYPROTO_OK ||
	    (error = parse_cpu(&f[3], &out->cpu)) != PYPROTO_OK ||
	    (error = parse_time(&f[4], &out->start_ns)) != PYPROTO_OK ||
	    (error = parse_time(&f[5], &out->end_ns)) != PYPROTO_OK)
		return error;
	return out->end_ns < out->start_ns ? PYPROTO_BAD_INTERVAL : PYPROTO_OK;
}

static int parse_run(const struct field *f, struct pyproto_line *out)
{
	uint64_t duration;
	int error;

	if ((error = parse_interval(f, out)) != PYPROTO_OK ||
	    (error = parse_u64(&f[6], &out->cpu_ns)) != PYPROTO_OK)
		return error;
	if (field_is(&f[7], "-"))
		out->runq_ns = PYPROTO_UNMEASURED;
	else if ((error = parse_u64(&f[7], &out->runq_ns)) != PYPROTO_OK)
		return error;
	if ((error = parse_work_task(&f[8], &out->task)) != PYPROTO_OK)
		return error;
	/*
	 * A thread cannot use more CPU time than the slice lasted. (The run-queue
	 * time is not held to it: the kernel adds a wait when the thread gets a
	 * CPU back, which may be in the next slice. pytrace.c clamps it.)
	 */
	duration = out->end_ns - out->start_ns;
	if (out->cpu_ns > duration + PYPROTO_SLACK_NS)
		return PYPROTO_BAD_INTERVAL;
	return PYPROTO_OK;
}

/* block and wait: PID TID CPU START END TASK */
static int parse_block(const struct field *f, struct pyproto_line *out)
{
	int error = parse_interval(f, out);

	if (error != PYPROTO_OK)
		return error;
	return parse_work_task(&f[6], &out->task);
}

/* measure PID NAME VALUE */
static int parse_measure(const struct field *f, struct pyproto_line *out)
{
	int error = parse_id(&f[1], &out->pid);

	if (error != PYPROTO_OK)
		return error;
	for (int i = 0; i < PYPROTO_MEASURE_COUNT; i++) {
		if (field_is(&f[2], measure_names[i])) {
			out->measure = (enum pyproto_measure)i;
			return parse_u64(&f[3], &out->value);
		}
	}
	return PYPROTO_BAD_NAME;
}

static int parse_done(const struct field *f, struct pyproto_line *out)
{
	uint64_t results;
	int error;

	if ((error = parse_id(&f[1], &out->pid)) != PYPROTO_OK ||
	    (error = parse_time(&f[2], &out->start_ns)) != PYPROTO_OK ||
	    (error = parse_ranged(&f[3], 0, PYPROTO_MAX_TASK + 1, &results)) != PYPROTO_OK)
		return error;
	out->end_ns = out->start_ns;
	out->results = (uint32_t)results;
	return PYPROTO_OK;
}

int pyproto_parse_line(const char *line, size_t length, struct pyproto_line *out)
{
	struct field fields[MAX_FIELDS];
	const struct kind_info *info = NULL;
	int count;

	memset(out, 0, sizeof *out);
	if (length > PYPROTO_MAX_LINE)
		return PYPROTO_TOO_LONG;
	for (size_t i = 0; i < length; i++) {
		if (line[i] < 0x20 || line[i] > 0x7e)
			return PYPROTO_NOT_TEXT;
	}
	count = split(line, length, fields);
	if (count < 0)
		return count;
	for (size_t i = 0; i < KIND_COUNT && info == NULL; i++) {
		if (field_is(&fields[0], kinds[i].name))
			info = &kinds[i];
	}
	if (info == NULL)
		return PYPROTO_UNKNOWN_KIND;
	if (count != info->fields)
		return PYPROTO_FIELD_COUNT;
	out->kind = info->kind;
	out->cpu = PYPROTO_NO_CPU;
	out->coroutine = PYPROTO_NO_COROUTINE;
	switch (info->kind) {
	case PYPROTO_HELLO:
		return parse_hello(fields, out);
	case PYPROTO_START:
	case PYPROTO_BEGIN:
	case PYPROTO_END:
	case PYPROTO_EXIT:
		return parse_instant(fields, count, out);
	case PYPROTO_RUN:
		return parse_run(fields, out);
	case PYPROTO_BLOCK:
	case PYPROTO_WAIT:
		return parse_block(fields, out);
	case PYPROTO_DONE:
		return parse_done(fields, out);
	case PYPROTO_MEASURE:
		return parse_measure(fields, out);
	}
	return PYPROTO_UNKNOWN_KIND;
}

const char *pyproto_error_text(int error)
{
	switch ((enum pyproto_error)error) {
	case PYPROTO_OK:
		return "ok";
	case PYPROTO_TOO_LONG:
		return "line too long";
	case PYPROTO_NOT_TEXT:
		return "not printable ASCII";
	case PYPROTO_BAD_SPACING:
		return "empty field (stray space)";
	case PYPROTO_UNKNOWN_KIND:
		return "unknown kind of record";
	case PYPROTO_FIELD_COUNT:
		return "wrong number of fields";
	case PYPROTO_BAD_NUMBER:
		return "not a whole number";
	case PYPROTO_OUT_OF_RANGE:
		return "number out of range";
	case PYPROTO_BAD_INTERVAL:
		return "impossible interval";
	case PYPROTO_BAD_VERSION:
		return "unknown protocol version";
	case PYPROTO_BAD_NAME:
		return "bad technique, Python version or measure";
	}
	return "unknown error";
}

const char *pyproto_kind_name(enum pyproto_kind kind)
{
	for (size_t i = 0; i < KIND_COUNT; i++) {
		if (kinds[i].kind == kind)
			return kinds[i].name;
	}
	return "?";
}

const char *pyproto_measure_name(enum pyproto_measure measure)
{
	return measure >= 0 && measure < PYPROTO_MEASURE_COUNT ? measure_names[measure] : "?";
}
