/* practice_text.h: an exercise and a check's verdict, as plain text for `metaconc practice`. */
#ifndef METACONC_PRACTICE_TEXT_H
#define METACONC_PRACTICE_TEXT_H

#include <stdio.h>

#include "course/exercise.h"
#include "course/exercise_check.h"

/*
 * What to do: the exercise's number and title, the learner's file, the
 * statement, and the commands that run, check and hint it. `count` is the
 * number of exercises; `program` the learner's exercise.py.
 */
void practice_text_exercise(FILE *out, const struct exercise *exercise, size_t count, const char *program);

/*
 * The verdict: one line per item, "  ok    ..." or "  FAIL  ...", with the
 * measured figure beside its bound and, under a failed item, its explain:;
 * then one line that sums it up.
 */
void practice_text_verdict(FILE *out, const struct exercise *exercise, const struct exercise_report *report);

/* The word before an item of the verdict: "ok  ", "FAIL" or "--  " (not measurable here). */
const char *practice_text_verdict_word(enum exercise_verdict verdict);

/* The verdict in one sentence, without what to do next: "Passed." or "Not yet: 2 of 5 items failed." */
void practice_text_tally(char *buf, size_t size, const struct exercise_report *report);

/*
 * If a run of the learner's program failed by itself (an exception, a
 * SyntaxError: not stopped at a bound), the last lines it printed, where
 * Python's own message and its line are: "Run 2 of 3 ended with exit
 * status 1. The last of what it printed:". Nothing if none failed.
 */
#define PRACTICE_TEXT_FAILED_LINES 20
void practice_text_failed_run(FILE *out, const struct exercise_measurements *measurements);

#endif
