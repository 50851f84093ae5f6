/* test_pyproto.c: the Python event protocol: good lines parse, hostile ones are refused, nothing crashes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine/pyproto.h"
#include "engine/pytrace.h"

static int parse(const char *line, struct pyproto_line *out)
{
	return pyproto_parse_line(line, strlen(line), out);
}

static void test_good_lines(void)
{
	struct pyproto_line l;

	CHECK(parse("hello 1 4242 spawn 3.11.7 1000 5123", &l) == PYPROTO_OK);
	CHECK(l.kind == PYPROTO_HELLO && l.pid == 4242 && l.start_ns == 1000 && l.iterations_per_ms == 5123);
	CHECK(strcmp(l.technique, "spawn") == 0 && strcmp(l.python_version, "3.11.7") == 0);
	CHECK(parse("hello 1 1 pool 3.13.0rc1+ 5 1", &l) == PYPROTO_OK);
	CHECK(parse("start 4242 4243 2000", &l) == PYPROTO_OK);
	CHECK(l.kind == PYPROTO_START && l.tid == 4243 && l.start_ns == 2000 && l.end_ns == 2000);
	CHECK(parse("begin 4242 4243 2000 7", &l) == PYPROTO_OK && l.task == 7);
	CHECK(parse("run 4242 4243 1 2000 3000 900 50 7", &l) == PYPROTO_OK);
	CHECK(l.kind == PYPROTO_RUN && l.cpu == 1 && l.start_ns == 2000 && l.end_ns == 3000);
	CHECK(l.cpu_ns == 900 && l.runq_ns == 50 && l.task == 7);
	CHECK(parse("run 4242 4243 - 2000 3000 900 - 7", &l) == PYPROTO_OK);
	CHECK(l.cpu == PYPROTO_NO_CPU && l.runq_ns == PYPROTO_UNMEASURED);
	CHECK(parse("block 4242 4243 0 3000 9000 7", &l) == PYPROTO_OK && l.kind == PYPROTO_BLOCK);
	CHECK(parse("end 4242 4243 9000 7", &l) == PYPROTO_OK && l.kind == PYPROTO_END);
	CHECK(parse("exit 4242 4243 9000", &l) == PYPROTO_OK && l.kind == PYPROTO_EXIT);
	CHECK(parse("done 4242 9500 8", &l) == PYPROTO_OK && l.results == 8);
	/* The largest values each field allows. */
	CHECK(parse("run 4194304 4194304 1023 9223372036854775806 9223372036854775807 1 18446744073709551615 4095", &l) ==
	    PYPROTO_OK);
}

