/* test_practice.c: the runs a check plans (commands, folders, environment), and how each run is measured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "course/exercise.h"
#include "course/practice_measure.h"

/* True if the NULL-terminated list holds `wanted`. */
static bool holds(char *const *list, const char *wanted)
{
	for (; *list != NULL; list++) {
		if (strcmp(*list, wanted) == 0)
			return true;
	}
	return false;
}

static void test_plan(void)
{
	static const char text[] = "runs: 2\nargs: 4 200\nargs: 2 3000\nreference: sequential.py --quick\n"
	    "start-method: spawn\nswitch-interval: 0.000001\nexpect: most threads >= {1} + 1\n";
	struct exercise exercise = { .directory = "/shipped/07-x", .name = "07-x" };
	struct practice_plan plan;
	char why[256];

	unsetenv("PYTHONPATH");
	CHECK(exercise_check_parse(&exercise.check, text, strlen(text), "check", why, sizeof why) == 0);
	CHECK(practice_plan_make(&plan, &exercise, "mine/07-x", "/shipped/python-startup") == 0);
	CHECK(plan.count == 6); /* 2 configurations x 2 runs, then the reference twice */
	for (size_t i = 0; i < plan.count; i++) {
		const struct practice_run_plan *run = &plan.runs[i];

		CHECK(run->timeout_s == 5 && strstr(run->argv[0], "python") != NULL); /* python3's own program */
		CHECK(holds(run->environment, "PYTHONUNBUFFERED=1") && holds(run->environment, "PYTHONDONTWRITEBYTECODE=1"));
		CHECK(holds(run->environment, "PYTHONPATH=/shipped/python-startup"));
		CHECK(holds(run->environment, "METACONC_START_METHOD=spawn"));
		CHECK(holds(run->environment, "METACONC_SWITCH_INTERVAL=1e-06"));
	}
	CHECK(!plan.runs[0].reference && plan.runs[0].configuration == 0 && strcmp(plan.runs[0].directory, "mine/07-x") == 0);
	CHECK(strcmp(plan.runs[1].argv[1], "exercise.py") == 0 && strcmp(plan.runs[1].argv[2], "4") == 0);
	CHECK(strcmp(plan.runs[1].argv[3], "200") == 0 && plan.runs[1].argv[4] == NULL);
	CHECK(plan.runs[2].configuration == 1 && strcmp(plan.runs[3].argv[3], "3000") == 0);
	CHECK(plan.runs[4].reference && strcmp(plan.runs[4].directory, "/shipped/07-x") == 0);
	CHECK(strcmp(plan.runs[5].argv[1], "sequential.py") == 0 && strcmp(plan.runs[5].argv[2], "--quick") == 0);
	CHECK(plan.runs[5].argv[3] == NULL);
	practice_plan_free(&plan);

	/* The learner's own PYTHONPATH stays, after the start-up folder. */
	setenv("PYTHONPATH", "/my/lib", 1);
	CHECK(practice_plan_make(&plan, &exercise, "mine/07-x", "/s") == 0);
	CHECK(holds(plan.runs[0].environment, "PYTHONPATH=/s:/my/lib"));
	practice_plan_free(&plan);
	unsetenv("PYTHONPATH");
	exercise_check_free(&exercise.check);

	/* Nothing forced: no PYTHONPATH, no start method. */
	CHECK(exercise_check_parse(&exercise.check, "expect: most threads >= 2\n", 26, "check", why, sizeof why) == 0);
	CHECK(practice_plan_make(&plan, &exercise, "mine/07-x", "/s") == 0);
	CHECK(plan.count == 1 && plan.runs[0].argv[2] == NULL && plan.runs[0].environment[2] == NULL);
	practice_plan_free(&plan);
	exercise_check_free(&exercise.check);
}

/* A plan of one run of a shell command line, as practice_measure makes it. */
static struct practice_run_plan shell_run(const char *command, double timeout_s)
{
	struct practice_run_plan run = { .directory = "/", .timeout_s = timeout_s };

	run.argv[0] = "/bin/sh";
	run.argv[1] = "-c";
	run.argv[2] = (char *)command;
	return run;
}

/* Measures one shell command line; 0 or -1 as practice_measure returns. */
static int measure_shell(const char *command, double timeout_s, const struct practice_live *live,
    struct exercise_measurements *measurements, char *why, size_t why_size)
{
	struct practice_run_plan run = shell_run(command, timeout_s);
	struct practice_plan plan = { .runs = &run, .count = 1 };

	return practice_measure(&plan, live, measurements, why, why_size);
}

