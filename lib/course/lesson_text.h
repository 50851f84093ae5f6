/* lesson_text.h: a lesson as plain text: headings, wrapped prose, code with its origin, predictions and answers. */
#ifndef METACONC_LESSON_TEXT_H
#define METACONC_LESSON_TEXT_H

#include <stdio.h>

#include "course/lesson.h"
#include "course/question.h"
#include "engine/cost.h"
#include "engine/snippet.h"

#define LESSON_TEXT_PROSE_WIDTH 78 /* prose is wrapped at most this wide, however wide the terminal */

/* "Lesson 3 of 7: Decorators and function wrappers", underlined, and the summary. */
void lesson_text_title(FILE *out, const struct lesson *lesson, int number, size_t course_size);
/* "3.2 Why the wrapper must return something", underlined. */
void lesson_text_page(FILE *out, const struct lesson_page *page, int lesson_number, size_t page_number);
/* A paragraph, or a list item ("  - ..."); the caller puts blank lines between paragraphs. */
void lesson_text_prose(FILE *out, const struct lesson_prose *prose, int width);
/*
 * A code block: a header line "--- LANGUAGE, where it comes from", the code
 * with every line indented by four spaces (tabs expanded), and a line "---".
 */
void lesson_text_code(FILE *out, const struct lesson *lesson, const struct lesson_code *code);
/* ">>> Experiment NAME: metaconc run ...", wrapped to `width`, before the run's own output. */
void lesson_text_experiment(FILE *out, const struct lesson_experiment *experiment, int width);
/* A measure's result: "200 threads in 4.2 ms: 19.0 us each (the median; the fastest took 15.2 us)". */
void lesson_text_cost(FILE *out, const struct cost_result *result);
/* What a snippet printed, line by line after "    | ", and how it ended if not by itself with 0. */
void lesson_text_snippet(FILE *out, const struct snippet_result *result);
/* "??? Prediction N: text", then its choices, if any. */
void lesson_text_question(FILE *out, const struct lesson_question *question, int width);
/*
 * "!!! Answer to prediction N (measured in C): 1.97x, which is c) ...", how
 * the prediction fared, and the explanation. With `disturbed` ("CPU 0 busy
 * 38 %", else NULL): that other programs disturbed the run, and no grade.
 */
void lesson_text_answer(FILE *out, const struct lesson_question *question,
    const struct question_answer *answer, const struct question_value *value, const char *disturbed, int width);

/* What an experiment measured, under it: each line of `note` wrapped to `width`, indented. */
void lesson_text_note(FILE *out, const char *note, int width);
/* Prints `text` wrapped to `width` columns; the first line starts with `first`, the others with `rest`. */
void lesson_text_wrap(FILE *out, const char *text, int width, const char *first, const char *rest);

#endif
