/*
 * question.h: predictions. A lesson's question is answered by a number an
 * experiment measures; this module computes that number from what was
 * measured, reads the learner's prediction, and says whether it was right.
 * The tutorial screens and `learn --plain` share it.
 */
#ifndef METACONC_QUESTION_H
#define METACONC_QUESTION_H

#include <stdbool.h>
#include <stddef.h>

#include "course/lesson.h"
#include "course/progress.h"
#include "engine/cost.h"
#include "model/outcome.h"

#define QUESTION_CLOSE 0.25 /* a numeric guess within 25% of the measured value is right */

/* What one experiment of a lesson measured (indexed like lesson->experiments). */
struct question_measurement {
	bool measured;
	double seconds;          /* a run: its wall time; a measure: the median time to start and end one */
	double baseline_seconds; /* a run with --compare: its sequential baseline's wall time; else 0 */
	double cpus_busy;        /* a run: how many CPUs it kept busy, on average */
	bool disturbed;          /* a run: other programs took a CPU it could use (outcome.h) ... */
	char disturbance[64];    /* ... "CPU 0 busy 38 %": by how much */
};

/* A learner's prediction. */
struct question_answer {
	bool given;
	size_t choice; /* with choices: the one chosen, from 0 ("a") */
	double number; /* without: the number guessed */
};

void question_measure_run(struct question_measurement *measurement, const struct outcome_set *set);
void question_measure_cost(struct question_measurement *measurement, const struct cost_result *result);

/*
 * True if a measurement the question draws on was disturbed by other
 * programs; `why` gets "CPU 0 busy 38 %". Such an answer is shown but not
 * graded: the learner is asked to run it again.
 */
bool question_disturbed(const struct lesson_question *question, const struct question_measurement *measurements,
    char *why, size_t why_size);

/* The measured answer, once every experiment it needs was measured; false before. */
bool question_value(const struct lesson_question *question,
    const struct question_measurement *measurements, double *value);
/* The choice the measured value falls in. */
size_t question_choice_of(const struct lesson_question *question, double value);

/* Reads a prediction: a choice's letter, or a number. Returns 0, or -1 with why. */
int question_parse_answer(const struct lesson_question *question, const char *text,
    struct question_answer *answer, char *why, size_t why_size);
/* Whether the prediction was right: the measured choice, or a number within QUESTION_CLOSE. */
bool question_is_right(const struct lesson_question *question, const struct question_answer *answer,
    double value);

/* Records a prediction, as the learner gave it, the measured value and whether it was right. Returns 0 or -1 (out of memory). */
int question_record(struct progress *progress, const char *slug, const struct lesson_question *question,
    const struct question_answer *answer, double value);

/* "1.97x", "1.42 CPUs", "85.3 us": a value in the question's unit. */
void question_format_value(const struct lesson_question *question, double value, char *buf, size_t size);
/* The prediction as the learner gave it: "b", "1.8". */
void question_format_answer(const struct lesson_question *question, const struct question_answer *answer,
    char *buf, size_t size);
/* A choice's range: "below 0.8x", "0.8x to 1.3x", "above 1.7x". */
void question_format_range(const struct lesson_question *question, size_t choice, char *buf, size_t size);
/* What the learner is to predict, in words: "the speedup", "the number of CPUs kept busy". */
const char *question_quantity_name(const struct lesson_question *question);

#endif
