/*
 * test_exercise.c: check files parse strictly (every error at its line), and
 * every item of a check passes and fails on hand-made measurements.
 *
 *     test_exercise [EXERCISES_DIR]
 *
 * With the directory of the shipped exercises it also loads each one, and
 * checks that a program that prints everything the check's output items
 * expect, in one thread, at once, fails every one of them.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "course/exercise.h"
#include "course/exercise_check.h"

static bool parses(const char *text, struct exercise_check *check, char *why, size_t why_size)
{
	return exercise_check_parse(check, text, strlen(text), "x/check", why, why_size) == 0;
}

/* The check in `text` is refused, and the message is `expected` exactly. */
static void refused(const char *text, const char *expected)
{
	struct exercise_check check;
	char why[512] = "";

	if (parses(text, &check, why, sizeof why)) {
		exercise_check_free(&check);
		CHECK(!"the check was accepted");
		fprintf(stderr, "  accepted: %s", text);
		return;
	}
	CHECK(strcmp(why, expected) == 0);
	if (strcmp(why, expected) != 0)
		fprintf(stderr, "  got:      %s\n  expected: %s\n", why, expected);
}

static void test_parse_good(void)
{
	struct exercise_check check;
	char why[512];
	double value;

	CHECK(parses("# a comment\n"
	    "timeout: 3\n"
	    "runs: 10\n"
	    "args: 4 200\n"
	    "args: 2 3000\n"
	    "reference: sequential.py --fast\n"
	    "start-method: spawn\n"
	    "switch-interval: 0.000001\n"
	    "\n"
	    "expect: exit status = 0\n"
	    "expect: printed balance = {1} * {2}\n"
	    "explain: every deposit counts\n"
	    "expect: most threads >= {1} + 1\n"
	    "expect: threads at \"all done = yes\" <= 1\n"
	    "expect: output has \"x = y > z\"\n"
	    "expect: most threads in a process != 3\n"
	    "expect: threads at exit < 1\n"
	    "expect: parallel speedup > 1.25\n", &check, why, sizeof why));
	CHECK(check.timeout_s == 3 && check.runs == 10 && check.argument_count == 2);
	CHECK(check.arguments[1].count == 2 && strcmp(check.arguments[1].words[1], "3000") == 0);
	CHECK(check.reference_count == 2 && strcmp(check.reference[0], "sequential.py") == 0);
	CHECK(strcmp(check.start_method, "spawn") == 0 && check.switch_interval_s == 0.000001);
	CHECK(check.item_count == 8);
	CHECK(check.items[0].quantity == EXERCISE_EXIT_STATUS && check.items[0].operator == EXERCISE_EQ);
	CHECK(check.items[1].quantity == EXERCISE_PRINTED && strcmp(check.items[1].text, "balance") == 0);
	CHECK(strcmp(check.items[1].explain, "every deposit counts") == 0 && check.items[0].explain == NULL);
	CHECK(exercise_bound_value(&check.items[1].bound, &check.arguments[0], &value, why, sizeof why) && value == 800);
	CHECK(exercise_bound_value(&check.items[2].bound, &check.arguments[1], &value, why, sizeof why) && value == 3);
	CHECK(check.items[3].quantity == EXERCISE_THREADS_AT_LINE && strcmp(check.items[3].text, "all done = yes") == 0);
	CHECK(check.items[3].operator == EXERCISE_LE && check.items[3].line == 14);
	CHECK(check.items[4].quantity == EXERCISE_OUTPUT_HAS && strcmp(check.items[4].text, "x = y > z") == 0);
	CHECK(check.items[5].quantity == EXERCISE_MOST_THREADS_IN_A_PROCESS && check.items[5].operator == EXERCISE_NE);
	CHECK(check.items[6].quantity == EXERCISE_THREADS_AT_EXIT && check.items[6].operator == EXERCISE_LT);
	CHECK(check.items[7].quantity == EXERCISE_PARALLEL_SPEEDUP && check.items[7].bound.left.number == 1.25);
	exercise_check_free(&check);

	/* The defaults: 5 s, one run, one configuration without arguments. */
	CHECK(parses("expect: most processes >= 2\n", &check, why, sizeof why));
	CHECK(check.timeout_s == 5 && check.runs == 1 && check.argument_count == 1 && check.arguments[0].count == 0);
	CHECK(check.reference == NULL && check.start_method == NULL && check.switch_interval_s == 0);
	exercise_check_free(&check);
}

