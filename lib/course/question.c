/*
 * question.c: turns what the experiments measured into the answer of a
 * question, and compares it with the learner's prediction. No answer is
 * ever written in a lesson: it is computed here from this run, on this
 * machine.
 */
#include "course/question.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/stats.h"

void question_measure_run(struct question_measurement *measurement, const struct outcome_set *set)
{
	const struct outcome *disturbed = outcome_set_disturbed(set);

	memset(measurement, 0, sizeof *measurement);
	measurement->measured = true;
	measurement->seconds = (double)set->run.stats.wall_ns / 1e9;
	measurement->cpus_busy = stats_parallelism(&set->run.stats);
	if (set->has_baseline)
		measurement->baseline_seconds = (double)set->baseline.stats.wall_ns / 1e9;
	if (disturbed != NULL) {
		double share;
		int cpu = outcome_busiest_other(disturbed, &share);

		measurement->disturbed = true;
		snprintf(measurement->disturbance, sizeof measurement->disturbance, "CPU %d busy %.0f %%", cpu,
		    100.0 * share);
	}
}

bool question_disturbed(const struct lesson_question *question, const struct question_measurement *measurements,
    char *why, size_t why_size)
{
	const struct question_measurement *a = &measurements[question->experiment];
	const struct question_measurement *b =
	    question->other != LESSON_NO_EXPERIMENT ? &measurements[question->other] : NULL;
	const struct question_measurement *disturbed = a->disturbed ? a : b != NULL && b->disturbed ? b : NULL;

	if (disturbed == NULL)
		return false;
	snprintf(why, why_size, "%s", disturbed->disturbance);
	return true;
}

void question_measure_cost(struct question_measurement *measurement, const struct cost_result *result)
{
	memset(measurement, 0, sizeof *measurement);
	measurement->measured = true;
	measurement->seconds = (double)result->median_ns / 1e9;
}

/* a / b, or false if b is not a positive time. */
static bool ratio(double a, double b, double *value)
{
	if (!(b > 0.0))
		return false;
	*value = a / b;
	return true;
}

bool question_value(const struct lesson_question *question,
    const struct question_measurement *measurements, double *value)
{
	const struct question_measurement *a = &measurements[question->experiment];
	const struct question_measurement *b =
	    question->other != LESSON_NO_EXPERIMENT ? &measurements[question->other] : NULL;

	if (!a->measured || (b != NULL && !b->measured))
		return false;
	switch (question->quantity) {
	case LESSON_SPEEDUP:
		return ratio(a->baseline_seconds, a->seconds, value);
	case LESSON_SPEEDUP_OVER:
		return ratio(b->seconds, a->seconds, value);
	case LESSON_CPUS_BUSY:
		*value = a->cpus_busy;
		return true;
	case LESSON_COST:
		*value = a->seconds * 1e6;
		return true;
	}
	return false;
}

size_t question_choice_of(const struct lesson_question *question, double value)
{
	for (size_t i = 0; i < question->choice_count; i++) {
		if (value >= question->choices[i].low && value < question->choices[i].high)
			return i;
	}
	return question->choice_count > 0 ? question->choice_count - 1 : 0;
}

int question_parse_answer(const struct lesson_question *question, const char *text,
    struct question_answer *answer, char *why, size_t why_size)
{
	char *end;

	memset(answer, 0, sizeof *answer);
	while (isspace((unsigned char)*text))
		text++;
	if (question->choice_count > 0) {
		char letter = (char)tolower((unsigned char)text[0]);
		const char *after = text[0] != '\0' ? text + 1 : text;

		while (isspace((unsigned char)*after))
			after++;
		if (letter < 'a' || letter >= 'a' + (int)question->choice_count || *after != '\0') {
			snprintf(why, why_size, "question %d is answered with a letter from a to %c, not \"%s\"",
			    question->number, 'a' + (int)question->choice_count - 1, text);
			return -1;
		}
		answer->choice = (size_t)(letter - 'a');
		answer->given = true;
		return 0;
	}
	answer->number = strtod(text, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == text || *end != '\0' || !isfinite(answer->number) || answer->number < 0) {
		snprintf(why, why_size, "question %d is answered with a number (%s), not \"%s\"",
		    question->number, question_quantity_name(question), text);
		return -1;
	}
	answer->given = true;
	return 0;
}

bool question_is_right(const struct lesson_question *question, const struct question_answer *answer,
    double value)
{
	if (!answer->given)
		return false;
	if (question->choice_count > 0)
		return answer->choice == question_choice_of(question, value);
	return fabs(answer->number - value) <= QUESTION_CLOSE * fabs(value);
}

/* The unit after a value, and how many decimals it is shown with. */
static const char *unit(const struct lesson_question *question, int *decimals)
{
	switch (question->quantity) {
	case LESSON_SPEEDUP:
	case LESSON_SPEEDUP_OVER:
		*decimals = 2;
		return "x";
	case LESSON_CPUS_BUSY:
		*decimals = 2;
		return " CPUs";
	case LESSON_COST:
		*decimals = 1;
		return " us";
	}
	*decimals = 2;
	return "";
}

void question_format_value(const struct lesson_question *question, double value, char *buf, size_t size)
{
	int decimals;
	const char *suffix = unit(question, &decimals);

	snprintf(buf, size, "%.*f%s", decimals, value, suffix);
}

void question_format_answer(const struct lesson_question *question, const struct question_answer *answer,
    char *buf, size_t size)
{
	if (!answer->given)
		snprintf(buf, size, "-");
	else if (question->choice_count > 0)
		snprintf(buf, size, "%c", 'a' + (int)answer->choice);
	else
		snprintf(buf, size, "%g", answer->number);
}

void question_format_range(const struct lesson_question *question, size_t choice, char *buf, size_t size)
{
	const struct lesson_choice *c = &question->choices[choice];
	int decimals;
	const char *suffix = unit(question, &decimals);

	if (isinf(c->low))
		snprintf(buf, size, "below %g%s", c->high, suffix);
	else if (isinf(c->high))
		snprintf(buf, size, "above %g%s", c->low, suffix);
	else
		snprintf(buf, size, "%g%s to %g%s", c->low, suffix, c->high, suffix);
}

const char *question_quantity_name(const struct lesson_question *question)
{
	switch (question->quantity) {
	case LESSON_SPEEDUP:
	case LESSON_SPEEDUP_OVER:
		return "how many times faster";
	case LESSON_CPUS_BUSY:
		return "how many CPUs busy on average";
	case LESSON_COST:
		return "microseconds for one";
	}
	return "a number";
}

int question_record(struct progress *progress, const char *slug, const struct lesson_question *question,
    const struct question_answer *answer, double value)
{
	char given[64];

	question_format_answer(question, answer, given, sizeof given);
	return progress_record_prediction(progress, slug, question->number, given, value,
	    question_is_right(question, answer, value));
}
