/*
 * practice_measure.c: the runs of a check, planned, then measured.
 *
 * A run is `python3 FILE ARGS` in the exercise's folder, with these added
 * to the environment:
 *
 *   PYTHONUNBUFFERED=1          each line reaches the trace when it is printed,
 *                               so its arrival time is the print's
 *   PYTHONDONTWRITEBYTECODE=1   nothing written beside the shipped reference
 *   PYTHONPATH=STARTUP[:...]    lessons/exercises/python-startup first, whose
 *   METACONC_START_METHOD=M     sitecustomize.py forces what the check asks
 *   METACONC_SWITCH_INTERVAL=S
 */
#include "course/practice_measure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "NAME=value" in a new string. */
static char *variable(const char *name, const char *value)
{
	size_t length = strlen(name) + strlen(value) + 2;
	char *text = malloc(length);

	if (text != NULL)
		snprintf(text, length, "%s=%s", name, value);
	return text;
}

/* Fills one run's command and environment; -1 if out of memory. */
static int plan_run(struct practice_run_plan *run, const struct exercise_check *check, const char *file,
    char *const *arguments, size_t argument_count, const char *startup_directory)
{
	const char *inherited = getenv("PYTHONPATH");
	char path[8192], interval[32];
	size_t n = 0, e = 0;

	run->timeout_s = check->timeout_s;
	run->argv[n++] = strdup(PRACTICE_PYTHON);
	run->argv[n++] = strdup(file);
	for (size_t i = 0; i < argument_count && i < EXERCISE_MAX_ARGUMENTS; i++)
		run->argv[n++] = strdup(arguments[i]);
	run->environment[e++] = variable("PYTHONUNBUFFERED", "1");
	run->environment[e++] = variable("PYTHONDONTWRITEBYTECODE", "1");
	if (check->start_method != NULL || check->switch_interval_s > 0) {
		if (inherited != NULL && inherited[0] != '\0')
			snprintf(path, sizeof path, "%s:%s", startup_directory, inherited);
		else
			snprintf(path, sizeof path, "%s", startup_directory);
		run->environment[e++] = variable("PYTHONPATH", path);
	}
	if (check->start_method != NULL)
		run->environment[e++] = variable("METACONC_START_METHOD", check->start_method);
	if (check->switch_interval_s > 0) {
		snprintf(interval, sizeof interval, "%.9g", check->switch_interval_s);
		run->environment[e++] = variable("METACONC_SWITCH_INTERVAL", interval);
	}
	for (size_t i = 0; i < n; i++) {
		if (run->argv[i] == NULL)
			return -1;
	}
	for (size_t i = 0; i < e; i++) {
		if (run->environment[i] == NULL)
			return -1;
	}
	return 0;
}

int practice_plan_make(struct practice_plan *plan, const struct exercise *exercise, const char *learner_directory,
    const char *startup_directory)
{
	const struct exercise_check *check = &exercise->check;
	size_t programs = check->argument_count * (size_t)check->runs;
	size_t references = check->reference != NULL ? (size_t)check->runs : 0;

	memset(plan, 0, sizeof *plan);
	plan->runs = calloc(programs + references, sizeof *plan->runs);
	if (plan->runs == NULL)
		return -1;
	for (size_t c = 0; c < check->argument_count; c++) {
		for (int r = 0; r < check->runs; r++) {
			struct practice_run_plan *run = &plan->runs[plan->count++];

			run->configuration = c;
			run->directory = learner_directory;
			if (plan_run(run, check, EXERCISE_PROGRAM, check->arguments[c].words, check->arguments[c].count,
			    startup_directory) != 0) {
				practice_plan_free(plan);
				return -1;
			}
		}
	}
	for (size_t r = 0; r < references; r++) {
		struct practice_run_plan *run = &plan->runs[plan->count++];

		run->reference = true;
		run->directory = exercise->directory;
		if (plan_run(run, check, check->reference[0], check->reference + 1, check->reference_count - 1,
		    startup_directory) != 0) {
			practice_plan_free(plan);
			return -1;
		}
	}
	return 0;
}

void practice_plan_free(struct practice_plan *plan)
{
	for (size_t i = 0; i < plan->count; i++) {
		for (size_t k = 0; plan->runs[i].argv[k] != NULL; k++)
			free(plan->runs[i].argv[k]);
		for (size_t k = 0; plan->runs[i].environment[k] != NULL; k++)
			free(plan->runs[i].environment[k]);
	}
	free(plan->runs);
	memset(plan, 0, sizeof *plan);
}

/*
 * Measures one run with `metaconc trace` (lib/observe/): its lanes,
 * processes and output lines, as struct exercise_run describes them.
 * Not connected yet: see the note atop this file.
 */
static int measure_one_run(const struct practice_run_plan *run, struct exercise_run *measured, char *why,
    size_t why_size)
{
	(void)run;
	memset(measured, 0, sizeof *measured);
	snprintf(why, why_size, "measuring a run needs 'metaconc trace', which this build does not have yet; "
	    "run your program with python3 meanwhile");
	return -1;
}

int practice_measure(const struct practice_plan *plan, const struct practice_live *live,
    struct exercise_measurements *measurements, char *why, size_t why_size)
{
	struct exercise_run *runs = calloc(plan->count + 1, sizeof *runs);
	size_t programs = 0;

	(void)live;
	memset(measurements, 0, sizeof *measurements);
	if (runs == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < plan->count; i++) {
		if (measure_one_run(&plan->runs[i], &runs[i], why, why_size) != 0) {
			measurements->runs = runs;
			measurements->run_count = i;
			practice_measurements_free(measurements);
			return -1;
		}
		runs[i].configuration = plan->runs[i].configuration;
		programs += !plan->runs[i].reference;
	}
	measurements->runs = runs;
	measurements->run_count = programs;
	measurements->references = runs + programs;
	measurements->reference_count = plan->count - programs;
	return 0;
}

void practice_measurements_free(struct exercise_measurements *measurements)
{
	size_t total = measurements->run_count + measurements->reference_count;
	/* practice_measure allocates the runs, then the references, as one array: everything in them is ours. */
	struct exercise_run *runs = (struct exercise_run *)measurements->runs;

	for (size_t i = 0; i < total; i++) {
		for (size_t k = 0; k < runs[i].line_count; k++)
			free((char *)runs[i].lines[k].text);
		free((void *)runs[i].lines);
		free((void *)runs[i].lanes);
		free((void *)runs[i].processes);
	}
	free(runs);
	memset(measurements, 0, sizeof *measurements);
}