static void test_parse_errors(void)
{
	refused("expect: most threads >= 2\nexpct: x\n",
	    "x/check:2: unknown line \"expct:\" (did you mean \"expect:\"?)");
	refused("bogus: 1\n", "x/check:1: unknown line \"bogus:\"; a check has timeout:, runs:, args:, reference:, "
	    "start-method:, switch-interval:, expect: and explain:");
	refused("just words\n", "x/check:1: expected \"word: value\" (a check line), a comment (#) or a blank line");
	refused("timeout: 0\nexpect: most threads >= 2\n", "x/check:1: timeout: a number of seconds from 0.1 to 60");
	refused("timeout: 61\n", "x/check:1: timeout: a number of seconds from 0.1 to 60");
	refused("timeout: 5s\n", "x/check:1: timeout: a number of seconds from 0.1 to 60");
	refused("timeout: 5\ntimeout: 6\n", "x/check:2: timeout: given twice");
	refused("runs: 0\n", "x/check:1: runs: a whole number from 1 to 50");
	refused("runs: 2.5\n", "x/check:1: runs: a whole number from 1 to 50");
	refused("runs: 51\n", "x/check:1: runs: a whole number from 1 to 50");
	refused("args: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n", "x/check:1: args: at most 16 words");
	refused("reference: ../escape.py\n", "x/check:1: reference: name a program of the exercise's folder, "
	    "then its arguments: reference: sequential.py");
	refused("reference:\n", "x/check:1: reference: name a program of the exercise's folder, "
	    "then its arguments: reference: sequential.py");
	refused("reference: a.py\nreference: b.py\n", "x/check:2: reference: given twice");
	refused("start-method: thread\n", "x/check:1: start-method: one of fork, spawn, forkserver");
	refused("switch-interval: 0\n", "x/check:1: switch-interval: seconds, from 0.000001 to 1");
	refused("explain: why\n", "x/check:1: explain: belongs right after the expect: line it explains");
	refused("expect: most threads >= 2\nexplain: a\nexplain: b\n",
	    "x/check:3: explain: belongs right after the expect: line it explains");
	refused("expect: most threads >= 2\nruns: 2\nexplain: late\n",
	    "x/check:3: explain: belongs right after the expect: line it explains");
	refused("expect: most thread >= 2\n", "x/check:1: unknown quantity \"most thread\" (did you mean "
	    "\"most threads\"?); lessons/exercises/README.md lists them");
	refused("expect: happiness >= 2\n", "x/check:1: unknown quantity \"happiness\"; "
	    "lessons/exercises/README.md lists them");
	refused("expect: most threads 2\n", "x/check:1: expected an operator (=, !=, >=, <=, >, <) after the quantity");
	refused("expect: most threads >= lots\n", "x/check:1: the bound is a number, {N} (the run's Nth argument), "
	    "or two of them joined by + - * /: {1} + 1");
	refused("expect: most threads >= {1} ^ 2\n", "x/check:1: the bound is a number, {N} (the run's Nth argument), "
	    "or two of them joined by + - * /: {1} + 1");
	refused("expect: most threads >= {0}\n", "x/check:1: the bound is a number, {N} (the run's Nth argument), "
	    "or two of them joined by + - * /: {1} + 1");
	refused("expect: output has all done\n",
	    "x/check:1: write the text in double quotes, and nothing after it: output has \"all done\"");
	refused("expect: output has \"done\" and more\n", /* once leaked the quoted text (fuzz/regressions/exercise) */
	    "x/check:1: write the text in double quotes, and nothing after it: output has \"all done\"");
	refused("expect: output has \"\"\n",
	    "x/check:1: write the text in double quotes, and nothing after it: output has \"all done\"");
	refused("expect: threads at all done = 1\n", "x/check:1: threads at: name the line by some of its text, in "
	    "double quotes: threads at \"all done\" = 1");
	refused("expect: printed bal@nce = 1\n", "x/check:1: printed: name the value as the program prints it before "
	    "a colon (letters, digits, _ and -): printed balance = 800");
	refused("# nothing\n", "x/check:1: the check has no expect: line");
	refused("expect: exit status = 0\nexpect: output has \"done\"\nexpect: printed total = 200\n",
	    "x/check:1: the check only compares output: add an item that measures the run (most threads, "
	    "processes left, blocked time, speedup, ...)");
	refused("expect: speedup >= 2\n", "x/check:1: a speedup or a cpu ratio needs a reference: line (the program to "
	    "compare with)");
	refused("args: 4\nargs: 4 200\n\nexpect: printed balance = {1} * {2}\nexpect: most threads >= 2\n",
	    "x/check:4: {2}: the args: line 1 has only 1 word");
	{
		struct exercise_check check;
		char why[256];

		CHECK(exercise_check_parse(&check, "expect: most threads >= 2\0\n", 27, "x/check", why, sizeof why) != 0);
		CHECK(strcmp(why, "x/check:1: the line holds a NUL byte") == 0);
	}
}

