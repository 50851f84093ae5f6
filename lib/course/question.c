/*
 * question.c: turns what the experiments measured into the answer of a
 * question, and compares it with the learner's prediction. No answer is
 * ever written in a lesson: it is computed here from this run, on this
 * machine, or printed by this machine's python3.
 */
#include "course/question.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/stats.h"

/* How a quantity is shown. */
struct unit {
	int decimals;
	const char *suffix;       /* after a measured value: "x", " CPUs", " lost updates" */
	const char *range_suffix; /* after the bounds of a choice */
	const char *name;         /* what the learner predicts, in words */
};

static struct unit unit_of(const struct lesson_question *question)
{
	switch (question->quantity) {
	case LESSON_SPEEDUP:
	case LESSON_SPEEDUP_OVER:
		return (struct unit){ 2, "x", "x", "how many times faster" };
	case LESSON_CPUS_BUSY:
		return (struct unit){ 2, " CPUs", " CPUs", "how many CPUs busy on average" };
	case LESSON_COST:
		return (struct unit){ 1, " us", " us", "microseconds for one" };
	case LESSON_LOST_UPDATES:
		return (struct unit){ 0, " lost updates", "", "how many updates lost" };
	case LESSON_WAITING:
		return (struct unit){ 1, " ms", " ms", "milliseconds spent waiting, all lanes together" };
	case LESSON_AMDAHL_BOUND:
		return (struct unit){ 2, "x", "x", "at most how many times faster" };
	case LESSON_SERIAL_SHARE:
		return (struct unit){ 1, "%", "%", "the serial part's share, in %" };
	case LESSON_PICKLING_COST:
		return (struct unit){ 1, " us", " us", "microseconds to pickle one task's arguments" };
	case LESSON_OUTPUT:
		return (struct unit){ 0, "", "", "what it prints" };
	case LESSON_PRINTED_NUMBER:
		return (struct unit){ -1, "", "", "the number it prints" };
	}
	return (struct unit){ 2, "", "", "a number" };
}

void question_fold_text(char *text)
{
	size_t n = 0;
	bool space = false;

	for (const char *p = text; *p != '\0'; p++) {
		if (isspace((unsigned char)*p)) {
			space = n > 0;
			continue;
		}
		if (space)
			text[n++] = ' ';
		space = false;
		text[n++] = *p;
	}
	text[n] = '\0';
}

/* What one run measured, with its baseline (NULL without --compare). */
static void measure_side(struct question_side *side, const struct outcome *run, const struct outcome *baseline)
{
	struct amdahl amdahl;
	uint64_t waiting = 0;

	side->present = true;
	side->seconds = (double)run->stats.wall_ns / 1e9;
	side->cpus_busy = stats_parallelism(&run->stats);
	for (int i = 0; i < run->stats.lane_count; i++)
		waiting += run->stats.lanes[i].waiting_ns;
	side->waiting_ms = (double)waiting / 1e6;
	if (baseline != NULL)
		side->baseline_seconds = (double)baseline->stats.wall_ns / 1e9;
	if (run->spec != NULL && run->spec->technique == TECHNIQUE_RACE && run->report != NULL) {
		side->has_lost_updates = true;
		side->lost_updates = (double)outcome_lost_updates(run);
	}
	if (baseline != NULL && run->spec != NULL && outcome_amdahl(run, baseline, &amdahl)) {
		side->has_amdahl = true;
		side->amdahl_bound = amdahl.bound;
		side->serial_share = 100.0 * amdahl.serial_fraction;
	}
	if (run->report != NULL && run->report->pickle_bytes > 0) {
		side->has_pickling = true;
		side->pickling_us = (double)run->report->pickle_ns / 1e3;
	}
}

void question_measure_run(struct question_measurement *measurement, const struct outcome_set *set)
{
	const struct outcome *disturbed = outcome_set_disturbed(set);

	memset(measurement, 0, sizeof *measurement);
	measurement->measured = true;
	measure_side(&measurement->c, &set->run, set->has_baseline ? &set->baseline : NULL);
	if (set->has_python) {
		measure_side(&measurement->python, &set->python, set->has_python_baseline ? &set->python_baseline : NULL);
		snprintf(measurement->python_version, sizeof measurement->python_version, "%s",
		    set->python.python.version != NULL ? set->python.python.version : "");
	}
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
	measurement->c.present = true;
	measurement->c.seconds = (double)result->median_ns / 1e9;
}

