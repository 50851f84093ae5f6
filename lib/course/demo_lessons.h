/*
 * demo_lessons.h: the lessons a demo script opens, found in the catalog,
 * parsed, and checked against its `page` commands before anything runs.
 */
#ifndef METACONC_DEMO_LESSONS_H
#define METACONC_DEMO_LESSONS_H

#include <stddef.h>

#include "course/catalog.h"
#include "course/demo.h"
#include "course/lesson.h"

struct demo_lessons {
	struct lesson *lessons; /* one per `lesson` command, in the script's order */
	int *numbers;           /* their numbers in the course */
	size_t count;
	int *open;              /* by command: the index of the lesson open there, or -1 */
	size_t course_size;     /* how many lessons the catalog has */
};

/*
 * Finds and parses every lesson `script` opens and checks that every
 * `page N` exists in the lesson open at that point. Returns 0, or -1 with
 * "FILE:LINE: why" in `why` (and nothing to free).
 */
int demo_lessons_load(struct demo_lessons *lessons, const struct demo_script *script,
    const struct catalog *catalog, char *why, size_t why_size);
void demo_lessons_free(struct demo_lessons *lessons);

/* The lesson open at command `index`, or NULL. */
const struct lesson *demo_lessons_at(const struct demo_lessons *lessons, size_t index, int *number);

#endif
