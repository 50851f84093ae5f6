/*
 * lesson_flow.c: which predictions a run answers, which experiment comes
 * next, and when a lesson is finished (lesson_flow.h). The tutorial and the
 * plain player both ask here, so they never disagree.
 */
#include "course/lesson_flow.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool lesson_flow_answers(const struct lesson_question *question, int e, const bool *ran_well)
{
	if (question->experiment != e && question->other != e)
		return false;
	if (question->experiment != e && !ran_well[question->experiment])
		return false;
	return question->other == LESSON_NO_EXPERIMENT || question->other == e || ran_well[question->other];
}

int lesson_flow_next(const struct lesson *lesson, size_t page_index, int e, const bool *ran_well)
{
	const struct lesson_page *page = &lesson->pages[page_index];
	int before = LESSON_NO_EXPERIMENT;

	for (size_t k = 0; k < page->block_count; k++) {
		int index = page->blocks[k].experiment.index;

		if (page->blocks[k].kind != LESSON_EXPERIMENT || index == e || ran_well[index])
			continue;
		if (index > e)
			return index;
		if (before == LESSON_NO_EXPERIMENT)
			before = index;
	}
	return before;
}

/* The page (from 1) experiment e is on. */
static size_t page_of(const struct lesson *lesson, int e)
{
	for (size_t i = 0; i < lesson->page_count; i++) {
		for (size_t k = 0; k < lesson->pages[i].block_count; k++) {
			const struct lesson_block *block = &lesson->pages[i].blocks[k];

			if (block->kind == LESSON_EXPERIMENT && block->experiment.index == e)
				return i + 1;
		}
	}
	return 0;
}

/* Appends "; " and a formatted clause to why. */
__attribute__((format(printf, 3, 4)))
static void add_clause(char *why, size_t size, const char *format, ...)
{
	size_t used = strlen(why);
	va_list args;

	if (used > 0 && used + 2 < size) {
		strcpy(why + used, "; ");
		used += 2;
	}
	va_start(args, format);
	vsnprintf(why + used, size - used, format, args);
	va_end(args);
}

/* "prediction 2", "predictions 1 and 3", "predictions 1, 2 and 4": the questions not predicted. */
static void name_predictions(char *out, size_t size, const struct lesson *lesson, const bool *predicted,
    size_t missing)
{
	size_t used = (size_t)snprintf(out, size, "prediction%s", missing == 1 ? "" : "s"), listed = 0;

	for (size_t i = 0; i < lesson->question_count && used < size; i++) {
		if (predicted[i])
			continue;
		listed++;
		used += (size_t)snprintf(out + used, size - used, "%s%d",
		    listed == 1 ? " " : listed == missing ? " and " : ", ", lesson->questions[i]->number);
	}
}

bool lesson_flow_finished(const struct lesson *lesson, const bool *ran_well, const bool *predicted, char *why,
    size_t why_size)
{
	size_t not_run = 0, not_predicted = 0;
	int first_not_run = LESSON_NO_EXPERIMENT;

	why[0] = '\0';
	for (size_t e = 0; e < lesson->experiment_count; e++) {
		if (!ran_well[e] && not_run++ == 0)
			first_not_run = (int)e;
	}
	for (size_t i = 0; i < lesson->question_count; i++)
		not_predicted += !predicted[i];
	if (not_run == 1) {
		const struct lesson_experiment *experiment = lesson->experiments[first_not_run];

		add_clause(why, why_size, "the experiment %s%son page %zu has not run to a good end",
		    experiment->label != NULL ? experiment->label : "", experiment->label != NULL ? " " : "",
		    page_of(lesson, first_not_run));
	} else if (not_run > 1) {
		add_clause(why, why_size, "%zu experiments have not run to a good end (the first on page %zu)", not_run,
		    page_of(lesson, first_not_run));
	}
	if (not_predicted > 0) {
		char names[256];

		name_predictions(names, sizeof names, lesson, predicted, not_predicted);
		add_clause(why, why_size, "%s %s not made", names, not_predicted == 1 ? "was" : "were");
	}
	return not_run == 0 && not_predicted == 0;
}
