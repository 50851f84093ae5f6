/*
 * question.h: predictions. A lesson's question is answered by what an
 * experiment measures (or, for a snippet, prints); this module computes
 * that answer from what was measured, reads the learner's prediction, and
 * says whether it was right. The tutorial screens and `learn --plain`
 * share it.
 *
 * A run with --python is two runs, metaconc's C and the technique's Python
 * version under python3: each question says which one answers it (its
 * `language`), and the answer says which one did ("measured in C",
 * "measured in Python 3.11.7").
 */
#ifndef METACONC_QUESTION_H
#define METACONC_QUESTION_H

#include <stdbool.h>
#include <stddef.h>

#include "course/lesson.h"
#include "course/progress.h"
#include "engine/cost.h"
#include "engine/snippet.h"
#include "model/outcome.h"

#define QUESTION_CLOSE 0.25   /* a numeric guess within 25% of the measured value is right */
#define QUESTION_TEXT_MAX 160 /* characters of a typed answer, and of the output it is compared with */

/* What one run measured: metaconc's C run, or its Python version. */
struct question_side {
	bool present;
	double seconds;          /* a run: its wall time; a measure: the median time to start and end one */
	double baseline_seconds; /* a run with --compare: its sequential baseline's wall time; else 0 */
	double cpus_busy;        /* a run: how many CPUs it kept busy, on average */
	double waiting_ms;       /* a run: what its lanes spent waiting (GIL, lock, event loop), summed */
	bool has_lost_updates;   /* race: */
	double lost_updates;     /* deposits made but missing from the balance */
	bool has_amdahl;         /* --serial-ms with --compare: */
	double amdahl_bound;     /* the most Amdahl's law allows, times faster */
	double serial_share;     /* the serial part's share of the baseline, in % */
	bool has_pickling;       /* pool --arg-kb, in Python: */
	double pickling_us;      /* microseconds to pickle one task's arguments */
};

/* What one experiment of a lesson measured (indexed like lesson->experiments). */
struct question_measurement {
	bool measured;
	struct question_side c;       /* a run's C version, or a measure */
	struct question_side python;  /* a run's --python version */
	char python_version[24];      /* the interpreter of --python or of a snippet: "3.11.7" */
	bool printed;                 /* a snippet: it ran to its end, and printed: */
	char output[QUESTION_TEXT_MAX]; /* ... its stdout, whitespace folded (a long one cut) */
	bool printed_number;          /* ... and its stdout was one number: */
	double number;
	bool disturbed;               /* a run: other programs took a CPU one of its runs could use (outcome.h) ... */
	char disturbance[64];         /* ... "CPU 0 busy 38 %": by how much */
};

/* A learner's prediction. */
struct question_answer {
	bool given;
	size_t choice;                /* with choices: the one chosen, from 0 ("a") */
	double number;                /* without: the number guessed */
	char text[QUESTION_TEXT_MAX]; /* `output of`: the text expected, whitespace folded */
};

/* A question's measured answer. */
struct question_value {
	double number;                /* the measured number (all but `output of`) */
	char text[QUESTION_TEXT_MAX]; /* `output of`: what the snippet printed, whitespace folded */
	char measured_by[40];         /* which run answered: "C", "Python 3.11.7" */
};

void question_measure_run(struct question_measurement *measurement, const struct outcome_set *set);
void question_measure_cost(struct question_measurement *measurement, const struct cost_result *result);
void question_measure_snippet(struct question_measurement *measurement, const struct snippet_result *result);

/*
 * True if a measurement the question draws on was disturbed by other
 * programs; `why` gets "CPU 0 busy 38 %". Such an answer is shown but not
 * graded: the learner is asked to run it again.
 */
bool question_disturbed(const struct lesson_question *question, const struct question_measurement *measurements,
    char *why, size_t why_size);

/* The measured answer, once every experiment it needs was measured; false before (or if it cannot be had). */
bool question_value(const struct lesson_question *question,
    const struct question_measurement *measurements, struct question_value *value);
/* The choice a measured number falls in. */
size_t question_choice_of(const struct lesson_question *question, double number);

/* Reads a prediction: a choice's letter, a number, or (`output of`) a text. Returns 0, or -1 with why. */
int question_parse_answer(const struct lesson_question *question, const char *text,
    struct question_answer *answer, char *why, size_t why_size);
/* Whether the prediction was right: the measured choice, a number within QUESTION_CLOSE, the same text. */
bool question_is_right(const struct lesson_question *question, const struct question_answer *answer,
    const struct question_value *value);

/* Records a prediction, as the learner gave it, the measured value and whether it was right. Returns 0 or -1 (out of memory). */
int question_record(struct progress *progress, const char *slug, const struct lesson_question *question,
    const struct question_answer *answer, const struct question_value *value);

/* "1.97x", "1.42 CPUs", "85.3 us", "17 lost updates", "[None]": a value in the question's unit. */
void question_format_value(const struct lesson_question *question, const struct question_value *value,
    char *buf, size_t size);
/* The prediction as the learner gave it: "b", "1.8", "[None]". */
void question_format_answer(const struct lesson_question *question, const struct question_answer *answer,
    char *buf, size_t size);
/* A choice's range: "below 0.8x", "0.8x to 1.3x", "above 1.7x". */
void question_format_range(const struct lesson_question *question, size_t choice, char *buf, size_t size);
/* What the learner is to predict, in words: "how many times faster", "what it prints". */
const char *question_quantity_name(const struct lesson_question *question);
/* Folds `text` in place: runs of whitespace become one space, none at either end. */
void question_fold_text(char *text);

#endif