static void test_hostile_lines(void)
{
	struct pyproto_line l;
	char long_line[PYPROTO_MAX_LINE + 2];
	char with_nul[] = "start 1 2 3";

	CHECK(parse("", &l) == PYPROTO_BAD_SPACING);
	CHECK(parse(" start 1 2 3", &l) == PYPROTO_BAD_SPACING);
	CHECK(parse("start 1 2 3 ", &l) == PYPROTO_BAD_SPACING);
	CHECK(parse("start 1  2 3", &l) == PYPROTO_BAD_SPACING);
	CHECK(parse("start\t1 2 3", &l) == PYPROTO_NOT_TEXT);
	CHECK(parse("start 1 2 3\r", &l) == PYPROTO_NOT_TEXT);
	CHECK(parse("start 1 2 \xc3\xa9", &l) == PYPROTO_NOT_TEXT);
	with_nul[7] = '\0'; /* a NUL inside the line: it is data, not an end */
	CHECK(pyproto_parse_line(with_nul, sizeof with_nul - 1, &l) == PYPROTO_NOT_TEXT);
	memset(long_line, 'x', sizeof long_line);
	CHECK(pyproto_parse_line(long_line, PYPROTO_MAX_LINE + 1, &l) == PYPROTO_TOO_LONG);
	CHECK(parse("boom 1 2 3", &l) == PYPROTO_UNKNOWN_KIND);
	CHECK(parse("START 1 2 3", &l) == PYPROTO_UNKNOWN_KIND);
	CHECK(parse("startx 1 2 3", &l) == PYPROTO_UNKNOWN_KIND);
	CHECK(parse("start 1 2", &l) == PYPROTO_FIELD_COUNT);
	CHECK(parse("start 1 2 3 4", &l) == PYPROTO_FIELD_COUNT);
	CHECK(parse("run 1 2 3 4 5 6 7 8 9 10 11 12", &l) == PYPROTO_FIELD_COUNT);
	CHECK(parse("start -1 2 3", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("start +1 2 3", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("start 1 2 3e9", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("start 1 2 0x10", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("start 1 2 18446744073709551616", &l) == PYPROTO_BAD_NUMBER); /* 2^64 */
	CHECK(parse("start 1 2 99999999999999999999999", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("start 1 2 9223372036854775808", &l) == PYPROTO_OUT_OF_RANGE); /* 2^63 */
	CHECK(parse("start 0 2 3", &l) == PYPROTO_OUT_OF_RANGE);
	CHECK(parse("start 1 4194305 3", &l) == PYPROTO_OUT_OF_RANGE);
	CHECK(parse("begin 1 2 3 4096", &l) == PYPROTO_OUT_OF_RANGE);
	CHECK(parse("run 1 2 1024 10 20 5 0 1", &l) == PYPROTO_OUT_OF_RANGE);
	CHECK(parse("run 1 2 -1 10 20 5 0 1", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("run 1 2 0 20 10 5 0 1", &l) == PYPROTO_BAD_INTERVAL);   /* ends before it starts */
	CHECK(parse("run 1 2 0 0 10 2000000 0 1", &l) == PYPROTO_BAD_INTERVAL); /* CPU time beyond wall time */
	CHECK(parse("run 1 2 0 0 10 5 x 1", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("block 1 2 0 20 10 1", &l) == PYPROTO_BAD_INTERVAL);
	CHECK(parse("hello 2 1 spawn 3.11 5 1", &l) == PYPROTO_BAD_VERSION);
	CHECK(parse("hello 1 1 threads 3.11 5 1", &l) == PYPROTO_BAD_NAME);
	CHECK(parse("hello 1 1 spawn ../../etc 5 1", &l) == PYPROTO_BAD_NAME);
	CHECK(parse("hello 1 1 spawn 3.11;rm 5 1", &l) == PYPROTO_BAD_NAME);
	CHECK(parse("hello 1 1 spawn 3.11.7.1234567890 5 1", &l) == PYPROTO_BAD_NAME);
	CHECK(parse("hello 1 1 spawn 3.11 5 0", &l) == PYPROTO_OUT_OF_RANGE);
	CHECK(parse("done 1 5 4097", &l) == PYPROTO_OUT_OF_RANGE);
	CHECK(strcmp(pyproto_error_text(PYPROTO_UNKNOWN_KIND), "unknown kind of record") == 0);
	CHECK(strcmp(pyproto_error_text(-99), "unknown error") == 0);
}

/* The records of async.py, race.py and pool.py: coroutine lanes, waits, work of no task, measures. */
static void test_lines_of_the_new_techniques(void)
{
	struct pyproto_line l;

	CHECK(parse("start 4242 4243/0 2000", &l) == PYPROTO_OK);
	CHECK(l.tid == 4243 && l.coroutine == 0);
	CHECK(parse("start 4242 4243 2000", &l) == PYPROTO_OK && l.coroutine == PYPROTO_NO_COROUTINE);
	CHECK(parse("run 4242 4243/4095 1 2000 3000 900 50 7", &l) == PYPROTO_OK && l.coroutine == 4095);
	CHECK(parse("wait 4242 4243/2 0 3000 9000 2", &l) == PYPROTO_OK);
	CHECK(l.kind == PYPROTO_WAIT && l.coroutine == 2 && l.start_ns == 3000 && l.end_ns == 9000 && l.task == 2);
	CHECK(parse("run 4242 4243 1 2000 3000 900 50 -", &l) == PYPROTO_OK && l.task == PYPROTO_NO_TASK);
	CHECK(parse("block 4242 4243 - 2000 3000 -", &l) == PYPROTO_OK && l.task == PYPROTO_NO_TASK);
	CHECK(parse("measure 4242 expected 800000", &l) == PYPROTO_OK);
	CHECK(l.kind == PYPROTO_MEASURE && l.measure == PYPROTO_MEASURE_EXPECTED && l.value == 800000);
	CHECK(parse("measure 4242 pickle_bytes 18446744073709551615", &l) == PYPROTO_OK && l.value == UINT64_MAX);
	CHECK(strcmp(pyproto_measure_name(PYPROTO_MEASURE_PICKLE_NS), "pickle_ns") == 0);
	/* Refused. */
	CHECK(parse("start 4242 4243/4096 2000", &l) == PYPROTO_OUT_OF_RANGE);
	CHECK(parse("start 4242 0/1 2000", &l) == PYPROTO_OUT_OF_RANGE);
	CHECK(parse("start 4242 4243/ 2000", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("start 4242 /1 2000", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("start 4242 4243/1/2 2000", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("start 4242/1 4243 2000", &l) == PYPROTO_BAD_NUMBER); /* a process has no coroutines */
	CHECK(parse("begin 4242 4243 2000 -", &l) == PYPROTO_BAD_NUMBER);   /* a task begun must be one */
	CHECK(parse("wait 4242 4243 0 9000 3000 2", &l) == PYPROTO_BAD_INTERVAL);
	CHECK(parse("wait 4242 4243 0 3000 9000", &l) == PYPROTO_FIELD_COUNT);
	CHECK(parse("measure 4242 lost 5", &l) == PYPROTO_BAD_NAME);
	CHECK(parse("measure 4242 expected -5", &l) == PYPROTO_BAD_NUMBER);
	CHECK(parse("measure 4242 expected", &l) == PYPROTO_FIELD_COUNT);
	CHECK(parse("measure 0 expected 5", &l) == PYPROTO_OUT_OF_RANGE);
}

/* Random bytes and mangled good lines: the parser must answer, never crash (run under ASan). */
static void test_random_lines(void)
{
	static const char *const good[] = {
		"hello 1 4242 spawn 3.11.7 1000 5123",
		"run 4242 4243 1 2000 3000 900 50 7",
		"block 4242 4243 0 3000 9000 7",
		"done 4242 9500 8",
	};
	char line[PYPROTO_MAX_LINE + 40];
	struct pyproto_line l;
	unsigned seed = 12345;
	int answered = 0;

	for (int round = 0; round < 200000; round++) {
		size_t length;

		seed = seed * 1103515245u + 12345u;
		if (round % 2 == 0) {
			length = (seed >> 8) % sizeof line;
			for (size_t i = 0; i < length; i++) {
				seed = seed * 1103515245u + 12345u;
				line[i] = (char)(seed >> 16);
			}
		} else {
			const char *base = good[(seed >> 4) % 4];

			length = strlen(base);
			memcpy(line, base, length);
			seed = seed * 1103515245u + 12345u;
			line[(seed >> 8) % length] = (char)(seed >> 20);
		}
		if (pyproto_parse_line(line, length, &l) <= 0)
			answered++;
	}
	CHECK(answered == 200000);
}

/* A checker over a fresh recording, with `origin` as the script's start. */
struct fixture {
	struct recording recording;
	struct pytrace trace;
};

static void fixture_init(struct fixture *f, enum technique technique, uint32_t tasks, bool processes)
{
	recording_init(&f->recording, 0, 2, processes, 1000);
	pytrace_init(&f->trace, &f->recording, technique, tasks, 1000);
}

static int feed(struct fixture *f, const char *line, uint64_t now)
{
	return pytrace_feed(&f->trace, line, strlen(line), now);
}

static void test_a_good_run(void)
{
	struct fixture f;

	fixture_init(&f, TECHNIQUE_SPAWN, 2, false);
	CHECK(feed(&f, "hello 1 50 spawn 3.11.7 2000 5000", 2100) == 0);
	CHECK(f.recording.origin_ns == 2000);
	CHECK(feed(&f, "start 50 51 2100", 3000) == 0);
	CHECK(feed(&f, "start 50 52 2150", 3000) == 0);
	CHECK(f.recording.lane_count == 2);
	CHECK(feed(&f, "begin 50 51 2100 0", 3000) == 0);
	/* 1000 ns of wall time: 300 running, 100 in the run queue, 600 asleep (below the wait threshold). */
	CHECK(feed(&f, "run 50 51 1 2100 3100 300 100 0", 4000) == 0);
	/* 200 us: 100 us running, 0 queued, 100 us asleep: waiting for the GIL, recorded as a wait. */
	CHECK(feed(&f, "run 50 51 1 3100 203100 100000 0 0", 300000) == 0);
	CHECK(feed(&f, "end 50 51 203100 0", 300000) == 0);
	CHECK(feed(&f, "exit 50 51 203100", 300000) == 0);
	CHECK(feed(&f, "begin 50 52 2150 1", 300000) == 0);
	CHECK(feed(&f, "block 50 52 - 2150 5150 1", 300000) == 0);
	CHECK(feed(&f, "end 50 52 5150 1", 300000) == 0);
	CHECK(feed(&f, "done 50 210000 2", 300000) == 0);
	CHECK(f.trace.rejected == 0 && f.trace.accepted == 12);
	CHECK(f.trace.tasks_done == 2 && f.trace.results == 2 && f.trace.done_ns == 210000);
	CHECK(f.trace.iterations_per_ms == 5000);
	/* Lane A: start, begin, run, run, wait, end, exit. */
	CHECK(f.recording.lanes[0].count == 7);
	CHECK(f.recording.lanes[0].events[2].kind == TRACE_RUN && f.recording.lanes[0].events[2].duration_ns == 1000);
	CHECK(f.recording.lanes[0].events[3].kind == TRACE_RUN);
	CHECK(f.recording.lanes[0].events[3].duration_ns == 100000);
	CHECK(f.recording.lanes[0].events[4].kind == TRACE_WAIT);
	CHECK(f.recording.lanes[0].events[4].time_ns == 103100 && f.recording.lanes[0].events[4].duration_ns == 100000);
	CHECK(f.recording.lanes[0].lives[0].os_id == 51 && f.recording.lanes[0].lives[0].end_ns == 203100);
	CHECK(pytrace_open_lanes(&f.trace) == 1);
	pytrace_close_lanes(&f.trace);
	CHECK(pytrace_open_lanes(&f.trace) == 0);
	CHECK(f.recording.lanes[1].lives[0].end_ns == 5150);
	recording_free(&f.recording);
}

static void test_lines_that_contradict_earlier_ones(void)
{
	struct fixture f;

	fixture_init(&f, TECHNIQUE_GIL, 3, false);
	CHECK(feed(&f, "start 50 51 2100", 3000) == -1); /* before hello */
	CHECK(strcmp(f.trace.first_reason, "a record before hello") == 0 && f.trace.first_rejected_line == 1);
	CHECK(feed(&f, "hello 1 50 spawn 3.11.7 2000 5000", 3000) == -1); /* not the technique asked for */
	CHECK(feed(&f, "hello 1 50 gil 3.11.7 500 5000", 3000) == -1);    /* before the script was started */
	CHECK(feed(&f, "hello 1 50 gil 3.11.7 9000 5000", 3000) == -1);   /* in the future */
	CHECK(feed(&f, "hello 1 50 gil 3.11.7 2000 5000", 3000) == 0);
	CHECK(feed(&f, "hello 1 50 gil 3.11.7 2000 5000", 3000) == -1);   /* twice */
	CHECK(feed(&f, "begin 50 51 2100 0", 3000) == -1);                /* a thread never started */
	CHECK(feed(&f, "start 50 51 1500", 3000) == -1);                  /* before the run */
	CHECK(feed(&f, "start 50 51 2100", 3000) == 0);
	CHECK(feed(&f, "start 50 51 2200", 3000) == -1);                  /* started twice */
	CHECK(feed(&f, "run 50 51 0 2100 2200 50 0 0", 3000) == -1);      /* outside any task */
	CHECK(feed(&f, "begin 50 51 2100 3", 3000) == -1);                /* no task 3 (3 tasks: 0-2) */
	CHECK(feed(&f, "begin 50 51 2100 0", 3000) == 0);
	CHECK(feed(&f, "begin 50 51 2100 1", 3000) == -1);                /* inside another task */
	CHECK(feed(&f, "run 50 51 0 2100 2200 50 0 1", 3000) == -1);      /* another task's work */
	CHECK(feed(&f, "run 50 51 7 2100 2200 50 0 0", 3000) == -1);      /* CPU 7 on a 2-CPU machine */
	CHECK(feed(&f, "run 50 51 0 2100 2900 50 0 0", 2500) == -1);      /* ends after it was read */
	CHECK(feed(&f, "run 50 51 0 2100 2200 50 0 0", 3000) == 0);
	CHECK(feed(&f, "run 50 51 0 2150 2300 50 0 0", 3000) == -1);      /* overlaps the last slice */
	CHECK(feed(&f, "end 50 51 2300 2", 3000) == -1);                  /* a task it did not begin */
	CHECK(feed(&f, "end 50 51 2300 0", 3000) == 0);
	CHECK(feed(&f, "begin 50 51 2300 0", 3000) == -1);                /* begun before */
	CHECK(feed(&f, "done 99 2400 1", 3000) == -1);                    /* from another process */
	CHECK(feed(&f, "done 50 2400 4", 3000) == -1);                    /* more results than tasks */
	CHECK(feed(&f, "done 50 2400 1", 3000) == 0);
	CHECK(feed(&f, "start 50 52 2500", 3000) == -1);                  /* after done */
	CHECK(f.trace.accepted == 6);
	CHECK(f.trace.rejected == f.trace.lines - 6);
	recording_free(&f.recording);
}

/* Threads take the lowest free lane; at most 64 are open at once. */
static void test_lanes_are_reused_and_limited(void)
{
	struct fixture f;
	char line[64];

	fixture_init(&f, TECHNIQUE_DECORATOR, 8, false);
	CHECK(feed(&f, "hello 1 50 decorator 3.11.7 2000 5000", 3000) == 0);
	CHECK(feed(&f, "start 50 51 2100", 9000) == 0);
	CHECK(feed(&f, "start 50 52 2100", 9000) == 0);
	CHECK(feed(&f, "exit 50 51 2200", 9000) == 0);
	CHECK(feed(&f, "start 50 53 2150", 9000) == 0);             /* before lane A's end: a new lane */
	CHECK(f.recording.lane_count == 3);
	CHECK(feed(&f, "start 50 54 2300", 9000) == 0);
	CHECK(f.recording.lanes[0].life_count == 2);                 /* thread 54 reused lane A */
	for (int tid = 100; tid < 200; tid++) {
		snprintf(line, sizeof line, "start 50 %d 2400", tid);
		feed(&f, line, 9000);
	}
	CHECK(f.recording.lane_count == PYTRACE_MAX_LANES);
	CHECK(pytrace_open_lanes(&f.trace) == PYTRACE_MAX_LANES);
	pytrace_crash_lanes(&f.trace, TRACE_CRASH_SIGNAL, 9, 9000);
	CHECK(pytrace_open_lanes(&f.trace) == 0);
	CHECK(f.recording.lanes[5].lives[0].crash_reason == TRACE_CRASH_SIGNAL);
	recording_free(&f.recording);
}

/* asyncio: a lane per coroutine of one thread, waits for the loop, a helper thread's work of no task. */
static void test_coroutine_lanes(void)
{
	struct fixture f;
	struct technique_report report = { 0 };

	fixture_init(&f, TECHNIQUE_ASYNC, 2, false);
	CHECK(feed(&f, "hello 1 50 async 3.11.7 2000 5000", 3000) == 0);
	CHECK(feed(&f, "start 50 50/0 2100", 9000) == 0);
	CHECK(feed(&f, "start 50 50/1 2100", 9000) == 0);
	CHECK(feed(&f, "start 50 50/1 2100", 9000) == -1);     /* the same coroutine twice */
	CHECK(feed(&f, "begin 50 50/0 2100 0", 9000) == 0);
	CHECK(feed(&f, "begin 50 50/1 2100 1", 9000) == 0);
	CHECK(feed(&f, "run 50 50/0 0 2100 3100 1000 0 0", 9000) == 0);
	CHECK(feed(&f, "wait 50 50/1 0 2100 3100 1", 9000) == 0);
	CHECK(feed(&f, "run 50 50/1 0 3100 4100 1000 0 0", 9000) == -1); /* coroutine 0's task, on lane 1 */
	CHECK(feed(&f, "run 50 50 0 3100 4100 1000 0 1", 9000) == -1);   /* the thread itself never started */
	CHECK(feed(&f, "start 50 60 3000", 9000) == 0);                  /* asyncio.to_thread's helper */
	CHECK(feed(&f, "block 50 60 - 3000 8000 -", 9000) == 0);         /* work of no task, outside a task */
	CHECK(feed(&f, "block 50 50/0 - 3100 8000 -", 9000) == -1);      /* ... but not inside one */
	CHECK(feed(&f, "measure 50 expected 7", 9000) == 0);
	CHECK(feed(&f, "measure 50 final 5", 9000) == 0);
	CHECK(feed(&f, "measure 51 final 6", 9000) == -1);               /* from another process */
	CHECK(f.recording.lane_count == 3);
	CHECK(f.recording.lanes[0].lives[0].os_id == 50 && f.recording.lanes[1].lives[0].os_id == 50);
	CHECK(f.recording.lanes[1].events[2].kind == TRACE_WAIT && f.recording.lanes[1].events[2].duration_ns == 1000);
	CHECK(f.recording.lanes[2].events[1].kind == TRACE_BLOCK && f.recording.lanes[2].events[1].task == TRACE_NO_TASK);
	pytrace_fill_report(&f.trace, &report);
	CHECK(report.deposits == 7 && report.balance == 5 && report.pickle_bytes == 0);
	recording_free(&f.recording);
}

/* Pool lanes are processes: a lane is named by its process id. */
static void test_process_lanes(void)
{
	struct fixture f;

	fixture_init(&f, TECHNIQUE_POOL, 2, true);
	CHECK(feed(&f, "hello 1 50 pool 3.11.7 2000 5000", 3000) == 0);
	CHECK(feed(&f, "start 61 61 2100", 3000) == 0);
	CHECK(feed(&f, "start 62 62 2100", 3000) == 0);
	CHECK(f.recording.lanes[1].lives[0].os_id == 62);
	pytrace_reject(&f.trace, "line too long");
	CHECK(f.trace.rejected == 1 && f.trace.first_rejected_line == 4);
	recording_free(&f.recording);
}

int main(void)
{
	test_good_lines();
	test_hostile_lines();
	test_lines_of_the_new_techniques();
	test_random_lines();
	test_a_good_run();
	test_lines_that_contradict_earlier_ones();
	test_lanes_are_reused_and_limited();
	test_coroutine_lanes();
	test_process_lanes();
	return check_report("pyproto");
}
