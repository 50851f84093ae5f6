/*
 * fuzz_pyproto.c: what a Python script may write on its pipe, on arbitrary bytes.
 *
 * The input is cut into lines as python_run.c cuts the pipe's stream. Each
 * line goes through pyproto_parse_line() alone, and then through pytrace,
 * which checks the lines against each other and builds a recording: once
 * for every technique, since the hello line must name the right one, and
 * ending every other time as if the script had been killed.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "engine/pyproto.h"
#include "engine/pytrace.h"
#include "fuzz.h"
#include "model/recording.h"
#include "techniques/technique.h"

#define FUZZ_TASKS 8
#define FUZZ_SPAWNED_NS 1000
#define FUZZ_NOW_NS 1000000000000ull /* later than any time in the seeds */

static void feed_all(const char *text, size_t size, enum technique technique)
{
	struct recording recording;
	struct pytrace trace;
	struct pyproto_line parsed;
	uint64_t now = FUZZ_NOW_NS;

	if (recording_init(&recording, 0, 4, technique == TECHNIQUE_POOL, FUZZ_SPAWNED_NS) != 0)
		return;
	pytrace_init(&trace, &recording, technique, FUZZ_TASKS, FUZZ_SPAWNED_NS);
	for (size_t start = 0; start < size;) {
		const char *newline = memchr(text + start, '\n', size - start);
		size_t length = newline ? (size_t)(newline - (text + start)) : size - start;

		pyproto_parse_line(text + start, length, &parsed);
		if (length > PYPROTO_MAX_LINE)
			pytrace_reject(&trace, "line too long");
		else
			pytrace_feed(&trace, text + start, length, now++);
		start += length + 1;
	}
	if (technique % 2 == 1)
		pytrace_crash_lanes(&trace, TRACE_CRASH_SIGNAL, 9, now);
	else
		pytrace_close_lanes(&trace);
	recording_free(&recording);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int technique = 0; technique < TECHNIQUE_COUNT; technique++)
		feed_all((const char *)data, size, (enum technique)technique);
	return 0;
}
