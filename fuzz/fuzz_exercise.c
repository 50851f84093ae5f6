/*
 * fuzz_exercise.c: the check-file parser (exercise.c) on arbitrary text, and
 * every check it accepts judged (exercise_check.c) on one small hand-made
 * run, so that bounds with arguments, quoted texts and speedups are all
 * evaluated too.
 */
#include <stddef.h>
#include <stdint.h>

#include "course/exercise.h"
#include "course/exercise_check.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct exercise_lane lanes[] = {
		{ .pid = 10, .tid = 10, .started_s = 0, .ended_s = 1, .running_s = 0.5, .blocked_s = 0.5 },
		{ .pid = 10, .tid = 11, .started_s = 0.1, .ended_s = -1, .waiting_s = 0.9 },
		{ .pid = 12, .tid = 12, .started_s = 0.2, .ended_s = 0.8, .preempted_s = 0.1 },
	};
	static const struct exercise_process processes[] = {
		{ .pid = 10, .ppid = 1, .started_s = 0, .ended_s = 1 },
		{ .pid = 12, .ppid = 10, .started_s = 0.2, .ended_s = 0.8, .exit_status = 137 },
	};
	static const struct exercise_line lines[] = { { 0.5, "total: 200" }, { 0.9, "all done" } };
	struct exercise_run runs[2] = { 0 };
	struct exercise_measurements measurements = { .cpus = 2, .cpus_free = 1.7, .runs = runs, .run_count = 2,
		.references = runs, .reference_count = 1 };
	struct exercise_check check;
	struct exercise_report report;
	char why[512];

	if (exercise_check_parse(&check, (const char *)data, size, "fuzz", why, sizeof why) != 0)
		return 0;
	for (int i = 0; i < 2; i++) {
		runs[i] = (struct exercise_run){ .configuration = check.argument_count - 1, .stopped = i == 1 ? EXERCISE_TIMED_OUT : EXERCISE_ENDED,
			.wall_s = 1, .cpu_s = 0.6, .processes = processes, .process_count = 2, .lanes = lanes,
			.lane_count = 3, .lines = lines, .line_count = 2 };
	}
	if (exercise_check_evaluate(&check, &measurements, &report) == 0)
		exercise_report_free(&report);
	exercise_check_free(&check);
	return 0;
}