/* Output lines come with their arrival times; processes and lanes with the tree; stdin is at its end. */
static void test_measure_output_and_tree(void)
{
	struct exercise_measurements m;
	const struct exercise_run *run;
	char why[256];

	CHECK(measure_shell("echo first; cat; sleep 0.2; echo second >&2; (sleep 0.1; exit 3) & wait; printf last",
	    5, NULL, &m, why, sizeof why) == 0);
	CHECK(m.run_count == 1 && m.reference_count == 0 && m.cpus >= 1 && m.cpus_free >= 0 && m.cpus_free <= m.cpus);
	run = &m.runs[0];
	CHECK(run->stopped == EXERCISE_ENDED && run->exit_status == 0);
	CHECK(run->line_count == 3 && strcmp(run->lines[0].text, "first") == 0 && strcmp(run->lines[1].text, "second") == 0);
	CHECK(strcmp(run->lines[2].text, "last") == 0);
	CHECK(run->lines[1].arrived_s >= run->lines[0].arrived_s + 0.19 && run->wall_s >= run->lines[2].arrived_s - 0.01);
	CHECK(run->process_count >= 3); /* sh, cat, sleep, the subshell, its sleep */
	CHECK(run->processes[0].ended_s > 0 && run->processes[0].exit_status == 0);
	CHECK(exercise_run_processes_left(run) == 0 && run->lane_count >= run->process_count);
	for (size_t i = 1; i < run->process_count; i++)
		CHECK(run->processes[i].ended_s >= run->processes[i].started_s && run->processes[i].started_s >= 0);
	practice_measurements_free(&m);
}

/* A process still alive after EXERCISE_LEFT_GRACE_S is killed, and counted as left. */
static void test_measure_left_behind(void)
{
	struct exercise_measurements m;
	char why[256];

	CHECK(measure_shell("sleep 30 & sleep 0.1 & exit 4", 5, NULL, &m, why, sizeof why) == 0);
	CHECK(m.runs[0].stopped == EXERCISE_ENDED && m.runs[0].exit_status == 4 && m.runs[0].wall_s < 1);
	CHECK(exercise_run_processes_left(&m.runs[0]) == 1);
	practice_measurements_free(&m);
}

/* Each bound stops the run and says which. */
static void test_measure_bounds(void)
{
	struct exercise_measurements m;
	char why[256];

	CHECK(measure_shell("while :; do :; done", 0.3, NULL, &m, why, sizeof why) == 0);
	CHECK(m.runs[0].stopped == EXERCISE_TIMED_OUT && m.runs[0].wall_s >= 0.3 && m.runs[0].exit_status == 128 + 9);
	CHECK(m.runs[0].processes[0].ended_s < 0);
	practice_measurements_free(&m);

	CHECK(measure_shell("while :; do echo flood flood flood; done", 30, NULL, &m, why, sizeof why) == 0);
	CHECK(m.runs[0].stopped == EXERCISE_OUTPUT_FLOODED && m.runs[0].line_count > 1000);
	practice_measurements_free(&m);

	/* At most 200 processes, whatever happens: the runner stops it at EXERCISE_MAX_PROCESSES. */
	CHECK(measure_shell("for i in $(seq 200); do sleep 5 & done; wait", 30, NULL, &m, why, sizeof why) == 0);
	CHECK(m.runs[0].stopped == EXERCISE_TOO_MANY_PROCESSES && m.runs[0].wall_s < 5);
	CHECK(exercise_run_most_processes(&m.runs[0]) >= EXERCISE_MAX_PROCESSES);
	practice_measurements_free(&m);
}

struct live_count {
	int started, steps;
};

static void count_start(void *context, const struct practice_run_plan *run, size_t index, size_t count)
{
	struct live_count *live = context;

	CHECK(run != NULL && index == 0 && count == 1);
	live->started++;
}

/* The screen quits after a few steps. */
static bool quit_soon(void *context, const struct recording *recording, const struct process_tree *tree)
{
	struct live_count *live = context;

	CHECK(recording != NULL && tree != NULL);
	return ++live->steps < 3;
}

/* The screen sees each run start and each step, and can stop every run. */
static void test_measure_live(void)
{
	struct live_count count = { 0, 0 };
	struct practice_live live = { count_start, quit_soon, &count };
	struct exercise_measurements m;
	char why[256];

	CHECK(measure_shell("sleep 10", 20, &live, &m, why, sizeof why) == -1);
	CHECK(strcmp(why, "stopped") == 0 && count.started == 1 && count.steps >= 3);
	CHECK(m.runs == NULL && m.run_count == 0);
}

/* A program that cannot be started is an error, not a measured run. */
static void test_measure_not_found(void)
{
	struct practice_run_plan run = shell_run("", 5);
	struct practice_plan plan = { .runs = &run, .count = 1 };
	struct exercise_measurements m;
	char why[256];

	run.argv[0] = "/no/such/python3";
	run.argv[1] = NULL;
	CHECK(practice_measure(&plan, NULL, &m, why, sizeof why) == -1);
	CHECK(strstr(why, "cannot run /no/such/python3") != NULL);
}

int main(void)
{
	test_plan();
	test_measure_output_and_tree();
	test_measure_left_behind();
	test_measure_bounds();
	test_measure_live();
	test_measure_not_found();
	return check_report("practice");
}