/* ---- hand-made runs ---- */

static const struct exercise_check *parsed(const char *text)
{
	static struct exercise_check check;
	char why[512];

	exercise_check_free(&check);
	if (!parses(text, &check, why, sizeof why)) {
		fprintf(stderr, "cannot parse a test's check: %s\n", why);
		exit(1);
	}
	return &check;
}

/* The verdict and text of item `index` (0 is "finishes within"). */
static enum exercise_verdict judge(const struct exercise_check *check, const struct exercise_measurements *m,
    size_t index, char *text, size_t size)
{
	struct exercise_report report;
	enum exercise_verdict verdict;

	CHECK(exercise_check_evaluate(check, m, &report) == 0);
	CHECK(report.count == check->item_count + 1);
	verdict = report.results[index].verdict;
	snprintf(text, size, "%s", report.results[index].text);
	exercise_report_free(&report);
	return verdict;
}

/* Item `index` gets `verdict` and the text `expected`. */
#define JUDGED(check, m, index, verdict, expected) do { \
	char text_[256]; \
	CHECK(judge((check), (m), (index), text_, sizeof text_) == (verdict)); \
	CHECK(strcmp(text_, (expected)) == 0); \
	if (strcmp(text_, (expected)) != 0) \
		fprintf(stderr, "  got:      %s\n  expected: %s\n", text_, (expected)); \
} while (0)

/*
 * A program of 1 process: its main thread (0 to 1 s) and 5 workers. In the
 * joined version the workers end at 0.5 s, before "all done" is printed at
 * 0.9 s; otherwise they end at 1.2 s, after the main thread.
 */
static struct exercise_lane lanes[6];
static struct exercise_process processes[3];
static struct exercise_line lines[3];

static struct exercise_run thread_run(bool joined)
{
	lanes[0] = (struct exercise_lane){ .pid = 100, .tid = 100, .started_s = 0, .ended_s = 1.0,
		.running_s = 0.1, .waiting_s = 0.8, .blocked_s = 0.1 };
	for (int i = 1; i < 6; i++)
		lanes[i] = (struct exercise_lane){ .pid = 100, .tid = 100 + i, .started_s = 0.1 * i,
			.ended_s = joined ? 0.5 + 0.01 * i : 1.0, .running_s = 0.05, .blocked_s = joined ? 0.3 : 0.85 };
	processes[0] = (struct exercise_process){ .pid = 100, .ppid = 1, .started_s = 0, .ended_s = 1.0 };
	lines[0] = (struct exercise_line){ 0.85, "results: [0, 1, 4, 9, 16]" };
	lines[1] = (struct exercise_line){ 0.9, "all done" };
	lines[2] = (struct exercise_line){ 0.91, "  balance:  800 dollars" };
	return (struct exercise_run){ .exit_status = 0, .wall_s = 1.0, .cpu_s = 0.35, .processes = processes,
		.process_count = 1, .lanes = lanes, .lane_count = 6, .lines = lines, .line_count = 3 };
}

static void test_threads(void)
{
	struct exercise_run run = thread_run(true);
	struct exercise_measurements m = { .cpus = 2, .runs = &run, .run_count = 1 };
	const struct exercise_check *check = parsed(
	    "expect: most threads >= 6\n"
	    "expect: threads at \"all done\" = 1\n"
	    "expect: threads at \"never printed\" = 1\n"
	    "expect: most threads in a process <= 4\n"
	    "expect: threads at exit = 0\n");

	JUDGED(check, &m, 0, EXERCISE_PASSED, "finishes within 5 s: 1.00 s");
	JUDGED(check, &m, 1, EXERCISE_PASSED, "most threads: 6, needs >= 6");
	JUDGED(check, &m, 2, EXERCISE_PASSED, "threads at \"all done\": 1, needs = 1");
	JUDGED(check, &m, 3, EXERCISE_FAILED, "threads at \"never printed\": no line holds \"never printed\"");
	JUDGED(check, &m, 4, EXERCISE_FAILED, "most threads in a process: 6, needs <= 4");
	JUDGED(check, &m, 5, EXERCISE_PASSED, "threads at exit: 0, needs = 0");
	CHECK(exercise_run_most_threads(&run) == 6);
	/* A thread that ends 5 ms after the line still counts as ended (its join returned before the print). */
	lanes[3].ended_s = 0.905;
	CHECK(exercise_run_threads_at_line(&run, "all done") == 1);
	/* The main thread, which printed it, counts until it ends, however soon after the line. */
	lanes[0].ended_s = 0.901;
	CHECK(exercise_run_threads_at_line(&run, "all done") == 1);
	lanes[0].ended_s = 0.899;
	CHECK(exercise_run_threads_at_line(&run, "all done") == 0);
	lanes[0].ended_s = 1.0;

	run = thread_run(false); /* no join: the workers outlive "all done" and the main thread */
	JUDGED(check, &m, 1, EXERCISE_PASSED, "most threads: 6, needs >= 6");
	JUDGED(check, &m, 2, EXERCISE_FAILED, "threads at \"all done\": 6, needs = 1");
	JUDGED(check, &m, 5, EXERCISE_FAILED, "threads at exit: 5, needs = 0");
	lanes[1].started_s = 0.6; /* a worker that starts after another ended: 5 at once, not 6 */
	lanes[2].ended_s = 0.55;
	JUDGED(check, &m, 1, EXERCISE_FAILED, "most threads: 5, needs >= 6");
}

