/* test_practice.c: the runs a check plans (commands, folders, environment), and the measuring step's state. */
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

		CHECK(run->timeout_s == 5 && strcmp(run->argv[0], "python3") == 0);
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

/* Until `metaconc trace` is connected, measuring says so and gives no figures. */
static void test_measure_is_not_connected(void)
{
	struct exercise exercise = { .directory = "/shipped/01-x", .name = "01-x" };
	struct exercise_measurements measurements;
	struct practice_plan plan;
	char why[256];

	CHECK(exercise_check_parse(&exercise.check, "expect: most threads >= 2\n", 26, "check", why, sizeof why) == 0);
	CHECK(practice_plan_make(&plan, &exercise, "mine/01-x", "/s") == 0);
	CHECK(practice_measure(&plan, NULL, &measurements, why, sizeof why) == -1);
	CHECK(strstr(why, "needs 'metaconc trace'") != NULL);
	CHECK(measurements.runs == NULL && measurements.run_count == 0);
	practice_plan_free(&plan);
	exercise_check_free(&exercise.check);
}

int main(void)
{
	test_plan();
	test_measure_is_not_connected();
	return check_report("practice");
}
