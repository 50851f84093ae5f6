/*
 * sequential.c: the baseline. The same tasks as every other technique, run
 * one after another in a single thread. A speedup is always measured against
 * this, in the same run of metaconc, on the same machine.
 */
#include "techniques/sequential.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/cpus.h"

int sequential_run(const struct technique_env *env, struct technique_report *report)
{
	struct work_meter meter;
	enum work_status status;

	if (env->pin != NULL) {
		int err = cpus_pin_current_thread(env->pin);

		if (err != 0) {
			snprintf(report->error, sizeof report->error,
			    "could not pin to the chosen CPUs: %s", strerror(err));
			return -1;
		}
	}
	work_meter_start(&meter, 0, trace_ring(env->trace, 0), (uint64_t)gettid());
	status = work_run_tasks(env->plan, &meter, NULL);
	work_meter_finish(&meter, status);
	return 0;
}