static void test_processes(void)
{
	struct exercise_run run = thread_run(true);
	struct exercise_measurements m = { .cpus = 2, .runs = &run, .run_count = 1 };
	const struct exercise_check *check = parsed(
	    "expect: most processes >= 3\n"
	    "expect: processes left = 0\n"
	    "expect: exit status = 1\n"
	    "expect: child cpu share >= 0.5\n");

	processes[1] = (struct exercise_process){ .pid = 101, .ppid = 100, .started_s = 0.1, .ended_s = 0.9 };
	processes[2] = (struct exercise_process){ .pid = 102, .ppid = 100, .started_s = 0.2, .ended_s = 1.3 }; /* a helper ending after the program, within the grace */
	run.process_count = 3;
	run.exit_status = 1;
	JUDGED(check, &m, 1, EXERCISE_PASSED, "most processes: 3, needs >= 3");
	JUDGED(check, &m, 2, EXERCISE_PASSED, "processes left: 0, needs = 0");
	JUDGED(check, &m, 3, EXERCISE_PASSED, "exit status: 1, needs = 1");
	/* All the running time is the program's own process's: none in its children. */
	JUDGED(check, &m, 4, EXERCISE_FAILED, "child cpu share: 0.00, needs >= 0.50");
	for (int i = 1; i < 6; i++)
		lanes[i].pid = 101 + i % 2; /* the workers are the children's threads: 0.25 s of the 0.35 s */
	JUDGED(check, &m, 4, EXERCISE_PASSED, "child cpu share: 0.71, needs >= 0.50");
	processes[2].ended_s = 1.6;     /* outlives the program by more than the grace */
	JUDGED(check, &m, 2, EXERCISE_FAILED, "processes left: 1, needs = 0");
	processes[2].ended_s = -1;      /* still alive when the trace stopped */
	processes[1] = (struct exercise_process){ .pid = 101, .ppid = 1, .started_s = 1.5, .ended_s = -1 }; /* an orphan's child */
	JUDGED(check, &m, 1, EXERCISE_FAILED, "most processes: 2, needs >= 3");
	JUDGED(check, &m, 2, EXERCISE_FAILED, "processes left: 2, needs = 0");
	run.exit_status = 128 + 9;      /* killed by SIGKILL */
	JUDGED(check, &m, 3, EXERCISE_FAILED, "exit status: 137, needs = 1");
}