void question_measure_snippet(struct question_measurement *measurement, const struct snippet_result *result)
{
	size_t length;
	bool cut;
	char *end;

	memset(measurement, 0, sizeof *measurement);
	measurement->measured = true;
	snprintf(measurement->python_version, sizeof measurement->python_version, "%s", result->version);
	if (!snippet_finished(result))
		return;
	measurement->printed = true;
	length = strnlen(result->out, sizeof measurement->output - 1);
	memcpy(measurement->output, result->out, length);
	measurement->output[length] = '\0';
	cut = result->out[length] != '\0' || result->out_cut > 0;
	question_fold_text(measurement->output);
	measurement->number = strtod(measurement->output, &end);
	measurement->printed_number = end != measurement->output && *end == '\0' && isfinite(measurement->number) && !cut;
}

/* a / b, or false if b is not a positive time. */
static bool ratio(double a, double b, double *value)
{
	if (!(b > 0.0))
		return false;
	*value = a / b;
	return true;
}

/* "C", "Python 3.11.7": the run that answers. */
static void name_runner(const struct lesson_question *question, const struct question_measurement *a,
    struct question_value *value)
{
	if (question->language == LESSON_IN_PYTHON)
		snprintf(value->measured_by, sizeof value->measured_by, "Python%s%s", a->python_version[0] ? " " : "",
		    a->python_version);
	else
		snprintf(value->measured_by, sizeof value->measured_by, "C");
}

/* The number a question asks of a run (or measure) side; false if that side did not measure it. */
static bool side_number(const struct lesson_question *question, const struct question_side *a,
    const struct question_side *b, double *number)
{
	if (!a->present || (b != NULL && !b->present))
		return false;
	switch (question->quantity) {
	case LESSON_SPEEDUP:
		return ratio(a->baseline_seconds, a->seconds, number);
	case LESSON_SPEEDUP_OVER:
		return ratio(b->seconds, a->seconds, number);
	case LESSON_CPUS_BUSY:
		*number = a->cpus_busy;
		return true;
	case LESSON_COST:
		*number = a->seconds * 1e6;
		return true;
	case LESSON_WAITING:
		*number = a->waiting_ms;
		return true;
	case LESSON_LOST_UPDATES:
		*number = a->lost_updates;
		return a->has_lost_updates;
	case LESSON_AMDAHL_BOUND:
		*number = a->amdahl_bound;
		return a->has_amdahl;
	case LESSON_SERIAL_SHARE:
		*number = a->serial_share;
		return a->has_amdahl;
	case LESSON_PICKLING_COST:
		*number = a->pickling_us;
		return a->has_pickling;
	case LESSON_OUTPUT:
	case LESSON_PRINTED_NUMBER:
		break;
	}
	return false;
}

bool question_value(const struct lesson_question *question,
    const struct question_measurement *measurements, struct question_value *value)
{
	const struct question_measurement *a = &measurements[question->experiment];
	const struct question_measurement *b =
	    question->other != LESSON_NO_EXPERIMENT ? &measurements[question->other] : NULL;
	bool in_python = question->language == LESSON_IN_PYTHON;

	memset(value, 0, sizeof *value);
	if (!a->measured || (b != NULL && !b->measured))
		return false;
	name_runner(question, a, value);
	switch (question->quantity) {
	case LESSON_OUTPUT:
		snprintf(value->text, sizeof value->text, "%s", a->output);
		return a->printed;
	case LESSON_PRINTED_NUMBER:
		value->number = a->number;
		return a->printed_number;
	default:
		return side_number(question, in_python ? &a->python : &a->c,
		    b == NULL ? NULL : in_python ? &b->python : &b->c, &value->number);
	}
}

size_t question_choice_of(const struct lesson_question *question, double number)
{
	for (size_t i = 0; i < question->choice_count; i++) {
		if (number >= question->choices[i].low && number < question->choices[i].high)
			return i;
	}
	return question->choice_count > 0 ? question->choice_count - 1 : 0;
}

