/* catalog.h: where the lessons are, which lessons there are, in order, and finding one by number or name. */
#ifndef METACONC_CATALOG_H
#define METACONC_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

struct catalog_entry {
	int number; /* the NN of NN-slug.lesson */
	char *slug; /* the name after the number, e.g. "concurrency-vs-parallelism" */
	char *path; /* the lesson file */
};

struct catalog {
	char *directory;               /* the lessons directory */
	char *source_root;             /* what `code:` paths are relative to: the directory holding lib/ */
	struct catalog_entry *entries; /* in order of number */
	size_t count;
};

/*
 * Finds the lessons and lists them. The directory is $METACONC_LESSONS if
 * set, else lessons/ beside a build-tree binary (build/metaconc ->
 * lessons/), else the installed PREFIX/share/metaconc/lessons (from
 * PREFIX/bin/metaconc). The source root is the build tree or
 * PREFIX/share/metaconc, found from the binary the same way. Returns 0, or
 * -1 with why.
 */
int catalog_open(struct catalog *catalog, char *why, size_t why_size);

/*
 * Only where the lessons are, as catalog_open finds them: fills `lessons`
 * and `root` (each `size` bytes). Returns 0, or -1 with why.
 */
int catalog_locate(char *lessons, char *root, size_t size, char *why, size_t why_size);

/* Lists the lessons in `directory`; `source_root` as above. Returns 0, or -1 with why. */
int catalog_open_directory(struct catalog *catalog, const char *directory, const char *source_root,
    char *why, size_t why_size);

/*
 * The lesson called `name`: its number ("3" or "03"), its slug, or its
 * file name. Returns its index, or -1 with why (and a suggestion if one
 * is close).
 */
int catalog_find(const struct catalog *catalog, const char *name, char *why, size_t why_size);

/* Reads NN and the slug from "NN-slug.lesson"; false if the name does not look like that. */
bool catalog_parse_file_name(const char *file_name, int *number, char **slug);

void catalog_free(struct catalog *catalog);

#endif