static void test_times(void)
{
	struct exercise_run run = thread_run(true);
	struct exercise_measurements m = { .cpus = 2, .runs = &run, .run_count = 1 };
	const struct exercise_check *check = parsed(
	    "expect: wall time <= 1.5\n"
	    "expect: cpu time >= 0.3\n"
	    "expect: cpus busy < 0.5\n"
	    "expect: running time >= 0.35\n"
	    "expect: preempted time = 0\n"
	    "expect: waiting time <= 0.5\n"
	    "expect: blocked time >= 1.6\n"
	    "expect: waiting share < 0.2\n"
	    "expect: blocked overlap >= 2\n");

	/* Lanes: 0.1 + 5 x 0.05 running, 0.8 waiting, 0.1 + 5 x 0.3 blocked; lifetimes 1 + 0.41 + 0.32 + 0.23 + 0.14 + 0.05 = 2.15 s. */
	JUDGED(check, &m, 1, EXERCISE_PASSED, "wall time: 1.00 s, needs <= 1.50 s");
	JUDGED(check, &m, 2, EXERCISE_PASSED, "cpu time: 0.35 s, needs >= 0.30 s");
	JUDGED(check, &m, 3, EXERCISE_PASSED, "cpus busy: 0.35, needs < 0.50");
	JUDGED(check, &m, 4, EXERCISE_PASSED, "running time: 0.35 s, needs >= 0.35 s");
	JUDGED(check, &m, 5, EXERCISE_PASSED, "preempted time: 0.00 s, needs = 0.00 s");
	JUDGED(check, &m, 6, EXERCISE_FAILED, "waiting time: 0.80 s, needs <= 0.50 s");
	JUDGED(check, &m, 7, EXERCISE_PASSED, "blocked time: 1.60 s, needs >= 1.60 s");
	JUDGED(check, &m, 8, EXERCISE_FAILED, "waiting share: 0.37, needs < 0.20");
	JUDGED(check, &m, 9, EXERCISE_FAILED, "blocked overlap: 1.60, needs >= 2.00");
	run.wall_s = 0.5; /* the same blocked time in half the wall time: overlapping */
	run.cpu_s = 0.9;
	lanes[0].waiting_s = 0.1;
	lanes[2].preempted_s = 0.01;
	JUDGED(check, &m, 3, EXERCISE_FAILED, "cpus busy: 1.80, needs < 0.50");
	JUDGED(check, &m, 5, EXERCISE_FAILED, "preempted time: 0.01 s, needs = 0.00 s");
	JUDGED(check, &m, 6, EXERCISE_PASSED, "waiting time: 0.10 s, needs <= 0.50 s");
	JUDGED(check, &m, 8, EXERCISE_PASSED, "waiting share: 0.05, needs < 0.20");
	JUDGED(check, &m, 9, EXERCISE_PASSED, "blocked overlap: 3.20, needs >= 2.00");
	run.wall_s = 2;
	JUDGED(check, &m, 1, EXERCISE_FAILED, "wall time: 2.00 s, needs <= 1.50 s");
	run.cpu_s = 0.2;
	JUDGED(check, &m, 2, EXERCISE_FAILED, "cpu time: 0.20 s, needs >= 0.30 s");
	lanes[0].running_s = 0;
	JUDGED(check, &m, 4, EXERCISE_FAILED, "running time: 0.25 s, needs >= 0.35 s");
	lanes[1].blocked_s = 0;
	JUDGED(check, &m, 7, EXERCISE_FAILED, "blocked time: 1.30 s, needs >= 1.60 s");
}

static void test_output(void)
{
	struct exercise_run run = thread_run(true);
	struct exercise_measurements m = { .cpus = 2, .runs = &run, .run_count = 1 };
	const struct exercise_check *check = parsed(
	    "args: 4 200\n"
	    "expect: output has \"all done\"\n"
	    "expect: output lacks \"Traceback\"\n"
	    "expect: printed balance = {1} * {2}\n"
	    "expect: printed total = 200\n"
	    "expect: most threads >= 1\n");

	JUDGED(check, &m, 1, EXERCISE_PASSED, "output has \"all done\": yes");
	JUDGED(check, &m, 2, EXERCISE_PASSED, "output lacks \"Traceback\": yes");
	JUDGED(check, &m, 3, EXERCISE_PASSED, "printed balance: 800, needs = 800");
	JUDGED(check, &m, 4, EXERCISE_FAILED, "printed total: no line \"total: NUMBER\" was printed");
	lines[1].text = "Traceback (most recent call last):";
	lines[2].text = "balance: 202";
	JUDGED(check, &m, 1, EXERCISE_FAILED, "output has \"all done\": no");
	JUDGED(check, &m, 2, EXERCISE_FAILED, "output lacks \"Traceback\": no");
	JUDGED(check, &m, 3, EXERCISE_FAILED, "printed balance: 202, needs = 800");
	lines[2].text = "balance: lots"; /* not a number: as if not printed */
	JUDGED(check, &m, 3, EXERCISE_FAILED, "printed balance: no line \"balance: NUMBER\" was printed");
}