/* An `output of` prediction: any text, folded. */
static int parse_text(const struct lesson_question *question, const char *text, struct question_answer *answer,
    char *why, size_t why_size)
{
	if (strlen(text) >= sizeof answer->text) {
		snprintf(why, why_size, "question %d is answered with at most %zu characters", question->number,
		    sizeof answer->text - 1);
		return -1;
	}
	snprintf(answer->text, sizeof answer->text, "%s", text);
	question_fold_text(answer->text);
	if (answer->text[0] == '\0') {
		snprintf(why, why_size, "question %d is answered with what you expect it to print", question->number);
		return -1;
	}
	answer->given = true;
	return 0;
}

int question_parse_answer(const struct lesson_question *question, const char *text,
    struct question_answer *answer, char *why, size_t why_size)
{
	char *end;

	memset(answer, 0, sizeof *answer);
	while (isspace((unsigned char)*text))
		text++;
	if (question->quantity == LESSON_OUTPUT)
		return parse_text(question, text, answer, why, why_size);
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
    const struct question_value *value)
{
	if (!answer->given)
		return false;
	if (question->quantity == LESSON_OUTPUT)
		return strcmp(answer->text, value->text) == 0;
	if (question->choice_count > 0)
		return answer->choice == question_choice_of(question, value->number);
	return fabs(answer->number - value->number) <= QUESTION_CLOSE * fabs(value->number);
}

/* A number with the unit's decimals (-1: as short as it goes). */
static void format_number(const struct unit *unit, double number, const char *suffix, char *buf, size_t size)
{
	if (unit->decimals < 0)
		snprintf(buf, size, "%g%s", number, suffix);
	else
		snprintf(buf, size, "%.*f%s", unit->decimals, number, suffix);
}

void question_format_value(const struct lesson_question *question, const struct question_value *value,
    char *buf, size_t size)
{
	struct unit unit = unit_of(question);

	if (question->quantity == LESSON_OUTPUT)
		snprintf(buf, size, "%s", value->text);
	else
		format_number(&unit, value->number, unit.suffix, buf, size);
}

void question_format_answer(const struct lesson_question *question, const struct question_answer *answer,
    char *buf, size_t size)
{
	if (!answer->given)
		snprintf(buf, size, "-");
	else if (question->quantity == LESSON_OUTPUT)
		snprintf(buf, size, "%s", answer->text);
	else if (question->choice_count > 0)
		snprintf(buf, size, "%c", 'a' + (int)answer->choice);
	else
		snprintf(buf, size, "%g", answer->number);
}

void question_format_range(const struct lesson_question *question, size_t choice, char *buf, size_t size)
{
	const struct lesson_choice *c = &question->choices[choice];
	const char *suffix = unit_of(question).range_suffix;

	if (isinf(c->low))
		snprintf(buf, size, "below %g%s", c->high, suffix);
	else if (isinf(c->high))
		snprintf(buf, size, "above %g%s", c->low, suffix);
	else
		snprintf(buf, size, "%g%s to %g%s", c->low, suffix, c->high, suffix);
}

const char *question_quantity_name(const struct lesson_question *question)
{
	return unit_of(question).name;
}

/* The prediction as one word for the progress file: a typed text's spaces become '_'. */
static void recorded_answer(const struct lesson_question *question, const struct question_answer *answer,
    char *buf, size_t size)
{
	question_format_answer(question, answer, buf, size);
	if (strlen(buf) > PROGRESS_MAX_ANSWER)
		buf[PROGRESS_MAX_ANSWER] = '\0';
	for (char *p = buf; *p != '\0'; p++) {
		if (isspace((unsigned char)*p) || !isprint((unsigned char)*p))
			*p = '_';
	}
}

int question_record(struct progress *progress, const char *slug, const struct lesson_question *question,
    const struct question_answer *answer, const struct question_value *value)
{
	char given[QUESTION_TEXT_MAX + 8];

	recorded_answer(question, answer, given, sizeof given);
	return progress_record_prediction(progress, slug, question->number, given, value->number,
	    question_is_right(question, answer, value));
}
