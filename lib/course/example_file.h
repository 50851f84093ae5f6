/*
 * example_file.h: a lesson's runnable Python (a corrected or example block)
 * written out whole, as NAME.py, so the learner can run it, change it and
 * keep it: `metaconc learn N --code NAME`, or `w` on a lesson page. Neither
 * replaces a file without asking; these are the steps both take.
 */
#ifndef METACONC_EXAMPLE_FILE_H
#define METACONC_EXAMPLE_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "course/lesson.h"

/* "NAME.py", the file an example is written to (in the current directory). */
void example_file_name(const struct lesson_code *code, char *out, size_t size);
/* Whether something is already there (a file, a link, a directory): then the learner is asked first. */
bool example_file_exists(const char *path);
/* Writes the code exactly as the lesson holds it, completely or not at all. Returns 0, or -1 with why. */
int example_file_write(const struct lesson_code *code, const char *path, char *why, size_t why_size);

#endif