static void test_many_runs(void)
{
	struct exercise_run runs[4];
	struct exercise_measurements m = { .cpus = 2, .runs = runs, .run_count = 4 };
	const struct exercise_check *check = parsed(
	    "timeout: 3\n"
	    "runs: 2\n"
	    "args: 4 200\n"
	    "args: 2 3000\n"
	    "expect: printed balance = {1} * {2}\n"
	    "expect: most threads >= 3\n");
	static struct exercise_line balances[4][1] = {
		{ { 0.1, "balance: 800" } }, { { 0.1, "balance: 800" } }, { { 0.1, "balance: 6000" } }, { { 0.1, "balance: 6000" } },
	};

	for (int i = 0; i < 4; i++) {
		runs[i] = thread_run(true);
		runs[i].configuration = i < 2 ? 0 : 1;
		runs[i].wall_s = 0.5 + 0.1 * i;
		runs[i].lines = balances[i];
		runs[i].line_count = 1;
	}
	JUDGED(check, &m, 0, EXERCISE_PASSED, "finishes within 3 s: all 4 runs, the longest 0.80 s");
	JUDGED(check, &m, 1, EXERCISE_PASSED, "printed balance: 800, needs = 800");
	JUDGED(check, &m, 2, EXERCISE_PASSED, "most threads: 6, needs >= 3 (the closest of 4 runs)");
	balances[3][0].text = "balance: 5136"; /* the fourth run lost updates */
	JUDGED(check, &m, 1, EXERCISE_FAILED, "printed balance: 5136, needs = 6000 (run 4 of 4)");
	runs[1].stopped = EXERCISE_TIMED_OUT; /* the second run hung: the other items judge the runs that finished */
	JUDGED(check, &m, 0, EXERCISE_FAILED, "finishes within 3 s: run 2 of 4 was stopped after 3 s (an endless loop, "
	    "or a deadlock?)");
	JUDGED(check, &m, 2, EXERCISE_PASSED, "most threads: 6, needs >= 3 (the closest of 3 runs)");
	runs[2].stopped = EXERCISE_OUTPUT_FLOODED;
	JUDGED(check, &m, 0, EXERCISE_FAILED, "finishes within 3 s: run 2 of 4 was stopped after 3 s (an endless loop, "
	    "or a deadlock?)");
	runs[1].stopped = EXERCISE_ENDED;
	JUDGED(check, &m, 0, EXERCISE_FAILED, "finishes within 3 s: run 3 of 4 was stopped when its output passed 1024 KiB "
	    "(a print in an endless loop?)");
	runs[2].stopped = EXERCISE_TOO_MANY_PROCESSES;
	JUDGED(check, &m, 0, EXERCISE_FAILED, "finishes within 3 s: run 3 of 4 was stopped at 64 processes at once "
	    "(processes that start processes without end?)");
	for (int i = 0; i < 4; i++)
		runs[i].stopped = EXERCISE_TIMED_OUT;
	JUDGED(check, &m, 2, EXERCISE_NOT_MEASURABLE, "most threads: not measured, no run finished");
	m.run_count = 1;
	JUDGED(check, &m, 0, EXERCISE_FAILED, "finishes within 3 s: it was stopped after 3 s (an endless loop, or a "
	    "deadlock?)");
}

