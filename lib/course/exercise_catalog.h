/*
 * exercise_catalog.h: where the practice exercises are (lessons/exercises/,
 * found as the lessons are), which there are, in order, and finding one by
 * number or name.
 */
#ifndef METACONC_EXERCISE_CATALOG_H
#define METACONC_EXERCISE_CATALOG_H

#include <stddef.h>

#define EXERCISE_CATALOG_FOLDER "exercises"        /* inside the lessons directory */
#define EXERCISE_CATALOG_STARTUP "python-startup"  /* its folder of what a check forces on python3 */

struct exercise_catalog_entry {
	int number;  /* the NN of NN-slug */
	char *slug;  /* e.g. "lost-updates" */
	char *name;  /* "07-lost-updates": the folder's name, shipped and in the learner's folder */
	char *path;  /* the shipped folder */
};

struct exercise_catalog {
	char *directory;                        /* lessons/exercises */
	struct exercise_catalog_entry *entries; /* in order of number */
	size_t count;
};

/*
 * Finds the exercises: the exercises/ folder of the lessons directory
 * ($METACONC_LESSONS, else lessons/ beside a build-tree binary, else the
 * installed share/metaconc/lessons). Returns 0, or -1 with why.
 */
int exercise_catalog_open(struct exercise_catalog *catalog, char *why, size_t why_size);

/* Lists the exercises in `directory` (its NN-slug folders). Returns 0, or -1 with why. */
int exercise_catalog_open_directory(struct exercise_catalog *catalog, const char *directory, char *why,
    size_t why_size);

/* The exercise called `name`: "7", "07", "lost-updates" or "07-lost-updates". Its index, or -1 with why. */
int exercise_catalog_find(const struct exercise_catalog *catalog, const char *name, char *why, size_t why_size);

void exercise_catalog_free(struct exercise_catalog *catalog);

#endif
