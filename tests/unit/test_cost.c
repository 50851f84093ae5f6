/* test_cost.c: starting threads and processes is timed, and every process is reaped. */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>

#include "check.h"
#include "engine/cost.h"

static void test_measure(enum cost_kind kind)
{
	struct cost_result result;
	char why[256];

	CHECK(cost_measure(kind, 20, &result, why, sizeof why) == 0);
	CHECK(result.kind == kind && result.count == 20);
	CHECK(result.fastest_ns > 0 && result.fastest_ns <= result.median_ns);
	CHECK(result.median_ns <= result.total_ns);
	/* No child is left to reap: each was waited for. */
	CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
}

int main(void)
{
	struct cost_result result;
	char why[256];

	test_measure(COST_THREAD);
	test_measure(COST_PROCESS);
	CHECK(cost_measure(COST_THREAD, 0, &result, why, sizeof why) == -1);
	CHECK(strcmp(why, "count 0 is out of range: use 1 to 1000") == 0);
	CHECK(cost_measure(COST_PROCESS, COST_MAX_COUNT + 1, &result, why, sizeof why) == -1);
	CHECK(strcmp(cost_noun(COST_PROCESS), "process") == 0);
	return check_report("cost");
}