static void test_speedups(void)
{
	struct exercise_run runs[2], references[2];
	struct exercise_measurements m = { .cpus = 2, .cpus_free = 2, .runs = runs, .run_count = 2,
		.references = references, .reference_count = 2 };
	const struct exercise_check *check = parsed(
	    "runs: 2\n"
	    "reference: sequential.py\n"
	    "expect: speedup >= 2.5\n"
	    "expect: parallel speedup >= 1.25\n"
	    "expect: parallel fraction >= 0.5\n"
	    "expect: cpu ratio <= 1.5\n");
	struct exercise_report report;

	runs[0] = thread_run(true);
	runs[1] = runs[0];
	references[0] = references[1] = runs[0];
	runs[0].wall_s = 0.6;
	runs[1].wall_s = 0.55;  /* the best of the program's runs */
	references[0].wall_s = 1.1; /* the best of the reference's */
	references[1].wall_s = 1.3;
	JUDGED(check, &m, 1, EXERCISE_FAILED, "speedup: 2.00, needs >= 2.50 (best runs: sequential.py 1.10 s, "
	    "yours 0.55 s)");
	JUDGED(check, &m, 2, EXERCISE_PASSED, "parallel speedup: 2.00, needs >= 1.25 (best runs: sequential.py 1.10 s, "
	    "yours 0.55 s)");
	JUDGED(check, &m, 3, EXERCISE_PASSED, "parallel fraction: 1.00, needs >= 0.50 (from a speedup of 2.00 on 2.0 "
	    "CPUs: sequential.py 1.10 s, yours 0.55 s)");
	/* CPU time: the program's least over the reference's least (thread_run's 0.35 s each). */
	JUDGED(check, &m, 4, EXERCISE_PASSED, "cpu ratio: 1.00, needs <= 1.50 (least CPU time: sequential.py 0.35 s, "
	    "yours 0.35 s)");
	runs[0].cpu_s = runs[1].cpu_s = 0.9; /* a pool that spends its time sending tiny tasks */
	JUDGED(check, &m, 4, EXERCISE_FAILED, "cpu ratio: 2.57, needs <= 1.50 (least CPU time: sequential.py 0.35 s, "
	    "yours 0.90 s)");
	/* A machine that other programs keep busy: 1.8 CPUs free is enough, and Amdahl's n; 1.2 is not. */
	m.cpus_free = 1.8;
	JUDGED(check, &m, 3, EXERCISE_PASSED, "parallel fraction: 1.12, needs >= 0.50 (from a speedup of 2.00 on 1.8 "
	    "CPUs: sequential.py 1.10 s, yours 0.55 s)");
	/* ... and a parallel speedup's bound is what the same parallel part reaches on the CPUs that were
	 * free: 1.25 on 2 CPUs is a part of 0.4, which reaches 1.18 on 1.6. */
	m.cpus_free = 1.6;
	runs[0].wall_s = runs[1].wall_s = 0.9;
	JUDGED(check, &m, 2, EXERCISE_PASSED, "parallel speedup: 1.22, needs >= 1.18 (scaled from 1.25 on 2 CPUs: "
	    "other programs left 1.60 free; best runs: sequential.py 1.10 s, yours 0.90 s)");
	runs[0].wall_s = runs[1].wall_s = 0.95;
	JUDGED(check, &m, 2, EXERCISE_FAILED, "parallel speedup: 1.16, needs >= 1.18 (scaled from 1.25 on 2 CPUs: "
	    "other programs left 1.60 free; best runs: sequential.py 1.10 s, yours 0.95 s)");
	runs[0].wall_s = 0.6;
	runs[1].wall_s = 0.55;
	m.cpus_free = 1.2;
	JUDGED(check, &m, 2, EXERCISE_NOT_MEASURABLE, "parallel speedup: cannot be measured now: other programs kept "
	    "this machine busy, 1.20 of its 2 CPUs were free during the check");
	JUDGED(check, &m, 1, EXERCISE_FAILED, "speedup: 2.00, needs >= 2.50 (best runs: sequential.py 1.10 s, "
	    "yours 0.55 s)");
	m.cpus_free = 2;
	runs[1].wall_s = 1.0;
	runs[0].wall_s = 1.0;
	JUDGED(check, &m, 2, EXERCISE_FAILED, "parallel speedup: 1.10, needs >= 1.25 (best runs: sequential.py 1.10 s, "
	    "yours 1.00 s)");
	JUDGED(check, &m, 3, EXERCISE_FAILED, "parallel fraction: 0.18, needs >= 0.50 (from a speedup of 1.10 on 2.0 "
	    "CPUs: sequential.py 1.10 s, yours 1.00 s)");
	runs[0].wall_s = 0.25;
	JUDGED(check, &m, 1, EXERCISE_PASSED, "speedup: 4.40, needs >= 2.50 (best runs: sequential.py 1.10 s, "
	    "yours 0.25 s)");

	/* One CPU: a parallel speedup cannot be measured, and does not fail the check. */
	m.cpus = 1;
	runs[1].wall_s = 2.0;
	runs[0].wall_s = 2.0;
	JUDGED(check, &m, 2, EXERCISE_NOT_MEASURABLE, "parallel speedup: cannot be measured on a machine with one CPU");
	JUDGED(check, &m, 3, EXERCISE_NOT_MEASURABLE, "parallel fraction: cannot be measured on a machine with one CPU");
	JUDGED(check, &m, 1, EXERCISE_FAILED, "speedup: 0.55, needs >= 2.50 (best runs: sequential.py 1.10 s, "
	    "yours 2.00 s)");
	check = parsed("reference: sequential.py\nexpect: parallel speedup >= 1.25\nexpect: most threads >= 1\n");
	m.run_count = 1;
	CHECK(exercise_check_evaluate(check, &m, &report) == 0 && report.passed);
	exercise_report_free(&report);

	/* A reference that failed measures nothing; a program that never finished fails. */
	m.cpus = 2;
	m.cpus_free = 2;
	references[0].exit_status = references[1].exit_status = 1;
	JUDGED(check, &m, 1, EXERCISE_NOT_MEASURABLE, "parallel speedup: not measured, the reference sequential.py did "
	    "not run to its end");
	references[0].exit_status = 0;
	runs[0].stopped = EXERCISE_TIMED_OUT;
	JUDGED(check, &m, 1, EXERCISE_FAILED, "parallel speedup: not measured, no run finished");
}

/* ---- the print-only cheat, against every shipped exercise ---- */

/* A value that satisfies `operator` against `bound`. */
static double satisfying(enum exercise_operator operator, double bound)
{
	switch (operator) {
	case EXERCISE_GT:
	case EXERCISE_NE: return bound + 1;
	case EXERCISE_LT: return bound - 1;
	default: return bound;
	}
}

/*
 * The program that prints exactly what the output items expect (and exits
 * as the check wants) in 30 ms, in one thread of one process, never
 * blocking, against a reference that takes a second.
 */
static bool cheat_passes(const struct exercise *exercise)
{
	const struct exercise_check *check = &exercise->check;
	static struct exercise_line cheat_lines[64];
	static char texts[64][160];
	static struct exercise_lane lane = { .pid = 500, .tid = 500, .started_s = 0, .ended_s = 0.03, .running_s = 0.03 };
	static struct exercise_process process = { .pid = 500, .ppid = 1, .started_s = 0, .ended_s = 0.03 };
	struct exercise_run run = { .wall_s = 0.03, .cpu_s = 0.03, .processes = &process, .process_count = 1,
		.lanes = &lane, .lane_count = 1, .lines = cheat_lines };
	struct exercise_run reference = run;
	struct exercise_measurements m = { .cpus = 2, .cpus_free = 2, .runs = &run, .run_count = 1,
		.references = &reference, .reference_count = 1 };
	struct exercise_report report;
	bool passed;
	char why[128];

	reference.wall_s = 1.0;
	for (size_t i = 0; i < check->item_count && run.line_count < 64; i++) {
		const struct exercise_item *item = &check->items[i];
		double bound = 0;

		if (item->quantity != EXERCISE_OUTPUT_HAS && item->quantity != EXERCISE_OUTPUT_LACKS)
			CHECK(exercise_bound_value(&item->bound, &check->arguments[0], &bound, why, sizeof why));
		if (item->quantity == EXERCISE_OUTPUT_HAS || item->quantity == EXERCISE_THREADS_AT_LINE)
			snprintf(texts[run.line_count], sizeof texts[0], "%s", item->text);
		else if (item->quantity == EXERCISE_PRINTED)
			snprintf(texts[run.line_count], sizeof texts[0], "%s: %.10g", item->text,
			    satisfying(item->operator, bound));
		else if (item->quantity == EXERCISE_EXIT_STATUS)
			run.exit_status = (int)satisfying(item->operator, bound);
		else
			continue;
		if (item->quantity != EXERCISE_EXIT_STATUS) {
			cheat_lines[run.line_count] = (struct exercise_line){ 0.01, texts[run.line_count] };
			run.line_count++;
		}
	}
	CHECK(exercise_check_evaluate(check, &m, &report) == 0);
	passed = report.passed;
	for (size_t i = 0; i < report.count; i++) {
		const struct exercise_item *item = report.results[i].item;

		/* Everything the output items ask for is printed: only measured items may fail. */
		if (item != NULL && (item->quantity == EXERCISE_OUTPUT_HAS || item->quantity == EXERCISE_OUTPUT_LACKS ||
		    item->quantity == EXERCISE_PRINTED || item->quantity == EXERCISE_EXIT_STATUS))
			CHECK(report.results[i].verdict == EXERCISE_PASSED);
	}
	exercise_report_free(&report);
	return passed;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_shipped(const char *directory)
{
	DIR *dir = opendir(directory);
	struct dirent *entry;
	char *names[256];
	size_t count = 0;

	CHECK(dir != NULL);
	if (dir == NULL)
		return;
	while ((entry = readdir(dir)) != NULL && count < 256) {
		if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9')
			names[count++] = strdup(entry->d_name);
	}
	closedir(dir);
	qsort(names, count, sizeof names[0], by_name);
	CHECK(count >= 12);
	for (size_t i = 0; i < count; i++) {
		struct exercise exercise;
		char path[4096], why[512];

		snprintf(path, sizeof path, "%s/%s", directory, names[i]);
		if (exercise_load(&exercise, path, why, sizeof why) != 0) {
			CHECK(!"a shipped exercise loads");
			fprintf(stderr, "  %s\n", why);
		} else {
			CHECK(exercise.number == (int)i + 1 && exercise.hint_count >= 2 && exercise.hint_count <= 3);
			CHECK(!cheat_passes(&exercise));
			exercise_free(&exercise);
		}
		free(names[i]);
	}
}

int main(int argc, char **argv)
{
	test_parse_good();
	test_parse_errors();
	test_threads();
	test_processes();
	test_times();
	test_output();
	test_many_runs();
	test_speedups();
	if (argc > 1)
		test_shipped(argv[1]);
	parsed("expect: most threads >= 1\n"); /* frees the last parsed check */
	return check_report("exercise");
}
